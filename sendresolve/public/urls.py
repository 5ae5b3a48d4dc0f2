from django.urls import include, path

from sendresolve.public import views

app_name = "public"

urlpatterns = [
    path("", views.start, name="start"),
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/<dfe_code:dfe_code>/", views.contacts_for_local_authority, name="contacts-la"),
    path("", include("sendresolve.public.finder.urls")),
    path("", include("sendresolve.public.family.urls")),
]
