"""Route finder URLs (owned by the route-finder work)."""

from django.urls import path

from sendresolve.public.finder import views

urlpatterns = [
    path("find/check-your-answers/", views.check, name="finder-check"),
    path("find/what-you-can-do/", views.advice, name="finder-advice"),
    path("find/what-you-can-do.pdf", views.advice_pdf, name="finder-advice-pdf"),
    path("find/<slug:step>/", views.question, name="finder-question"),
]
