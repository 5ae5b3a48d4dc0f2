"""Billing runs, prices in force on the day, the volume alert, approval and credit notes."""

import datetime as dt

import pytest

from sendresolve.billing import services
from sendresolve.billing.models import Invoice, InvoiceLine, Locked, ServiceLine
from sendresolve.billing.selectors import invoice_total
from sendresolve.billing.tests.helpers import (
    PRICES,
    arranged_meeting,
    billing_people,
    commission_of,
    disagreement_meeting,
    mediation,
    terms,
)
from sendresolve.cases import services as case_services
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.notifications.models import OutboxMessage
from sendresolve.reports import figures

pytestmark = pytest.mark.django_db

NOVEMBER = dt.date(2024, 11, 1)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2024, 12, 10, 9, tzinfo=LONDON), tick=False)


@pytest.fixture
def people(world):
    return billing_people(world)


def run(world, people, month=NOVEMBER):
    return services.billing_run(
        actor=people["manager"],
        provider=world.provider,
        local_authority=world.local_authority,
        month=month,
    )


def lines_of(invoice):
    return [
        (line.case_reference, line.occurred_on, line.service, line.amount_pence)
        for line in invoice.lines.order_by("occurred_on", "id")
    ]


def test_each_event_is_billed_at_the_price_in_force_on_its_day(world, people):
    terms(world)
    services.terms_add(
        actor=people["manager"],
        commission_id=commission_of(world).pk,
        valid_from=dt.date(2024, 11, 16),
        **{**PRICES, "price_advice_call": 12000},
    )
    before = mediation(world, opened_on=dt.date(2024, 11, 5))
    on_the_day = mediation(world, opened_on=dt.date(2024, 11, 16))
    after = mediation(world, opened_on=dt.date(2024, 11, 20))
    invoice = run(world, people)
    assert lines_of(invoice) == [
        (before.reference, dt.date(2024, 11, 5), "advice_call", 9500),
        (on_the_day.reference, dt.date(2024, 11, 16), "advice_call", 12000),
        (after.reference, dt.date(2024, 11, 20), "advice_call", 12000),
    ]
    assert invoice_total(invoice) == 9500 + 12000 + 12000
    # The earlier terms now end the day before the new ones start; history is kept.
    history = list(commission_of(world).contract_terms.order_by("valid_from"))
    assert [(t.valid_from, t.valid_to) for t in history] == [
        (dt.date(2023, 4, 1), dt.date(2024, 11, 15)),
        (dt.date(2024, 11, 16), None),
    ]


def test_invoice_totals_equal_the_reports_counts_times_the_prices(
    world, people, django_capture_on_commit_callbacks
):
    terms(world)
    with django_capture_on_commit_callbacks(execute=True):
        mediation(world, opened_on=dt.date(2024, 11, 4))  # advice only
        mediation(world, opened_on=dt.date(2024, 11, 5), meetings=[dt.date(2024, 11, 19)])
        mediation(world, opened_on=dt.date(2024, 11, 6), meetings=[dt.date(2024, 11, 27)])
        disagreement_meeting(world, opened_on=dt.date(2024, 11, 7), held_on=dt.date(2024, 11, 21))
        # Outside the month: neither billed nor counted.
        mediation(world, opened_on=dt.date(2024, 10, 30), meetings=[dt.date(2024, 12, 2)])
    invoice = run(world, people)
    report = figures.mediation_report(
        world.users["provider_staff"],
        figures.ReportFilters(NOVEMBER, dt.date(2024, 11, 30), local_authority="302"),
        today=dt.date(2024, 12, 10),
    )
    by_la = report.tables[0].total
    dr = report.tables[3].total
    assert (by_la["advice_requests"], by_la["mediations_held"], dr["meetings_held"]) == (3, 2, 1)
    expected = (
        by_la["advice_requests"] * PRICES["price_advice_call"]
        + by_la["mediations_held"] * PRICES["price_mediation_case"]
        + dr["meetings_held"] * PRICES["price_dr_meeting"]
    )
    assert invoice_total(invoice) == expected
    services_billed = sorted(line.service for line in invoice.lines.all())
    assert services_billed == ["advice_call"] * 3 + ["dr_meeting"] + ["mediation_case"] * 2


def test_a_second_meeting_is_an_additional_session(world, people):
    terms(world)
    case = mediation(
        world,
        opened_on=dt.date(2024, 10, 21),
        meetings=[dt.date(2024, 10, 29), dt.date(2024, 11, 12)],
    )
    invoice = run(world, people)
    assert lines_of(invoice) == [
        (case.reference, dt.date(2024, 11, 12), "additional_session", 25000)
    ]


def test_a_late_cancellation_by_the_family_is_charged_but_not_one_by_the_provider(world, people):
    terms(world, cancellation_notice_working_days=5)
    adviser = world.users["provider_staff"]
    case = mediation(world, opened_on=dt.date(2024, 10, 1))
    case_services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 10, 2))
    case_services.la_inform(actor=adviser, case=case, on=dt.date(2024, 10, 2))
    # Meeting Fri 29 Nov, called off Mon 4 Nov by the LA: 18 working days' notice, no fee.
    early = arranged_meeting(world, case, dt.date(2024, 11, 29), on=dt.date(2024, 11, 1))
    case_services.session_cancel(
        actor=adviser, session=early, on=dt.date(2024, 11, 4), cancelled_by="local_authority"
    )
    # Meeting Wed 20 Nov, called off Mon 18 Nov: 1 working day's notice (Tue 19).
    late = arranged_meeting(world, case, dt.date(2024, 11, 20), on=dt.date(2024, 11, 4))
    case_services.session_cancel(
        actor=adviser, session=late, on=dt.date(2024, 11, 18), cancelled_by="family"
    )
    ours = arranged_meeting(world, case, dt.date(2024, 11, 22), on=dt.date(2024, 11, 18))
    case_services.session_cancel(
        actor=adviser, session=ours, on=dt.date(2024, 11, 21), cancelled_by="provider"
    )
    invoice = run(world, people)
    assert lines_of(invoice) == [(case.reference, dt.date(2024, 11, 18), "cancellation", 15000)]
    assert "1 working days' notice" in invoice.lines.get().description


def test_events_without_terms_or_outside_the_contract_are_listed_not_billed(world, people):
    terms(world, valid_from=dt.date(2024, 11, 10), covers_disagreement_resolution=False)
    early = mediation(world, opened_on=dt.date(2024, 11, 4))
    dr = disagreement_meeting(world, opened_on=dt.date(2024, 11, 11), held_on=dt.date(2024, 11, 25))
    invoice = run(world, people)
    assert invoice.lines.count() == 0
    assert invoice.not_billed == [
        {
            "case_reference": early.reference,
            "occurred_on": "2024-11-04",
            "service": "advice_call",
            "reason": "No contract terms that day",
        },
        {
            "case_reference": dr.reference,
            "occurred_on": "2024-11-25",
            "service": "dr_meeting",
            "reason": "Service not in the contract",
        },
    ]


def test_running_a_month_again_replaces_its_draft(world, people):
    terms(world)
    mediation(world, opened_on=dt.date(2024, 11, 4))
    first = run(world, people)
    assert first.lines.count() == 1
    mediation(world, opened_on=dt.date(2024, 11, 25))
    again = run(world, people)
    assert again.pk == first.pk
    assert again.lines.count() == 2
    assert Invoice.objects.count() == 1


def test_an_approved_invoice_is_never_changed(world, people):
    terms(world)
    mediation(world, opened_on=dt.date(2024, 11, 4))
    invoice = run(world, people)
    approved, changed = services.invoice_approve(actor=people["finance"], invoice_id=invoice.pk)
    assert changed and approved.number == "INV-2024-0001"
    assert approved.state == Invoice.State.APPROVED
    before = lines_of(approved)
    # Again (a double click): nothing changes.
    again, changed = services.invoice_approve(actor=people["manager"], invoice_id=invoice.pk)
    assert not changed and again.number == "INV-2024-0001"
    # New events, a new run, new terms for the month: all refused.
    mediation(world, opened_on=dt.date(2024, 11, 20))
    with pytest.raises(ValidationError, match="already invoiced"):
        run(world, people)
    with pytest.raises(ValidationError, match="already invoiced"):
        services.terms_add(
            actor=people["manager"],
            commission_id=commission_of(world).pk,
            valid_from=dt.date(2024, 11, 15),
            **PRICES,
        )
    line = approved.lines.get()
    line.amount_pence = 1
    with pytest.raises(Locked):
        line.save()
    with pytest.raises(Locked):
        line.delete()
    assert lines_of(Invoice.objects.get(pk=invoice.pk)) == before
    # Terms after the invoiced month are fine.
    services.terms_add(
        actor=people["manager"],
        commission_id=commission_of(world).pk,
        valid_from=dt.date(2024, 12, 1),
        **PRICES,
    )


def test_a_credit_note_credits_a_line_once_with_a_negative_amount(world, people):
    terms(world)
    wrong = mediation(world, opened_on=dt.date(2024, 11, 4))
    mediation(world, opened_on=dt.date(2024, 11, 5))
    invoice = run(world, people)
    with pytest.raises(ValidationError, match="approved invoice"):
        services.credit_note_create(
            actor=people["manager"], invoice_id=invoice.pk, line_ids=[1], reason="x"
        )
    services.invoice_approve(actor=people["manager"], invoice_id=invoice.pk)
    line = invoice.lines.get(case_reference=wrong.reference)
    note, created = services.credit_note_create(
        actor=people["finance"],
        invoice_id=invoice.pk,
        line_ids=[line.pk],
        reason="Advice was given by the council's own team",
        submission_key="a" * 32,
    )
    assert created
    assert (note.kind, note.number, note.credits_id, note.state) == (
        "credit_note",
        "CN-2024-0001",
        invoice.pk,
        "approved",
    )
    assert lines_of(note) == [(wrong.reference, dt.date(2024, 11, 4), "advice_call", -9500)]
    assert note.lines.get().credits_line_id == line.pk
    assert invoice_total(invoice) + invoice_total(note) == 9500
    # The same form again makes nothing new; crediting the line again is refused.
    same, created = services.credit_note_create(
        actor=people["finance"],
        invoice_id=invoice.pk,
        line_ids=[line.pk],
        reason="Advice was given by the council's own team",
        submission_key="a" * 32,
    )
    assert (same.pk, created) == (note.pk, False)
    with pytest.raises(ValidationError, match="Already credited"):
        services.credit_note_create(
            actor=people["finance"], invoice_id=invoice.pk, line_ids=[line.pk], reason="Again"
        )
    assert Invoice.objects.filter(kind="credit_note").count() == 1


def test_the_volume_alert_fires_at_80_percent_once(world, people):
    terms(world, volume_cap=5)  # alert at 4 cases
    for day in (4, 5, 6):
        mediation(world, opened_on=dt.date(2024, 11, day))
    run(world, people)
    assert not OutboxMessage.objects.filter(template="billing_volume_alert").exists()
    mediation(world, opened_on=dt.date(2024, 11, 7))
    run(world, people)
    run(world, people)
    mediation(world, opened_on=dt.date(2024, 11, 8))
    run(world, people)
    # Once to each of the provider's managers (provider_staff also manages), never again.
    alerts = OutboxMessage.objects.filter(template="billing_volume_alert")
    assert sorted((m.to, m.subject) for m in alerts) == [
        ("adviser@alpha.test", "Barnet: 4 of 5 cases this contract year"),
        ("manager@alpha.test", "Barnet: 4 of 5 cases this contract year"),
    ]


def test_only_the_providers_managers_and_finance_may_bill(role_personas, people):
    world = role_personas  # its adviser holds that role only (provider_staff also manages)
    terms(world)
    for who in (people["other_manager"], world.users["adviser"], world.users["la_officer"]):
        with pytest.raises(NotFound):
            run(world, {"manager": who})
        with pytest.raises(NotFound):
            services.terms_add(
                actor=who,
                commission_id=commission_of(world).pk,
                valid_from=dt.date(2024, 12, 1),
                **PRICES,
            )
    invoice = run(world, people)
    with pytest.raises(NotFound):
        services.invoice_approve(actor=people["other_manager"], invoice_id=invoice.pk)
    assert ServiceLine.ADVICE_CALL.label == "Mediation advice call"
    assert not InvoiceLine.objects.exists()
