"""Online requests, status links, feedback and alternative formats (owned by that work)."""

from django.urls import include, path

from sendresolve.public.family import (
    document_views,
    expense_views,
    feedback_views,
    participation_views,
    request_views,
    save_views,
    status_views,
)

urlpatterns = [
    path("request/", request_views.request_start, name="family-request"),
    path(
        "request/from-the-finder/",
        request_views.request_from_finder,
        name="family-request-from-finder",
    ),
    path("request/check-your-answers/", request_views.request_check, name="family-request-check"),
    path("request/sent/", request_views.request_sent, name="family-request-sent"),
    path(
        "request/no-online-service/",
        request_views.request_no_service,
        name="family-request-no-service",
    ),
    # Save and come back later (before the question pattern, which would take "save").
    path("request/save/", save_views.save, name="family-request-save"),
    path("request/save/sent/", save_views.save_sent, name="family-request-save-sent"),
    path("request/save/<slug:step>/", save_views.save_keep, name="family-request-save-keep"),
    path("saved-request/<str:token>/", save_views.saved_return, name="family-request-return"),
    path("request/<slug:step>/", request_views.request_step, name="family-request-step"),
    path("your-case/new-link/", status_views.new_link, name="family-new-link"),
    path("your-case/new-link/sent/", status_views.new_link_sent, name="family-new-link-sent"),
    path("your-case/<str:token>/", status_views.status, name="family-status"),
    path("your-case/<str:token>/documents/", include(document_views.urlpatterns)),
    path(
        "your-case/<str:token>/contact-details/",
        status_views.contact_change,
        name="family-contact-change",
    ),
    path(
        "your-case/<str:token>/contact-details/changed/",
        status_views.contact_changed,
        name="family-contact-changed",
    ),
    path(
        "your-case/<str:token>/certificates/<certificate_number:number>.pdf",
        status_views.certificate,
        name="family-certificate",
    ),
    # The agreement document and the issues still in dispute (issue 21).
    path("your-case/<str:token>/", include("sendresolve.agreements.family_views")),
    # What the family need to take part, and a supporter they name (issue 22).
    path(
        "your-case/<str:token>/taking-part/",
        participation_views.needs_change,
        name="family-taking-part",
    ),
    path(
        "your-case/<str:token>/supporter/",
        participation_views.supporter,
        name="family-supporter",
    ),
    # -- travel expenses (issue 22) --
    path(
        "your-case/<str:token>/travel-expenses/",
        expense_views.expense_claim,
        name="family-expenses",
    ),
    path(
        "your-case/<str:token>/travel-expenses/sent/",
        expense_views.expense_sent,
        name="family-expenses-sent",
    ),
    path("feedback/", feedback_views.feedback, name="family-feedback"),
    path("feedback/sent/", feedback_views.feedback_sent, name="family-feedback-sent"),
    path("another-format/", feedback_views.another_format, name="family-format"),
    path("another-format/sent/", feedback_views.format_sent, name="family-format-sent"),
]
