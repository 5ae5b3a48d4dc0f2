from django.urls import path

from sendresolve.staff import views

app_name = "staff"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.home, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path(
        "local-authorities/<str:dfe_code>/",
        views.local_authority_detail,
        name="local-authority",
    ),
    path("providers/<slug:slug>/", views.provider_detail, name="provider"),
]
