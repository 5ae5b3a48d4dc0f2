"""Disagreement resolution (CFA 2014 s.57): parties, their agreement to take part, and the
complaints or appeals running alongside a case.

Disagreement resolution is voluntary for everyone (law.md §6): each party's answer is recorded,
and meetings can be arranged once every party has answered and at least one other side has
agreed. It needs no EHC plan, has no certificate and no statutory time limits, and can run
alongside complaints and while an appeal is pending.
"""

import datetime as dt

from django.db import transaction

from sendresolve.audit.services import audit_record
from sendresolve.cases.deadlines import deadlines_recompute
from sendresolve.cases.models import Case, Party, RelatedProceeding
from sendresolve.cases.permissions import NEEDS_AGREEMENT, OTHER_SIDE, participation_owner
from sendresolve.cases.privacy import FAMILY_SIDE
from sendresolve.cases.recorder import action_require, date_check, event_record
from sendresolve.cases.states import TERMINAL, Status, next_status
from sendresolve.cases.vocabulary import (
    DrType,
    EventType,
    Participation,
    PartyRole,
    ProceedingKind,
)
from sendresolve.core import clock
from sendresolve.core.errors import ValidationError
from sendresolve.core.text import text_clean
from sendresolve.core.validators import EMAIL_INVALID, email_is_plain
from sendresolve.tenancy.actors import Who
from sendresolve.tenancy.models import CommissioningBody

# For an LA-and-health disagreement the LA asks, so the other side is the health body.
LA_HEALTH_OTHER_SIDE = frozenset({PartyRole.HEALTH})


@transaction.atomic
def party_add(
    *,
    actor: Who,
    case: Case,
    role: str,
    name: str,
    organisation: str = "",
    email: str = "",
    phone: str = "",
    has_authority_to_agree: bool = False,
    commissioning_body: CommissioningBody | None = None,
) -> Party:
    """Add someone taking part: the LA, a school, health, social care, a supporter, the child."""
    action_require(actor, case, "party_add")
    if case.status in TERMINAL:
        raise ValidationError("The case is closed.", field="role")
    if role not in PartyRole.values:
        raise ValidationError("Choose the person's role.", field="role")
    name, organisation, phone = (text_clean(v or "") for v in (name, organisation, phone))
    if not name.strip():
        raise ValidationError("Enter the person's name.", field="name")
    if email and not email_is_plain(email):
        raise ValidationError(EMAIL_INVALID, field="email")
    if commissioning_body is not None:
        if role != PartyRole.HEALTH:
            raise ValidationError(
                "Only a health representative speaks for a health body.",
                field="commissioning_body",
            )
        if not case.local_authority.commissioning_bodies.filter(pk=commissioning_body.pk).exists():
            raise ValidationError(
                f"{commissioning_body.name} does not cover {case.local_authority.name}.",
                field="commissioning_body",
            )
    party = Party.objects.create(
        case=case,
        role=role,
        name=name.strip(),
        organisation=(organisation or (commissioning_body.name if commissioning_body else ""))[
            :150
        ].strip(),
        email=email,
        phone=phone,
        has_authority_to_agree=has_authority_to_agree,
        commissioning_body=commissioning_body,
    )
    event_record(
        case,
        actor=actor,
        event_type=EventType.PARTY_ADDED,
        on=_today_not_before(case),
        action="party_add",
        detail={"party_id": party.pk, "role": role},
    )
    return party


def _today_not_before(case: Case) -> dt.date:
    return max(clock.today(), case.opened_on)


def _sides_needed(case: Case) -> frozenset[str]:
    return LA_HEALTH_OTHER_SIDE if case.dr_type == DrType.LA_HEALTH else OTHER_SIDE


@transaction.atomic
def participation_record(*, actor: Who, party: Party, agrees: bool, on: dt.date) -> Party:
    """Record a party's answer to taking part in disagreement resolution.

    Once every party has answered and at least one other side has agreed, the case can go
    ahead (meetings can be arranged). If every other side declines, it is not taken forward.
    """
    case = party.case
    action_require(actor, case, "participation_record", owner=participation_owner(party))
    if not case.is_disagreement_resolution:
        raise ValidationError(
            "Only disagreement resolution needs every party's agreement.", field="agrees"
        )
    if party.role not in NEEDS_AGREEMENT:
        raise ValidationError("This person does not need to agree to take part.", field="agrees")
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status not in (Status.ENQUIRY, Status.PARTIES_AGREED):
        raise ValidationError(
            "Answers to taking part are recorded before the meetings.", field="agrees"
        )
    on = date_check(on, "on", not_before=locked.opened_on, before_label="the first contact")
    party.participation = Participation.AGREED if agrees else Participation.DECLINED
    party.participation_on = on
    party.save(update_fields=["participation", "participation_on", "updated_at"])
    event_record(
        locked,
        actor=actor,
        event_type=EventType.PARTICIPATION_RECORDED,
        on=on,
        action="participation_record",
        detail={"party_id": party.pk, "agrees": agrees},
    )
    parties = [p for p in locked.parties.all() if p.role in NEEDS_AGREEMENT]
    other_sides = _sides_needed(locked)
    pending = [p for p in parties if p.participation == Participation.PENDING]
    others = [p for p in parties if p.role in other_sides]
    others_agreed = [p for p in others if p.participation == Participation.AGREED]
    family_declined = any(
        p.role in FAMILY_SIDE and p.participation == Participation.DECLINED for p in parties
    )
    if locked.status == Status.ENQUIRY:
        if family_declined or (others and not pending and not others_agreed):
            event_record(
                locked,
                actor=actor,
                event_type=EventType.NOT_TAKEN_FORWARD,
                on=on,
                action="dr_not_taken_forward",
                to_status=next_status(locked.status, "dr_not_taken_forward", kind=locked.kind),
            )
        elif not pending and others_agreed:
            event_record(
                locked,
                actor=actor,
                event_type=EventType.ALL_PARTIES_AGREED,
                on=on,
                action="dr_all_agreed",
                to_status=next_status(locked.status, "dr_all_agreed", kind=locked.kind),
            )
    elif not agrees and (family_declined or not others_agreed):
        event_record(
            locked,
            actor=actor,
            event_type=EventType.NOT_TAKEN_FORWARD,
            on=on,
            action="dr_not_taken_forward",
            to_status=next_status(locked.status, "dr_not_taken_forward", kind=locked.kind),
        )
    case.refresh_from_db()
    deadlines_recompute(case)
    return party


@transaction.atomic
def proceeding_record(
    *,
    actor: Who,
    case: Case,
    kind: str,
    started_on: dt.date,
    reference: str = "",
    detail: str = "",
) -> RelatedProceeding:
    """Record a complaint or an appeal running alongside the case."""
    action_require(actor, case, "proceeding_record")
    if kind not in ProceedingKind.values:
        raise ValidationError("Choose what is running alongside.", field="kind")
    started_on = date_check(started_on, "started_on")
    proceeding = RelatedProceeding.objects.create(
        case=case,
        kind=kind,
        started_on=started_on,
        reference=reference.strip()[:60],
        detail=detail.strip()[:300],
    )
    event_record(
        case,
        actor=actor,
        event_type=EventType.PROCEEDING_RECORDED,
        on=max(started_on, case.opened_on),
        action="proceeding_record",
        detail={"proceeding_id": proceeding.pk, "kind": kind},
    )
    deadlines_recompute(case)  # an appeal alongside meets the family's appeal deadline
    return proceeding


@transaction.atomic
def proceeding_finish(*, actor: Who, proceeding: RelatedProceeding) -> RelatedProceeding:
    """Record that a complaint or appeal alongside the case has finished."""
    case = proceeding.case
    action_require(actor, case, "proceeding_finish")
    if proceeding.state == RelatedProceeding.State.FINISHED:
        raise ValidationError("This is already recorded as finished.", field="state")
    proceeding.state = RelatedProceeding.State.FINISHED
    proceeding.save(update_fields=["state", "updated_at"])
    deadlines_recompute(case)  # a finished complaint's response clocks are no longer needed
    audit_record(
        actor=actor,
        action="case.proceeding_finish",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail={"proceeding_id": proceeding.pk},
    )
    return proceeding
