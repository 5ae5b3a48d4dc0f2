"""The API's operations for rearranging and cancelling meetings, reopening a case and undoing
its last step (issue 18): documented in OpenAPI, problem+json errors, a retry performs once."""

import datetime as dt

import pytest
from django.urls import reverse

from sendresolve.cases import services
from sendresolve.cases.models import CaseEvent, Session
from sendresolve.cases.steps import last_step
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2024, 3, 20, 10, tzinfo=LONDON)
PROBLEM = "application/problem+json"


@pytest.fixture
def meeting(world, time_machine):
    time_machine.move_to(NOW, tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(world, actor=adviser, email="alex@example.test")
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 3, 8))
    return services.session_schedule(
        actor=adviser,
        case=case,
        starts_at=dt.datetime(2024, 4, 2, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2024, 4, 2, 12, tzinfo=LONDON),
        mode="online",
    )


def session_url(meeting, what: str) -> str:
    return reverse(
        f"api:session-{what}",
        kwargs={"reference": meeting.case.reference, "session_id": meeting.pk},
    )


REARRANGE = {
    "starts_at": "2024-04-09T14:00:00+01:00",
    "ends_at": "2024-04-09T16:00:00+01:00",
    "mode": "online",
    "reason": "The only day the LA officer can come.",
}


def test_the_schema_documents_rearranging_and_cancelling(api):
    document = api("provider_staff").get(reverse("api:schema"), {"format": "json"}).json()
    paths = document["paths"]
    rearrange = paths["/api/v1/cases/{reference}/sessions/{session_id}/rearrangement"]["post"]
    cancel = paths["/api/v1/cases/{reference}/sessions/{session_id}/cancellation"]["post"]
    assert rearrange["operationId"] == "cases_sessions_rearrange"
    assert cancel["operationId"] == "cases_sessions_cancel"
    for operation in (rearrange, cancel):
        assert PROBLEM in operation["responses"]["400"]["content"]
        assert PROBLEM in operation["responses"]["409"]["content"]
    schemas = document["components"]["schemas"]
    assert {"starts_at", "ends_at", "mode", "reason"} <= set(
        schemas["SessionRearrangeRequest"]["required"]
    )
    assert "warnings" in schemas["SessionRearranged"]["properties"]
    assert "cancelled_by" in schemas["SessionCancellationRequest"]["required"]
    mapping = schemas["CaseActionRequest"]["discriminator"]["mapping"]
    assert {"case_reopen", "step_undo"} <= set(mapping)


def test_a_meeting_is_rearranged_with_a_warning_and_a_retry_performs_once(api, meeting):
    client = api("provider_staff")
    before = OutboxMessage.objects.count()
    answers = [
        client.post(session_url(meeting, "rearrangement"), REARRANGE, HTTP_IDEMPOTENCY_KEY="r-1")
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [200, 200]
    body = answers[0].json()
    assert body["sequence"] == 1
    assert body["starts_at"].startswith("2024-04-09T")
    assert [w["code"] for w in body["warnings"]] == ["after_time_limit"]
    assert answers[1].json() == body
    assert CaseEvent.objects.filter(case=meeting.case, type="session_rearranged").count() == 1
    assert OutboxMessage.objects.count() - before == 1


def test_a_rearrangement_without_a_reason_is_a_problem(api, meeting):
    response = api("provider_staff").post(
        session_url(meeting, "rearrangement"), {**REARRANGE, "reason": ""}
    )
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert "reason" in response.json()["errors"]
    assert Session.objects.get(pk=meeting.pk).sequence == 0


def test_a_meeting_is_cancelled_with_who_cancelled(api, meeting):
    client = api("provider_staff")
    body = {"on": "2024-03-20", "cancelled_by": "family", "reason": "Child unwell."}
    response = client.post(session_url(meeting, "cancellation"), body)
    assert response.status_code == 200
    assert response.json()["state"] == "cancelled"
    assert response.json()["cancelled_by"] == "family"
    assert response.json()["sequence"] == 1
    again = client.post(session_url(meeting, "cancellation"), {**body, "reason": "Again."})
    assert again.status_code == 400
    assert again["Content-Type"] == PROBLEM
    # Rearranging a cancelled meeting is refused too.
    refused = client.post(session_url(meeting, "rearrangement"), REARRANGE)
    assert refused.status_code == 400


def test_la_officers_may_not_rearrange_or_cancel(api, meeting):
    client = api("la_officer")
    assert client.post(session_url(meeting, "rearrangement"), REARRANGE).status_code == 403
    body = {"on": "2024-03-20", "cancelled_by": "local_authority"}
    assert client.post(session_url(meeting, "cancellation"), body).status_code == 403


def test_the_last_step_is_undone_and_a_withdrawn_case_reopened_through_the_actions(
    world, api, time_machine
):
    time_machine.move_to(NOW, tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(world, actor=adviser)
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    client = api("provider_staff")
    actions = reverse("api:case-actions", kwargs={"reference": case.reference})
    offered = {row["action"]: row for row in client.get(actions).json()}
    step = last_step(case)
    assert offered["step_undo"]["items"] == [step.pk]
    undo = {"action": "step_undo", "event": step.pk, "reason": "Wrong family."}
    response = client.post(actions, undo)
    assert response.status_code == 200
    assert response.json()["status"] == "advice_given"
    # The step is gone: undoing it again is a problem, not a second undo.
    again = client.post(actions, undo, HTTP_IDEMPOTENCY_KEY="new")
    assert again.status_code == 400
    assert again["Content-Type"] == PROBLEM
    withdraw = {"action": "case_withdraw", "on": "2024-03-20", "reason": "Moved away."}
    assert client.post(actions, withdraw).status_code == 200
    reopen = {"action": "case_reopen", "reason": "The family came back."}
    assert client.post(actions, {"action": "case_reopen"}).status_code == 400
    response = client.post(actions, reopen)
    assert response.status_code == 200
    assert response.json()["status"] == "advice_given"
    refused = client.post(actions, reopen, HTTP_IDEMPOTENCY_KEY="another")
    assert refused.status_code == 409
    assert refused["Content-Type"] == PROBLEM


def test_undoing_a_certificate_issue_is_a_conflict(world, api, time_machine):
    time_machine.move_to(NOW, tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(world, actor=adviser)
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    services.certificate_issue(actor=adviser, case=case, on=dt.date(2024, 3, 8))
    actions = reverse("api:case-actions", kwargs={"reference": case.reference})
    client = api("provider_staff")
    assert "step_undo" not in {row["action"] for row in client.get(actions).json()}
    body = {"action": "step_undo", "event": last_step(case).pk, "reason": "In error."}
    response = client.post(actions, body)
    assert response.status_code == 409
    assert "certificate" in response.json()["detail"]
    case.refresh_from_db()
    assert case.status == "certificate_issued"


def test_the_actions_list_points_rearranging_at_its_own_endpoint(api, meeting):
    case = meeting.case
    rows = api("provider_staff").get(
        reverse("api:case-actions", kwargs={"reference": case.reference})
    )
    (row,) = [r for r in rows.json() if r["action"] == "session_rearrange"]
    assert row["items"] == [meeting.pk]
    assert (
        row["endpoint"] == f"/api/v1/cases/{case.reference}/sessions/{{session_id}}/rearrangement"
    )
