"""Whether an issued certificate still says what the case says.

A certificate is never rewritten once issued (``cases.services.corrections``). After a
correction, the case page and the API say which certificates in force now say something else,
and offer a corrected one. A certificate keeps its decision, issues and appeal deadline; the
names, the date of birth and the decision letter's date it printed are those of the case when it
was issued, so a correction of one of them recorded after it was issued outdates it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sendresolve import law
from sendresolve.cases.models import Case, CaseEvent, Certificate
from sendresolve.cases.vocabulary import EventType
from sendresolve.law.dates import long_date

# The events that say when a certificate was issued, and what was corrected since.
CHECKED_EVENTS = (
    EventType.DETAILS_CORRECTED,
    EventType.CERTIFICATE_ISSUED,
    EventType.CERTIFICATE_CORRECTED,
)
# The case's fields printed on a certificate and not kept on it.
PRINTED_CASE_FIELDS: dict[str, str] = {
    "child_name": "the child's name",
    "child_date_of_birth": "the child's date of birth",
    "requester": "who may appeal",
    "requester_name": "the name of the person who may appeal",
    "decision_letter_date": "the date of the decision letter",
}


def certificate_changes(
    case: Case,
    certificate: Certificate,
    *,
    issues: Iterable[str] | None = None,
    corrections: Iterable[CaseEvent] | None = None,
    first_issued_on: dt.date | None = None,
) -> list[str]:
    """What ``certificate`` says that the case no longer does, in words (empty if nothing).

    ``issues`` (the case's issue subjects' labels, in order) and ``corrections`` (the case's
    events of ``CHECKED_EVENTS``) spare the queries when the caller has them.
    """
    if certificate.superseded_on is not None:
        return []
    if issues is None:
        issues = [issue.get_subject_display() for issue in case.issues.all()]
    if corrections is None:
        corrections = case.events.filter(type__in=CHECKED_EVENTS)
    corrections = list(corrections)
    changes: list[str] = []
    if certificate.decision_description != case.decision_description:
        changes.append("the decision")
    if list(certificate.issues) != list(issues):
        changes.append("the issues")
    appeal = law.appeal_deadline(
        case.decision_letter_date,
        first_issued_on or certificate.issued_on,
        certificate_required=True,
    )
    if appeal.date != certificate.appeal_deadline:
        changes.append(
            f"the appeal deadline ({long_date(certificate.appeal_deadline, weekday=False)} "
            f"on the certificate, {long_date(appeal.date, weekday=False)} now)"
        )
    # The corrections recorded after the step that issued this certificate.
    issued_by_event = max(
        (
            event.pk
            for event in corrections
            if event.type != EventType.DETAILS_CORRECTED
            and event.detail.get("certificate_id") == certificate.pk
        ),
        default=None,
    )
    changed_since: set[str] = set()
    for event in corrections:
        later = (
            event.pk > issued_by_event
            if issued_by_event is not None
            else event.recorded_at > certificate.created_at
        )
        if event.type == EventType.DETAILS_CORRECTED and later:
            changed_since |= set(event.detail.get("changes", {}))
    changes.extend(
        words
        for name, words in PRINTED_CASE_FIELDS.items()
        if name in changed_since and words not in changes
    )
    return changes


def outdated_certificates(
    case: Case, certificates: Iterable[Certificate], issues: Iterable[str]
) -> dict[int, list[str]]:
    """The certificates in force that a correction outdated: id → what changed. One query
    (the case's corrections), none if no certificate is in force."""
    current = [c for c in certificates if c.superseded_on is None]
    if not current:
        return {}
    issues = list(issues)
    corrections = list(case.events.filter(type__in=CHECKED_EVENTS))
    by_number = {c.number: c for c in certificates}
    out: dict[int, list[str]] = {}
    for certificate in current:
        first = certificate
        while first.replaces_number and first.replaces_number in by_number:
            first = by_number[first.replaces_number]
        changes = certificate_changes(
            case,
            certificate,
            issues=issues,
            corrections=corrections,
            first_issued_on=first.issued_on,
        )
        if changes:
            out[certificate.pk] = changes
    return out


def certificates_outdated(case: Case) -> list[str]:
    """The numbers of the case's certificates in force that a correction outdated."""
    certificates = list(case.certificates.defer("pdf"))
    if not certificates:
        return []
    issues = [issue.get_subject_display() for issue in case.issues.all()]
    outdated = outdated_certificates(case, certificates, issues)
    return [c.number for c in certificates if c.pk in outdated]
