"""A case's status and the one table of transitions between statuses.

Every change of status goes through ``cases.services`` and is checked against ``TRANSITIONS``;
nothing else sets ``Case.status``.
"""

from django.db import models

from sendresolve.core.errors import NotAllowed


class Status(models.TextChoices):
    ENQUIRY = "enquiry", "Enquiry"
    ADVICE_GIVEN = "advice_given", "Mediation advice given"
    DECLINED = "declined", "Mediation declined"
    MEDIATION_REQUESTED = "mediation_requested", "Mediation requested"
    LA_INFORMED = "la_informed", "Local authority informed"
    ARRANGED = "arranged", "Mediation arranged"
    HELD = "held", "Mediation meeting held"
    CONCLUDED = "concluded", "Mediation concluded"
    NOT_ARRANGED = "not_arranged", "Not arranged within 30 days"
    CERTIFICATE_ISSUED = "certificate_issued", "Certificate issued"
    FOLLOW_UP = "follow_up", "Following up agreed actions"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


TERMINAL = frozenset({Status.CLOSED, Status.WITHDRAWN})
OPEN = frozenset(set(Status) - TERMINAL)

# action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[Status], Status]] = {
    "advice_give": (frozenset({Status.ENQUIRY}), Status.ADVICE_GIVEN),
    # Declining covers both "does not wish to" and "fails to pursue" mediation (reg 34).
    "mediation_decline": (
        frozenset(
            {Status.ADVICE_GIVEN, Status.MEDIATION_REQUESTED, Status.LA_INFORMED, Status.ARRANGED}
        ),
        Status.DECLINED,
    ),
    "mediation_request": (frozenset({Status.ADVICE_GIVEN}), Status.MEDIATION_REQUESTED),
    "la_inform": (frozenset({Status.MEDIATION_REQUESTED}), Status.LA_INFORMED),
    "session_schedule": (
        frozenset({Status.LA_INFORMED, Status.ARRANGED, Status.HELD}),
        Status.ARRANGED,
    ),
    "session_hold": (frozenset({Status.ARRANGED}), Status.HELD),
    "mediation_conclude": (frozenset({Status.HELD}), Status.CONCLUDED),
    "la_cannot_arrange": (
        frozenset({Status.LA_INFORMED, Status.ARRANGED}),
        Status.NOT_ARRANGED,
    ),
    "certificate_issue": (
        frozenset({Status.DECLINED, Status.CONCLUDED, Status.NOT_ARRANGED}),
        Status.CERTIFICATE_ISSUED,
    ),
    "follow_up_start": (
        frozenset({Status.CERTIFICATE_ISSUED, Status.CONCLUDED}),
        Status.FOLLOW_UP,
    ),
    "case_close": (
        frozenset({Status.CERTIFICATE_ISSUED, Status.FOLLOW_UP, Status.ADVICE_GIVEN}),
        Status.CLOSED,
    ),
    "case_withdraw": (OPEN, Status.WITHDRAWN),
}


class TransitionNotAllowed(NotAllowed):
    """The case's status does not allow this action."""


def next_status(current: str, action: str) -> Status:
    """Return the status ``action`` leads to from ``current``, or raise if it is not allowed."""
    sources, target = TRANSITIONS[action]
    if Status(current) not in sources:
        allowed = ", ".join(sorted(s.label.lower() for s in sources))
        raise TransitionNotAllowed(
            f"You cannot do this while the case is “{Status(current).label.lower()}”. "
            f"It is only possible when the case is: {allowed}."
        )
    return target


def allowed_actions(current: str) -> list[str]:
    """Return the actions possible from ``current``, in table order."""
    return [action for action, (sources, _) in TRANSITIONS.items() if Status(current) in sources]
