"""Staff billing pages, under /staff/billing/ (namespace ``staff:billing``)."""

from django.urls import path

from sendresolve.billing import views

app_name = "billing"

urlpatterns = [
    path("", views.home, name="home"),
    path("contracts/", views.contracts, name="contracts"),
    path("contracts/<int:commission_id>/", views.contract, name="contract"),
    path("contracts/<int:commission_id>/terms/new/", views.terms_new, name="terms-new"),
    path("run/", views.run, name="run"),
    path("invoices/<int:invoice_id>/", views.invoice, name="invoice"),
    path("invoices/<int:invoice_id>/approve/", views.invoice_approve, name="invoice-approve"),
    path("invoices/<int:invoice_id>/sent/", views.invoice_sent, name="invoice-sent"),
    path("invoices/<int:invoice_id>/credit-note/", views.credit_note, name="credit-note"),
    path("invoices/<int:invoice_id>/invoice.pdf", views.invoice_file, {"fmt": "pdf"}, name="pdf"),
    path("invoices/<int:invoice_id>/invoice.csv", views.invoice_file, {"fmt": "csv"}, name="csv"),
    path(
        "invoices/<int:invoice_id>/invoice.xlsx", views.invoice_file, {"fmt": "xlsx"}, name="xlsx"
    ),
]
