"""Corrections: putting right what was recorded wrongly on a case.

A wrong date, name or email is corrected here, never in Django admin: each correction is a step
through the recorder (``case_step_record``), so it is audited, recomputes the deadlines, and
leaves a ``details_corrected`` event in the timeline with every field's value before and after
(the timeline is already scoped to those who may read the case). The audit event holds only
identifiers and the names of the fields changed (``audit_record`` keeps no personal data).

A change to a date that drives a deadline (the decision letter's date, the child's date of
birth) needs a reason. Each correction answers what it changed and which deadlines moved
(``Correction.moved``), for the success banner and the API.

Certificates already issued are never rewritten: ``cases.certificate_check`` says when a
correction changed what one says, and ``certificate_correct`` issues a corrected one that
replaces it (a new number; the old one is kept, marked superseded).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.db import transaction

from sendresolve.cases.models import (
    Case,
    CaseDeadline,
    CaseEvent,
    CaseHealthBody,
    Issue,
    Party,
)
from sendresolve.cases.recorder import Step, action_require, case_step_record
from sendresolve.cases.vocabulary import (
    Body,
    Channel,
    EventType,
    IssueSubject,
    PartyRole,
    Requester,
)
from sendresolve.core import clock
from sendresolve.core.errors import ValidationError
from sendresolve.core.text import text_clean
from sendresolve.core.validators import EMAIL_INVALID, email_is_plain
from sendresolve.law.dates import long_date
from sendresolve.tenancy.actors import Who

# The case's own fields a correction may change, with the words the pages and the timeline use.
CASE_FIELDS: dict[str, str] = {
    "child_name": "Child's name",
    "child_date_of_birth": "Child's date of birth",
    "requester": "Who is asking",
    "requester_name": "Name of the person asking",
    "email": "Email address",
    "phone": "Phone number",
    "address": "Address",
    "preferred_channel": "Preferred way to be contacted",
    "decision_description": "Decision",
    "decision_letter_date": "Date of the decision letter",
}
# Dates that drive a deadline (the appeal's; the child's age for who may act): a change to
# one needs a reason.
DEADLINE_DATES = frozenset({"decision_letter_date", "child_date_of_birth"})
PARTY_FIELDS: dict[str, str] = {
    "name": "Name",
    "role": "Role",
    "organisation": "Organisation",
    "email": "Email address",
    "phone": "Phone number",
    "has_authority_to_agree": "Has authority to agree",
    "access_needs": "Access needs",
}
ISSUE_FIELDS: dict[str, str] = {
    "subject": "Subject",
    "with_body": "Disagreement with",
    "description": "Description",
}
MAX_LENGTHS = {
    "child_name": 150,
    "requester_name": 150,
    "phone": 40,
    "decision_description": 300,
    "name": 150,
    "organisation": 150,
    "email": 254,
}
# Text areas: their line breaks are kept.
MULTILINE = frozenset({"address", "decision_description", "description", "access_needs"})
REASON_MAX = 300


def correction_summary(event: CaseEvent) -> str:
    """One sentence for the success banner: what a correction changed."""
    labels = [change["label"] for change in event.detail.get("changes", {}).values()]
    return "Corrected: " + ", ".join(labels) + "." if labels else "Nothing was changed."


def correction_moved(event: CaseEvent) -> list[str]:
    """The sentences saying which deadlines a correction moved."""
    return list(event.detail.get("moved", []))


def _value(value: Any) -> Any:
    """A value as the event's JSON keeps it."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _shown(value: Any) -> str:
    if isinstance(value, dt.date):
        return long_date(value, weekday=False)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value) if value not in (None, "") else "(none)"


def _reason(reason: str, *, needed: bool) -> str:
    reason = text_clean(reason or "", multiline=True).strip()
    if needed and not reason:
        raise ValidationError(
            "Enter why the date is being corrected: it changes a deadline.", field="reason"
        )
    if len(reason) > REASON_MAX:
        raise ValidationError(
            f"The reason must be {REASON_MAX} characters or fewer.", field="reason"
        )
    return reason


def _clean_text(name: str, value: Any, *, required: bool = False) -> str:
    # No control or bidi characters, whoever calls (core.text); line breaks in text areas only.
    text = text_clean(str(value or ""), multiline=name in MULTILINE).strip()
    if required and not text:
        raise ValidationError("Enter a value: it cannot be left empty.", field=name)
    limit = MAX_LENGTHS.get(name)
    if limit and len(text) > limit:
        raise ValidationError(f"Enter {limit} characters or fewer.", field=name)
    return text


def _clean_case_value(name: str, value: Any) -> Any:
    if name in ("child_date_of_birth", "decision_letter_date"):
        if value is not None and not isinstance(value, dt.date):
            raise ValidationError("Enter a real date.", field=name)
        if value is not None and value > clock.today():
            raise ValidationError("The date cannot be in the future.", field=name)
        return value
    if name == "requester":
        if value not in Requester.values or value == Requester.LOCAL_AUTHORITY:
            raise ValidationError("Choose who is asking.", field=name)
        return value
    if name == "preferred_channel":
        if value not in Channel.values:
            raise ValidationError("Choose how they prefer to be contacted.", field=name)
        return value
    if name == "email" and value and not email_is_plain(str(value)):
        raise ValidationError(EMAIL_INVALID, field=name)
    return _clean_text(name, value, required=name in ("child_name", "requester_name"))


def _deadlines(case: Case) -> dict[str, tuple[str, dt.date]]:
    return {
        row.key: (row.title, row.due_on)
        for row in CaseDeadline.objects.filter(case=case).exclude(
            state=CaseDeadline.State.NOT_NEEDED
        )
    }


def deadlines_moved(
    before: Mapping[str, tuple[str, dt.date]], after: Mapping[str, tuple[str, dt.date]]
) -> tuple[str, ...]:
    """Sentences saying which stored deadlines moved, appeared or went."""
    lines = []
    for key, (title, due) in after.items():
        if key not in before:
            lines.append(f"New deadline: {title}, {long_date(due, weekday=False)}.")
        elif before[key][1] != due:
            lines.append(
                f"{_deadline_name(title)} moved from {long_date(before[key][1], weekday=False)} "
                f"to {long_date(due, weekday=False)}."
            )
    for key, (title, due) in before.items():
        if key not in after:
            lines.append(f"No longer a deadline: {title} ({long_date(due, weekday=False)}).")
    return tuple(lines)


def _deadline_name(title: str) -> str:
    if "appeal" in title.lower():
        return "The appeal deadline"
    return f"The deadline “{title}”"


def _record(
    *,
    actor: Who,
    case: Case,
    action: str,
    reason: str,
    what: str,
    apply: Callable[[Step], dict[str, dict[str, Any]]],
    audit_detail: dict[str, Any],
    deadline_fields: frozenset[str] = frozenset(),
) -> CaseEvent:
    """Record one correction through the recorder and return its ``details_corrected`` event,
    whose detail holds the changes (before, after), the reason and the deadlines that moved."""
    state: dict[str, Any] = {}
    reason = _reason(reason, needed=False)

    def step_apply(step: Step) -> Step:
        state["before"] = _deadlines(step.case)
        changed = apply(step)
        if not changed:
            raise ValidationError("Nothing was changed: change a value, or go back.", field=what)
        step.detail.update(
            what=action,
            changes=changed,
            reason=_reason(reason, needed=bool(set(changed) & deadline_fields)),
        )
        return step

    with transaction.atomic():
        step = case_step_record(
            actor=actor,
            case=case,
            action=action,
            event_type=EventType.DETAILS_CORRECTED,
            on=clock.today(),
            apply=step_apply,
            not_before=None,
            audit_detail=audit_detail,
        )
        event = step.event
        moved = deadlines_moved(state["before"], _deadlines(case))
        if moved:
            event.detail = {**event.detail, "moved": list(moved)}
            event.save(update_fields=["detail"])
    return event


def _changes(
    obj: Any, values: Mapping[str, Any], labels: Mapping[str, str]
) -> dict[str, dict[str, Any]]:
    """Set the given values on ``obj``; return {field: {label, before, after}} for those that
    differ."""
    changed: dict[str, dict[str, Any]] = {}
    for name, value in values.items():
        before = getattr(obj, name)
        if before == value:
            continue
        changed[name] = {
            "label": labels[name],
            "before": _value(before),
            "after": _value(value),
            "shown": f"{_shown(before)} → {_shown(value)}",
        }
        setattr(obj, name, value)
    return changed


# -- the case's own details ------------------------------------------------------------------


@transaction.atomic
def case_correct(
    *, actor: Who, case: Case, changes: Mapping[str, Any], reason: str = ""
) -> CaseEvent:
    """Correct the family's and child's details, contact preferences, or the decision and its
    letter date. ``changes`` holds only the fields to change (``CASE_FIELDS``)."""
    action_require(actor, case, "case_correct")  # before anything about the case is said
    unknown = sorted(set(changes) - set(CASE_FIELDS))
    if unknown:
        raise ValidationError("This cannot be corrected here.", field=unknown[0])
    cleaned = {name: _clean_case_value(name, value) for name, value in changes.items()}

    def apply(step: Step) -> dict[str, dict[str, Any]]:
        locked = step.case
        if not locked.has_family_party and "requester" in cleaned:
            raise ValidationError("This case has no family party.", field="requester")
        changed = _changes(locked, cleaned, CASE_FIELDS)
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
        return changed

    return _record(
        actor=actor,
        case=case,
        action="case_correct",
        reason=reason,
        what=next(iter(cleaned), "child_name"),
        apply=apply,
        audit_detail={"fields": sorted(cleaned)},
        deadline_fields=DEADLINE_DATES,
    )


# -- issues ------------------------------------------------------------------------------------


def _clean_issue(subject: str, with_body: str, description: str) -> dict[str, str]:
    if subject not in IssueSubject.values:
        raise ValidationError("Choose what the issue is about.", field="subject")
    if with_body and with_body not in Body.values:
        raise ValidationError("Choose who the disagreement is with.", field="with_body")
    return {
        "subject": subject,
        "with_body": with_body or "",
        "description": (description or "").strip(),
    }


def _no_outcome(issue: Issue, field_name: str) -> None:
    if hasattr(issue, "outcome"):
        raise ValidationError(
            "An outcome was recorded for this issue, so it cannot be changed.", field=field_name
        )


@transaction.atomic
def issue_add(
    *,
    actor: Who,
    case: Case,
    subject: str,
    description: str = "",
    with_body: str = "",
    reason: str = "",
) -> CaseEvent:
    """Add an issue that was left out when the case was opened."""
    action_require(actor, case, "issue_add")  # before anything about the case is said
    values = _clean_issue(subject, with_body, description)

    def apply(step: Step) -> dict[str, dict[str, Any]]:
        issue = Issue.objects.create(case=step.case, **values)
        step.detail["issue_id"] = issue.pk
        return {
            "issue": {
                "label": "Issue added",
                "before": None,
                "after": values,
                "shown": issue.get_subject_display(),
            }
        }

    return _record(
        actor=actor,
        case=case,
        action="issue_add",
        reason=reason,
        what="subject",
        apply=apply,
        audit_detail={"fields": ["issues"]},
    )


@transaction.atomic
def issue_correct(
    *,
    actor: Who,
    issue: Issue,
    subject: str,
    description: str = "",
    with_body: str = "",
    reason: str = "",
) -> CaseEvent:
    """Re-word an issue, or change its subject (an outcome already recorded stops that)."""
    action_require(actor, issue.case, "issue_correct")  # before anything about the case is said
    values = _clean_issue(subject, with_body, description)
    _no_outcome(issue, "subject")

    def apply(step: Step) -> dict[str, dict[str, Any]]:
        changed = _changes(issue, values, ISSUE_FIELDS)
        if changed:
            issue.save(update_fields=[*changed, "updated_at"])
            step.detail["issue_id"] = issue.pk
        return changed

    return _record(
        actor=actor,
        case=issue.case,
        action="issue_correct",
        reason=reason,
        what="subject",
        apply=apply,
        audit_detail={"fields": ["issues"], "issue_id": issue.pk},
    )


@transaction.atomic
def issue_remove(*, actor: Who, issue: Issue, reason: str = "") -> CaseEvent:
    """Remove an issue recorded in error; a case keeps at least one."""
    action_require(actor, issue.case, "issue_remove")  # before anything about the case is said
    _no_outcome(issue, "reason")
    case = issue.case

    def apply(step: Step) -> dict[str, dict[str, Any]]:
        if step.case.issues.count() < 2:
            raise ValidationError(
                "A case needs at least one issue: add the right one first.", field="reason"
            )
        before = {"subject": issue.subject, "description": issue.description}
        label = issue.get_subject_display()
        step.detail["issue_id"] = issue.pk
        issue.delete()
        return {
            "issue": {
                "label": "Issue removed",
                "before": before,
                "after": None,
                "shown": label,
            }
        }

    return _record(
        actor=actor,
        case=case,
        action="issue_remove",
        reason=reason,
        what="reason",
        apply=apply,
        audit_detail={"fields": ["issues"], "issue_id": issue.pk},
    )


# -- health bodies ---------------------------------------------------------------------------


@transaction.atomic
def health_body_remove(*, actor: Who, link: CaseHealthBody, reason: str = "") -> CaseEvent:
    """Take off a health body added in error, when nothing is recorded against it yet."""
    action_require(actor, link.case, "health_body_remove")  # before anything about the case is said
    case = link.case

    def apply(step: Step) -> dict[str, dict[str, Any]]:
        locked = step.case
        body = link.commissioning_body
        if (
            link.notified_on is not None
            or CaseEvent.objects.filter(
                case=locked,
                type=EventType.COMMISSIONING_BODY_NOTIFIED,
                detail__commissioning_body_id=body.pk,
            ).exists()
        ):
            raise ValidationError(
                f"{body.name} was notified already, so it stays on the case.", field="reason"
            )
        if locked.parties.filter(commissioning_body=body).exists():
            raise ValidationError(
                f"Someone taking part speaks for {body.name}: change them first.", field="reason"
            )
        step.detail["commissioning_body_id"] = body.pk
        link.delete()
        if locked.commissioning_body_id == body.pk:
            other = locked.health_bodies.select_related("commissioning_body").first()
            locked.commissioning_body = other.commissioning_body if other else None
            locked.save(update_fields=["commissioning_body", "updated_at"])
        return {
            "health_body": {
                "label": "Health body removed",
                "before": body.name,
                "after": None,
                "shown": body.name,
            }
        }

    return _record(
        actor=actor,
        case=case,
        action="health_body_remove",
        reason=reason,
        what="reason",
        apply=apply,
        audit_detail={"fields": ["health_bodies"]},
    )


# -- parties ---------------------------------------------------------------------------------


@transaction.atomic
def party_correct(
    *, actor: Who, party: Party, changes: Mapping[str, Any], reason: str = ""
) -> CaseEvent:
    """Correct someone taking part: name, role, organisation, contact, authority to agree and
    access needs. ``changes`` holds only the fields to change (``PARTY_FIELDS``)."""
    action_require(actor, party.case, "party_correct")  # before anything about the case is said
    unknown = sorted(set(changes) - set(PARTY_FIELDS))
    if unknown:
        raise ValidationError("This cannot be corrected here.", field=unknown[0])
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "role":
            if value not in PartyRole.values:
                raise ValidationError("Choose their role.", field="role")
            cleaned[name] = value
        elif name == "has_authority_to_agree":
            cleaned[name] = bool(value)
        else:
            cleaned[name] = _clean_text(name, value, required=name == "name")
            if name == "email" and cleaned[name] and not email_is_plain(cleaned[name]):
                raise ValidationError(EMAIL_INVALID, field="email")

    def apply(step: Step) -> dict[str, dict[str, Any]]:
        changed = _changes(party, cleaned, PARTY_FIELDS)
        if changed:
            party.save(update_fields=[*changed, "updated_at"])
            step.detail["party_id"] = party.pk
        return changed

    return _record(
        actor=actor,
        case=party.case,
        action="party_correct",
        reason=reason,
        what=next(iter(cleaned), "name"),
        apply=apply,
        audit_detail={"fields": sorted(cleaned), "party_id": party.pk},
    )
