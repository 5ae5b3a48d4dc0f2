"""A provider's messages and letterhead, under /staff/provider/ (namespace ``staff:branding``)."""

from django.urls import path

from sendresolve.branding import views

app_name = "branding"

urlpatterns = [
    path("messages/", views.message_list, name="message-list"),
    path("messages/<str:template>/<str:channel>/", views.message_edit, name="message-edit"),
    path(
        "messages/<str:template>/<str:channel>/versions/",
        views.message_history,
        name="message-history",
    ),
    path(
        "messages/<str:template>/<str:channel>/versions/<int:version>/",
        views.message_version,
        name="message-version",
    ),
    path("messages/<str:template>/<str:channel>/reset/", views.message_reset, name="message-reset"),
    path("branding/", views.branding, name="branding"),
    path("branding/logo/", views.logo, name="logo"),
]
