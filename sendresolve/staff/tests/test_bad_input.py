"""Staff pages given what an attacker would type: huge years, page numbers beyond 64 bits,
control and bidi characters. Every answer is a page (200 or a 400 with an error summary),
never a server error, and what is stored is clean."""

import datetime as dt

import pytest
from django.urls import reverse

from sendresolve.cases.models import Case, CaseEvent
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

HUGE_YEAR = "9" * 20
BEYOND_64_BITS = str(2**64 + 1)


@pytest.fixture
def april(time_machine):
    time_machine.move_to(dt.datetime(2024, 4, 10, 12, tzinfo=LONDON), tick=False)


@pytest.fixture
def manager(world, as_persona):
    user = UserFactory(username="manager@alpha.test")
    MembershipFactory(user=user, role=Role.PROVIDER_MANAGER, provider=world.provider)
    world.users["manager"] = user
    return as_persona("manager")


def error_page(response) -> str:
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html and "govuk-error-summary" in html
    return html


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (HUGE_YEAR, "The date must include a year with 4 numbers"),
        ("99999", "The date must include a year with 4 numbers"),
        ("9999", "The date must be between 1900 and 2100"),
        ("1_024", "The date must be a real date"),
    ],
)
def test_a_case_action_with_an_impossible_year_is_explained(
    world, as_persona, april, year, message
):
    case = open_case(world)
    events = CaseEvent.objects.count()
    response = as_persona("provider_staff").post(
        reverse("staff:case-action", args=[case.reference, "advice_give"]),
        {"on_0": "2", "on_1": "4", "on_2": year},
    )
    assert message in error_page(response)
    assert CaseEvent.objects.count() == events


def test_opening_a_case_with_a_huge_year_of_birth_is_explained(world, as_persona, april):
    response = as_persona("provider_staff").post(
        reverse("staff:case-new"),
        {
            "local_authority": "302",
            "kind": "mediation",
            "child_name": "Jo Example",
            "child_date_of_birth_0": "1",
            "child_date_of_birth_1": "1",
            "child_date_of_birth_2": HUGE_YEAR,
            "requester": "parent",
            "requester_name": "Pat Example",
            "email": "pat@example.test",
            "preferred_channel": "email",
            "subjects": ["refusal_to_assess"],
            "opened_on_0": "10",
            "opened_on_1": "4",
            "opened_on_2": "2024",
        },
    )
    assert "The date of birth must include a year with 4 numbers" in error_page(response)
    assert not Case.objects.exists()


def test_the_certificate_check_ignores_a_huge_year_in_its_query(world, as_persona, april):
    case = open_case(world)
    client = as_persona("provider_staff")
    for action in ("advice_give", "mediation_decline"):
        client.post(
            reverse("staff:case-action", args=[case.reference, action]),
            {"on_0": "10", "on_1": "4", "on_2": "2024"},
        )
    response = client.get(
        reverse("staff:certificate-check", args=[case.reference]),
        {"on_0": "1", "on_1": "1", "on_2": HUGE_YEAR},
    )
    assert response.status_code in (200, 400)
    assert "must include a year with 4 numbers" in response.content.decode()


@pytest.mark.parametrize("year", [HUGE_YEAR, "9999"])
def test_the_decision_letter_pdf_link_with_a_bad_year_shows_the_form(world, as_persona, year):
    response = as_persona("la_officer").get(
        reverse("staff:decision-letter-pdf", args=["302"]),
        {"date": f"{year}-01-01", "decision": "plan_contents"},
    )
    assert response.status_code == 400
    assert "The date of the letter must" in response.content.decode()


@pytest.mark.parametrize(
    ("day", "year", "message"),
    [
        ("1", HUGE_YEAR, "The to must include a year with 4 numbers"),
        ("31", "9999", "The to must be between 1900 and 2100"),
    ],
)
def test_audit_filters_with_impossible_years_are_explained(manager, day, year, message):
    response = manager.get(
        reverse("staff:audit"), {"date_to_0": day, "date_to_1": "12", "date_to_2": year}
    )
    assert message in error_page(response)
    csv = manager.get(
        reverse("staff:audit-csv"), {"date_to_0": day, "date_to_1": "12", "date_to_2": year}
    )
    assert csv.status_code == 400


def test_the_last_year_allowed_filters_the_audit_trail(manager):
    response = manager.get(
        reverse("staff:audit"), {"date_to_0": "31", "date_to_1": "12", "date_to_2": "2100"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("page", [BEYOND_64_BITS, "9" * 400, "-" + BEYOND_64_BITS, "1e400"])
def test_a_page_number_beyond_64_bits_shows_a_page(world, as_persona, manager, page):
    open_case(world)
    queue = as_persona("provider_staff").get(reverse("staff:home"), {"page": page})
    assert queue.status_code == 200
    audit = as_persona("manager").get(reverse("staff:audit"), {"page": page})
    assert audit.status_code == 200


RLO, LRI, PDI = "\u202e", "\u2066", "\u2069"


def test_names_and_notes_typed_with_overrides_and_controls_are_stored_clean(
    world, as_persona, april
):
    client = as_persona("provider_staff")
    response = client.post(
        reverse("staff:case-new"),
        {
            "local_authority": "302",
            "kind": "mediation",
            "child_name": f"Jo {RLO}elpmaxE\x00",
            "requester": "parent",
            "requester_name": f"Pat{LRI} Example{PDI}\x1b[31m",
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
    case = Case.objects.get()
    assert case.child_name == "Jo elpmaxE"
    assert case.requester_name == "Pat Example[31m"
    note = client.post(
        reverse("staff:note-add", args=[case.reference]),
        {"text": f"Line one{RLO}\r\nLine\ttwo\x07", "submission_key": "c" * 32},
    )
    assert note.status_code == 302
    assert case.confidential_notes.get().text == "Line one\r\nLine\ttwo"


def test_a_name_of_only_invisible_characters_is_missing(world, as_persona, april):
    response = as_persona("provider_staff").post(
        reverse("staff:case-new"),
        {
            "local_authority": "302",
            "kind": "mediation",
            "child_name": f"{RLO}{LRI}\x00",
            "requester": "parent",
            "requester_name": "Pat Example",
            "email": "pat@example.test",
            "preferred_channel": "email",
            "subjects": ["refusal_to_assess"],
            "opened_on_0": "10",
            "opened_on_1": "4",
            "opened_on_2": "2024",
        },
    )
    error_page(response)
    assert not Case.objects.exists()


@pytest.mark.parametrize("email", ['"pat example"@example.test', '"pat"@example.test'])
def test_an_email_a_calendar_cannot_hold_is_refused(world, as_persona, april, email):
    response = as_persona("provider_staff").post(
        reverse("staff:case-new"),
        {
            "local_authority": "302",
            "kind": "mediation",
            "child_name": "Jo Example",
            "requester": "parent",
            "requester_name": "Pat Example",
            "email": email,
            "preferred_channel": "email",
            "subjects": ["refusal_to_assess"],
            "opened_on_0": "10",
            "opened_on_1": "4",
            "opened_on_2": "2024",
        },
    )
    html = error_page(response)
    assert "Enter an email address in the correct format" in html
    assert not Case.objects.exists()


def test_a_meeting_whose_attendee_has_a_quoted_address_still_has_an_invitation(
    world, as_persona, time_machine, caplog
):
    from icalendar import Calendar

    from sendresolve.cases import services
    from sendresolve.cases.models import Party

    time_machine.move_to(dt.datetime(2024, 3, 20, 10, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(world, actor=adviser, email="alex@example.test")
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 3, 8))
    # Stored before addresses were checked on the way in.
    parent = Party.objects.create(
        case=case, role="parent", name="Alex \u202eFamily", email='"alex family"@example.test'
    )
    meeting = services.session_schedule(
        actor=adviser,
        case=case,
        starts_at=dt.datetime(2024, 4, 2, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2024, 4, 2, 12, tzinfo=LONDON),
        mode="online",
        attendees=[parent],
    )
    response = as_persona("provider_staff").get(
        reverse("staff:session-invite", args=[case.reference, meeting.pk])
    )
    assert response.status_code == 200
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    attendees = event["ATTENDEE"] if isinstance(event["ATTENDEE"], list) else [event["ATTENDEE"]]
    assert [(str(a), a.params["CN"]) for a in attendees] == [
        ("mailto:%22alex%20family%22@example.test", "Alex Family")
    ]
    assert "alex family" not in caplog.text
