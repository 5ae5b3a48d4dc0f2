from django.urls import include, path

from sendresolve.public import essentials, verify_views, views

app_name = "public"

urlpatterns = [
    path("", views.start, name="start"),
    path("verify/", verify_views.verify, name="verify"),  # check a certificate (issue 21)
    path("contacts/", views.contacts, name="contacts"),
    path("privacy/", essentials.privacy, name="privacy"),
    path("cookies/", essentials.cookies, name="cookies"),
    path("accessibility/", essentials.accessibility, name="accessibility"),
    path("contacts/<dfe_code:dfe_code>/", views.contacts_for_local_authority, name="contacts-la"),
    path("contact/<slug:slug>/", views.provider_contact, name="provider-contact"),
    path("", include("sendresolve.public.finder.urls")),
    path("", include("sendresolve.public.family.urls")),
    path("", include("sendresolve.public.easy_read.urls")),
]
