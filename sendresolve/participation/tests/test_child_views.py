"""The child's views: recorded by the mediator with consent, confidential (never to LA, ICB or
anyone else) until the family agrees to share, then readable by the LA and ICB officers who see
the case. Through the services, the staff case page and the API."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from sendresolve.api.services import api_token_create
from sendresolve.cases.recorder import Replayed, action_perform
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.participation.models import ChildViews
from sendresolve.participation.selectors import child_views_for
from sendresolve.participation.services import NeedsInput

pytestmark = pytest.mark.django_db

WORDS = "I want to stay with my friends at Oak Class CHILD-VIEWS-TEXT"


def record(world, case, **changes):
    values = {
        "way": "written",
        "text": WORDS,
        "consent": True,
        "consent_on": dt.date(2025, 1, 15),
    }
    values.update(changes)
    return action_perform("child_views_record", actor=world.users["colleague"], case=case, **values)


def test_the_mediator_records_views_with_consent_once_per_submission(world, case):
    first = record(world, case, submission_key="v" * 32)
    again = record(world, case, submission_key="v" * 32)
    assert isinstance(again, Replayed) and again.result == first
    views = ChildViews.objects.get()
    assert (views.text, views.consent_on, views.recorded_by) == (
        WORDS,
        dt.date(2025, 1, 15),
        world.users["colleague"],
    )
    event = case.events.get(type="child_views_recorded")
    assert WORDS not in str(event.detail)


def test_without_consent_nothing_is_recorded(world, case):
    with pytest.raises(ValidationError) as error:
        record(world, case, consent=False)
    assert error.value.field == "consent"
    assert not ChildViews.objects.exists()


@pytest.mark.parametrize(
    "persona", ["adviser", "coordinator", "finance", "la_officer", "icb_officer", "other_provider"]
)
def test_only_a_mediator_records_them(world, role_personas, case, persona):
    with pytest.raises(NotFound):
        action_perform(
            "child_views_record",
            actor=world.users[persona],
            case=case,
            way="written",
            text=WORDS,
            consent=True,
            consent_on=dt.date(2025, 1, 15),
        )


def test_la_and_icb_cannot_see_them_until_the_family_agrees_to_share(world, case, as_persona):
    views = record(world, case)
    for persona in ("la_officer", "icb_officer"):
        assert not child_views_for(world.users[persona], case).exists()
        page = as_persona(persona).get(f"/staff/cases/{case.reference}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert WORDS not in html
        assert "Child&#39;s views recorded" not in html  # not even in the timeline
    staff_page = as_persona("provider_staff").get(f"/staff/cases/{case.reference}/")
    assert WORDS in staff_page.content.decode()

    with pytest.raises(NotFound):
        action_perform(
            "child_views_share",
            actor=world.users["la_officer"],
            case=case,
            child_views=views,
            agreed_by="Alex Example",
            on=dt.date(2025, 1, 20),
        )
    action_perform(
        "child_views_share",
        actor=world.users["provider_staff"],
        case=case,
        child_views=views,
        agreed_by="Alex Example",
        on=dt.date(2025, 1, 20),
    )
    views.refresh_from_db()
    assert views.shared_on == dt.date(2025, 1, 20)
    assert views.share_recorded_by == world.users["provider_staff"]
    for persona in ("la_officer", "icb_officer"):
        assert list(child_views_for(world.users[persona], case)) == [views]
        assert WORDS in as_persona(persona).get(f"/staff/cases/{case.reference}/").content.decode()
    # Never to anyone who does not see the case at all.
    for persona in ("other_la", "other_provider", "anonymous"):
        assert not child_views_for(world.users[persona], case).exists()
        assert as_persona(persona).get(f"/staff/cases/{case.reference}/").status_code in (302, 404)


def test_sharing_twice_is_refused(world, case):
    views = record(world, case)
    kwargs = {"child_views": views, "agreed_by": "Alex Example", "on": dt.date(2025, 1, 20)}
    adviser = world.users["provider_staff"]
    action_perform("child_views_share", actor=adviser, case=case, **kwargs)
    with pytest.raises(ValidationError):
        action_perform("child_views_share", actor=adviser, case=case, **kwargs)


def test_the_api_never_gives_them_nor_the_needs_to_the_la(world, case):
    record(world, case)
    action_perform(
        "participation_needs_change",
        actor=world.users["provider_staff"],
        case=case,
        needs=NeedsInput(interpreter_language="Polish"),
    )
    bodies = {}
    for persona in ("provider_staff", "la_officer"):
        client = APIClient()
        _, token = api_token_create(actor=None, user=world.users[persona], name="t")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        response = client.get(f"/api/v1/cases/{case.reference}")
        assert response.status_code == 200
        bodies[persona] = response.json()
        events = client.get(f"/api/v1/cases/{case.reference}/events").json()
        assert WORDS not in str(events)
        assert WORDS not in str(bodies[persona])
    assert bodies["provider_staff"]["participation_needs"]["interpreter_language"] == "Polish"
    assert "participation_needs" not in bodies["la_officer"]


def test_the_api_changes_the_needs_once_per_idempotency_key_and_documents_it(world, case):
    client = APIClient()
    _, token = api_token_create(actor=None, user=world.users["provider_staff"], name="t")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = f"/api/v1/cases/{case.reference}/actions"
    body = {"action": "participation_needs_change", "interpreter_language": "Polish", "bsl": True}
    first = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="needs-1")
    again = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="needs-1")
    assert first.status_code == 200, first.content
    assert again.status_code == 200
    assert case.events.filter(type="participation_needs_changed").count() == 1
    detail = client.get(f"/api/v1/cases/{case.reference}").json()["participation_needs"]
    assert (detail["interpreter_language"], detail["bsl"]) == ("Polish", True)
    bad = client.post(url, {**body, "child_ways": ["flying"]}, format="json")
    assert bad.status_code == 400
    assert bad["Content-Type"].startswith("application/problem+json")
    schema = client.get("/api/v1/schema?format=json").json()["components"]["schemas"]
    assert "ParticipationNeedsChangeActionRequest" in schema or any(
        "ParticipationNeedsChange" in name for name in schema
    )
    assert "participation_needs" in schema["CaseDetail"]["properties"]
