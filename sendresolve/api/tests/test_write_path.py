"""The one write path: the catalogue, the recorder and submission keys.

A repeated submission (the same form sent twice, a retried API call) performs its action once
and sends one message; the staff case page and the API offer exactly the catalogue's actions.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse

from sendresolve.cases import services
from sendresolve.cases.actions import ACTIONS
from sendresolve.cases.models import ActionReceipt, CaseEvent, ConfidentialNote, Session
from sendresolve.cases.permissions import actions_offered
from sendresolve.cases.recorder import Replayed, action_perform
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import ValidationError
from sendresolve.notifications.models import OutboxMessage
from sendresolve.tenancy.actors import actor_build

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2024, 3, 20, 10, tzinfo=LONDON)
KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def arranged(world, time_machine):
    """A case with the LA told, so a meeting can be arranged."""
    time_machine.move_to(NOW, tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(world, actor=adviser, email="parent@example.test")
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 3, 8))
    return case


def test_the_same_form_sent_twice_adds_one_note(world, as_persona, arranged):
    client = as_persona("provider_staff")
    url = reverse("staff:note-add", args=[arranged.reference])
    for _ in range(3):
        response = client.post(url, {"text": "Called the family.", "submission_key": KEY})
        assert response.status_code == 302
    assert ConfidentialNote.objects.filter(case=arranged).count() == 1
    # A new form (a new key) is a new note.
    client.post(url, {"text": "Called the family.", "submission_key": "f" * 32})
    assert ConfidentialNote.objects.filter(case=arranged).count() == 2


def test_the_same_meeting_form_sent_twice_arranges_one_meeting_and_one_message(
    world, as_persona, arranged
):
    client = as_persona("provider_staff")
    url = reverse("staff:session-new", args=[arranged.reference])
    body = {
        "day_0": "2",
        "day_1": "4",
        "day_2": "2024",
        "start": "10:00",
        "end": "12:00",
        "mode": "online",
        "submission_key": KEY,
    }
    before = OutboxMessage.objects.count()
    for _ in range(2):
        assert client.post(url, body).status_code == 302
    assert Session.objects.filter(case=arranged).count() == 1
    assert OutboxMessage.objects.count() - before == 1
    assert CaseEvent.objects.filter(case=arranged, type="session_scheduled").count() == 1


def test_a_retried_api_call_with_its_idempotency_key_performs_once(world, api, arranged):
    client = api("provider_staff")
    url = reverse("api:case-actions", kwargs={"reference": arranged.reference})
    session = services.session_schedule(
        actor=world.users["provider_staff"],
        case=arranged,
        starts_at=dt.datetime(2024, 4, 2, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2024, 4, 2, 12, tzinfo=LONDON),
        mode="online",
    )
    body = {"action": "session_cancel", "session": session.pk, "on": "2024-03-20"}
    before = OutboxMessage.objects.count()
    answers = [
        client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="retry-1") for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].json() == answers[1].json()
    session.refresh_from_db()
    assert session.state == Session.State.CANCELLED
    assert CaseEvent.objects.filter(case=arranged, type="session_cancelled").count() == 1
    assert OutboxMessage.objects.count() - before == 1


def test_the_same_api_body_without_a_key_counts_as_a_repeat_for_ten_minutes(
    world, api, arranged, time_machine
):
    client = api("provider_staff")
    url = reverse("api:case-actions", kwargs={"reference": arranged.reference})
    body = {"action": "case_withdraw", "on": "2024-03-20", "reason": "Moved away."}
    assert client.post(url, body, format="json").status_code == 200
    assert client.post(url, body, format="json").status_code == 200
    assert CaseEvent.objects.filter(case=arranged, type="case_withdrawn").count() == 1
    time_machine.move_to(NOW + dt.timedelta(minutes=11), tick=False)
    # Later, the same body is a new request: the case is withdrawn already, so it is refused.
    assert client.post(url, body, format="json").status_code == 409


def test_a_key_used_for_another_action_is_refused(world, arranged):
    actor = actor_build(world.users["provider_staff"])
    action_perform("note_add", actor=actor, case=arranged, submission_key=KEY, text="A")
    again = action_perform("note_add", actor=actor, case=arranged, submission_key=KEY, text="A")
    assert isinstance(again, Replayed)
    assert again.result == ConfidentialNote.objects.get(case=arranged)
    with pytest.raises(ValidationError, match="already used for something else"):
        action_perform(
            "case_withdraw", actor=actor, case=arranged, submission_key=KEY, on=NOW.date()
        )
    assert ActionReceipt.objects.count() == 1


def test_cancelling_a_meeting_tells_the_family_and_lets_another_be_arranged(world, arranged):
    adviser = world.users["provider_staff"]
    session = services.session_schedule(
        actor=adviser,
        case=arranged,
        starts_at=dt.datetime(2024, 4, 2, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2024, 4, 2, 12, tzinfo=LONDON),
        mode="online",
    )
    services.session_cancel(actor=adviser, session=session, on=NOW.date(), reason="Mediator ill")
    session.refresh_from_db()
    arranged.refresh_from_db()
    assert session.state == Session.State.CANCELLED
    # No meeting is arranged any more: the case is back where it was before one was.
    assert arranged.status == "la_informed"
    (message,) = OutboxMessage.objects.filter(template="session_cancelled")
    assert message.personalisation["session_date"] == "Tuesday 2 April 2024"
    assert message.personalisation["session_time"] == "10:00am"
    arranged_message = OutboxMessage.objects.get(template="session_arranged")
    assert arranged_message.personalisation["session_time"] == "10:00am"
    assert arranged_message.personalisation["venue"] == "Online (video)"
    assert "session_cancel" not in actions_offered(adviser, arranged)
    assert "session_schedule" in actions_offered(adviser, arranged)
    with pytest.raises(ValidationError, match="not arranged any more"):
        services.session_cancel(actor=adviser, session=session, on=NOW.date())


def test_cancelling_one_of_two_meetings_leaves_the_case_arranged(world, arranged):
    adviser = world.users["provider_staff"]
    first, second = (
        services.session_schedule(
            actor=adviser,
            case=arranged,
            starts_at=dt.datetime(2024, 4, day, 10, tzinfo=LONDON),
            ends_at=dt.datetime(2024, 4, day, 12, tzinfo=LONDON),
            mode="online",
        )
        for day in (2, 3)
    )
    services.session_cancel(actor=adviser, session=first, on=NOW.date())
    arranged.refresh_from_db()
    assert arranged.status == "arranged"
    services.session_cancel(actor=adviser, session=second, on=NOW.date())
    arranged.refresh_from_db()
    assert arranged.status == "la_informed"
    event = CaseEvent.objects.filter(case=arranged, type="session_cancelled").last()
    assert (event.from_status, event.to_status) == ("arranged", "la_informed")


STAFF_PERSONAS = ("provider_staff", "colleague", "administrator", "la_officer", "icb_officer")


def _page_actions(html: str) -> set[str]:
    return set(re.findall(r'data-action="([a-z_]+)"', html))


@pytest.mark.parametrize("persona", STAFF_PERSONAS)
def test_the_staff_page_and_the_api_offer_exactly_the_catalogues_actions(
    world, as_persona, api, full_case, persona
):
    """On a case with everything (agreed actions, a meeting, a certificate, a note), each
    persona's case page shows the actions ``actions_offered`` gives, and the API lists them."""
    offered = set(actions_offered(world.users[persona], full_case).names())
    assert offered <= set(ACTIONS)
    page = as_persona(persona).get(reverse("staff:case", args=[full_case.reference]))
    assert page.status_code == 200
    listed = api(persona).get(
        reverse("api:case-actions", kwargs={"reference": full_case.reference})
    )
    assert listed.status_code == 200
    assert _page_actions(page.content.decode()) == offered
    assert {row["action"] for row in listed.json()} == offered
    if persona in ("provider_staff", "administrator"):
        assert {"note_add", "case_assign", "action_complete"} <= offered
    elif persona == "colleague":
        # A mediator acts only on the cases assigned to them (issue 23): nothing here.
        assert offered == set()
    else:
        assert "note_add" not in offered
        assert "case_assign" not in offered


@pytest.mark.parametrize(
    ("persona", "owner"),
    [
        ("provider_staff", "commissioning_body"),
        ("la_officer", "local_authority"),
        ("icb_officer", "commissioning_body"),
    ],
)
def test_mark_done_today_on_the_case_page_records_the_agreed_action(
    world, as_persona, full_case, persona, owner
):
    """The button on the case page. The service's own argument is called ``action`` (the agreed
    action); it must pass through the write path beside the catalogue action's name."""
    action = full_case.actions.get(owner=owner)
    client = as_persona(persona)
    url = reverse("staff:action-complete", args=[full_case.reference, action.pk])
    response = client.post(url, {"submission_key": KEY})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.completed_on == dt.date(2025, 1, 20)
    event = CaseEvent.objects.filter(case=full_case, type="action_completed").get()
    assert event.detail == {"action_id": action.pk}


def test_the_api_endpoints_beside_the_action_endpoint_perform_a_repeat_once(world, api, arranged):
    """Notes, meetings and agreed actions have endpoints of their own; they share the write path
    and so its answer to a repeated request."""
    client = api("provider_staff")
    notes = reverse("api:case-notes", kwargs={"reference": arranged.reference})
    answers = [client.post(notes, {"text": "Rang the school."}, format="json") for _ in range(3)]
    # Created once; a repeat answers 200 with the first's body (issue 19).
    assert [a.status_code for a in answers] == [201, 200, 200]
    assert answers[0].json() == answers[1].json() == answers[2].json()
    assert ConfidentialNote.objects.filter(case=arranged).count() == 1
    sessions = reverse("api:case-sessions", kwargs={"reference": arranged.reference})
    body = {"starts_at": "2024-04-02T10:00:00+01:00", "ends_at": "2024-04-02T12:00:00+01:00"}
    body |= {"mode": "online"}
    before = OutboxMessage.objects.count()
    for key, answer in (("meeting-1", 201), ("meeting-1", 200)):
        assert (
            client.post(sessions, body, format="json", HTTP_IDEMPOTENCY_KEY=key).status_code
            == answer
        )
    assert Session.objects.filter(case=arranged).count() == 1
    assert OutboxMessage.objects.count() - before == 1
    # A new key is a new request: a second meeting.
    assert (
        client.post(sessions, body, format="json", HTTP_IDEMPOTENCY_KEY="meeting-2").status_code
        == 201
    )
    assert Session.objects.filter(case=arranged).count() == 2


def test_a_meeting_is_cancelled_on_the_generic_item_page(world, as_persona, arranged):
    """``session_cancel`` has no page of its own: the catalogue's fields draw it, on the one
    meeting it is offered for; the LA officer, not offered it, gets 404."""
    session = services.session_schedule(
        actor=world.users["provider_staff"],
        case=arranged,
        starts_at=dt.datetime(2024, 4, 2, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2024, 4, 2, 12, tzinfo=LONDON),
        mode="online",
    )
    url = reverse("staff:case-item-action", args=[arranged.reference, "session_cancel", session.pk])
    assert as_persona("la_officer").get(url).status_code == 404
    client = as_persona("provider_staff")
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Cancel the meeting" in text
    assert "The meeting on Tuesday 2 April 2024 at 10:00am." in text
    body = {"on_0": "20", "on_1": "3", "on_2": "2024", "reason": "Mediator ill"}
    body["submission_key"] = KEY
    # Who cancelled it must be chosen: the error summary links to the first radio.
    missing = client.post(url, body)
    assert missing.status_code == 400
    assert 'href="#id_cancelled_by"' in missing.content.decode()
    assert client.post(url, {**body, "cancelled_by": "provider"}).status_code == 302
    session.refresh_from_db()
    assert session.state == Session.State.CANCELLED
    assert session.cancelled_by == "provider"
    assert session.sequence == 1
    event = CaseEvent.objects.get(case=arranged, type="session_cancelled")
    assert event.detail["reason"] == "Mediator ill"
    assert event.detail["cancelled_by"] == "provider"
    # Once cancelled it is not offered again: the page answers 404.
    assert client.get(url).status_code == 404
