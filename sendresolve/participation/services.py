"""Writes: the needs given with the family's request, changed by staff or the family, a
supporter the family names, and the child's views recorded and shared.

Every change to an open case is a catalogue action (``cases.actions``) recorded through
``cases.recorder.case_step_record``: checked against the actor, audited (field names only, never
the answers), in the case's timeline (hidden from LA and health officers,
``cases.selectors.case_timeline``). The needs given with the request are saved inside the
request's own transaction (``needs_give``, called from the case's ``create``), so a request is
never sent without them nor they kept without it.

A supporter who will attend is also a ``cases.Party`` (role supporter), so meeting invitations
reach them; if they will no longer attend, that party is removed again (if no meeting names
them) or kept with their answer updated.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from sendresolve.audit.services import audit_record
from sendresolve.cases.models import Case, Party
from sendresolve.cases.recorder import Step, case_step_record
from sendresolve.cases.vocabulary import EventType, PartyRole
from sendresolve.core import clock
from sendresolve.core.errors import ValidationError
from sendresolve.core.text import text_clean
from sendresolve.core.validators import email_is_plain
from sendresolve.participation.models import ChildViews, ParticipationNeeds
from sendresolve.participation.vocabulary import Access, ChildWay, Times
from sendresolve.tenancy.actors import Who, author_of, user_of


@dataclass(frozen=True)
class NeedsInput:
    """Everything the needs questions ask; the request, staff and the family give all of it."""

    interpreter_language: str = ""
    bsl: bool = False
    access: tuple[str, ...] = ()
    access_other: str = ""
    times: tuple[str, ...] = ()
    times_note: str = ""
    child_ways: tuple[str, ...] = ()
    child_note: str = ""
    supporter_name: str = ""
    supporter_relationship: str = ""
    supporter_contact: str = ""
    supporter_attends: bool = False

    @classmethod
    def from_answers(cls, answers: dict[str, Any]) -> NeedsInput:
        """From the request's session answers (or any dict of these names); others ignored."""
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in answers.items() if k in names}
        for many in ("access", "times", "child_ways"):
            if many in values:
                values[many] = tuple(values[many] or ())
        for flag in ("bsl", "supporter_attends"):
            if flag in values:
                values[flag] = values[flag] in (True, "yes", "on", "true")
        return cls(**values)


SUPPORTER_FIELDS = (
    "supporter_name",
    "supporter_relationship",
    "supporter_contact",
    "supporter_attends",
)
LIMITS = {
    "interpreter_language": 80,
    "access_other": 500,
    "times_note": 300,
    "child_note": 300,
    "supporter_name": 150,
    "supporter_relationship": 100,
    "supporter_contact": 254,
}


def _text(value: str, name: str) -> str:
    value = text_clean(value or "").strip()
    if len(value) > LIMITS[name]:
        raise ValidationError(f"Enter {LIMITS[name]} characters or fewer.", field=name)
    return value


def _choices(values: tuple[str, ...], choices: Any, name: str) -> list[str]:
    unknown = set(values) - set(choices.values)
    if unknown:
        raise ValidationError("Select from the list.", field=name)
    return [value for value in choices.values if value in values]


def needs_clean(given: NeedsInput) -> dict[str, Any]:
    """The stored values for ``given``, or ``ValidationError`` naming the field to correct."""
    values: dict[str, Any] = {name: _text(getattr(given, name), name) for name in LIMITS}
    values["bsl"] = bool(given.bsl)
    values["supporter_attends"] = bool(given.supporter_attends)
    values["access"] = _choices(given.access, Access, "access")
    values["times"] = _choices(given.times, Times, "times")
    values["child_ways"] = _choices(given.child_ways, ChildWay, "child_ways")
    if ChildWay.NOT_TAKING_PART in values["child_ways"] and len(values["child_ways"]) > 1:
        raise ValidationError(
            "Select how they will take part, or that they will not take part, not both.",
            field="child_ways",
        )
    contact = values["supporter_contact"]
    if values["supporter_name"] == "" and (contact or values["supporter_relationship"]):
        raise ValidationError("Enter the supporter's name.", field="supporter_name")
    if "@" in contact and not email_is_plain(contact):
        raise ValidationError(
            "Enter the supporter's email address in the correct format, like name@example.com.",
            field="supporter_contact",
        )
    if not values["supporter_name"]:
        values["supporter_attends"] = False
    return values


def _apply(needs: ParticipationNeeds, values: dict[str, Any]) -> list[str]:
    """Set ``values`` on ``needs``; the names of the fields that changed."""
    changed = [name for name, value in values.items() if getattr(needs, name) != value]
    for name in changed:
        setattr(needs, name, values[name])
    return changed


def _supporter_party_sync(needs: ParticipationNeeds) -> None:
    """Keep the supporter's party in step: present while they will attend (invitations reach
    them), removed when they will not, unless a meeting already names them."""
    party = needs.supporter_party
    if needs.supporter_name and needs.supporter_attends:
        contact = needs.supporter_contact
        email, phone = (contact, "") if "@" in contact else ("", contact[:40])
        relationship = needs.supporter_relationship
        if party is None:
            party = Party.objects.create(
                case_id=needs.case_id,
                role=PartyRole.SUPPORTER,
                name=needs.supporter_name,
                organisation=relationship,
                email=email,
                phone=phone,
            )
            needs.supporter_party = party
        else:
            party.name, party.organisation = needs.supporter_name, relationship
            party.email, party.phone = email, phone
            party.save(update_fields=["name", "organisation", "email", "phone", "updated_at"])
    elif party is not None:
        if not party.sessions.exists():
            needs.supporter_party = None
            party.delete()


def needs_give(*, case: Case, answers: dict[str, Any]) -> ParticipationNeeds:
    """Save the needs the family gave with their online request, with the case (called inside
    the request's transaction); audited with the names of the questions answered."""
    values = needs_clean(NeedsInput.from_answers(answers))
    needs = ParticipationNeeds(case=case, updated_at=clock.now())
    answered = _apply(needs, values)
    needs.save()
    _supporter_party_sync(needs)
    needs.save(update_fields=["supporter_party"])
    audit_record(
        actor=None,
        action="case.participation_needs.given",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail={"fields": sorted(answered)},
    )
    return needs


def _needs_change(
    *, actor: Who, case: Case, action: str, event_type: str, values: dict[str, Any]
) -> ParticipationNeeds:
    audit_detail: dict[str, Any] = {}

    def apply(step: Step) -> ParticipationNeeds:
        needs = ParticipationNeeds.objects.select_for_update().filter(case=step.case).first()
        needs = needs or ParticipationNeeds(case=step.case)
        changed = _apply(needs, values)
        if not changed and needs.pk is not None:
            raise ValidationError(
                "These are the answers already recorded. Change one, or go back to the case.",
                field=next(iter(values)),
            )
        needs.updated_at = clock.now()
        needs.updated_by = user_of(actor)
        needs.save()
        _supporter_party_sync(needs)
        needs.save(update_fields=["supporter_party"])
        audit_detail["fields"] = sorted(changed)
        step.detail.update(fields=sorted(changed))
        return needs

    return case_step_record(
        actor=actor,
        case=case,
        action=action,
        event_type=event_type,
        on=clock.today(),
        apply=apply,
        not_before=None,
        audit_detail=audit_detail,
    )


@transaction.atomic
def participation_needs_change(*, actor: Who, case: Case, needs: NeedsInput) -> ParticipationNeeds:
    """Staff change what people need to take part (``participation_needs_change``)."""
    return _needs_change(
        actor=actor,
        case=case,
        action="participation_needs_change",
        event_type=EventType.PARTICIPATION_NEEDS_CHANGED,
        values=needs_clean(needs),
    )


@transaction.atomic
def participation_needs_family_change(
    *, actor: Who, case: Case, needs: NeedsInput
) -> ParticipationNeeds:
    """The family change their answers on their status page: everything but the supporter,
    whom they name on its own page (``supporter_name``)."""
    values = needs_clean(needs)
    for name in SUPPORTER_FIELDS:  # kept as they are
        values.pop(name)
    return _needs_change(
        actor=actor,
        case=case,
        action="participation_needs_family_change",
        event_type=EventType.PARTICIPATION_NEEDS_CHANGED,
        values=values,
    )


@transaction.atomic
def supporter_name(
    *, actor: Who, case: Case, name: str, relationship: str, contact: str, attends: bool
) -> ParticipationNeeds:
    """The family name a supporter (a relative, friend or advocate) on their status page."""
    if not text_clean(name or "").strip():
        raise ValidationError("Enter the supporter's name.", field="supporter_name")
    values = needs_clean(
        NeedsInput(
            supporter_name=name,
            supporter_relationship=relationship,
            supporter_contact=contact,
            supporter_attends=attends,
        )
    )
    return _needs_change(
        actor=actor,
        case=case,
        action="supporter_name",
        event_type=EventType.SUPPORTER_NAMED,
        values={name: values[name] for name in SUPPORTER_FIELDS},
    )


def _consent_check(consent: bool, consent_on: dt.date | None, case: Case) -> dt.date:
    if not consent:
        raise ValidationError(
            "Record the child's or young person's views only if they agreed. "
            "Confirm that they agreed.",
            field="consent",
        )
    if consent_on is None:
        raise ValidationError("Enter the date they agreed.", field="consent_on")
    if consent_on > clock.today():
        raise ValidationError("The date they agreed cannot be in the future.", field="consent_on")
    if consent_on < case.opened_on:
        raise ValidationError(
            "The date they agreed must be on or after the day the case was opened.",
            field="consent_on",
        )
    return consent_on


@transaction.atomic
def child_views_record(
    *,
    actor: Who,
    case: Case,
    way: str,
    text: str,
    consent: bool,
    consent_on: dt.date | None,
) -> ChildViews:
    """The mediator records the child's or young person's views in their own words, with their
    consent. Confidential: only the provider's staff read them until the family agrees to share."""
    if way not in ChildWay.values or way == ChildWay.NOT_TAKING_PART:
        raise ValidationError("Select how they gave their views.", field="way")
    words = text_clean(text or "", multiline=True).strip()
    if not words:
        raise ValidationError("Enter their views, in their own words.", field="text")
    if len(words) > 5000:
        raise ValidationError("Enter 5,000 characters or fewer.", field="text")
    agreed_on = _consent_check(consent, consent_on, case)

    def apply(step: Step) -> ChildViews:
        views = ChildViews.objects.create(
            case=step.case,
            way=way,
            text=words,
            consent_on=agreed_on,
            recorded_by=author_of(actor),
            recorded_at=clock.now(),
        )
        step.detail.update(child_views_id=views.pk, way=way)
        return views

    return case_step_record(
        actor=actor,
        case=case,
        action="child_views_record",
        event_type=EventType.CHILD_VIEWS_RECORDED,
        on=clock.today(),
        apply=apply,
        not_before=None,
    )


@transaction.atomic
def child_views_share(
    *, actor: Who, child_views: ChildViews, agreed_by: str, on: dt.date | None
) -> ChildViews:
    """Record that the family agreed to share the child's views with the LA and health parties:
    from then, their officers who see the case read the text."""
    case = child_views.case
    who_agreed = text_clean(agreed_by or "").strip()
    if not who_agreed:
        raise ValidationError("Enter who in the family agreed.", field="agreed_by")
    if len(who_agreed) > 150:
        raise ValidationError("Enter 150 characters or fewer.", field="agreed_by")
    if on is not None and on < child_views.consent_on:
        raise ValidationError(
            "The date must be on or after the day the views were given.", field="on"
        )

    def apply(step: Step) -> ChildViews:
        views = ChildViews.objects.select_for_update().get(pk=child_views.pk, case=step.case)
        if views.shared_on is not None:
            raise ValidationError("The family already agreed to share these views.", field="on")
        views.shared_on = step.on
        views.share_agreed_by = who_agreed
        views.share_recorded_by = author_of(actor)
        views.save(update_fields=["shared_on", "share_agreed_by", "share_recorded_by"])
        step.detail.update(child_views_id=views.pk)
        return views

    return case_step_record(
        actor=actor,
        case=case,
        action="child_views_share",
        event_type=EventType.CHILD_VIEWS_SHARED,
        on=on,
        apply=apply,
        not_before=None,
    )
