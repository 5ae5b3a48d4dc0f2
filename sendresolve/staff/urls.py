from django.urls import path

from sendresolve.staff import case_views, views

app_name = "staff"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.home, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("organisations/", views.organisations, name="organisations"),
    path(
        "local-authorities/<str:dfe_code>/",
        views.local_authority_detail,
        name="local-authority",
    ),
    path("providers/<slug:slug>/", views.provider_detail, name="provider"),
    path("cases/new/", case_views.case_new, name="case-new"),
    path("cases/<str:reference>/", case_views.case_detail, name="case"),
    path("cases/<str:reference>/do/<str:action>/", case_views.case_action, name="case-action"),
    path("cases/<str:reference>/meetings/new/", case_views.session_new, name="session-new"),
    path(
        "cases/<str:reference>/meetings/<int:session_id>/<str:what>/",
        case_views.session_update,
        name="session-update",
    ),
    path(
        "cases/<str:reference>/meetings/<int:session_id>/invite.ics",
        case_views.session_invite,
        name="session-invite",
    ),
    path("cases/<str:reference>/outcome/", case_views.conclude, name="conclude"),
    path(
        "cases/<str:reference>/agreed-actions/<int:action_id>/done/",
        case_views.action_complete,
        name="action-complete",
    ),
    path("cases/<str:reference>/notes/", case_views.note_add, name="note-add"),
    path(
        "cases/<str:reference>/certificates/<str:number>.pdf",
        case_views.certificate_pdf,
        name="certificate",
    ),
]
