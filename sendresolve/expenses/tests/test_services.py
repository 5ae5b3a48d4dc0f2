"""Travel expense claims (issue 22): the family claims, the LA decides; amounts, receipts,
double submissions and who may do what."""

import datetime as dt
from decimal import Decimal

import pytest

from sendresolve.audit.models import AuditEvent
from sendresolve.casefiles.models import CaseFile, Kind, Visibility
from sendresolve.casefiles.tests.conftest import EICAR, PDF, stored_files, upload
from sendresolve.cases.models import CaseEvent, Session
from sendresolve.cases.recorder import Replayed, action_perform
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import NotAllowed, NotFound, ValidationError
from sendresolve.expenses.models import ClaimState, ExpenseClaim, MileageRate
from sendresolve.expenses.selectors import claims_for, claims_to_decide, family_claims
from sendresolve.expenses.services import LineInput, expense_claim, expense_decide, pounds
from sendresolve.tenancy.actors import FamilyActor

pytestmark = pytest.mark.django_db
MEETING_DAY = dt.date(2025, 1, 8)


def family(case):
    return FamilyActor(user=None, user_id=None, case_id=case.pk)


def car(miles="12.5", on=MEETING_DAY):
    return LineInput(travelled_on=on, mode="car", description="Home to the centre", miles=miles)


def fare(pence=450, on=MEETING_DAY):
    return LineInput(
        travelled_on=on, mode="public_transport", description="Bus there", amount_pence=pence
    )


def claim(case, lines, receipts=(), key="k" * 24):
    return action_perform(
        "expense_claim",
        actor=family(case),
        case=case,
        submission_key=key,
        lines=lines,
        receipts=list(receipts),
    )


def test_a_family_claims_mileage_and_a_fare_priced_on_the_server(case, case_files_dir):
    made = claim(case, [car("12.5"), fare(450)], [upload(PDF, "ticket.pdf")])
    # 12.5 miles at the default 45p = 562.5p, rounded half up to 563p; plus the 450p fare.
    assert made.total_pence == 563 + 450
    car_line, fare_line = made.lines.order_by("id")
    assert (car_line.miles, car_line.pence_per_mile, car_line.amount_pence) == (
        Decimal("12.5"),
        45,
        563,
    )
    assert made.state == ClaimState.SUBMITTED
    assert made.session == case.sessions.get()
    (receipt,) = made.receipts.all()
    assert receipt.kind == Kind.RECEIPT and receipt.visibility == Visibility.PARTIES
    assert receipt.uploaded_by is None
    assert len(stored_files(case_files_dir)) == 1
    event = CaseEvent.objects.get(case=case, type="expenses_claimed")
    assert event.detail == {"claim_id": made.pk, "total_pence": 1013, "lines": 2, "receipts": 1}
    audit = AuditEvent.objects.get(action="case.expense_claim")
    assert audit.detail["by"] == "family"
    assert "Home to the centre" not in str(audit.detail)


def test_the_las_own_mileage_rate_is_used(case):
    MileageRate.objects.create(local_authority=case.local_authority, pence_per_mile=30)
    assert claim(case, [car("10")]).total_pence == 300


def test_the_same_claim_sent_twice_is_one_claim(case, case_files_dir):
    first = claim(case, [fare()], [upload(PDF)])
    again = claim(case, [fare()], [upload(PDF)])
    assert isinstance(again, Replayed)
    assert again.result == first
    assert ExpenseClaim.objects.count() == 1
    assert CaseFile.objects.count() == 1
    assert len(stored_files(case_files_dir)) == 1


def test_a_receipt_with_a_virus_refuses_the_claim_and_stores_nothing(case, case_files_dir):
    with pytest.raises(ValidationError) as refused:
        claim(case, [fare()], [upload(PDF, "ok.pdf"), upload(EICAR, "eicar.txt")])
    assert refused.value.field == "receipts"
    assert "virus" in str(refused.value)
    assert not ExpenseClaim.objects.exists()
    assert not CaseFile.objects.exists()
    assert stored_files(case_files_dir) == []


@pytest.mark.parametrize(
    ("line", "field"),
    [
        (car("0"), "line-1-miles"),
        (car("-3"), "line-1-miles"),
        (car("501"), "line-1-miles"),
        (car("1.25"), "line-1-miles"),
        (car("NaN"), "line-1-miles"),
        (car("lots"), "line-1-miles"),
        (fare(0), "line-1-amount"),
        (fare(-100), "line-1-amount"),
        (fare(50_001), "line-1-amount"),
        (fare(450, on=dt.date(2025, 1, 21)), "line-1-travelled_on"),  # tomorrow
        (fare(450, on=dt.date(2024, 12, 1)), "line-1-travelled_on"),  # before first contact
        (LineInput(MEETING_DAY, "rocket", "Moon", amount_pence=1), "line-1-mode"),
        (LineInput(MEETING_DAY, "parking", "  ", amount_pence=100), "line-1-description"),
        (LineInput(None, "parking", "Car park", amount_pence=100), "line-1-travelled_on"),
    ],
)
def test_bad_lines_are_refused_naming_the_field(case, line, field):
    with pytest.raises(ValidationError) as refused:
        claim(case, [line], [upload(PDF)])
    assert refused.value.field == field
    assert not ExpenseClaim.objects.exists()


def test_fares_need_a_receipt_and_mileage_does_not(case):
    with pytest.raises(ValidationError) as refused:
        claim(case, [fare()])
    assert refused.value.field == "receipts"
    assert claim(case, [car()]).total_pence == 563


def test_no_claim_before_a_meeting_or_for_a_cancelled_one(world, case):
    from sendresolve.cases.tests.factories import open_case

    early = open_case(world, opened_on=dt.date(2025, 1, 2))
    with pytest.raises(ValidationError):
        claim(early, [car()])
    Session.objects.create(
        case=early,
        starts_at=dt.datetime(2025, 1, 10, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2025, 1, 10, 12, tzinfo=LONDON),
        mode="online",
        state=Session.State.CANCELLED,
    )
    with pytest.raises(ValidationError):
        claim(early, [car(on=dt.date(2025, 1, 10))])


def test_staff_cannot_claim_for_the_family(world, case):
    with pytest.raises(NotFound):
        expense_claim(actor=world.users["provider_staff"], case=case, lines=[car()])
    with pytest.raises(NotFound):  # nor can a family through another case's link
        from sendresolve.cases.tests.factories import open_case

        other = open_case(world)
        expense_claim(actor=family(other), case=case, lines=[car()])


def test_the_la_officer_records_paid_and_the_family_sees_it(world, case):
    made = claim(case, [car()])
    decided = expense_decide(
        actor=world.users["la_officer"], claim=made, decision="paid", on=dt.date(2025, 1, 20)
    )
    assert decided.state == ClaimState.PAID
    assert decided.decided_on == dt.date(2025, 1, 20)
    assert decided.decided_by == world.users["la_officer"]
    assert family_claims(case).get().state == ClaimState.PAID
    assert CaseEvent.objects.filter(type="expenses_decided").count() == 1
    with pytest.raises(NotAllowed):  # once decided, decided
        expense_decide(
            actor=world.users["la_officer"],
            claim=made,
            decision="refused",
            on=dt.date(2025, 1, 20),
            reason="Changed my mind",
        )


def test_a_refusal_needs_a_reason_and_a_date_after_the_claim(world, case):
    made = claim(case, [car()])
    officer = world.users["la_officer"]
    with pytest.raises(ValidationError) as refused:
        expense_decide(actor=officer, claim=made, decision="refused", on=dt.date(2025, 1, 20))
    assert refused.value.field == "reason"
    with pytest.raises(ValidationError) as early:
        expense_decide(actor=officer, claim=made, decision="paid", on=dt.date(2025, 1, 19))
    assert early.value.field == "on"
    with pytest.raises(ValidationError):
        expense_decide(actor=officer, claim=made, decision="maybe", on=dt.date(2025, 1, 20))
    expense_decide(
        actor=officer,
        claim=made,
        decision="refused",
        on=dt.date(2025, 1, 20),
        reason="Taxi fares are paid only with the SEN team's agreement.",
    )
    made.refresh_from_db()
    assert made.state == ClaimState.REFUSED
    assert made.reason.startswith("Taxi fares")


@pytest.mark.parametrize("persona", ["provider_staff", "colleague", "icb_officer", "other_la"])
def test_only_the_cases_la_decides(world, case, persona):
    made = claim(case, [car()])
    with pytest.raises(NotFound):
        expense_decide(
            actor=world.users[persona], claim=made, decision="paid", on=dt.date(2025, 1, 20)
        )
    made.refresh_from_db()
    assert made.state == ClaimState.SUBMITTED


def test_who_sees_which_claims(world, case):
    made = claim(case, [car()])
    for persona in ("provider_staff", "colleague", "la_officer", "administrator"):
        assert list(claims_for(world.users[persona])) == [made], persona
    for persona in ("other_provider", "other_la", "icb_officer"):
        assert list(claims_for(world.users[persona])) == [], persona
    assert list(claims_to_decide(world.users["la_officer"])) == [made]
    expense_decide(
        actor=world.users["la_officer"], claim=made, decision="paid", on=dt.date(2025, 1, 20)
    )
    assert list(claims_to_decide(world.users["la_officer"])) == []


def test_pounds_are_written_the_gov_uk_way():
    assert pounds(1013) == "£10.13"
    assert pounds(5) == "£0.05"
    assert pounds(123456) == "£1,234.56"
