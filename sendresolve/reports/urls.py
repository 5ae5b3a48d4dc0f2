from django.urls import path

from sendresolve.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report, name="report"),
    path("report.csv", views.report, {"fmt": "csv"}, name="report-csv"),
    path("report.xlsx", views.report, {"fmt": "xlsx"}, name="report-xlsx"),
    path("annual-return/", views.annual_return, name="annual-return"),
    path("annual-return.csv", views.annual_return, {"fmt": "csv"}, name="annual-return-csv"),
    path("annual-return.xlsx", views.annual_return, {"fmt": "xlsx"}, name="annual-return-xlsx"),
]
