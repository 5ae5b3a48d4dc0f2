"""Complaints about the provider: due 20 working days after receipt, overdue ones first,
for the provider's managers only."""

import datetime as dt

import pytest
from django.urls import reverse

from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.quality import complaints
from sendresolve.quality.models import ProviderComplaint
from sendresolve.quality.tests.helpers import quality_people

pytestmark = pytest.mark.django_db

KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2025, 6, 2, 9, tzinfo=LONDON), tick=False)


@pytest.fixture
def people(world):
    return quality_people(world)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Easter 2025: Good Friday 18 April and Easter Monday 21 April do not count, nor the
        # early May bank holiday (5 May).
        (dt.date(2025, 4, 16), dt.date(2025, 5, 19)),  # two days before Good Friday
        (dt.date(2025, 4, 17), dt.date(2025, 5, 20)),  # the day before Good Friday
        (dt.date(2025, 4, 18), dt.date(2025, 5, 20)),  # Good Friday itself
        (dt.date(2025, 4, 22), dt.date(2025, 5, 21)),  # the day after Easter Monday
        # Christmas 2024: 25, 26 December and 1 January do not count.
        (dt.date(2024, 12, 20), dt.date(2025, 1, 22)),
    ],
)
def test_the_response_is_due_20_working_days_after_receipt(received, due):
    assert complaints.response_due(received) == due


def _record(actor, provider, received_on, **extra):
    values = {"complainant": "family", "summary": "Meeting started late.", **extra}
    return complaints.complaint_record(
        actor=actor, provider_id=provider.pk, received_on=received_on, **values
    )[0]


def test_overdue_complaints_come_first_with_their_working_days_overdue(world, people):
    manager = people["manager"]
    answered = _record(manager, world.provider, dt.date(2025, 3, 3))
    complaints.complaint_respond(
        actor=manager,
        complaint_id=answered.pk,
        response_sent_on=dt.date(2025, 3, 20),
        outcome="not_upheld",
    )
    not_due = _record(manager, world.provider, dt.date(2025, 5, 28))
    a_little = _record(manager, world.provider, dt.date(2025, 4, 28))  # due 28 May
    a_lot = _record(manager, world.provider, dt.date(2025, 4, 1))  # due 1 May (Easter)
    listed = complaints.complaints_listed(manager, today=dt.date(2025, 6, 2))
    assert [(c.pk, late) for c, late in listed] == [
        (a_lot.pk, 20),  # 2 May to 2 June, less the 5 and 26 May bank holidays
        (a_little.pk, 3),  # 29 and 30 May, 2 June
        (not_due.pk, 0),
        (answered.pk, 0),
    ]


def test_a_linked_case_must_be_the_providers_own(world, people):
    other_case = open_case(world, actor=world.users["provider_staff"])
    other_case.provider = world.other_provider
    other_case.save(update_fields=["provider"])
    with pytest.raises(ValidationError):
        _record(
            people["manager"],
            world.provider,
            dt.date(2025, 5, 1),
            case_reference=other_case.reference,
        )
    own = open_case(world)
    complaint = _record(
        people["manager"], world.provider, dt.date(2025, 5, 1), case_reference=own.reference.lower()
    )
    assert complaint.case == own


def test_only_the_providers_managers_record_and_read_them(world, role_personas, people):
    complaint = _record(people["manager"], world.provider, dt.date(2025, 5, 1))
    for who in (people["other_manager"], people["finance"], role_personas.users["adviser"]):
        with pytest.raises(NotFound):
            _record(who, world.provider, dt.date(2025, 5, 1))
        with pytest.raises(NotFound):
            complaints.complaint_get(who, complaint_id=complaint.pk)


def test_the_pages_record_once_and_refuse_everyone_else(world, role_personas, client, people):
    list_url = reverse("staff:quality-complaints")
    new_url = reverse("staff:quality-complaint-new")
    for who in (
        role_personas.users["adviser"],
        world.users["colleague"],
        world.users["la_officer"],
        world.users["administrator"],
        people["finance"],
    ):
        client.force_login(who)
        assert client.get(list_url).status_code == 404
        assert client.post(new_url, {}).status_code == 404
    client.force_login(people["manager"])
    empty = client.post(new_url, {"submission_key": KEY})
    assert empty.status_code == 400
    body = empty.content.decode()
    assert "govuk-error-summary" in body and "Select who complained" in body
    data = {
        "complainant": "local_authority",
        "received_on_0": "17",
        "received_on_1": "4",
        "received_on_2": "2025",
        "summary": "The certificate came late.",
        "case_reference": "",
        "submission_key": KEY,
    }
    assert client.post(new_url, data).status_code == 302
    assert client.post(new_url, data).status_code == 302  # the same form again
    complaint = ProviderComplaint.objects.get()
    assert complaint.response_due_on == dt.date(2025, 5, 20)
    page = client.get(list_url).content.decode()
    assert 'data-days-overdue="8"' in page  # 21 May to 2 June, less 26 May and weekends
    detail = reverse("staff:quality-complaint", args=[complaint.pk])
    bad = client.post(
        detail, {"response_sent_on_0": "1", "response_sent_on_1": "1", "response_sent_on_2": "2025"}
    )
    assert bad.status_code == 400
    assert "Select the outcome" in bad.content.decode()
    done = client.post(
        detail,
        {
            "response_sent_on_0": "21",
            "response_sent_on_1": "5",
            "response_sent_on_2": "2025",
            "outcome": "partly_upheld",
        },
    )
    assert done.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.response_sent_on, complaint.outcome) == (
        dt.date(2025, 5, 21),
        "partly_upheld",
    )
    client.force_login(people["other_manager"])
    assert client.get(detail).status_code == 404
