"""The provider's own service standards: deadlines the provider sets itself, not the law.

Today there is one: **first contact**. When a family's request comes in online, or a
SENDIASS, the LA, a school or a charity refers a family, the provider contacts the family within
a number of working days agreed in its commission with the LA
(``tenancy.Commission.first_contact_working_days``, 2 by default). It is the provider's own
standard: it carries no legal citation, and every screen says so.

It is computed alongside the law's deadlines by the law adapter (``cases.deadlines``), counted
in the law core's England and Wales working-day calendar (with any extra bank holidays), and
stored as a ``CaseDeadline`` owed by the provider, so a new request is never "None open" in the
work queue.

**When it is met.** On the day of the first step recorded on the case that means the provider
has been in touch with the family (:data:`CONTACT_STEPS`): giving advice, recording the
family's choice, arranging a meeting, the parties' answers, or a logged call, email or letter.
Bookkeeping (assigning the case, corrections, tasks, adding a health body) does not meet it:
assigning the case alone does not, since the family has not heard from anyone yet.
A case staff open themselves, from the family's own call or visit, started with that contact,
so only online requests and referrals have the standard.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sendresolve import law
from sendresolve.cases.vocabulary import EventType

FIRST_CONTACT_KEY = "first_contact"
FIRST_CONTACT_RULE_ID = "PROVIDER-FC"  # not a law rule id: no escalation routes, no citation
PROVIDER_STANDARD = "P"  # ``CaseDeadline.verification`` for a provider's own standard
DEFAULT_FIRST_CONTACT_DAYS = 2
FIRST_CONTACT_TITLE = "First contact with the family"

# Steps that mean the provider has been in touch with the family: advice, the family's choice,
# a meeting, the parties' answers, an outcome, a certificate, or a logged call, email or letter
# ("contact_logged", the contact log's step). Bookkeeping (assigning, corrections, tasks, adding
# a health body or a complaint alongside) does not, nor does closing or withdrawing.
CONTACT_STEPS = frozenset(
    {
        EventType.ADVICE_GIVEN,
        EventType.MEDIATION_DECLINED,
        EventType.MEDIATION_REQUESTED,
        EventType.LA_INFORMED,
        EventType.SESSION_SCHEDULED,
        EventType.SESSION_NOTICE_SENT,
        EventType.SESSION_HELD,
        EventType.PARTICIPATION_RECORDED,
        EventType.ALL_PARTIES_AGREED,
        EventType.NOT_TAKEN_FORWARD,
        EventType.MEDIATION_CONCLUDED,
        EventType.CERTIFICATE_ISSUED,
        "contact_logged",
    }
)


def first_contact_rule(days: int) -> str:
    """The standard in words, as every screen shows it."""
    unit = "working day" if days == 1 else "working days"
    return f"Provider's service standard: first contact within {days} {unit}"


def is_service_standard(deadline: Any) -> bool:
    """Whether a stored deadline (``CaseDeadline``) is the provider's own standard, not law."""
    return bool(deadline.verification == PROVIDER_STANDARD)


def needs_first_contact(case: Any, events: Iterable[Any]) -> bool:
    """Whether the case came in without the family talking to the provider: an online request
    (its opening step says so) or a referral made on the family's behalf."""
    if case.referred_by:
        return True
    return any(
        e.type == EventType.CASE_OPENED and (e.detail or {}).get("via") == "online" for e in events
    )


def first_contact_met_on(events: Iterable[Any]) -> dt.date | None:
    """The day of the first step after opening that means the family was contacted."""
    dates = [e.occurred_on for e in events if e.type in CONTACT_STEPS]
    return min(dates) if dates else None


def first_contact_days(commissions: Iterable[Any], *, local_authority_id: int, on: dt.date) -> int:
    """The working days of the commission in force for the LA on ``on`` (the latest started),
    among the provider's ``commissions``; the default when none is."""
    in_force = [
        c
        for c in commissions
        if c.local_authority_id == local_authority_id
        and c.starts_on <= on
        and (c.ends_on is None or c.ends_on >= on)
    ]
    if not in_force:
        return DEFAULT_FIRST_CONTACT_DAYS
    return int(max(in_force, key=lambda c: c.starts_on).first_contact_working_days)


def first_contact_deadline(
    *,
    opened_on: dt.date,
    days: int,
    met_on: dt.date | None,
    working_days: law.WorkingDays,
    provider_name: str = "",
) -> law.TrackedDeadline:
    """The first-contact deadline: ``days`` working days after ``opened_on`` (the day the
    request or referral came in does not count), in the England and Wales calendar."""
    due = working_days.calendar("ENG_WD").add_working_days(opened_on, days)
    deadline = law.Deadline(
        id=FIRST_CONTACT_KEY,
        date=due,
        rule=first_contact_rule(days),
        legal_basis=(),
        rule_id=FIRST_CONTACT_RULE_ID,
        duty_holder=provider_name or "Mediation provider",
        verification=PROVIDER_STANDARD,
        trigger_date=opened_on,
    )
    return law.TrackedDeadline(
        key=FIRST_CONTACT_KEY,
        deadline=deadline,
        title=FIRST_CONTACT_TITLE,
        responsible="provider",
        met_on=met_on,
    )


def standards_deadlines(
    case: Any, *, events: list[Any], commissions: Iterable[Any], working_days: law.WorkingDays
) -> list[law.TrackedDeadline]:
    """The provider's service-standard deadlines of ``case`` (from rows already loaded)."""
    if not needs_first_contact(case, events):
        return []
    days = first_contact_days(
        commissions, local_authority_id=case.local_authority_id, on=case.opened_on
    )
    return [
        first_contact_deadline(
            opened_on=case.opened_on,
            days=days,
            met_on=first_contact_met_on(events),
            working_days=working_days,
            provider_name=case.provider.name,
        )
    ]
