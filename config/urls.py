from django.contrib import admin
from django.urls import include, path

from sendresolve.api import errors as api_errors
from sendresolve.core import error_pages
from sendresolve.public import views as public_views

urlpatterns = [
    path("", include("sendresolve.public.urls")),
    path("staff/reports/", include("sendresolve.reports.urls")),
    # The satisfaction survey after mediation (issue 23): a single-use link, no account.
    path("survey/", include("sendresolve.quality.survey_urls")),
    path("staff/", include("sendresolve.staff.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("sendresolve.api.urls")),
    path("healthz", public_views.healthz, name="healthz"),
    path("healthz/floor", public_views.floor, name="floor"),
]

# Under /api/ every error is a problem (api/errors.py); elsewhere a GOV.UK error page in the
# family or staff layout (core/error_pages.py), never Django's own.
handler400 = api_errors.api_or(error_pages.bad_request, api_errors.bad_request)
handler403 = api_errors.api_or(error_pages.permission_denied, api_errors.permission_denied)
handler404 = api_errors.api_or(error_pages.page_not_found, api_errors.page_not_found)
handler500 = api_errors.api_or(error_pages.server_error, api_errors.server_error)
