"""What a webhook can be about: the event types, and the payload each carries.

A payload holds references, statuses and dates only: never a name, an address, free text, an
event's detail or anything from a confidential note. The receiver's organisation sees the case
already (``services`` checks that before a delivery is queued), and a case reference, its LA's
DfE code and its dates are enough to match the case in the receiver's own system.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from sendresolve.cases.models import Case, CaseDeadline, CaseEvent, Certificate

# Deadlines after a tribunal decision: an order (ORD-), an unopposed appeal (UNO-), the reply to
# a recommendation (REC-).
TRIBUNAL_RULE_PREFIXES = ("ORD-", "UNO-", "REC-")
# An agreed action's title is the wording of the written agreement, which can describe the
# child: the payload names the kind of step only (as reminders do).
AGREED_ACTION_TITLE = "An action agreed at mediation"


class EventType(models.TextChoices):
    CASE_OPENED = "case.opened", "Case opened"
    STATUS_CHANGED = "case.status_changed", "Status changed"
    CERTIFICATE_ISSUED = "certificate.issued", "Certificate issued"
    DEADLINE_DUE_SOON = "deadline.due_soon", "Deadline due soon (within 5 days)"
    DEADLINE_MISSED = "deadline.missed", "Deadline missed"
    AGREEMENT_ISSUED = "agreement.issued", "Agreement issued"
    TRIBUNAL_STEP_DUE = "tribunal_step.due", "Step after a tribunal decision due soon"


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def case_summary(case: Case) -> dict[str, Any]:
    """The case as every payload gives it: references, kind, status and dates."""
    return {
        "reference": case.reference,
        "kind": case.kind,
        "status": case.status,
        "local_authority": case.local_authority.dfe_code,
        "provider": case.provider.slug,
        "opened_on": _date(case.opened_on),
        "closed_on": _date(case.closed_on),
    }


def event_data(event: CaseEvent) -> dict[str, Any]:
    return {
        "case": case_summary(event.case),
        "event": {
            "id": event.pk,
            "type": event.type,
            "occurred_on": _date(event.occurred_on),
            "from_status": event.from_status,
            "to_status": event.to_status,
        },
    }


def certificate_data(certificate: Certificate) -> dict[str, Any]:
    return {
        "number": certificate.number,
        "kind": certificate.kind,
        "issued_on": _date(certificate.issued_on),
        "appeal_deadline": _date(certificate.appeal_deadline),
    }


def deadline_data(deadline: CaseDeadline) -> dict[str, Any]:
    title = AGREED_ACTION_TITLE if deadline.key.startswith("action:") else deadline.title
    return {
        "case": case_summary(deadline.case),
        "deadline": {
            "id": deadline.deadline_id,
            "rule": deadline.rule_id,
            "title": title,
            "due_on": _date(deadline.due_on),
            "who_must_act": deadline.responsible,
            "state": deadline.state,
        },
    }


def is_tribunal_step(deadline: CaseDeadline) -> bool:
    return deadline.rule_id.startswith(TRIBUNAL_RULE_PREFIXES)
