from django.contrib import admin
from django.urls import include, path

from sendresolve.public import views as public_views

urlpatterns = [
    path("", include("sendresolve.public.urls")),
    path("staff/reports/", include("sendresolve.reports.urls")),
    path("staff/", include("sendresolve.staff.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("sendresolve.api.urls")),
    path("healthz", public_views.healthz, name="healthz"),
    path("healthz/floor", public_views.floor, name="floor"),
]
