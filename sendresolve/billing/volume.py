"""The volume cap: how many cases a commission has had in its contract year, and the alert.

A commission's contract year runs from the anniversary of its start. The cases counted are the
distinct cases with a billable event in the year so far (``billing.billable``), whatever month
they were invoiced in. They are counted from the cases' ``billable_event`` report facts (kept
after every step on a case commits, ``cases.facts``), priced by the same rules as a billing run
(``service_of``, ``covered``, the notice), so the billing pages need not read every case the
provider has had in that LA for each capped contract. When they reach the alert share of the
cap in the terms in force (80 % unless agreed otherwise), the billing pages show an alert and
the provider's managers get one email: the ``VolumeAlert`` row, unique per commission and year,
is written in the same transaction as the email is queued, so a second check sends nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q

from sendresolve.audit.services import audit_record
from sendresolve.billing.billable import covered, notice_working_days, service_of, terms_on
from sendresolve.billing.models import ContractTerms, VolumeAlert
from sendresolve.cases.models import ReportFact
from sendresolve.cases.vocabulary import EventType
from sendresolve.notifications.models import Channel
from sendresolve.notifications.services import message_send
from sendresolve.tenancy.models import Commission, Membership
from sendresolve.tenancy.roles import Role


@dataclass(frozen=True)
class VolumeStatus:
    year_start: dt.date
    year_end: dt.date
    cases: int
    cap: int | None
    alert_percent: int

    @property
    def alert_at(self) -> int | None:
        """The number of cases at which the alert fires (80 % of 25 is 20)."""
        if not self.cap:
            return None
        return math.ceil(self.cap * self.alert_percent / 100)

    @property
    def percent(self) -> int | None:
        return None if not self.cap else math.floor(100 * self.cases / self.cap)

    @property
    def alert(self) -> bool:
        return self.alert_at is not None and self.cases >= self.alert_at


def _anniversary(start: dt.date, year: int) -> dt.date:
    try:
        return start.replace(year=year)
    except ValueError:  # 29 February in a year that has none
        return dt.date(year, 2, 28)


def contract_year(commission: Commission, on: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the commission's contract year that holds ``on``."""
    start = _anniversary(commission.starts_on, on.year)
    if start > on:
        start = _anniversary(commission.starts_on, on.year - 1)
    end = _anniversary(commission.starts_on, start.year + 1) - dt.timedelta(days=1)
    return start, end


def cases_billed(
    commission: Commission,
    date_from: dt.date,
    date_to: dt.date,
    *,
    terms: list[ContractTerms] | None = None,
) -> int:
    """How many distinct cases have an event between the two dates (inclusive) that the
    commission's terms in force that day bill: the cases of ``billable_events``, from the facts.
    ``terms``: the commission's terms if already read (any that were in force between the
    dates among them)."""
    if terms is None:
        terms = list(
            ContractTerms.objects.filter(commission=commission, valid_from__lte=date_to).filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=date_from)
            )
        )
    facts = ReportFact.objects.filter(
        measure=ReportFact.Measure.BILLABLE_EVENT,
        local_authority_id=commission.local_authority_id,
        provider_id=commission.provider_id,
        on__range=(date_from, date_to),
    ).values_list("case_id", "on", "category", "state", "flag", "days")
    counted: set[int] = set()
    for case_id, day, kind, event_type, flag, days in facts:
        if case_id in counted:
            continue
        in_force = terms_on(terms, day)
        found = service_of(event_type, kind, first_meeting=flag)
        if in_force is None or found is None or not covered(in_force, found[0], kind):
            continue
        if event_type == EventType.SESSION_CANCELLED:
            notice = notice_working_days(day, day + dt.timedelta(days=days or 0))
            if notice >= in_force.cancellation_notice_working_days:
                continue
        counted.add(case_id)
    return len(counted)


def volume_status(
    commission: Commission, *, on: dt.date, terms: list[ContractTerms] | None = None
) -> VolumeStatus:
    """The commission's contract year to ``on``: its cases so far, and the cap in force that
    day. ``terms``: the commission's terms if already read (the billing pages read every
    capped commission's at once)."""
    year_start, year_end = contract_year(commission, on)
    if terms is None:
        terms = list(
            ContractTerms.objects.filter(commission=commission, valid_from__lte=on).filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=year_start)
            )
        )
    in_force = terms_on(terms, on)
    return VolumeStatus(
        year_start=year_start,
        year_end=year_end,
        cases=cases_billed(commission, year_start, min(on, year_end), terms=terms),
        cap=in_force.volume_cap if in_force else None,
        alert_percent=in_force.volume_alert_percent if in_force else 80,
    )


def volume_alert_check(*, commission: Commission, on: dt.date) -> VolumeAlert | None:
    """Raise the commission's alert for this contract year if it has reached it and has not
    been raised before: one row, one email to each of the provider's managers. Returns the new
    alert, or None (not reached, or raised already)."""
    status = volume_status(commission, on=on)
    if not status.alert or status.cap is None:
        return None
    if VolumeAlert.objects.filter(commission=commission, year_start=status.year_start).exists():
        return None
    try:
        with transaction.atomic():
            alert = VolumeAlert.objects.create(
                commission=commission,
                year_start=status.year_start,
                cases=status.cases,
                cap=status.cap,
            )
            _email_managers(commission, status)
            audit_record(
                actor=None,
                action="billing.volume_alert",
                target=alert,
                local_authority=commission.local_authority,
                provider=commission.provider,
                detail={"cases": status.cases, "cap": status.cap},
            )
    except IntegrityError:  # raised at the same moment by another run
        return None
    return alert


def _email_managers(commission: Commission, status: VolumeStatus) -> None:
    managers = Membership.objects.filter(
        provider_id=commission.provider_id, role=Role.PROVIDER_MANAGER, is_active=True
    ).select_related("user")
    for membership in managers:
        address = membership.user.email or membership.user.get_username()
        if "@" not in address:
            continue
        message_send(
            template="billing_volume_alert",
            to=address,
            channel=Channel.EMAIL,
            personalisation={
                "name": membership.user.get_full_name() or "colleague",
                "local_authority": commission.local_authority.name,
                "cases": str(status.cases),
                "cap": str(status.cap),
                "percent": str(status.percent),
                "year_start": f"{status.year_start:%-d %B %Y}",
                "year_end": f"{status.year_end:%-d %B %Y}",
            },
            provider=commission.provider,
            local_authority=commission.local_authority,
        )
