"""Staff pages for rearranging and cancelling a meeting, reopening a case and undoing a step
(issue 18): GOV.UK forms with error summaries, warnings that do not block, one action per
submission, and the calendar invitation the case page links to."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from sendresolve.cases import services
from sendresolve.cases.models import CaseEvent, Session
from sendresolve.cases.steps import last_step
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2024, 3, 20, 10, tzinfo=LONDON)
KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def informed(world, time_machine):
    """The LA was told on 8 March 2024: the mediation must be held by Sunday 7 April."""
    time_machine.move_to(NOW, tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(world, actor=adviser, email="alex@example.test")
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 3, 8))
    return case


@pytest.fixture
def meeting(world, informed):
    return services.session_schedule(
        actor=world.users["provider_staff"],
        case=informed,
        starts_at=dt.datetime(2024, 4, 2, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2024, 4, 2, 12, tzinfo=LONDON),
        mode="online",
    )


def rearrange_body(day: int, **extra) -> dict:
    return {
        "day_0": str(day),
        "day_1": "4",
        "day_2": "2024",
        "start": "14:00",
        "end": "16:00",
        "mode": "online",
        "reason": "The mediator is ill.",
        "submission_key": KEY,
        **extra,
    }


def invite(client, case, session) -> Calendar:
    response = client.get(reverse("staff:session-invite", args=[case.reference, session.pk]))
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def test_the_case_page_offers_rearranging_and_the_page_shows_the_meeting(as_persona, meeting):
    client = as_persona("provider_staff")
    case_page = client.get(reverse("staff:case", args=[meeting.case.reference])).content.decode()
    url = reverse("staff:session-rearrange", args=[meeting.case.reference, meeting.pk])
    assert f'href="{url}" data-action="session_rearrange"' in case_page
    page = client.get(url).content.decode()
    assert "Rearrange the meeting" in page
    assert "Now arranged for Tuesday 2 April 2024, 10:00am to 12:00pm, online (video)." in page
    assert "The mediation must be held by Sunday 7 April 2024 (MED-05)" in page
    assert 'name="day_0" type="text" value="2"' in page
    assert 'value="10:00"' in page


def test_a_rearrangement_with_errors_links_each_to_its_field(as_persona, meeting):
    client = as_persona("provider_staff")
    url = reverse("staff:session-rearrange", args=[meeting.case.reference, meeting.pk])
    response = client.post(url, rearrange_body(4, reason="", start="25:00"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_reason"' in html
    assert 'href="#id_start"' in html
    # A rule the service checks lands on the input it is about.
    response = client.post(url, rearrange_body(4, start="16:00", end="15:00"))
    assert response.status_code == 400
    assert 'href="#id_end">The meeting must end after it starts.' in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_a_date_past_the_30_days_is_warned_about_then_rearranged_anyway(as_persona, meeting):
    client = as_persona("provider_staff")
    url = reverse("staff:session-rearrange", args=[meeting.case.reference, meeting.pk])
    warned = client.post(url, rearrange_body(9))
    assert warned.status_code == 200
    html = warned.content.decode()
    assert 'data-warnings="after_time_limit"' in html
    assert "Tuesday 9 April 2024 is after Sunday 7 April 2024" in html
    assert "Rearrange anyway" in html
    assert 'name="warnings_seen" value="on"' in html
    meeting.refresh_from_db()
    assert meeting.starts_at == dt.datetime(2024, 4, 2, 10, tzinfo=LONDON)
    done = client.post(url, rearrange_body(9, warnings_seen="on"))
    assert done.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == dt.datetime(2024, 4, 9, 14, tzinfo=LONDON)
    event = CaseEvent.objects.get(case=meeting.case, type="session_rearranged")
    assert event.detail["warnings"] == ["after_time_limit"]


def test_the_same_rearrangement_sent_twice_moves_the_meeting_once(as_persona, meeting):
    client = as_persona("provider_staff")
    url = reverse("staff:session-rearrange", args=[meeting.case.reference, meeting.pk])
    before = OutboxMessage.objects.count()
    for _ in range(2):
        assert client.post(url, rearrange_body(4)).status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert CaseEvent.objects.filter(case=meeting.case, type="session_rearranged").count() == 1
    assert OutboxMessage.objects.count() - before == 1


def test_the_invitation_link_serves_the_current_version(as_persona, meeting):
    client = as_persona("provider_staff")
    case = meeting.case
    first = invite(client, case, meeting).walk("VEVENT")[0]
    url = reverse("staff:session-rearrange", args=[case.reference, meeting.pk])
    assert client.post(url, rearrange_body(4)).status_code == 302
    moved = invite(client, case, meeting)
    (event,) = moved.walk("VEVENT")
    assert str(event["UID"]) == str(first["UID"])
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == dt.datetime(2024, 4, 4, 14, tzinfo=LONDON)
    cancel = reverse("staff:case-item-action", args=[case.reference, "session_cancel", meeting.pk])
    body = {"on_0": "20", "on_1": "3", "on_2": "2024", "cancelled_by": "family"}
    body["reason"] = "Child unwell."
    assert client.post(cancel, {**body, "submission_key": "f" * 32}).status_code == 302
    cancelled = invite(client, case, meeting)
    (event,) = cancelled.walk("VEVENT")
    assert str(cancelled["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2
    assert str(event["UID"]) == str(first["UID"])
    page = client.get(reverse("staff:case", args=[case.reference])).content.decode()
    assert "The family" in page and "Cancelled by" in page
    assert "Reason: Child unwell." in page


def test_a_withdrawn_case_is_reopened_from_its_page(world, as_persona, informed):
    services.case_withdraw(actor=world.users["provider_staff"], case=informed, on=NOW.date())
    client = as_persona("provider_staff")
    page = client.get(reverse("staff:case", args=[informed.reference])).content.decode()
    url = reverse("staff:case-action", args=[informed.reference, "case_reopen"])
    assert f'href="{url}"' in page and 'data-action="case_reopen"' in page
    form = client.get(url).content.decode()
    assert '<h1 class="govuk-heading-l">Reopen the case</h1>' in form
    missing = client.post(url, {"reason": "", "submission_key": KEY})
    assert missing.status_code == 400
    assert 'href="#id_reason">Enter the reason' in missing.content.decode()
    for _ in range(2):
        response = client.post(url, {"reason": "The family came back.", "submission_key": KEY})
        assert response.status_code == 302
    informed.refresh_from_db()
    assert informed.status == "la_informed"
    assert CaseEvent.objects.filter(case=informed, type="case_reopened").count() == 1
    page = client.get(reverse("staff:case", args=[informed.reference])).content.decode()
    assert "Reason: The family came back." in page


def test_the_last_step_is_undone_from_the_timeline(as_persona, informed):
    client = as_persona("provider_staff")
    step = last_step(informed)
    page = client.get(reverse("staff:case", args=[informed.reference])).content.decode()
    url = reverse("staff:case-item-action", args=[informed.reference, "step_undo", step.pk])
    assert re.search(rf'href="{re.escape(url)}" data-action="step_undo">Undo', page)
    # Only the last step has the link.
    assert page.count('data-action="step_undo"') == 1
    form = client.get(url).content.decode()
    assert "Undo the last step" in form
    assert "Local authority told the family wants mediation" in form
    assert "puts the case back to “mediation requested”" in form
    response = client.post(url, {"reason": "Told the wrong council.", "submission_key": KEY})
    assert response.status_code == 302
    informed.refresh_from_db()
    assert informed.status == "mediation_requested"
    assert not informed.deadlines.filter(deadline_id="mediation_held").exists()
    # The step is gone: its page is not found any more.
    assert client.get(url).status_code == 404
    page = client.get(reverse("staff:case", args=[informed.reference])).content.decode()
    assert "Step recorded in error undone" in page
    assert "Reason: Told the wrong council." in page


def test_la_officers_are_offered_none_of_these(as_persona, meeting):
    case = meeting.case
    client = as_persona("la_officer")
    page = client.get(reverse("staff:case", args=[case.reference])).content.decode()
    for action in ("session_rearrange", "session_cancel", "step_undo", "case_reopen"):
        assert f'data-action="{action}"' not in page
    step = last_step(case)
    for url in (
        reverse("staff:session-rearrange", args=[case.reference, meeting.pk]),
        reverse("staff:case-item-action", args=[case.reference, "step_undo", step.pk]),
        reverse("staff:case-action", args=[case.reference, "case_reopen"]),
    ):
        assert client.get(url).status_code == 404
    assert Session.objects.get(pk=meeting.pk).sequence == 0
