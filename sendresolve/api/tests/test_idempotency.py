"""Every API write answers a repeat as the first: 201 once, then 200 with the same body.

A repeat is the same ``Idempotency-Key`` (kept a day) or, without one, the same body within
10 minutes. Parallel requests are covered for real by ``benchmarks/double_submit.py``; here a
racing duplicate is modelled by a request that read the case before the first committed.
"""

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse

from sendresolve.api.views.certificates import CaseCertificatesView
from sendresolve.cases import services
from sendresolve.cases.models import (
    ActionReceipt,
    Case,
    CaseTask,
    Certificate,
    ConfidentialNote,
    ContactEntry,
    Session,
)
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2024, 3, 28, 10, tzinfo=LONDON)

NEW_CASE = {
    "provider": "alpha-mediation",
    "local_authority": "302",
    "child_name": "Sam Example",
    "requester": "parent",
    "requester_name": "Alex Example",
    "email": "alex@example.test",
    "decision_description": "Decision not to carry out an EHC needs assessment",
    "decision_letter_date": "2024-03-01",
    "issues": [{"subject": "refusal_to_assess"}],
}


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def requested(world, now):
    """A case where the family asked for mediation and the LA was told."""
    adviser = world.users["provider_staff"]
    case = open_case(world, actor=adviser, email="parent@example.test")
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 3, 8))
    return case


@pytest.fixture
def declined(world, now):
    """A case whose certificate is due: the family declined mediation."""
    adviser = world.users["provider_staff"]
    case = open_case(world, actor=adviser, decision_letter_date=dt.date(2024, 3, 1))
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 20))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 20))
    return case


def test_opening_a_case_twice_with_one_key_opens_one_case(world, api, now):
    client = api("provider_staff")
    first = client.post("/api/v1/cases", NEW_CASE, format="json", HTTP_IDEMPOTENCY_KEY="open-1")
    again = client.post("/api/v1/cases", NEW_CASE, format="json", HTTP_IDEMPOTENCY_KEY="open-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert first["Location"] == again["Location"]
    assert Case.objects.count() == 1
    reference = first.json()["reference"]
    assert OutboxMessage.objects.filter(template="case_opened", reference=reference).count() == 1
    receipt = ActionReceipt.objects.get()
    assert (receipt.user, receipt.case.reference) == (world.users["provider_staff"], reference)
    # Another key is another case; the same key from another user is theirs alone.
    other = client.post("/api/v1/cases", NEW_CASE, format="json", HTTP_IDEMPOTENCY_KEY="open-2")
    assert other.status_code == 201 and other.json()["reference"] != reference
    colleague = api("colleague").post(
        "/api/v1/cases", NEW_CASE, format="json", HTTP_IDEMPOTENCY_KEY="open-1"
    )
    assert colleague.status_code == 201
    assert Case.objects.count() == 3


def test_the_same_case_body_without_a_key_is_a_repeat_for_ten_minutes(api, now, time_machine):
    client = api("provider_staff")
    assert client.post("/api/v1/cases", NEW_CASE, format="json").status_code == 201
    assert client.post("/api/v1/cases", NEW_CASE, format="json").status_code == 200
    assert Case.objects.count() == 1
    time_machine.move_to(NOW + dt.timedelta(minutes=11), tick=False)
    assert client.post("/api/v1/cases", NEW_CASE, format="json").status_code == 201
    assert Case.objects.count() == 2


def test_a_refused_case_leaves_no_receipt_so_the_key_can_be_used_again(api, now):
    client = api("provider_staff")
    refused = client.post(
        "/api/v1/cases",
        {**NEW_CASE, "provider": "beta-mediation"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="open-1",
    )
    assert refused.status_code == 400
    assert not ActionReceipt.objects.exists()
    fixed = client.post("/api/v1/cases", NEW_CASE, format="json", HTTP_IDEMPOTENCY_KEY="open-1")
    assert fixed.status_code == 201


def test_a_certificate_is_issued_once_and_only_the_first_caller_hears_201(api, declined):
    url = reverse("api:case-certificates", kwargs={"reference": declined.reference})
    client = api("provider_staff")
    first = client.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="issue-1")
    again = client.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="issue-1")
    other_key = client.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="issue-2")
    assert [r.status_code for r in (first, again, other_key)] == [201, 200, 200]
    assert first.json() == again.json() == other_key.json()
    assert Certificate.objects.filter(case=declined).count() == 1


def test_a_certificate_request_racing_the_first_hears_200(api, declined):
    """Issue 19: the duplicate read the case (not yet issued) before the first committed; it
    was answered 201 too. Whether a request issues is now read with the case locked."""
    url = reverse("api:case-certificates", kwargs={"reference": declined.reference})
    client = api("provider_staff")
    stale = Case.objects.get(pk=declined.pk)  # as the racing request read it
    first = client.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="issue-1")
    with mock.patch.object(CaseCertificatesView, "get_case", return_value=stale):
        racing = client.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="issue-2")
        racing_no_key = client.post(url, {"on": "2024-03-28"}, format="json")
    assert first.status_code == 201
    assert (racing.status_code, racing_no_key.status_code) == (200, 200)
    assert racing.json() == racing_no_key.json() == first.json()
    assert Certificate.objects.filter(case=declined).count() == 1
    assert OutboxMessage.objects.filter(template__startswith="certificate").count() == 1


def _note(world):
    return "case-notes", {"text": "Called the family."}, ConfidentialNote


def _contact(world):
    body = {
        "kind": "call",
        "direction": "in",
        "with_whom": "Alex Example",
        "occurred_at": "2024-03-27T15:30:00+00:00",
        "summary": "Asked about the meeting date.",
    }
    return "case-contacts", body, ContactEntry


def _task(world):
    owner = world.users["provider_staff"].pk
    body = {"description": "Call the LA back", "owner": owner, "due_on": "2024-04-02"}
    return "case-tasks", body, CaseTask


def _session(world):
    body = {
        "starts_at": "2024-04-09T10:00:00+01:00",
        "ends_at": "2024-04-09T12:00:00+01:00",
        "mode": "online",
    }
    return "case-sessions", body, Session


@pytest.mark.parametrize("what", [_note, _contact, _task, _session])
def test_every_create_answers_a_repeat_200_with_the_same_body(world, api, requested, what):
    name, body, model = what(world)
    url = reverse(f"api:{name}", kwargs={"reference": requested.reference})
    client = api("provider_staff")
    first = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201, first.content
    messages = OutboxMessage.objects.count()
    again = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 200
    assert again.json() == first.json()
    assert model.objects.filter(case=requested).count() == 1
    assert OutboxMessage.objects.count() == messages
    # A new key is a new request, and creates again.
    assert client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k-2").status_code == 201
