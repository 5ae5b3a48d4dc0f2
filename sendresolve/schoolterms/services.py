"""Setting an LA's own term dates: add or remove a term or a closure (INSET) day.

Every write is checked (who may: ``selectors.term_date_authorities``), validated (a term ends
after it starts, its half term lies inside it, terms do not overlap, a closure day is a weekday
in term) and audited. Sending the same term or day twice records it once.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sendresolve.audit.services import audit_record
from sendresolve.core import clock
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.law.dates import long_date
from sendresolve.schoolterms.models import SchoolClosureDay, SchoolTerm
from sendresolve.schoolterms.selectors import term_date_authorities
from sendresolve.tenancy.actors import Who, as_actor, user_of
from sendresolve.tenancy.models import LocalAuthority

#: A term longer than this is a typing mistake (the longest English term is about 16 weeks).
LONGEST_TERM = dt.timedelta(days=140)


def _check_may_set(actor: Who, local_authority: LocalAuthority) -> None:
    if not term_date_authorities(actor, on=clock.today()).filter(pk=local_authority.pk).exists():
        raise NotFound("No term dates for this local authority for this user.")


def term_add(
    *,
    actor: Who,
    local_authority: LocalAuthority,
    starts_on: dt.date,
    ends_on: dt.date,
    half_term_starts_on: dt.date | None = None,
    half_term_ends_on: dt.date | None = None,
    source: str = "",
) -> SchoolTerm:
    """Record one term of the LA's school year; the same term sent again is recorded once."""
    _check_may_set(actor, local_authority)
    if ends_on <= starts_on:
        raise ValidationError("The last day of term must be after the first day", field="ends_on")
    if ends_on - starts_on > LONGEST_TERM:
        raise ValidationError("A term must be 20 weeks long or less", field="ends_on")
    if (half_term_starts_on is None) != (half_term_ends_on is None):
        field = "half_term_ends_on" if half_term_ends_on is None else "half_term_starts_on"
        raise ValidationError("Enter both the first and last day of the half term", field=field)
    if half_term_starts_on is not None and half_term_ends_on is not None:
        if half_term_ends_on < half_term_starts_on:
            raise ValidationError(
                "The last day of the half term must be on or after its first day",
                field="half_term_ends_on",
            )
        if not starts_on < half_term_starts_on or not half_term_ends_on < ends_on:
            raise ValidationError(
                "The half term must be inside the term, after its first day and before its last",
                field="half_term_starts_on",
            )
    with transaction.atomic():
        # Lock the LA's terms so two officers adding at once cannot both pass the overlap check.
        existing = list(
            SchoolTerm.objects.select_for_update().filter(local_authority=local_authority)
        )
        for term in existing:
            same = (term.starts_on, term.ends_on, term.half_term_starts_on, term.half_term_ends_on)
            if same == (starts_on, ends_on, half_term_starts_on, half_term_ends_on):
                return term
            if term.starts_on <= ends_on and starts_on <= term.ends_on:
                raise ValidationError(
                    f"This term overlaps the term from {long_date(term.starts_on)} to "
                    f"{long_date(term.ends_on)}",
                    field="starts_on",
                )
        term = SchoolTerm.objects.create(
            local_authority=local_authority,
            starts_on=starts_on,
            ends_on=ends_on,
            half_term_starts_on=half_term_starts_on,
            half_term_ends_on=half_term_ends_on,
            source=source.strip(),
            recorded_by=user_of(as_actor(actor)),
        )
        audit_record(
            actor=actor,
            action="school_term.add",
            target=term,
            local_authority=local_authority,
            detail={"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
        )
    return term


def term_remove(*, actor: Who, local_authority: LocalAuthority, term_id: int) -> None:
    """Remove one of the LA's terms (removing one already removed changes nothing)."""
    _check_may_set(actor, local_authority)
    with transaction.atomic():
        term = SchoolTerm.objects.filter(local_authority=local_authority, pk=term_id).first()
        if term is None:
            return
        audit_record(
            actor=actor,
            action="school_term.remove",
            target=term,
            local_authority=local_authority,
            detail={"starts_on": term.starts_on.isoformat(), "ends_on": term.ends_on.isoformat()},
        )
        term.delete()


def closure_add(*, actor: Who, local_authority: LocalAuthority, day: dt.date) -> SchoolClosureDay:
    """Record a day in term when the LA's schools are closed to pupils (an INSET day)."""
    _check_may_set(actor, local_authority)
    if day.weekday() >= 5:
        raise ValidationError("A closure day must be a weekday", field="day")
    with transaction.atomic():
        found = SchoolClosureDay.objects.filter(local_authority=local_authority, day=day).first()
        if found is not None:
            return found
        in_term = [
            t
            for t in SchoolTerm.objects.filter(
                local_authority=local_authority, starts_on__lte=day, ends_on__gte=day
            )
            if not (
                t.half_term_starts_on
                and t.half_term_ends_on
                and t.half_term_starts_on <= day <= t.half_term_ends_on
            )
        ]
        if not in_term:
            raise ValidationError(
                "A closure day must be in one of the terms above (not in a holiday)", field="day"
            )
        closure = SchoolClosureDay.objects.create(
            local_authority=local_authority, day=day, recorded_by=user_of(as_actor(actor))
        )
        audit_record(
            actor=actor,
            action="school_closure.add",
            target=closure,
            local_authority=local_authority,
            detail={"day": day.isoformat()},
        )
    return closure


def closure_remove(*, actor: Who, local_authority: LocalAuthority, closure_id: int) -> None:
    """Remove one of the LA's closure days (removing one already removed changes nothing)."""
    _check_may_set(actor, local_authority)
    with transaction.atomic():
        closure = SchoolClosureDay.objects.filter(
            local_authority=local_authority, pk=closure_id
        ).first()
        if closure is None:
            return
        audit_record(
            actor=actor,
            action="school_closure.remove",
            target=closure,
            local_authority=local_authority,
            detail={"day": closure.day.isoformat()},
        )
        closure.delete()
