"""The contact log and tasks through the API alone."""

import datetime as dt

import pytest
from django.urls import reverse

from sendresolve.cases import services
from sendresolve.cases.models import CaseTask, ContactEntry
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2024, 3, 20, 10, tzinfo=LONDON)
PROBLEM = "application/problem+json"


@pytest.fixture
def case(world, time_machine):
    """A case the LA's officer sees too: the family asked for mediation (privacy by stage)."""
    time_machine.move_to(NOW, tick=False)
    case = open_case(world)
    adviser = world.users["provider_staff"]
    services.advice_give(actor=adviser, case=case, on=NOW.date())
    services.mediation_request(actor=adviser, case=case, on=NOW.date())
    return case


def _contacts(case):
    return reverse("api:case-contacts", kwargs={"reference": case.reference})


def _tasks(case):
    return reverse("api:case-tasks", kwargs={"reference": case.reference})


CALL = {
    "kind": "call",
    "direction": "in",
    "with_whom": "Alex Example",
    "occurred_at": "2024-03-19T15:30:00+00:00",
    "summary": "Asked about the meeting date.",
}


def test_a_call_logged_through_the_api_is_listed_for_the_provider_not_the_la(api, case):
    created = api("provider_staff").post(_contacts(case), CALL, format="json")
    assert created.status_code == 201
    assert created.json()["kind"] == "call" and created.json()["confidential"] is False
    listed = api("colleague").get(_contacts(case))
    assert [row["summary"] for row in listed.json()] == ["Asked about the meeting date."]
    # The provider's own record: the LA officer sees the case, but not its contact log.
    listed = api("la_officer").get(_contacts(case))
    assert listed.status_code == 200
    assert listed.json() == []


def test_a_confidential_entry_is_not_listed_for_the_la(api, case):
    body = {**CALL, "summary": "SECRET-CALL", "confidential": True}
    assert api("provider_staff").post(_contacts(case), body, format="json").status_code == 201
    # The provider's managers read confidential entries (the colleague, a mediator, only on
    # the cases assigned to them: issue 23).
    assert [row["summary"] for row in api("provider_staff").get(_contacts(case)).json()] == [
        "SECRET-CALL"
    ]
    assert api("la_officer").get(_contacts(case)).json() == []


def test_a_bad_contact_is_a_problem_naming_its_field(api, case):
    response = api("provider_staff").post(
        _contacts(case), {**CALL, "occurred_at": "2024-03-21T09:00:00+00:00"}, format="json"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith(PROBLEM)
    assert "occurred_at" in response.json()["errors"]
    unknown = api("provider_staff").post(_contacts(case), {**CALL, "mood": "x"}, format="json")
    assert unknown.status_code == 400 and "mood" in unknown.json()["errors"]
    assert not ContactEntry.objects.exists()


def test_an_la_officer_may_not_log_a_contact(api, case):
    response = api("la_officer").post(_contacts(case), CALL, format="json")
    assert response.status_code == 403
    assert response["Content-Type"].startswith(PROBLEM)


def test_the_same_body_sent_twice_logs_once(api, case):
    client = api("provider_staff")
    first = client.post(_contacts(case), CALL, format="json")
    second = client.post(_contacts(case), CALL, format="json")
    assert first.json()["id"] == second.json()["id"]
    assert ContactEntry.objects.count() == 1


def test_a_task_is_added_listed_done_and_reopened(world, api, case):
    client = api("provider_staff")
    owner = world.users["colleague"]
    created = client.post(
        _tasks(case),
        {"description": "Call the LA officer back", "owner": owner.pk, "due_on": "2024-03-22"},
        format="json",
    )
    assert created.status_code == 201
    task_id = created.json()["id"]
    assert created.json()["owner_id"] == owner.pk and created.json()["done_on"] is None
    assert [row["id"] for row in api("colleague").get(_tasks(case)).json()] == [task_id]
    # The provider's own tasks: the LA officer, who sees the case, gets none of them.
    assert api("la_officer").get(_tasks(case)).json() == []
    done_url = reverse("api:task-done", kwargs={"reference": case.reference, "task_id": task_id})
    done = client.post(done_url)
    assert done.status_code == 200 and done.json()["done_on"] == "2024-03-20"
    again = client.post(done_url, HTTP_IDEMPOTENCY_KEY="another")
    assert again.status_code == 409 and again["Content-Type"].startswith(PROBLEM)
    reopen = reverse("api:task-reopen", kwargs={"reference": case.reference, "task_id": task_id})
    assert client.post(reopen).json()["done_on"] is None
    assert CaseTask.objects.get().done_on is None


def test_a_task_for_someone_outside_the_provider_is_refused(world, api, case):
    response = api("provider_staff").post(
        _tasks(case),
        {"description": "x", "owner": world.users["la_officer"].pk, "due_on": "2024-03-22"},
        format="json",
    )
    assert response.status_code == 400
    assert "owner" in response.json()["errors"]


def test_the_openapi_document_has_the_contact_and_task_operations(api):
    document = api("provider_staff").get("/api/v1/schema?format=json").json()
    operations = {op["operationId"] for path in document["paths"].values() for op in path.values()}
    assert {
        "cases_contacts_list",
        "cases_contacts_create",
        "cases_tasks_list",
        "cases_tasks_create",
        "cases_tasks_done",
        "cases_tasks_reopen",
    } <= operations
