"""A provider manager's caseload import, under /staff/provider/import/ (``staff:imports``)."""

from django.urls import path

from sendresolve.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:import_id>/", views.check, name="check"),
    path("<int:import_id>/errors.csv", views.errors_csv, name="errors-csv"),
    path("<int:import_id>/import/", views.confirm, name="confirm"),
]
