"""Staff case pages: every persona against every case URL, forms, errors and query counts."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from sendresolve.cases import services
from sendresolve.cases.models import Case, CaseEvent, Session
from sendresolve.cases.services import ActionInput
from sendresolve.cases.states import Status
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON

SIGN_IN = 302
OWN = {"provider_staff": 200, "colleague": 200, "administrator": 200}
OTHERS_404 = {"other_provider": 404, "other_la": 404, "anonymous": SIGN_IN}

# url name -> (method, {persona: status}); personas not listed get the default in DEFAULTS.
CASE_URL_RULES = {
    "staff:case": ("get", {**OWN, **OTHERS_404, "la_officer": 200, "icb_officer": 404}),
    "staff:case-new": (
        "get",
        {
            **OWN,
            "other_provider": 200,
            "la_officer": 404,
            "other_la": 404,
            "icb_officer": 404,
            "administrator": 200,
            "anonymous": SIGN_IN,
        },
    ),
    "staff:case-action": ("get", {**OWN, **OTHERS_404, "la_officer": 404, "icb_officer": 404}),
    "staff:session-new": ("get", {**OWN, **OTHERS_404, "la_officer": 404, "icb_officer": 404}),
    # Find free slots (issue 22, sendresolve/diary): as arranging a meeting.
    "staff:diary-slots": ("get", {**OWN, **OTHERS_404, "la_officer": 404, "icb_officer": 404}),
    "staff:session-update": (
        "get",
        {p: 405 for p in OWN}
        | {
            "other_provider": 405,
            "other_la": 405,
            "la_officer": 405,
            "icb_officer": 405,
            "anonymous": SIGN_IN,
        },
    ),
    "staff:session-invite": ("get", {**OWN, **OTHERS_404, "la_officer": 200, "icb_officer": 404}),
    "staff:case-item-action": (
        "get",
        {**OWN, **OTHERS_404, "la_officer": 404, "icb_officer": 404},
    ),
    "staff:case-assign": ("get", {**OWN, **OTHERS_404, "la_officer": 404, "icb_officer": 404}),
    "staff:session-rearrange": (
        "get",
        {**OWN, **OTHERS_404, "la_officer": 404, "icb_officer": 404},
    ),
    # Triage: "Assign to me" is a POST only.
    "staff:case-assign-me": (
        "get",
        {p: 405 for p in OWN}
        | {
            "other_provider": 405,
            "other_la": 405,
            "la_officer": 405,
            "icb_officer": 405,
            "anonymous": SIGN_IN,
        },
    ),
    "staff:conclude": ("get", {**OWN, **OTHERS_404, "la_officer": 404, "icb_officer": 404}),
    "staff:action-complete": (
        "get",
        {
            p: 405
            for p in (
                *OWN,
                "other_provider",
                "other_la",
                "la_officer",
                "icb_officer",
            )
        }
        | {"anonymous": SIGN_IN},
    ),
    "staff:note-add": (
        "get",
        {p: 405 for p in (*OWN, "other_provider", "other_la", "la_officer", "icb_officer")}
        | {"anonymous": SIGN_IN},
    ),
    "staff:certificate": ("get", {**OWN, **OTHERS_404, "la_officer": 200, "icb_officer": 404}),
    # The Easy Read covering letter of a certificate: whoever sees the certificate (issue 20).
    "staff:certificate-easy-read": (
        "get",
        {**OWN, **OTHERS_404, "la_officer": 200, "icb_officer": 404},
    ),
    "staff:feedback": (
        "get",
        {
            **OWN,
            "other_provider": 200,
            "other_la": 200,
            "la_officer": 200,
            "icb_officer": 200,
            "anonymous": SIGN_IN,
        },
    ),
    "staff:party-new": ("get", {**OWN, **OTHERS_404, "la_officer": 404, "icb_officer": 404}),
    # Check before you issue: the full case's certificate is issued, so it is offered to no one
    # (a case waiting for its certificate: test_certificate_check.py).
    "staff:certificate-check": (
        "get",
        {p: 404 for p in (*OWN, "other_provider", "other_la", "la_officer", "icb_officer")}
        | {"anonymous": SIGN_IN},
    ),
    "staff:participation": (
        "get",
        {p: 405 for p in (*OWN, "other_provider", "other_la", "la_officer", "icb_officer")}
        | {"anonymous": SIGN_IN},
    ),
    "staff:proceeding-new": ("get", {**OWN, **OTHERS_404, "la_officer": 200, "icb_officer": 404}),
    "staff:proceeding-finish": (
        "get",
        {p: 405 for p in (*OWN, "other_provider", "other_la", "la_officer", "icb_officer")}
        | {"anonymous": SIGN_IN},
    ),
    "staff:tribunal-decision-new": (
        "get",
        {**OWN, **OTHERS_404, "la_officer": 200, "icb_officer": 404},
    ),
    "staff:duty-step-done": (
        "get",
        {p: 405 for p in (*OWN, "other_provider", "other_la", "la_officer", "icb_officer")}
        | {"anonymous": SIGN_IN},
    ),
    # The full case has no recommendation: no one finds one (see test_icb_officer_* below).
    "staff:recommendation-respond": (
        "get",
        {p: 404 for p in (*OWN, "other_provider", "other_la", "la_officer", "icb_officer")}
        | {"anonymous": SIGN_IN},
    ),
    "staff:agreement-la-told": (
        "get",
        {p: 405 for p in (*OWN, "other_provider", "other_la", "la_officer", "icb_officer")}
        | {"anonymous": SIGN_IN},
    ),
    "staff:organisations": (
        "get",
        {
            **OWN,
            "other_provider": 200,
            "other_la": 200,
            "la_officer": 200,
            "icb_officer": 200,
            "anonymous": SIGN_IN,
        },
    ),  # Corrections (issue 18): provider staff only. The full case has no health body (404).
    **{
        name: ("get", {**OWN, **OTHERS_404, "la_officer": 404, "icb_officer": 404})
        for name in (
            "staff:correct-details",
            "staff:correct-decision",
            "staff:issue-new",
            "staff:issue-correct",
            "staff:issue-remove",
            "staff:party-correct",
            "staff:health-body-new",
        )
    },
    "staff:health-body-remove": (
        "get",
        {p: 404 for p in (*OWN, "other_provider", "other_la", "la_officer", "icb_officer")}
        | {"anonymous": SIGN_IN},
    ),
    "staff:certificate-correct": (
        "get",
        {p: 405 for p in (*OWN, "other_provider", "other_la", "la_officer", "icb_officer")}
        | {"anonymous": SIGN_IN},
    ),  # The contact log and tasks: the provider's staff only.
    "staff:contact-new": ("get", {**OWN, **OTHERS_404, "la_officer": 404, "icb_officer": 404}),
    "staff:task-new": ("get", {**OWN, **OTHERS_404, "la_officer": 404, "icb_officer": 404}),
    "staff:task-update": (
        "get",
        {p: 405 for p in (*OWN, "other_provider", "other_la", "la_officer", "icb_officer")}
        | {"anonymous": SIGN_IN},
    ),
    # Documents on a case (issue 21): whoever sees the case lists them; the LA's officers add
    # their own; the full case has no document 999 (sendresolve/casefiles/tests).
    "staff:documents": ("get", {**OWN, **OTHERS_404, "la_officer": 200, "icb_officer": 404}),
    "staff:document-new": ("get", {**OWN, **OTHERS_404, "la_officer": 200, "icb_officer": 404}),
    "staff:document-share": (
        "get",
        {p: 404 for p in (*OWN, "other_provider", "other_la", "la_officer", "icb_officer")}
        | {"anonymous": SIGN_IN},
    ),
    "staff:document": (
        "get",
        {p: 404 for p in (*OWN, "other_provider", "other_la", "la_officer", "icb_officer")}
        | {"anonymous": SIGN_IN},
    ),
    # The agreement document (issue 21): whoever sees the case sees the page and the summary
    # of issues in dispute; the case's mediator and managers word it (provider_staff manages
    # too; the colleague is not the case's mediator: below), not advisers or coordinators
    # (test_role_sweep.py). The full case has no draft and no issued version yet.
    "staff:agreement": ("get", {**OWN, **OTHERS_404, "la_officer": 200, "icb_officer": 404}),
    "staff:agreement-edit": (
        "get",
        {**OWN, **OTHERS_404, "la_officer": 404, "icb_officer": 404},
    ),
    "staff:issues-in-dispute-pdf": (
        "get",
        {**OWN, **OTHERS_404, "la_officer": 200, "icb_officer": 404},
    ),
    **{
        name: (
            "get",
            {p: status for p in (*OWN, "other_provider", "other_la", "la_officer", "icb_officer")}
            | {"anonymous": SIGN_IN},
        )
        for name, status in (
            ("staff:agreement-issue", 405),
            ("staff:agreement-receipt", 405),
            ("staff:agreement-draft-pdf", 404),
            ("staff:agreement-pdf", 404),
        )
    },
    # What people need to take part and the child's views (issue 22): the needs are the
    # provider's; the case's mediator and managers record the views (administrators may do
    # anything); no views 999 to share.
    "staff:participation-needs": (
        "get",
        {**OWN, **OTHERS_404, "la_officer": 404, "icb_officer": 404},
    ),
    "staff:child-views-new": (
        "get",
        {**OWN, **OTHERS_404, "la_officer": 404, "icb_officer": 404},
    ),
    "staff:child-views-share": (
        "get",
        {p: 404 for p in (*OWN, "other_provider", "other_la", "la_officer", "icb_officer")}
        | {"anonymous": SIGN_IN},
    ),
    # A travel expense claim (issue 22): the provider's staff and the LA's officers read it
    # (the LA decides); health officers do not.
    "staff:expense-decide": ("get", {**OWN, **OTHERS_404, "la_officer": 200, "icb_officer": 404}),
}
# The colleague is a mediator, who acts only on the cases assigned to them (issue 23): on the
# full case, assigned to no one, they read its pages but open no page that changes it (every
# role against every case page: test_role_sweep.py).
for _name in (
    "staff:case-action",
    "staff:case-assign",
    "staff:case-item-action",
    "staff:conclude",
    "staff:contact-new",
    "staff:correct-decision",
    "staff:correct-details",
    "staff:document-new",
    "staff:health-body-new",
    "staff:issue-correct",
    "staff:issue-new",
    "staff:issue-remove",
    "staff:party-correct",
    "staff:party-new",
    "staff:proceeding-new",
    "staff:session-new",
    "staff:session-rearrange",
    "staff:task-new",
    "staff:tribunal-decision-new",
    # Added since (agreements, taking part, the child's views, the diary's slots).
    "staff:agreement-edit",
    "staff:participation-needs",
    "staff:child-views-new",
    "staff:diary-slots",
):
    CASE_URL_RULES[_name][1]["colleague"] = 404
PERSONAS = [
    "provider_staff",
    "colleague",
    "other_provider",
    "la_officer",
    "other_la",
    "icb_officer",
    "administrator",
    "anonymous",
]


@pytest.fixture
def full_case(world, time_machine):
    """A case with a meeting, an agreement, an action, a confidential note and a certificate."""
    time_machine.move_to(dt.datetime(2025, 1, 20, 12, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(
        world,
        opened_on=dt.date(2024, 12, 2),
        subjects=("plan_provision",),
        decision_letter_date=dt.date(2024, 11, 29),
    )
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 12, 3))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 12, 9))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 12, 10))
    session = services.session_schedule(
        actor=adviser,
        case=case,
        mode="online",
        on=dt.date(2024, 12, 20),
        starts_at=dt.datetime(2025, 1, 8, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2025, 1, 8, 12, tzinfo=LONDON),
    )
    services.session_hold(actor=adviser, session=session)
    (issue,) = case.issues.all()
    services.mediation_conclude(
        actor=adviser,
        case=case,
        on=dt.date(2025, 1, 8),
        outcomes={issue.pk: "partly_agreed"},
        agreement_text="Speech and language therapy weekly.",
        actions=[ActionInput("Amend section F", "local_authority", clock="amend_plan")],
        confidential_note="SECRET-NOTE: parent would accept fortnightly.",
    )
    certificate = services.certificate_issue(actor=adviser, case=case, on=dt.date(2025, 1, 10))
    case.refresh_from_db()
    return case, session, certificate


def case_url(name, case, session, certificate):
    kwargs = {"reference": case.reference}
    if name == "staff:case-action":
        kwargs["action"] = "follow_up_start"
    elif name in ("staff:session-update",):
        kwargs.update(session_id=session.pk, what="held")
    elif name == "staff:session-invite":
        kwargs["session_id"] = session.pk
    elif name in ("staff:case-item-action", "staff:session-rearrange"):
        # A meeting still to come, to cancel or rearrange (the case's own meeting was held).
        meeting = Session.objects.create(
            case=case,
            starts_at=dt.datetime(2025, 2, 3, 10, tzinfo=LONDON),
            ends_at=dt.datetime(2025, 2, 3, 12, tzinfo=LONDON),
            mode="online",
        )
        if name == "staff:session-rearrange":
            kwargs["session_id"] = meeting.pk
        else:
            kwargs.update(action="session_cancel", item_id=meeting.pk)
    elif name == "staff:action-complete":
        kwargs["action_id"] = case.actions.get().pk
    elif name in ("staff:certificate", "staff:certificate-easy-read"):
        kwargs["number"] = certificate.number
    elif name in ("staff:participation",):
        kwargs["party_id"] = case.parties.first().pk
    elif name == "staff:proceeding-finish":
        kwargs["proceeding_id"] = 1
    elif name == "staff:duty-step-done":
        kwargs["step_id"] = 1
    elif name == "staff:recommendation-respond":
        kwargs["recommendation_id"] = 999
    elif name in ("staff:issue-correct", "staff:issue-remove"):
        # An issue without an outcome (the case's own has one, so it cannot change).
        kwargs["issue_id"] = case.issues.create(subject="plan_needs").pk
    elif name == "staff:party-correct":
        kwargs["party_id"] = case.parties.first().pk
    elif name == "staff:health-body-remove":
        kwargs["link_id"] = 999
    elif name == "staff:certificate-correct":
        kwargs["number"] = certificate.number
    elif name == "staff:task-update":
        kwargs.update(task_id=1, what="done")
    elif name in ("staff:document", "staff:document-share"):
        kwargs["document_id"] = 999
    elif name == "staff:agreement-pdf":
        kwargs["number"] = f"{case.reference}-A1"
    elif name == "staff:child-views-share":
        kwargs["item_id"] = 999
    elif name == "staff:expense-decide":
        from sendresolve.expenses.models import ExpenseClaim

        claim = ExpenseClaim.objects.create(
            case=case, session=session, submitted_on=dt.date(2025, 1, 20), total_pence=900
        )
        kwargs["claim_id"] = claim.pk
    elif name in ("staff:case-new", "staff:organisations", "staff:feedback"):
        kwargs = {}
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(CASE_URL_RULES))
def test_case_url_answers_each_persona(as_persona, full_case, name, persona):
    method, expected = CASE_URL_RULES[name]
    response = getattr(as_persona(persona), method)(case_url(name, *full_case))
    assert response.status_code == expected[persona]


@pytest.mark.parametrize("persona", ["la_officer", "other_provider"])
def test_confidential_notes_never_reach_la_or_other_users(as_persona, full_case, persona):
    case, session, certificate = full_case
    client = as_persona(persona)
    for url in (
        reverse("staff:case", args=[case.reference]),
        reverse("staff:certificate", args=[case.reference, certificate.number]),
    ):
        response = client.get(url)
        body = response.content
        assert b"SECRET-NOTE" not in body
        assert b"parent would accept fortnightly" not in body


def test_provider_staff_see_the_confidential_note(as_persona, full_case):
    case, _, _ = full_case
    html = as_persona("provider_staff").get(reverse("staff:case", args=[case.reference])).content
    assert b"SECRET-NOTE" in html
    # Not a mediator the case is not assigned to (issue 23).
    html = as_persona("colleague").get(reverse("staff:case", args=[case.reference])).content
    assert b"SECRET-NOTE" not in html


def test_case_page_shows_deadlines_with_rules(as_persona, full_case):
    case, _, _ = full_case
    html = as_persona("provider_staff").get(reverse("staff:case", args=[case.reference]))
    text = html.content.decode()
    assert "Hold the mediation" in text
    assert "Thursday 9 January 2025" in text  # 30 days from 10 Dec 2024
    assert "Issue the certificate (mediation concluded)" in text
    assert "SEND Regulations 2014" in text


def test_certificate_download_is_a_pdf_and_is_audited(as_persona, full_case):
    from sendresolve.audit.models import AuditEvent

    case, _, certificate = full_case
    response = as_persona("la_officer").get(
        reverse("staff:certificate", args=[case.reference, certificate.number])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="case.read.certificate").count() == 1


@pytest.mark.django_db
def test_recording_a_decision_through_the_form(world, as_persona, time_machine):
    time_machine.move_to(dt.datetime(2024, 4, 10, 12, tzinfo=LONDON), tick=False)
    case = open_case(world)
    client = as_persona("provider_staff")
    url = reverse("staff:case-action", args=[case.reference, "advice_give"])
    response = client.post(url, {"on_0": "2", "on_1": "4", "on_2": "2024"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.ADVICE_GIVEN


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"on_0": "", "on_1": "", "on_2": ""}, "Enter the date"),
        ({"on_0": "31", "on_1": "2", "on_2": "2024"}, "must be a real date"),
        ({"on_0": "2", "on_1": "", "on_2": "2024"}, "must include a month"),
        ({"on_0": "11", "on_1": "4", "on_2": "2024"}, "cannot be in the future"),
    ],
)
def test_bad_dates_redisplay_with_an_error_summary_and_change_nothing(
    world, as_persona, time_machine, data, message
):
    time_machine.move_to(dt.datetime(2024, 4, 10, 12, tzinfo=LONDON), tick=False)
    case = open_case(world)
    events = CaseEvent.objects.count()
    client = as_persona("provider_staff")
    response = client.post(reverse("staff:case-action", args=[case.reference, "advice_give"]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert message in html
    assert 'href="#id_on_0"' in html
    case.refresh_from_db()
    assert case.status == Status.ENQUIRY
    assert CaseEvent.objects.count() == events


@pytest.mark.django_db
def test_an_action_the_status_does_not_allow_is_404(world, as_persona, time_machine):
    time_machine.move_to(dt.datetime(2024, 4, 10, 12, tzinfo=LONDON), tick=False)
    case = open_case(world)
    # (Issuing a certificate has its own check page: test_certificate_check.py.)
    url = reverse("staff:case-action", args=[case.reference, "la_inform"])
    response = as_persona("provider_staff").post(url, {"on_0": "10", "on_1": "4", "on_2": "2024"})
    assert response.status_code == 400
    assert "You cannot do this while the case is" in response.content.decode()
    assert not case.events.filter(type="la_informed").exists()


@pytest.mark.django_db
def test_opening_a_case_through_the_form(world, as_persona, time_machine):
    time_machine.move_to(dt.datetime(2024, 4, 10, 12, tzinfo=LONDON), tick=False)
    client = as_persona("provider_staff")
    response = client.post(
        reverse("staff:case-new"),
        {
            "local_authority": "302",
            "kind": "mediation",
            "child_name": "Jo Example",
            "requester": "parent",
            "requester_name": "Pat Example",
            "email": "pat@example.test",
            "preferred_channel": "email",
            "subjects": ["refusal_to_assess"],
            "decision_letter_date_0": "1",
            "decision_letter_date_1": "4",
            "decision_letter_date_2": "2024",
            "opened_on_0": "10",
            "opened_on_1": "4",
            "opened_on_2": "2024",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(child_name="Jo Example")
    assert response["Location"] == reverse("staff:case", args=[case.reference])
    assert case.deadlines.get(deadline_id="appeal_registration").due_on == dt.date(2024, 6, 3)


@pytest.mark.django_db
def test_opening_a_case_without_issues_keeps_what_was_typed(world, as_persona, time_machine):
    time_machine.move_to(dt.datetime(2024, 4, 10, 12, tzinfo=LONDON), tick=False)
    response = as_persona("provider_staff").post(
        reverse("staff:case-new"),
        {
            "local_authority": "302",
            "kind": "mediation",
            "child_name": "Jo Example",
            "requester": "parent",
            "requester_name": "Pat Example",
            "preferred_channel": "email",
            "email": "pat@example.test",
            "opened_on_0": "10",
            "opened_on_1": "4",
            "opened_on_2": "2024",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose at least one issue in dispute" in html
    assert 'value="Jo Example"' in html
    assert not Case.objects.exists()


def test_work_queue_query_count_does_not_grow_with_cases(world, as_persona, time_machine):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    time_machine.move_to(dt.datetime(2024, 4, 10, 12, tzinfo=LONDON), tick=False)
    client = as_persona("provider_staff")
    open_case(world)
    with CaptureQueriesContext(connection) as one_case:
        client.get(reverse("staff:home"))
    for _ in range(8):
        open_case(world)
    with CaptureQueriesContext(connection) as nine_cases:
        response = client.get(reverse("staff:home"))
    assert len(nine_cases.captured_queries) == len(one_case.captured_queries)
    content = response.content.decode()
    queue = content.split('class="govuk-table app-queue"')[1]
    assert len(re.findall(r'href="/staff/cases/SR-', queue)) == 9
    # No one is assigned to them, so the "New and unassigned" section lists them too.
    assert content.count("data-triage-case=") == 9


def test_case_page_query_count_is_bounded(as_persona, full_case, django_assert_max_num_queries):
    case, _, _ = full_case
    client = as_persona("provider_staff")
    with django_assert_max_num_queries(40):
        client.get(reverse("staff:case", args=[case.reference]))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("declined_on", "today", "due"),
    [
        # Maundy Thursday: Good Friday, the weekend and Easter Monday are skipped.
        (dt.date(2024, 3, 28), dt.datetime(2024, 4, 2, 9, tzinfo=LONDON), dt.date(2024, 4, 4)),
        # Fri 20 Dec 2024: Mon 23, Tue 24 (Christmas Eve works), then Fri 27 after the holidays.
        (dt.date(2024, 12, 20), dt.datetime(2024, 12, 24, 9, tzinfo=LONDON), dt.date(2024, 12, 27)),
        # Mon 23 Dec 2024: Tue 24, Fri 27, then Mon 30 Dec.
        (dt.date(2024, 12, 23), dt.datetime(2024, 12, 31, 9, tzinfo=LONDON), dt.date(2024, 12, 30)),
    ],
)
def test_work_queue_shows_certificate_due_dates_around_bank_holidays(
    world, as_persona, time_machine, declined_on, today, due, django_capture_on_commit_callbacks
):
    time_machine.move_to(today, tick=False)
    adviser = world.users["provider_staff"]
    # The queue reads each case's next deadline, fed after the steps commit: run it as then.
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(
            world,
            opened_on=declined_on - dt.timedelta(days=3),
            decision_letter_date=declined_on - dt.timedelta(days=5),
        )
        services.advice_give(actor=adviser, case=case, on=declined_on)
        services.mediation_decline(actor=adviser, case=case, on=declined_on)
    html = as_persona("provider_staff").get(reverse("staff:home")).content.decode()
    html = html.split('class="govuk-table app-queue"')[1]  # the queue, not the triage section
    row = html[html.index(case.reference) :]
    row = row[: row.index("</tr>")]
    assert f"{due.day} {due:%b %Y}" in row
    assert "Issue the certificate (mediation declined)" in row
    assert ("Overdue" in row) is (today.date() > due)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"local_authority": "30\x00"},
        {"assignee": "x"},
        {"assignee": "1\x00"},
        {"status": "nope"},
        {"deadline": "\x00"},
        {"page": "-1"},
    ],
)
def test_work_queue_ignores_bad_filter_values(world, as_persona, query):
    response = as_persona("provider_staff").get(reverse("staff:home"), query)
    assert response.status_code == 200


@pytest.mark.django_db
def test_feedback_page_shows_only_the_users_own_feedback(world, as_persona):
    from sendresolve.feedback.services import feedback_record

    feedback_record(
        satisfaction="satisfied",
        improvement="OURS: clearer dates",
        local_authority=world.local_authority,
        provider=world.provider,
    )
    feedback_record(
        satisfaction="satisfied",
        improvement="THEIRS: faster",
        local_authority=world.other_local_authority,
        provider=world.other_provider,
    )
    html = as_persona("provider_staff").get(reverse("staff:feedback")).content.decode()
    assert "OURS: clearer dates" in html
    assert "THEIRS: faster" not in html


@pytest.mark.django_db
def test_work_queue_lists_the_soonest_due_first_flags_them_and_puts_nothing_due_last(
    world, as_persona, time_machine
):
    from sendresolve.cases.models import CaseDeadline
    from sendresolve.cases.projections import next_deadline_keep

    today = dt.date(2024, 6, 10)
    time_machine.move_to(dt.datetime(2024, 6, 10, 9, tzinfo=LONDON), tick=False)
    due = {
        "nothing": None,
        "later": today + dt.timedelta(days=6),
        "soon": today + dt.timedelta(days=5),
        "today": today,
        "overdue": today - dt.timedelta(days=1),
    }
    references = {}
    for name, due_on in due.items():
        case = open_case(world, opened_on=dt.date(2024, 3, 5), child_name=f"Child {name}")
        case.deadlines.all().delete()
        if due_on is not None:
            CaseDeadline.objects.create(
                case=case,
                key=f"test:{name}",
                deadline_id="test",
                rule_id="T1",
                title=f"Do the {name} thing",
                due_on=due_on,
                rule="A test rule",
                duty_holder="provider",
                responsible="provider",
            )
        references[name] = case.reference
    # Written here around case work, so kept as case work keeps them.
    next_deadline_keep(Case.objects.values_list("pk", flat=True))
    page = as_persona("provider_staff").get(reverse("staff:home")).content.decode()
    html = page.split('class="govuk-table app-queue"')[1]  # the queue, not the triage section
    order = sorted(references, key=lambda name: html.index(references[name]))
    assert order == ["overdue", "today", "soon", "later", "nothing"]

    def row(name):
        start = html.index(references[name])
        return html[start : html.index("</tr>", start)]

    assert "Overdue" in row("overdue") and "Due soon" not in row("overdue")
    assert "Due soon" in row("today") and "Overdue" not in row("today")
    assert "Due soon" in row("soon")
    assert "Due soon" not in row("later") and "Overdue" not in row("later")
    assert "None open" in row("nothing")
    assert "1 overdue" in page and "2 due soon" in page
