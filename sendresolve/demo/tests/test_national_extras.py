"""The national data set's diaries and invoices (issue 26): what the diary pages and the
invoice lists show, at realistic volumes, as the diary and billing services would leave them."""

import datetime as dt
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum
from django.test import override_settings
from django.urls import reverse

from sendresolve.billing.billable import billable_events
from sendresolve.billing.models import ContractTerms, Invoice, InvoiceLine
from sendresolve.billing.money import pounds
from sendresolve.billing.services import billing_run, credit_note_create, month_end
from sendresolve.cases.models import Case, Certificate, Session
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import NotAllowed
from sendresolve.demo.national import national_generate
from sendresolve.demo.national_extras import DIARY_WEEKS, MAX_A_DAY, MONTHS_BILLED, national_extras
from sendresolve.diary.availability import slot_starts
from sendresolve.diary.models import AvailabilityException, BookedSlot, Booking, MediatorProfile
from sendresolve.tenancy.models import Commission, Membership, Provider
from sendresolve.tenancy.roles import Role

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 2)  # a Wednesday: the diary shows from Monday 30 November
MONDAY = dt.date(2026, 11, 30)
LAST_MONTH = dt.date(2026, 11, 1)


@pytest.fixture
def generated():
    # Two years, so the weeks shown hold a good number of meetings.
    return national_generate(cases=500, years=2, today=TODAY, seed=3, batch_size=200)


def window():
    return (
        dt.datetime.combine(MONDAY, dt.time(0), LONDON),
        dt.datetime.combine(MONDAY + dt.timedelta(weeks=DIARY_WEEKS), dt.time(0), LONDON),
    )


def extras_rows() -> dict[str, int]:
    return {
        "mediators": MediatorProfile.objects.count(),
        "days away": AvailabilityException.objects.count(),
        "bookings": Booking.objects.count(),
        "slots": BookedSlot.objects.count(),
        "invoices": Invoice.objects.count(),
        "lines": InvoiceLine.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": Membership.objects.count(),
    }


def extras_delete() -> None:
    """Everything ``national_extras`` writes, as if the cases had been generated before it."""
    InvoiceLine.objects.all().delete()
    Invoice.objects.all().delete()
    Booking.objects.all().delete()
    get_user_model().objects.filter(
        memberships__role__in=[Role.MEDIATOR, Role.COORDINATOR]
    ).delete()


def test_every_meeting_in_the_weeks_shown_is_booked_with_a_free_mediator(generated):
    extras = generated.extras
    national = Provider.objects.filter(slug__startswith="national-")
    meetings = Session.objects.filter(
        case__provider__in=national, starts_at__gte=window()[0], starts_at__lt=window()[1]
    ).exclude(state="cancelled")
    assert meetings.count() >= 3
    assert extras.unbooked == 0
    assert extras.bookings == Booking.objects.count() == meetings.count()
    assert extras.slots == BookedSlot.objects.count()
    for booking in Booking.objects.select_related("session", "mediator"):
        session = booking.session
        assert booking.mediator.provider_id == Case.objects.get(pk=session.case_id).provider_id
        assert sorted(booking.slots.values_list("slot_start", flat=True)) == slot_starts(
            session.starts_at, session.ends_at
        )
        day = session.starts_at.astimezone(LONDON).date()
        assert not booking.mediator.exceptions.filter(on=day, starts=None).exists()
    a_day = Counter(
        (b.mediator_id, b.session.starts_at.astimezone(LONDON).date())
        for b in Booking.objects.select_related("session")
    )
    assert max(a_day.values()) <= MAX_A_DAY
    # Every national provider has a coordinator and mediators with records, hours and councils.
    for provider in national:
        assert Membership.objects.filter(provider=provider, role=Role.COORDINATOR).count() == 1
        profiles = MediatorProfile.objects.filter(provider=provider)
        assert profiles.count() >= 4
        assert Membership.objects.filter(provider=provider, role=Role.MEDIATOR).count() == (
            profiles.count()
        )
        councils = set(provider.commissions.values_list("local_authority_id", flat=True))
        for profile in profiles:
            assert 3 <= profile.hours.count() <= 5
            assert set(profile.local_authorities.values_list("pk", flat=True)) == councils
    assert extras.mediators == MediatorProfile.objects.count()
    assert 0 < extras.exceptions == AvailabilityException.objects.count()


def test_each_council_has_a_year_of_invoices_as_the_billing_run_makes_them(generated):
    extras = generated.extras
    priced = Commission.objects.filter(pk__in=ContractTerms.objects.values("commission_id"))
    assert extras.invoices == Invoice.objects.count() == MONTHS_BILLED * priced.count()
    assert extras.lines == InvoiceLine.objects.count() > 0
    months = sorted(set(Invoice.objects.values_list("month", flat=True)))
    assert months[-1] == LAST_MONTH and months[0] == dt.date(2025, 12, 1)
    # The last month is a draft (the month's run); the months before it approved and sent,
    # each numbered once in its provider's series.
    assert set(Invoice.objects.filter(month=LAST_MONTH).values_list("state", "number")) == {
        ("draft", "")
    }
    sent = Invoice.objects.exclude(month=LAST_MONTH)
    assert set(sent.values_list("state", flat=True)) == {"sent"}
    numbers = list(sent.values_list("provider_id", "number"))
    assert len(set(numbers)) == len(numbers)
    assert all(n.startswith(("INV-2026-", "INV-2025-")) for _, n in numbers)
    # Each invoice's lines are the month's billable events, priced as the billing run prices.
    busiest = (
        Invoice.objects.annotate(total=Sum("lines__amount_pence"))
        .filter(month=dt.date(2026, 6, 1), total__isnull=False)
        .order_by("-total", "pk")
        .first()
    )
    assert busiest.total > 0
    billed, _ = billable_events(
        provider_id=busiest.provider_id,
        local_authority_id=busiest.local_authority_id,
        date_from=busiest.month,
        date_to=month_end(busiest.month),
    )
    assert busiest.total == sum(b.amount_pence for b in billed)
    assert sorted(busiest.lines.values_list("event_id", "service", "amount_pence")) == sorted(
        (b.event_id, b.service, b.amount_pence) for b in billed
    )
    # The last month's draft, made again by the real billing run, comes out the same.
    draft = (
        Invoice.objects.filter(month=LAST_MONTH)
        .annotate(total=Sum("lines__amount_pence"))
        .filter(total__isnull=False)
        .order_by("-total", "pk")
        .first()
    )
    before = sorted(draft.lines.values_list("event_id", "service", "amount_pence"))
    again = billing_run(
        actor=None, provider=draft.provider, local_authority=draft.local_authority, month=LAST_MONTH
    )
    assert again.pk == draft.pk
    assert sorted(again.lines.values_list("event_id", "service", "amount_pence")) == before
    assert before


def test_a_finance_officer_reads_and_credits_a_generated_invoice(generated, client):
    """A sent invoice is a real one: its page shows its total, and a credit note corrects it."""
    invoice = (
        Invoice.objects.filter(state="sent")
        .annotate(total=Sum("lines__amount_pence"))
        .filter(total__gt=0)
        .order_by("month", "pk")
        .first()
    )
    finance = get_user_model().objects.create_user(username="finance@national.test")
    Membership.objects.create(user=finance, role=Role.FINANCE, provider=invoice.provider)
    client.force_login(finance)
    page = client.get(reverse("staff:billing:invoice", args=[invoice.pk]))
    assert page.status_code == 200
    assert invoice.number in page.content.decode()
    assert pounds(invoice.total) in page.content.decode()
    line = invoice.lines.order_by("pk").first()
    note, made = credit_note_create(
        actor=finance, invoice_id=invoice.pk, line_ids=[line.pk], reason="Billed in error"
    )
    assert made and note.lines.get().amount_pence == -line.amount_pence
    assert note.number.startswith("CN-")


def snapshot():
    return {
        "mediators": sorted(
            MediatorProfile.objects.values_list(
                "user__username", "user__first_name", "accredited_until", "languages"
            )
        ),
        "days away": sorted(
            AvailabilityException.objects.values_list("mediator__user__username", "on", "starts")
        ),
        "bookings": sorted(
            Booking.objects.values_list(
                "session__case__reference", "session__starts_at", "mediator__user__username"
            )
        ),
        "invoices": sorted(
            Invoice.objects.annotate(total=Sum("lines__amount_pence")).values_list(
                "local_authority__dfe_code", "month", "state", "number", "total"
            )
        ),
    }


def test_the_same_seed_makes_the_same_diaries_and_invoices():
    national_generate(cases=120, years=2, today=TODAY, seed=9)
    first = snapshot()
    assert first["bookings"] and first["invoices"] and first["days away"]
    extras_delete()
    Certificate.objects.all().delete()
    Case.objects.all().delete()
    national_generate(cases=120, years=2, today=TODAY, seed=9)
    assert snapshot() == first


def test_extras_only_adds_them_to_existing_cases_once(generated, capsys):
    """The 500,000-case database made before the extras existed gets them with one command,
    and running it again adds nothing."""
    complete = extras_rows()
    shown = snapshot()
    extras_delete()
    assert extras_rows()["invoices"] == extras_rows()["bookings"] == 0
    call_command("generate_national", extras_only=True, today=TODAY.isoformat(), seed=3)
    assert extras_rows() == complete
    assert snapshot() == shown
    assert "invoices with" in capsys.readouterr().out
    call_command("generate_national", extras_only=True, today=TODAY.isoformat(), seed=3)
    assert extras_rows() == complete
    out = capsys.readouterr().out
    assert out.startswith("Added 0 mediators (0 days away), 0 meetings booked (0 slots")
    assert "0 invoices with 0 lines" in out


def test_extras_only_books_new_meetings_and_bills_new_months_only(generated):
    """A later run (a day on, a meeting arranged since) books what is new and keeps the rest."""
    complete = extras_rows()
    session = (
        Session.objects.filter(case__provider__slug__startswith="national-")
        .exclude(starts_at__gte=window()[0])
        .order_by("-starts_at")
        .first()
    )
    moved = dt.datetime.combine(MONDAY + dt.timedelta(days=9), dt.time(14), LONDON)
    Session.objects.filter(pk=session.pk).update(
        starts_at=moved, ends_at=moved + dt.timedelta(hours=2), state="scheduled"
    )
    added = national_extras(today=TODAY, seed=3)
    assert (added.bookings, added.slots, added.invoices) == (1, 8, 0)
    assert Booking.objects.count() == complete["bookings"] + 1
    assert Booking.objects.get(session=session).slots.count() == 8


def test_the_command_needs_cases_or_extras_only():
    with pytest.raises(CommandError, match="--cases is required"):
        call_command("generate_national")


@override_settings(DEVELOPMENT=False)
def test_extras_are_never_made_in_production():
    with pytest.raises(NotAllowed):
        national_extras(today=TODAY)
