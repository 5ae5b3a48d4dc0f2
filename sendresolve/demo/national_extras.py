"""The national data set's diaries and invoices (issue 26), so that the diary pages and the
invoice lists are measured at national scale with realistic volumes.

``national_extras(today=...)`` adds, to whatever national data the database holds:

- **Diaries.** Each national provider gets a coordinator (who sees every mediator's diary) and
  enough mediators that no one holds more than one meeting at a time: each with a record
  (accreditation, DBS check, the provider's councils, languages), weekday hours (some part-time)
  and a day or two away in the weeks shown. Every meeting not cancelled from this week's Monday
  to ``DIARY_WEEKS`` weeks on is booked with a mediator who is free and not away that day (at
  most ``MAX_A_DAY`` a day each), with its 15-minute slots, as ``diary.services.session_book``
  leaves them.
- **Invoices.** For every commission with contract terms, one invoice a month for the last
  ``MONTHS_BILLED`` complete months, its lines derived from the recorded events by the billing
  service's own ``billable_events`` (so each line and total is what ``billing_run`` bills).
  The last month's invoices are drafts, as a month's billing run leaves them (and the
  benchmark runs it again); the earlier ones are approved and sent, numbered in each
  provider's yearly series as ``invoice_approve`` numbers them.

Idempotent: mediators, bookings and invoices already there are kept, so a second run adds
nothing (a month already invoiced is never billed again). Deterministic for a seed. Rows are
written directly in batches, with nothing audited or sent, like the rest of the national data.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from sendresolve.billing.billable import Billable, NotBilled, billable_events
from sendresolve.billing.models import ContractTerms, Invoice, InvoiceLine
from sendresolve.billing.services import (
    invoice_lines,
    month_end,
    number_text,
    numbers_used,
    po_number_of,
)
from sendresolve.cases.models import Session
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import NotAllowed
from sendresolve.diary.availability import slot_starts
from sendresolve.diary.models import (
    AvailabilityException,
    BookedSlot,
    Booking,
    MediatorProfile,
    WeeklyHours,
)
from sendresolve.tenancy.models import Commission, Membership, Provider
from sendresolve.tenancy.roles import Role

DIARY_WEEKS = 4  # this week and the three after it
MONTHS_BILLED = 12
MAX_A_DAY = 3  # meetings one mediator holds on one day, at most
MIN_MEDIATORS = 4
SPARE_MEDIATORS = 2  # beyond the busiest day's meetings, for days away
FIRST_NAMES = ("Aisha", "Ben", "Chloe", "Daniel", "Erin", "Farah", "George", "Holly", "Imran")
LAST_NAMES = ("Baker", "Carter", "Dixon", "Ellis", "Fraser", "Hall", "Jones", "Patel", "Shah")
LANGUAGES = (["English"], ["English"], ["English", "Welsh"], ["English", "Urdu"])
NATIONAL = "national-"  # the national providers' slugs begin so (``national._tenants``)


@dataclass(frozen=True)
class Extras:
    mediators: int
    exceptions: int
    bookings: int
    slots: int
    unbooked: int  # meetings in the weeks shown with no free mediator (none, normally)
    invoices: int
    lines: int
    seconds: float


def national_extras(
    *, today: dt.date, seed: int = 2014, progress: Callable[[str], None] | None = None
) -> Extras:
    """Add the diaries and the invoices described in the module doc; return what was added."""
    if not settings.DEVELOPMENT:
        raise NotAllowed("Synthetic data is never created in production.")
    begun = time.perf_counter()
    rng = random.Random(seed + 2)  # noqa: S311 - synthetic data, not security
    monday = today - dt.timedelta(days=today.weekday())
    window = (
        dt.datetime.combine(monday, dt.time(0), tzinfo=LONDON),
        dt.datetime.combine(monday + dt.timedelta(weeks=DIARY_WEEKS), dt.time(0), tzinfo=LONDON),
    )
    providers = list(Provider.objects.filter(slug__startswith=NATIONAL).order_by("slug"))
    mediators = exceptions = bookings = slots = unbooked = 0
    for provider in providers:
        with transaction.atomic():
            sessions = _sessions(provider, window)
            busiest = max(Counter(_day(s) for s in sessions).values(), default=0)
            made, away = _mediators_ensure(
                provider, rng, wanted=max(MIN_MEDIATORS, busiest + SPARE_MEDIATORS), window=window
            )
            booked, held, missed = _book(provider, sessions, window)
        mediators, exceptions = mediators + made, exceptions + away
        bookings, slots, unbooked = bookings + booked, slots + held, unbooked + missed
    if progress:
        progress(f"  diaries: {mediators:,} mediators, {bookings:,} meetings booked")
    invoices, lines = _invoices(today, progress)
    return Extras(
        mediators=mediators,
        exceptions=exceptions,
        bookings=bookings,
        slots=slots,
        unbooked=unbooked,
        invoices=invoices,
        lines=lines,
        seconds=time.perf_counter() - begun,
    )


# -- diaries -----------------------------------------------------------------------------------


def _day(session: Session) -> dt.date:
    return session.starts_at.astimezone(LONDON).date()


def _sessions(provider: Provider, window: tuple[dt.datetime, dt.datetime]) -> list[Session]:
    """The provider's meetings in the weeks shown, not cancelled, in a stable order."""
    return list(
        Session.objects.filter(
            case__provider=provider, starts_at__gte=window[0], starts_at__lt=window[1]
        )
        .exclude(state=Session.State.CANCELLED)
        .select_related("booking")
        .order_by("starts_at", "case__reference", "ends_at")
    )


def _mediators_ensure(
    provider: Provider,
    rng: random.Random,
    *,
    wanted: int,
    window: tuple[dt.datetime, dt.datetime],
) -> tuple[int, int]:
    """The provider's coordinator, and mediators up to ``wanted`` (records, hours, days away);
    return the mediators and the days away added."""
    User = get_user_model()
    domain = f"{provider.slug}.national"
    coordinator, created = User.objects.get_or_create(
        username=f"coordinator@{domain}",
        defaults={"first_name": "Sam", "last_name": "Coordinator", "password": make_password(None)},
    )
    if created:
        Membership.objects.create(user=coordinator, role=Role.COORDINATOR, provider=provider)
    have = MediatorProfile.objects.filter(provider=provider, user__username__endswith=domain)
    start = have.count()
    if start >= wanted:
        return 0, 0
    users = [
        User(
            username=f"mediator{n:03d}@{domain}",
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            password=make_password(None),  # synthetic staff cannot sign in
        )
        for n in range(start + 1, wanted + 1)
    ]
    taken = set(
        User.objects.filter(username__in=[u.username for u in users]).values_list(
            "username", flat=True
        )
    )
    User.objects.bulk_create([u for u in users if u.username not in taken])
    users = list(User.objects.filter(username__in=[u.username for u in users]).order_by("username"))
    Membership.objects.bulk_create(
        Membership(user=u, role=Role.MEDIATOR, provider=provider)
        for u in users
        if not Membership.objects.filter(user=u, role=Role.MEDIATOR, provider=provider).exists()
    )
    today = window[0].date()
    profiles = MediatorProfile.objects.bulk_create(
        MediatorProfile(
            user=u,
            provider=provider,
            registration_number=f"CMC-N{provider.slug[-2:]}{u.username[8:11]}",
            accredited_until=today + dt.timedelta(days=rng.randint(20, 1_000)),
            dbs_checked_on=today - dt.timedelta(days=rng.randint(30, 1_200)),
            languages=rng.choice(LANGUAGES),
        )
        for u in users
    )
    councils = list(provider.commissions.values_list("local_authority_id", flat=True).distinct())
    through = MediatorProfile.local_authorities.through
    through.objects.bulk_create(
        through(mediatorprofile_id=p.pk, localauthority_id=la) for p in profiles for la in councils
    )
    hours, away = [], []
    for profile in profiles:
        days = range(5) if rng.random() < 0.7 else sorted(rng.sample(range(5), 3))
        starts = rng.choice((dt.time(9), dt.time(9, 30)))
        ends = rng.choice((dt.time(16, 30), dt.time(17)))
        hours += [WeeklyHours(mediator=profile, weekday=d, starts=starts, ends=ends) for d in days]
        for week in range(DIARY_WEEKS):
            if rng.random() < 0.3:
                on = today + dt.timedelta(weeks=week, days=rng.randrange(5))
                half = rng.random() < 0.3
                away.append(
                    AvailabilityException(
                        mediator=profile,
                        on=on,
                        kind=AvailabilityException.Kind.UNAVAILABLE,
                        starts=dt.time(13) if half else None,
                        ends=dt.time(17) if half else None,
                    )
                )
    WeeklyHours.objects.bulk_create(hours)
    AvailabilityException.objects.bulk_create(away)
    return len(profiles), len(away)


def _book(
    provider: Provider, sessions: list[Session], window: tuple[dt.datetime, dt.datetime]
) -> tuple[int, int, int]:
    """Book each meeting not yet booked with a free mediator; return bookings, slots, unbooked."""
    profiles = list(
        MediatorProfile.objects.filter(provider=provider).order_by("user__username", "pk")
    )
    first, last = window[0].date(), window[1].date()
    away = {
        (e.mediator_id, e.on)
        for e in AvailabilityException.objects.filter(
            mediator__in=profiles, on__gte=first, on__lt=last, kind="unavailable", starts=None
        )
    }
    held = set(
        BookedSlot.objects.filter(
            mediator__in=profiles, slot_start__gte=window[0], slot_start__lt=window[1]
        ).values_list("mediator_id", "slot_start")
    )
    per_day = Counter(
        Booking.objects.filter(
            mediator__in=profiles,
            session__starts_at__gte=window[0],
            session__starts_at__lt=window[1],
        )
        .values_list("mediator_id", "session__starts_at")
        .iterator()
    )
    a_day: Counter = Counter()
    for (mediator_id, starts_at), n in per_day.items():
        a_day[mediator_id, starts_at.astimezone(LONDON).date()] += n
    new: list[Booking] = []
    wanted: dict[int, list[dt.datetime]] = {}
    missed = 0
    turn = 0
    for session in sessions:
        if getattr(session, "booking", None) is not None:
            continue
        day, starts = _day(session), slot_starts(session.starts_at, session.ends_at)
        for step in range(len(profiles)):
            profile = profiles[(turn + step) % len(profiles)]
            if (profile.pk, day) in away or a_day[profile.pk, day] >= MAX_A_DAY:
                continue
            if any((profile.pk, s) in held for s in starts):
                continue
            held |= {(profile.pk, s) for s in starts}
            a_day[profile.pk, day] += 1
            new.append(Booking(session=session, mediator=profile))
            wanted[session.pk] = starts
            turn = (turn + step + 1) % len(profiles)
            break
        else:
            missed += 1
    Booking.objects.bulk_create(new)
    rows = [
        BookedSlot(booking=b, mediator_id=b.mediator_id, slot_start=s)
        for b in new
        for s in wanted[b.session_id]
    ]
    BookedSlot.objects.bulk_create(rows, batch_size=2_000)
    return len(new), len(rows), missed


# -- invoices ----------------------------------------------------------------------------------


def _months(today: dt.date) -> list[dt.date]:
    """The first days of the last ``MONTHS_BILLED`` complete months, oldest first."""
    month = today.replace(day=1)
    months = []
    for _ in range(MONTHS_BILLED):
        month = (month - dt.timedelta(days=1)).replace(day=1)
        months.append(month)
    return months[::-1]


def _commission_for(commissions: list[Commission], month: dt.date) -> Commission | None:
    """As ``billing_run`` picks it: in force on the month's last day, else on its first."""
    for day in (month_end(month), month):
        found = [
            c for c in commissions if c.starts_on <= day and (c.ends_on is None or c.ends_on >= day)
        ]
        if found:
            return max(found, key=lambda c: (c.starts_on, c.pk))
    return None


def _invoices(today: dt.date, progress: Callable[[str], None] | None) -> tuple[int, int]:
    """A year of monthly invoices for every (provider, LA) whose commission has terms."""
    months = _months(today)
    priced = ContractTerms.objects.values("commission_id")
    pairs: dict[tuple[int, int], list[Commission]] = defaultdict(list)
    for priced_one in Commission.objects.filter(pk__in=priced).order_by("pk"):
        pairs[priced_one.provider_id, priced_one.local_authority_id].append(priced_one)
    invoiced = set(
        Invoice.objects.filter(kind=Invoice.Kind.INVOICE, month__in=months).values_list(
            "provider_id", "local_authority_id", "month"
        )
    )
    numbers = _NumberSeries()
    invoices = lines = done = 0
    for (provider_id, la_id), commissions in sorted(pairs.items()):
        todo = [
            (month, commission)
            for month in months
            if (provider_id, la_id, month) not in invoiced
            and (commission := _commission_for(commissions, month)) is not None
        ]
        if not todo:
            continue
        # One read of the year's billable events: each is priced by the terms of its own day
        # and is the first meeting or not whatever the range, so a year's read split by month
        # is each month's billing run.
        billed, not_billed = billable_events(
            provider_id=provider_id,
            local_authority_id=la_id,
            date_from=todo[0][0],
            date_to=month_end(todo[-1][0]),
        )
        of_month: dict[dt.date, list] = defaultdict(list)
        for b in billed:
            of_month[b.occurred_on.replace(day=1)].append(b)
        with transaction.atomic():
            made = [
                _invoice(month, commission, of_month[month], not_billed, numbers, today)
                for month, commission in todo
            ]
            Invoice.objects.bulk_create(made)
            rows = [
                line
                for invoice in made
                for line in invoice_lines(
                    invoice, of_month[invoice.month], created_at=invoice.created_at
                )
            ]
            InvoiceLine.objects.bulk_create(rows, batch_size=2_000)
        invoices, lines, done = invoices + len(made), lines + len(rows), done + 1
        if progress and done % 25 == 0:
            progress(f"  invoices: {done:,} of {len(pairs):,} councils")
    return invoices, lines


class _NumberSeries:
    """Each provider's yearly ``INV-2026-0001`` series, continued after the numbers in use
    (counted once per provider and year, as ``billing.services`` counts them, then kept here)."""

    def __init__(self) -> None:
        self.used: dict[tuple[int, int], int] = {}

    def next(self, provider_id: int, year: int) -> str:
        key = (provider_id, year)
        if key not in self.used:
            self.used[key] = numbers_used(provider_id, "INV", year)
        self.used[key] += 1
        return number_text("INV", year, self.used[key])


def _invoice(
    month: dt.date,
    commission: Commission,
    billed: list[Billable],
    not_billed: list[NotBilled],
    numbers: _NumberSeries,
    today: dt.date,
) -> Invoice:
    """One month's invoice as ``billing_run`` makes it (its lines are ``billed``): a draft for
    the last complete month, approved and sent a few days after the month before that."""
    ran = min(
        dt.datetime.combine(month_end(month) + dt.timedelta(days=3), dt.time(9), LONDON),
        dt.datetime.combine(today, dt.time(9), LONDON),
    )
    invoice = Invoice(
        provider_id=commission.provider_id,
        local_authority_id=commission.local_authority_id,
        commission=commission,
        month=month,
        po_number=po_number_of(billed),
        not_billed=[n.as_json() for n in not_billed if n.occurred_on.replace(day=1) == month],
        created_at=ran,
        updated_at=ran,
    )
    if month_end(month) + dt.timedelta(days=1) < today.replace(day=1):
        approved = ran + dt.timedelta(days=2)
        invoice.state = Invoice.State.SENT
        invoice.number = numbers.next(commission.provider_id, approved.year)
        invoice.approved_at = approved
        invoice.sent_at = approved + dt.timedelta(hours=2)
    return invoice
