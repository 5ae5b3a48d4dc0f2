"""The pages of travel expenses (issue 22): the family claims through their status link and
sees the decision; the LA's officer lists claims and records one paid or refused."""

import datetime as dt

import pytest
from django.urls import reverse

from sendresolve.casefiles.models import CaseFile
from sendresolve.casefiles.tests.conftest import EICAR, PDF, stored_files, upload
from sendresolve.expenses.models import ClaimState, ExpenseClaim
from sendresolve.expenses.services import LineInput
from sendresolve.public.family.links import token_for

pytestmark = pytest.mark.django_db


def line(number=1, **values):
    data = {
        "travelled_on_0": "8",
        "travelled_on_1": "1",
        "travelled_on_2": "2025",
        "mode": "public_transport",
        "description": "Bus to the centre and back",
        "miles": "",
        "amount": "4.50",
    }
    data.update(values)
    return {f"line-{number}-{key}": value for key, value in data.items()}


def claim_form(lines=1, key="f" * 24, **extra):
    data = {"submission_key": key, "lines": str(lines), "send": "1"}
    data.update(extra)
    return data


@pytest.fixture
def family(client, case):
    token = token_for(case)
    assert client.get(reverse("public:family-status", args=[token])).status_code == 200
    return client, token


def test_the_status_page_offers_a_claim_after_a_meeting(family):
    client, token = family
    page = client.get(reverse("public:family-status", args=[token])).content.decode()
    assert "Travel expenses" in page
    assert reverse("public:family-expenses", args=[token]) in page


def test_a_family_claims_with_a_receipt_once_and_sees_it_waiting(family, case, case_files_dir):
    client, token = family
    url = reverse("public:family-expenses", args=[token])
    form = client.get(url)
    assert form.status_code == 200
    assert "45p a mile" in form.content.decode()
    data = {**claim_form(), **line(), "receipts": upload(PDF, "ticket.pdf")}
    first = client.post(url, data)
    assert first.status_code == 302
    assert first["Location"] == reverse("public:family-expenses-sent", args=[token])
    again = client.post(url, {**claim_form(), **line(), "receipts": upload(PDF, "ticket.pdf")})
    assert again.status_code == 302
    made = ExpenseClaim.objects.get()
    assert made.total_pence == 450
    assert CaseFile.objects.count() == 1
    sent = client.get(first["Location"]).content.decode()
    assert "£4.50" in sent
    status = client.get(reverse("public:family-status", args=[token])).content.decode()
    assert f'data-expense-claim="{made.pk}" data-state="submitted"' in status
    assert "Waiting for Barnet to decide" in status


def test_a_virus_in_a_receipt_is_an_error_on_the_page_and_nothing_is_kept(family, case_files_dir):
    client, token = family
    url = reverse("public:family-expenses", args=[token])
    response = client.post(url, {**claim_form(), **line(), "receipts": upload(EICAR, "a.txt")})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert "contains a virus" in body
    assert 'href="#id_receipts"' in body
    assert not ExpenseClaim.objects.exists()
    assert stored_files(case_files_dir) == []


def test_adding_and_removing_costs_keeps_what_was_typed(family):
    client, token = family
    url = reverse("public:family-expenses", args=[token])
    added = client.post(url, {**claim_form(), **line(description="First trip"), "add": "1"})
    assert added.status_code == 302 and added["Location"] == url
    body = client.get(url).content.decode()
    assert "Cost 2" in body and "First trip" in body
    assert "There is a problem" not in body
    removed = client.post(
        url,
        {
            **claim_form(lines=2),
            **line(1, description="First trip"),
            **line(2, description="Second trip"),
            "remove": "2",
        },
    )
    assert removed.status_code == 302
    body = client.get(url).content.decode()
    assert "First trip" in body and "Second trip" not in body and "Cost 2" not in body
    # Sending the claim forgets what was kept between the steps.
    sent = client.post(url, {**claim_form(), **line(mode="car", miles="3", amount="")})
    assert sent.status_code == 302
    assert "First trip" not in client.get(url).content.decode()


def test_missing_and_wrong_answers_are_listed(family):
    client, token = family
    url = reverse("public:family-expenses", args=[token])
    response = client.post(
        url, {**claim_form(), **line(mode="car", miles="", amount="", description="")}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter how many miles you drove" in body
    assert "Enter where you travelled from and to" in body
    response = client.post(url, {**claim_form(), **line(amount="four pounds")})
    assert "Enter the amount in pounds, like 4.50" in response.content.decode()
    response = client.post(url, {**claim_form(), **line(amount="9999.99")})
    assert "Each line must be £500.00 or less" in response.content.decode()
    assert not ExpenseClaim.objects.exists()


def test_another_link_opens_no_claim_page(client, world, case):
    from sendresolve.cases.tests.factories import open_case

    other = open_case(world, email="other@example.test")
    assert client.get(reverse("public:family-expenses", args=["forged"])).status_code == 404
    page = client.get(reverse("public:family-expenses", args=[token_for(other)]))
    assert "once you have been to a mediation meeting" in page.content.decode()


def _submitted(case):
    from sendresolve.cases.recorder import action_perform
    from sendresolve.tenancy.actors import FamilyActor

    return action_perform(
        "expense_claim",
        actor=FamilyActor(user=None, user_id=None, case_id=case.pk),
        case=case,
        lines=[LineInput(dt.date(2025, 1, 8), "car", "Home and back", miles="20")],
    )


def test_the_la_officer_lists_and_marks_a_claim_paid(as_persona, case, family):
    made = _submitted(case)
    officer = as_persona("la_officer")
    listing = officer.get(reverse("staff:expenses")).content.decode()
    assert case.reference in listing and "£9.00" in listing
    case_page = officer.get(reverse("staff:case", args=[case.reference])).content.decode()
    assert "record the decision" in case_page
    url = reverse("staff:expense-decide", args=[case.reference, made.pk])
    assert officer.get(url).status_code == 200
    response = officer.post(
        url,
        {
            "decision": "paid",
            "on_0": "20",
            "on_1": "1",
            "on_2": "2025",
            "reason": "",
            "submission_key": "d" * 32,
        },
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.state == ClaimState.PAID
    client, token = family
    status = client.get(reverse("public:family-status", args=[token])).content.decode()
    assert "Paid by Barnet on Monday 20 January 2025" in status


def test_a_refusal_without_a_reason_is_an_error_and_the_reason_reaches_the_family(
    as_persona, case, family
):
    made = _submitted(case)
    officer = as_persona("la_officer")
    url = reverse("staff:expense-decide", args=[case.reference, made.pk])
    base = {"decision": "refused", "on_0": "20", "on_1": "1", "on_2": "2025"}
    response = officer.post(url, {**base, "reason": "", "submission_key": "e" * 32})
    assert response.status_code == 400
    assert "Enter why the claim was refused" in response.content.decode()
    reason = "The journey was not to the mediation."
    officer.post(url, {**base, "reason": reason, "submission_key": "e" * 31 + "f"})
    made.refresh_from_db()
    assert made.state == ClaimState.REFUSED
    client, token = family
    assert reason in client.get(reverse("public:family-status", args=[token])).content.decode()


@pytest.mark.parametrize(
    ("persona", "reads", "decides"),
    [
        ("provider_staff", 200, False),
        ("administrator", 200, True),
        ("la_officer", 200, True),
        ("other_la", 404, False),
        ("other_provider", 404, False),
        ("icb_officer", 404, False),
    ],
)
def test_who_reads_and_who_decides_a_claim(as_persona, case, persona, reads, decides):
    made = _submitted(case)
    client = as_persona(persona)
    url = reverse("staff:expense-decide", args=[case.reference, made.pk])
    page = client.get(url)
    assert page.status_code == reads
    if reads == 200:
        assert ("Record the decision" in page.content.decode()) is decides
    response = client.post(
        url,
        {"decision": "paid", "on_0": "20", "on_1": "1", "on_2": "2025", "submission_key": "a" * 32},
    )
    made.refresh_from_db()
    assert (made.state == ClaimState.PAID) is decides
    if not decides:
        assert response.status_code == 404
