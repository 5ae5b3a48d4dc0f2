"""The case page's contact log, tasks and council messages, and "Your tasks" in the queue."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from sendresolve.cases import services
from sendresolve.cases.models import CaseTask, ContactEntry
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.notifications.models import OutboxMessage
from sendresolve.notifications.services import message_deliver

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2024, 3, 20, 10, tzinfo=LONDON)


@pytest.fixture
def case(world, time_machine):
    time_machine.move_to(NOW, tick=False)
    return open_case(world)


def _key() -> str:
    return "a" * 32


def test_a_call_logged_through_the_form_is_on_the_providers_page_not_the_las(
    world, as_persona, case
):
    client = as_persona("provider_staff")
    url = reverse("staff:contact-new", args=[case.reference])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "call",
            "direction": "in",
            "party": "",
            "with_whom": "Alex Example",
            "occurred_at_0": "19",
            "occurred_at_1": "3",
            "occurred_at_2": "2024",
            "time": "15:30",
            "summary": "Asked about the meeting date.",
            "submission_key": _key(),
        },
    )
    assert response.status_code == 302
    entry = ContactEntry.objects.get()
    assert entry.occurred_at == dt.datetime(2024, 3, 19, 15, 30, tzinfo=LONDON)
    assert not entry.confidential
    page = as_persona("colleague").get(reverse("staff:case", args=[case.reference]))
    assert "Asked about the meeting date." in page.content.decode()
    # The LA's officer sees the case once the family asks for mediation (privacy by stage),
    # but not the provider's contact log.
    services.advice_give(actor=world.users["provider_staff"], case=case, on=NOW.date())
    services.mediation_request(actor=world.users["provider_staff"], case=case, on=NOW.date())
    page = as_persona("la_officer").get(reverse("staff:case", args=[case.reference]))
    assert page.status_code == 200
    assert "Asked about the meeting date." not in page.content.decode()
    assert 'id="contact-log"' not in page.content.decode()


def test_a_confidential_entry_is_on_the_providers_page_only(world, as_persona, case):
    services.contact_log(
        actor=world.users["provider_staff"],
        case=case,
        kind="call",
        direction="in",
        with_whom="Alex Example",
        occurred_at=dt.datetime(2024, 3, 19, 15, tzinfo=LONDON),
        summary="SECRET-CALL parent would accept a compromise.",
        confidential=True,
    )
    url = reverse("staff:case", args=[case.reference])
    assert "SECRET-CALL" in as_persona("provider_staff").get(url).content.decode()
    # A mediator reads confidential entries on the cases assigned to them only (issue 23).
    assert "SECRET-CALL" not in as_persona("colleague").get(url).content.decode()
    assert "SECRET-CALL" not in as_persona("la_officer").get(url).content.decode()


def test_a_contact_form_with_errors_links_each_to_its_field(world, as_persona, case):
    response = as_persona("provider_staff").post(
        reverse("staff:contact-new", args=[case.reference]),
        {"kind": "", "direction": "in", "with_whom": "", "summary": "", "submission_key": _key()},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_kind"' in html
    assert 'href="#id_summary"' in html
    assert 'href="#id_occurred_at_0"' in html
    assert not ContactEntry.objects.exists()


def test_a_future_contact_is_refused_on_the_date(world, as_persona, case):
    response = as_persona("provider_staff").post(
        reverse("staff:contact-new", args=[case.reference]),
        {
            "kind": "email",
            "direction": "out",
            "with_whom": "Barnet SEND team",
            "occurred_at_0": "21",
            "occurred_at_1": "3",
            "occurred_at_2": "2024",
            "summary": "Sent dates.",
            "submission_key": _key(),
        },
    )
    assert response.status_code == 400
    assert 'href="#id_occurred_at_0"' in response.content.decode()
    assert not ContactEntry.objects.exists()


def test_a_task_added_and_done_through_the_pages(world, as_persona, case):
    client = as_persona("provider_staff")
    colleague = world.users["colleague"]
    response = client.post(
        reverse("staff:task-new", args=[case.reference]),
        {
            "description": "Call the LA officer back",
            "owner": str(colleague.pk),
            "due_on_0": "19",
            "due_on_1": "3",
            "due_on_2": "2024",
            "submission_key": _key(),
        },
    )
    assert response.status_code == 302
    task = CaseTask.objects.get()
    # In the owner's queue, tagged overdue; not in the author's.
    queue = as_persona("colleague").get(reverse("staff:home")).content.decode()
    assert "Your tasks" in queue and "Call the LA officer back" in queue
    row = re.search(r'<table class="govuk-table app-my-tasks">.*?</table>', queue, re.S)[0]
    assert "Overdue" in row
    assert (
        "Your tasks" not in as_persona("provider_staff").get(reverse("staff:home")).content.decode()
    )
    # Done from the case page, by the case's mediator (a mediator acts on the cases assigned
    # to them, issue 23): it leaves the queue.
    services.case_assign(actor=world.users["provider_staff"], case=case, assignee=colleague)
    client = as_persona("colleague")
    done = client.post(
        reverse("staff:task-update", args=[case.reference, task.pk, "done"]),
        {"submission_key": "b" * 32},
    )
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.done_on == dt.date(2024, 3, 20)
    assert "Your tasks" not in client.get(reverse("staff:home")).content.decode()
    page = client.get(reverse("staff:case", args=[case.reference])).content.decode()
    assert 'data-action="task_reopen"' in page


def test_the_same_task_form_sent_twice_adds_one_task(world, as_persona, case):
    client = as_persona("provider_staff")
    body = {
        "description": "Send the venue details",
        "owner": str(world.users["provider_staff"].pk),
        "due_on_0": "25",
        "due_on_1": "3",
        "due_on_2": "2024",
        "submission_key": _key(),
    }
    url = reverse("staff:task-new", args=[case.reference])
    assert client.post(url, body).status_code == 302
    assert client.post(url, body).status_code == 302
    assert CaseTask.objects.count() == 1


def test_la_officers_get_no_contact_or_task_pages(world, as_persona, case):
    client = as_persona("la_officer")
    assert client.get(reverse("staff:contact-new", args=[case.reference])).status_code == 404
    assert client.get(reverse("staff:task-new", args=[case.reference])).status_code == 404
    page = client.get(reverse("staff:case", args=[case.reference])).content.decode()
    assert 'data-action="contact_log"' not in page
    assert 'data-action="task_add"' not in page


def test_the_case_page_says_when_the_la_was_told_and_to_whom(world, as_persona, case):
    world.local_authority.send_team_email = "send@barnet.test"
    world.local_authority.save()
    adviser = world.users["provider_staff"]
    services.party_add(
        actor=adviser, case=case, role="la_officer", name="Jo Officer", email="jo@barnet.test"
    )
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 3, 8))
    for message in OutboxMessage.objects.filter(reference=case.reference):
        message_deliver(message_id=message.pk)
    page = as_persona("provider_staff").get(reverse("staff:case", args=[case.reference]))
    assert (
        "Family wants mediation – sent to send@barnet.test and Jo Officer on 20 March 2024"
        in page.content.decode()
    )
