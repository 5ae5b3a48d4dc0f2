from django.urls import path

from sendresolve.exports import views

app_name = "exports"

urlpatterns = [
    path("", views.export_page, name="export"),
]
