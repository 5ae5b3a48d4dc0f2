"""Retention of the newer records on concrete dates: survey answers' comments and unanswered
invitations, complaints about the provider, webhook deliveries, unconfirmed caseload imports."""

import datetime as dt
import uuid

import pytest

from sendresolve.audit.models import AuditEvent
from sendresolve.cases.models import Case
from sendresolve.cases.states import TERMINAL
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.imports.models import CaseImport
from sendresolve.quality.models import ProviderComplaint, SurveyInvitation, SurveyResponse
from sendresolve.retention.services import REMOVED, retention_apply, retention_plan
from sendresolve.retention.tests.factories import _at
from sendresolve.webhooks.models import Attempt, Delivery, Endpoint

pytestmark = pytest.mark.django_db


def _london(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)


def _done(today: dt.date) -> dict[str, int]:
    return {line.kind: line.count for line in retention_apply(today)}


def _planned(today: dt.date) -> dict[str, int]:
    return {line.kind: line.count for line in retention_plan(today)}


def _invitation(world, case, n: int, *, expires: dt.date, answered: bool = False):
    return SurveyInvitation.objects.create(
        case=case,
        provider=world.provider,
        local_authority=case.local_authority,
        respondent="family",
        token_digest=f"{n:064d}",
        sent_at=_london(expires - dt.timedelta(days=28)),
        expires_at=_london(expires),
        answered_at=_london(expires - dt.timedelta(days=1)) if answered else None,
    )


def test_survey_comments_go_a_year_after_the_answer_and_the_scores_stay(world, time_machine):
    _at(time_machine, dt.date(2024, 5, 10))
    case = open_case(world)
    invitation = _invitation(world, case, 1, expires=dt.date(2024, 5, 20), answered=True)
    answer = SurveyResponse.objects.create(
        invitation=invitation,
        provider=world.provider,
        local_authority=case.local_authority,
        respondent="family",
        answered_on=dt.date(2024, 5, 10),
        satisfaction=4,
        listened_to="yes",
        would_recommend="yes",
        comments="The mediator, Sam, listened to Alex.",
    )
    _at(time_machine, dt.date(2025, 5, 10))
    assert _planned(dt.date(2025, 5, 9))["survey_comments"] == 0  # a day short of a year
    assert _done(dt.date(2025, 5, 10))["survey_comments"] == 1
    answer.refresh_from_db()
    assert answer.comments == "" and answer.satisfaction == 4 and answer.would_recommend == "yes"
    assert SurveyInvitation.objects.filter(pk=invitation.pk).exists()  # answered: kept
    assert _done(dt.date(2025, 5, 10))["survey_comments"] == 0  # twice does nothing more


def test_unanswered_invitations_go_90_days_after_they_expired(world, time_machine):
    _at(time_machine, dt.date(2024, 5, 1))
    case = open_case(world)
    unanswered = _invitation(world, case, 2, expires=dt.date(2024, 6, 1))
    answered = _invitation(world, case, 3, expires=dt.date(2024, 6, 1), answered=True)
    _at(time_machine, dt.date(2024, 8, 30))  # 1 June + 90 days
    assert _planned(dt.date(2024, 8, 29))["survey_invitations"] == 0
    assert _done(dt.date(2024, 8, 30))["survey_invitations"] == 1
    assert not SurveyInvitation.objects.filter(pk=unanswered.pk).exists()
    assert SurveyInvitation.objects.filter(pk=answered.pk).exists()


def test_a_complaints_summary_is_removed_six_years_after_the_response(world, time_machine):
    _at(time_machine, dt.date(2024, 3, 10))
    case = open_case(world)
    answered = ProviderComplaint.objects.create(
        provider=world.provider,
        complainant="family",
        received_on=dt.date(2024, 3, 6),
        summary="Alex's mother says the mediator was late.",
        case=case,
        response_due_on=dt.date(2024, 4, 3),
        response_sent_on=dt.date(2024, 3, 20),
        outcome="upheld",
    )
    open_one = ProviderComplaint.objects.create(
        provider=world.provider,
        complainant="local_authority",
        received_on=dt.date(2024, 3, 6),
        summary="Still waiting for an answer.",
        response_due_on=dt.date(2024, 4, 3),
    )
    _at(time_machine, dt.date(2030, 3, 20))
    assert _planned(dt.date(2030, 3, 19))["provider_complaints"] == 0
    assert _done(dt.date(2030, 3, 20))["provider_complaints"] == 1
    answered.refresh_from_db()
    open_one.refresh_from_db()
    assert answered.summary == REMOVED and answered.outcome == "upheld"
    assert answered.received_on == dt.date(2024, 3, 6)
    assert open_one.summary == "Still waiting for an answer."
    assert _done(dt.date(2030, 3, 20))["provider_complaints"] == 0


def _delivery(endpoint, case, key: str, state: str, made: dt.date) -> Delivery:
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        message_id=f"msg_{uuid.uuid4().hex}",  # as webhooks.services makes them (36 characters)
        event_type="case.opened",
        dedup_key=key,
        case=case,
        payload={"case": case.reference},
        state=state,
        created_at=_london(made),
    )
    Attempt.objects.create(delivery=delivery, number=1, status_code=200, started_at=_london(made))
    return delivery


def test_webhook_deliveries_go_after_90_days_once_finished(world, time_machine):
    _at(time_machine, dt.date(2024, 3, 10))
    case = open_case(world)
    closed = open_case(world)
    Case.objects.filter(pk=closed.pk).update(status=sorted(TERMINAL)[0])
    endpoint = Endpoint.objects.create(
        owner_kind="provider", provider=world.provider, url="https://example.test/hook"
    )
    made = dt.date(2024, 3, 1)
    delivered = _delivery(endpoint, case, "event:1", "delivered", made)
    failed = _delivery(endpoint, case, "event:2", "failed", made)
    pending = _delivery(endpoint, case, "event:3", "retrying", made)
    # A deadline's delivery on an open case stops "deadline missed" being queued again.
    deadline_open = _delivery(
        endpoint, case, "deadline:7:deadline.missed:2024-02-01", "delivered", made
    )
    deadline_closed = _delivery(
        endpoint, closed, "deadline:8:deadline.missed:2024-02-01", "delivered", made
    )
    _at(time_machine, dt.date(2024, 5, 30))  # 1 March + 90 days
    assert _planned(dt.date(2024, 5, 29))["webhook_deliveries"] == 0
    assert _done(dt.date(2024, 5, 30))["webhook_deliveries"] == 3
    left = set(Delivery.objects.values_list("pk", flat=True))
    assert left == {pending.pk, deadline_open.pk}
    gone = {delivered.pk, failed.pk, deadline_closed.pk}
    assert not Attempt.objects.filter(delivery_id__in=gone).exists()
    event = AuditEvent.objects.get(action="retention.webhook_deliveries.delete")
    assert event.detail["count"] == 3 and event.detail["attempts"] == 3


def test_an_unconfirmed_imports_file_goes_after_7_days(world, time_machine):
    _at(time_machine, dt.date(2024, 11, 1))
    waiting = CaseImport.objects.create(
        provider=world.provider, file_name="cases.xlsx", content=b"caseload", to_create=3
    )
    failed = CaseImport.objects.create(
        provider=world.provider,
        file_name="more.csv",
        content=b"rows",
        events_content=b"events",
        state=CaseImport.State.FAILED,
    )
    imported = CaseImport.objects.create(
        provider=world.provider, file_name="done.xlsx", state=CaseImport.State.IMPORTED
    )
    _at(time_machine, dt.date(2024, 11, 7))
    newer = CaseImport.objects.create(provider=world.provider, file_name="new.xlsx", content=b"x")
    _at(time_machine, dt.date(2024, 11, 8))
    assert _planned(dt.date(2024, 11, 7))["unconfirmed_imports"] == 0
    assert _done(dt.date(2024, 11, 8))["unconfirmed_imports"] == 2
    for record in (waiting, failed, imported, newer):
        record.refresh_from_db()
    assert bytes(waiting.content) == b"" and waiting.state == "expired"
    assert waiting.to_create == 3  # the counts stay
    assert bytes(failed.content) == bytes(failed.events_content) == b""
    assert failed.state == "failed" and imported.state == "imported"
    assert bytes(newer.content) == b"x" and newer.state == "validated"
    assert _done(dt.date(2024, 11, 8))["unconfirmed_imports"] == 0
