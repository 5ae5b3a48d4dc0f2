"""Easy Read pages (issue 20)."""

from django.urls import path

from sendresolve.public.easy_read import views

urlpatterns = [
    path("easy-read/", views.start, name="easy-read-start"),
    path("easy-read/mediation-and-appeals/", views.advice, name="easy-read-advice"),
    path("easy-read/your-certificate/", views.certificate, name="easy-read-certificate"),
]
