"""Casework services: mediation advice, the LA's steps, meetings, outcomes, agreed actions,
certificates and closing (see the package docstring)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from sendresolve import law
from sendresolve.audit.services import audit_record
from sendresolve.cases import messages
from sendresolve.cases.deadlines import deadlines_recompute
from sendresolve.cases.models import (
    AgreedAction,
    Agreement,
    Case,
    CaseEvent,
    Certificate,
    ConfidentialNote,
    Outcome,
    Party,
    Session,
    Venue,
)
from sendresolve.cases.permissions import can_act, sees_confidential
from sendresolve.cases.recorder import (
    Step,
    action_require,
    case_event_record,
    case_step_record,
    date_check,
    event_record,
)
from sendresolve.cases.services.meetings import meeting_check, meeting_not_before_first_contact
from sendresolve.cases.states import TERMINAL, Status
from sendresolve.cases.vocabulary import (
    CaseKind,
    EventType,
)
from sendresolve.core import clock
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.law.dates import long_date
from sendresolve.tenancy.actors import Who, author_of
from sendresolve.tenancy.models import CommissioningBody
from sendresolve.tenancy.selectors import providers_for

if TYPE_CHECKING:
    from django.contrib.auth.models import User  # the user model (AUTH_USER_MODEL)

CERTIFICATE_KIND_FOR_STATUS = {
    Status.DECLINED: Certificate.Kind.DECLINED,
    Status.CONCLUDED: Certificate.Kind.MEDIATION_CONCLUDED,
    Status.NOT_ARRANGED: Certificate.Kind.NOT_ARRANGED,
}


@dataclass(frozen=True)
class IssueInput:
    subject: str
    description: str = ""
    with_body: str = ""  # Body value: who the issue is with (disagreement resolution)


@dataclass(frozen=True)
class ActionInput:
    description: str
    owner: str
    clock: str = AgreedAction.Clock.NON_APPEALABLE
    agreed_due_on: dt.date | None = None


def _transition(
    actor: Who,
    case: Case,
    action: str,
    event_type: str,
    on: dt.date,
    detail: dict[str, Any] | None = None,
) -> CaseEvent:
    """A step that is only a change of status on a date."""
    return case_event_record(
        actor=actor, case=case, action=action, event_type=event_type, on=on, detail=detail
    )


# -- mediation advice and the decision --------------------------------------------------------


@transaction.atomic
def advice_give(*, actor: Who, case: Case, on: dt.date) -> CaseEvent:
    """The mediation adviser has given the family information about mediation."""
    return _transition(actor, case, "advice_give", EventType.ADVICE_GIVEN, on)


@transaction.atomic
def mediation_decline(*, actor: Who, case: Case, on: dt.date) -> CaseEvent:
    """The family told the adviser they do not want (or no longer want) mediation (reg 34)."""
    return _transition(actor, case, "mediation_decline", EventType.MEDIATION_DECLINED, on)


@transaction.atomic
def mediation_request(*, actor: Who, case: Case, on: dt.date) -> CaseEvent:
    """The family wants mediation."""
    return _transition(actor, case, "mediation_request", EventType.MEDIATION_REQUESTED, on)


@transaction.atomic
def la_inform(*, actor: Who, case: Case, on: dt.date) -> CaseEvent:
    """The LA has been told the family wants mediation: the 30-day clock starts."""
    event = _transition(actor, case, "la_inform", EventType.LA_INFORMED, on)
    messages.la_mediation_requested_message(case, on=event.occurred_on)
    return event


@transaction.atomic
def commissioning_body_notify(
    *, actor: Who, case: Case, on: dt.date, commissioning_body: CommissioningBody | None = None
) -> CaseEvent:
    """The LA notified a health commissioning body (health care in issue; MED-03).

    With several health bodies on the case, say which one; each has its own 3-day duty.
    """
    action_require(actor, case, "commissioning_body_notify")
    if not (case.health_care_in_issue or case.kind == CaseKind.HEALTH_ONLY_MEDIATION):
        raise ValidationError("Health care is not in issue on this case.", field="on")
    if case.status in TERMINAL:
        raise ValidationError("The case is closed.", field="on")
    on = date_check(on, "on", not_before=case.opened_on, before_label="the first contact")
    links = list(case.health_bodies.select_related("commissioning_body"))
    link = None
    if commissioning_body is not None:
        link = next((x for x in links if x.commissioning_body_id == commissioning_body.pk), None)
        if link is None:
            raise ValidationError(
                "That health body is not on this case.", field="commissioning_body"
            )
    elif len(links) == 1:
        link = links[0]
    elif links:
        waiting = [x for x in links if x.notified_on is None]
        if len(waiting) != 1:
            raise ValidationError(
                "Choose which health body was notified.", field="commissioning_body"
            )
        link = waiting[0]
    if link is not None:
        if link.notified_on is not None:
            raise ValidationError(
                f"{link.commissioning_body.name} was already notified on "
                f"{long_date(link.notified_on, weekday=False)}.",
                field="commissioning_body",
            )
        link.notified_on = on
        link.save(update_fields=["notified_on"])
    event = event_record(
        case,
        actor=actor,
        event_type=EventType.COMMISSIONING_BODY_NOTIFIED,
        on=on,
        action="commissioning_body_notify",
        detail={"commissioning_body_id": link.commissioning_body_id if link else None},
    )
    deadlines_recompute(case)
    return event


# -- sessions ----------------------------------------------------------------------------------


@transaction.atomic
def session_schedule(
    *,
    actor: Who,
    case: Case,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    mode: str,
    venue: Venue | None = None,
    attendees: Iterable[Party] = (),
    shorter_notice_agreed: bool = False,
    on: dt.date | None = None,
) -> Session:
    """Arrange a mediation meeting (a neutral venue for the LA, or online / by telephone).

    ``on`` is the day it was arranged (today unless recorded later).
    """
    meeting_check(case, starts_at=starts_at, ends_at=ends_at, mode=mode, venue=venue)
    attendees = list(attendees)
    if any(p.case_id != case.pk for p in attendees):
        raise ValidationError("Attendees must be parties to this case.", field="attendees")

    def apply(step: Step) -> Session:
        meeting_not_before_first_contact(step.case, starts_at)
        session = Session.objects.create(
            case=step.case,
            starts_at=starts_at,
            ends_at=ends_at,
            mode=mode,
            venue=venue,
            shorter_notice_agreed=shorter_notice_agreed,
        )
        session.attendees.set(attendees)
        step.detail.update(
            session_id=session.pk,
            starts_at=starts_at.isoformat(),
            shorter_notice_agreed=shorter_notice_agreed,
        )
        return session

    session = case_step_record(
        actor=actor,
        case=case,
        action="session_schedule",
        event_type=EventType.SESSION_SCHEDULED,
        on=on or clock.today(),
        apply=apply,
    )
    messages.session_message(session)
    return session


def _session_scheduled(step: Step, session: Session, message: str) -> Session:
    """The session, read again under the case's lock: still arranged, or refused."""
    current = Session.objects.get(pk=session.pk, case=step.case)
    if current.state != Session.State.SCHEDULED:
        raise ValidationError(message, field="session")
    return current


@transaction.atomic
def session_notice_send(*, actor: Who, session: Session, on: dt.date) -> Session:
    """Record that the family was sent the date and place of the meeting (MED-06)."""

    def apply(step: Step) -> Session:
        current = _session_scheduled(step, session, "This meeting is not arranged any more.")
        current.notice_sent_on = step.on
        current.save(update_fields=["notice_sent_on", "updated_at"])
        step.detail["session_id"] = current.pk
        return current

    return case_step_record(
        actor=actor,
        case=session.case,
        action="session_notice_send",
        event_type=EventType.SESSION_NOTICE_SENT,
        on=on,
        not_before=None,
        apply=apply,
    )


@transaction.atomic
def session_hold(*, actor: Who, session: Session) -> Session:
    """Record that an arranged meeting took place (on the day it was arranged for)."""

    def apply(step: Step) -> Session:
        current = _session_scheduled(step, session, "This meeting is not arranged.")
        current.state = Session.State.HELD
        current.save(update_fields=["state", "updated_at"])
        step.detail["session_id"] = current.pk
        return current

    return case_step_record(
        actor=actor,
        case=session.case,
        action="session_hold",
        event_type=EventType.SESSION_HELD,
        on=session.starts_at.astimezone(clock.LONDON).date(),
        date_field="starts_at",
        not_before=None,
        apply=apply,
    )


@transaction.atomic
def la_cannot_arrange(*, actor: Who, case: Case, on: dt.date) -> CaseEvent:
    """The LA told the adviser it cannot arrange mediation within 30 days (certificate due)."""
    event = _transition(actor, case, "la_cannot_arrange", EventType.LA_CANNOT_ARRANGE, on)
    messages.la_cannot_arrange_message(case, on=event.occurred_on)
    return event


# -- conclusion, agreement and actions --------------------------------------------------------


@transaction.atomic
def mediation_conclude(
    *,
    actor: Who,
    case: Case,
    on: dt.date,
    outcomes: Mapping[int, str],
    agreement_text: str = "",
    la_was_party: bool = True,
    different_timescale: str = "",
    actions: Iterable[ActionInput] = (),
    confidential_note: str = "",
) -> Case:
    """Mediation has concluded: record the outcome of every issue, the written agreement (if
    any) with its agreed actions, and the mediator's confidential note (kept apart)."""
    action_require(actor, case, "mediation_conclude")
    issues = {issue.pk: issue for issue in case.issues.all()}
    missing = [i for i in issues if i not in outcomes]
    if missing:
        raise ValidationError("Record an outcome for every issue.", field="outcomes")
    unknown = [i for i in outcomes if i not in issues]
    if unknown:
        raise ValidationError("An outcome is for an issue not on this case.", field="outcomes")
    if any(result not in Outcome.Result.values for result in outcomes.values()):
        raise ValidationError("Choose agreed, partly agreed or not agreed.", field="outcomes")
    any_agreed = any(r != Outcome.Result.NOT_AGREED for r in outcomes.values())
    actions = list(actions)
    if any_agreed and not agreement_text.strip():
        raise ValidationError("Enter the written agreement.", field="agreement_text")
    if actions and not any_agreed:
        raise ValidationError("Agreed actions need at least one issue agreed.", field="actions")
    for action in actions:
        if not action.description.strip():
            raise ValidationError("Describe each agreed action.", field="actions")
        if action.owner not in AgreedAction.Owner.values:
            raise ValidationError("Choose who must do each action.", field="actions")
        if action.clock not in AgreedAction.Clock.values:
            raise ValidationError("Choose the time limit for each action.", field="actions")
        if case.is_disagreement_resolution and action.clock != AgreedAction.Clock.AGREED_DATE:
            raise ValidationError(
                "Disagreement resolution has no statutory time limits: give each agreed "
                "action the date the parties agreed.",
                field="actions",
            )
        if (action.clock == AgreedAction.Clock.AGREED_DATE) != bool(action.agreed_due_on):
            raise ValidationError(
                "Give a due date only when the parties agreed a different date in writing.",
                field="actions",
            )

    def apply(step: Step) -> Case:
        locked = step.case
        Outcome.objects.bulk_create(
            [
                Outcome(case=locked, issue=issues[pk], result=result)
                for pk, result in outcomes.items()
            ]
        )
        if any_agreed:
            agreement = Agreement.objects.create(
                case=locked,
                agreed_on=step.on,
                text=agreement_text.strip(),
                la_was_party=la_was_party or locked.is_disagreement_resolution,
                different_timescale=different_timescale,
            )
            AgreedAction.objects.bulk_create(
                [
                    AgreedAction(
                        case=locked,
                        agreement=agreement,
                        description=a.description.strip(),
                        owner=a.owner,
                        clock=a.clock,
                        agreed_due_on=a.agreed_due_on,
                    )
                    for a in actions
                ]
            )
        if confidential_note.strip():
            ConfidentialNote.objects.create(
                case=locked, author=author_of(actor), text=confidential_note.strip()
            )
        step.also(
            EventType.OUTCOME_RECORDED,
            action="outcome_record",
            detail={"issues": len(outcomes), "actions": len(actions)},
        )
        return case

    return case_step_record(
        actor=actor,
        case=case,
        action="mediation_conclude",
        event_type=EventType.MEDIATION_CONCLUDED,
        on=on,
        detail={"outcomes": {str(k): v for k, v in outcomes.items()}},
        apply=apply,
    )


@transaction.atomic
def action_complete(*, actor: Who, action: AgreedAction, on: dt.date) -> AgreedAction:
    """Record that an agreed action was done."""
    case = action.case
    action_require(actor, case, "action_complete", owner=action.owner)
    if action.completed_on is not None:
        raise ValidationError("This action is already recorded as done.", field="on")
    action.completed_on = date_check(
        on, "on", not_before=action.agreement.agreed_on, before_label="the agreement"
    )
    action.save(update_fields=["completed_on", "updated_at"])
    event_record(
        case,
        actor=actor,
        event_type=EventType.ACTION_COMPLETED,
        on=on,
        action="action_complete",
        detail={"action_id": action.pk},
    )
    deadlines_recompute(case)
    return action


@transaction.atomic
def note_add(*, actor: Who, case: Case, text: str) -> ConfidentialNote:
    """Add a confidential, without-prejudice note (provider staff only)."""
    action_require(actor, case, "note_add")
    if not sees_confidential(actor, case):
        raise NotFound("No such case.")
    if not text.strip():
        raise ValidationError("Enter the note.", field="text")
    note = ConfidentialNote.objects.create(case=case, author=author_of(actor), text=text.strip())
    audit_record(
        actor=actor,
        action="case.note_add",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail={"note_id": note.pk},
    )
    return note


# -- certificates ------------------------------------------------------------------------------


def certificate_number(issued_on: dt.date) -> str:
    token = "".join(secrets.choice("23456789ABCDEFGHJKMNPQRSTUVWXYZ") for _ in range(6))
    return f"MC-{issued_on.year}-{token}"


@transaction.atomic
def certificate_issue(*, actor: Who, case: Case, on: dt.date | None = None) -> Certificate:
    """Issue the mediation certificate the case's status calls for.

    Idempotent: asking again returns the certificate already issued. The appeal deadline printed
    on it comes from the law core (HESC r.20(1)(c) and r.12).
    """
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status in (Status.CERTIFICATE_ISSUED, Status.FOLLOW_UP) and can_act(
            actor, case, "certificate_issue"
        ):
            existing = locked.certificates.order_by("-issued_on", "-id").first()
            if existing is not None:
                return existing

    def apply(step: Step) -> Certificate:
        locked = step.case
        subjects = set(locked.issues.values_list("subject", flat=True))
        required = locked.certificate_required(subjects)
        if required is None:
            raise ValidationError(
                "Nothing on this case can be appealed, so no mediation certificate is needed.",
                field="case",
            )
        if required is False:
            raise ValidationError(
                "An appeal only about the school named in the plan needs no mediation certificate.",
                field="case",
            )
        kind = CERTIFICATE_KIND_FOR_STATUS[Status(locked.status)]
        appeal = law.appeal_deadline(
            locked.decision_letter_date, step.on, certificate_required=True
        )
        certificate = Certificate(
            case=locked,
            number=certificate_number(step.on),
            kind=kind,
            issued_on=step.on,
            issued_by=author_of(actor),
            decision_description=locked.decision_description,
            issues=[issue.get_subject_display() for issue in locked.issues.all()],
            appeal_deadline=appeal.date,
            appeal_deadline_rule=appeal.rule,
        )
        from sendresolve.cases.documents import certificate_pdf

        certificate.pdf = certificate_pdf(certificate)
        certificate.save()
        step.detail.update(certificate_id=certificate.pk, kind=kind)
        return certificate

    certificate = case_step_record(
        actor=actor,
        case=case,
        action="certificate_issue",
        event_type=EventType.CERTIFICATE_ISSUED,
        on=on or clock.today(),
        apply=apply,
    )
    messages.certificate_message(certificate)
    return certificate


# -- housekeeping ------------------------------------------------------------------------------


@transaction.atomic
def follow_up_start(*, actor: Who, case: Case, on: dt.date) -> CaseEvent:
    """Start following up the agreed actions after the certificate."""
    if not case.actions.exists():
        raise ValidationError("There are no agreed actions to follow up.", field="on")
    return _transition(actor, case, "follow_up_start", EventType.FOLLOW_UP_STARTED, on)


@transaction.atomic
def case_close(*, actor: Who, case: Case, on: dt.date) -> CaseEvent:
    """Close the case."""
    open_actions = case.actions.filter(completed_on__isnull=True).count()
    if case.status == Status.FOLLOW_UP and open_actions:
        raise ValidationError(f"{open_actions} agreed action(s) are not done yet.", field="on")
    return _transition(actor, case, "case_close", EventType.CASE_CLOSED, on)


@transaction.atomic
def case_withdraw(*, actor: Who, case: Case, on: dt.date, reason: str = "") -> CaseEvent:
    """The family withdrew; open deadlines are no longer needed."""
    return _transition(
        actor, case, "case_withdraw", EventType.CASE_WITHDRAWN, on, detail={"reason": reason[:300]}
    )


@transaction.atomic
def case_assign(*, actor: Who, case: Case, assignee: User | None) -> Case:
    """Assign the case to a member of the provider's staff (or no one)."""
    action_require(actor, case, "case_assign")
    if assignee is not None and not providers_for(assignee).filter(pk=case.provider_id).exists():
        raise ValidationError("Choose someone who works for this provider.", field="assignee")
    case.assigned_to = assignee
    case.save(update_fields=["assigned_to", "updated_at"])
    event_record(
        case,
        actor=actor,
        event_type=EventType.ASSIGNED,
        on=clock.today(),
        action="case_assign",
        detail={"assignee_id": assignee.pk if assignee else None},
    )
    return case
