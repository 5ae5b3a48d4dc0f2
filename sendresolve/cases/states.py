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
    ARRANGED = "arranged", "Meeting arranged"
    HELD = "held", "Meeting held"
    CONCLUDED = "concluded", "Concluded"
    NOT_ARRANGED = "not_arranged", "Not arranged within 30 days"
    CERTIFICATE_ISSUED = "certificate_issued", "Certificate issued"
    FOLLOW_UP = "follow_up", "Following up agreed actions"
    AFTER_TRIBUNAL = "after_tribunal", "Following up after the tribunal"
    PARTIES_AGREED = "parties_agreed", "Everyone agreed to take part"
    NOT_TAKEN_FORWARD = "not_taken_forward", "Not taken forward (a party declined)"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


TERMINAL = frozenset({Status.CLOSED, Status.WITHDRAWN, Status.NOT_TAKEN_FORWARD})
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
    # The tribunal decides after the certificate (or, for a placement-only appeal, after the
    # advice); recording its decision reopens a closed case so the LA's duties are followed up.
    "tribunal_decision_record": (
        frozenset(
            {
                Status.ADVICE_GIVEN,
                Status.DECLINED,
                Status.NOT_ARRANGED,
                Status.CONCLUDED,
                Status.CERTIFICATE_ISSUED,
                Status.FOLLOW_UP,
                Status.AFTER_TRIBUNAL,
                Status.CLOSED,
            }
        ),
        Status.AFTER_TRIBUNAL,
    ),
    "case_close": (
        frozenset(
            {
                Status.CERTIFICATE_ISSUED,
                Status.FOLLOW_UP,
                Status.ADVICE_GIVEN,
                Status.AFTER_TRIBUNAL,
            }
        ),
        Status.CLOSED,
    ),
    "case_withdraw": (OPEN, Status.WITHDRAWN),
}


# Disagreement resolution (CFA 2014 s.57) is voluntary for everyone: it goes ahead only once
# every party has agreed to take part, and ends without a certificate.
DR_TRANSITIONS: dict[str, tuple[frozenset[Status], Status]] = {
    "dr_all_agreed": (frozenset({Status.ENQUIRY}), Status.PARTIES_AGREED),
    "dr_not_taken_forward": (
        frozenset({Status.ENQUIRY, Status.PARTIES_AGREED}),
        Status.NOT_TAKEN_FORWARD,
    ),
    "session_schedule": (
        frozenset({Status.PARTIES_AGREED, Status.ARRANGED, Status.HELD}),
        Status.ARRANGED,
    ),
    "session_hold": (frozenset({Status.ARRANGED}), Status.HELD),
    "mediation_conclude": (frozenset({Status.HELD}), Status.CONCLUDED),
    "follow_up_start": (frozenset({Status.CONCLUDED}), Status.FOLLOW_UP),
    "case_close": (frozenset({Status.CONCLUDED, Status.FOLLOW_UP}), Status.CLOSED),
    "case_withdraw": (OPEN, Status.WITHDRAWN),
}

DISAGREEMENT_RESOLUTION = "disagreement_resolution"  # CaseKind value (vocabulary.py)


def transitions_for(kind: str | None) -> dict[str, tuple[frozenset[Status], Status]]:
    """The transition table for a kind of case."""
    return DR_TRANSITIONS if kind == DISAGREEMENT_RESOLUTION else TRANSITIONS


class TransitionNotAllowed(NotAllowed):
    """The case's status does not allow this action."""


def next_status(current: str, action: str, *, kind: str | None = None) -> Status:
    """Return the status ``action`` leads to from ``current``, or raise if it is not allowed."""
    table = transitions_for(kind)
    if action not in table:
        raise TransitionNotAllowed("This step is not part of this kind of case.")
    sources, target = table[action]
    if Status(current) not in sources:
        allowed = ", ".join(sorted(s.label.lower() for s in sources))
        raise TransitionNotAllowed(
            f"You cannot do this while the case is “{Status(current).label.lower()}”. "
            f"It is only possible when the case is: {allowed}."
        )
    return target


def allowed_actions(current: str, *, kind: str | None = None) -> list[str]:
    """Return the actions possible from ``current``, in table order."""
    return [
        action
        for action, (sources, _) in transitions_for(kind).items()
        if Status(current) in sources
    ]


# -- reopening and undoing (issue 18) -----------------------------------------------------------

# A closed or withdrawn case can be reopened: it goes back to the status it had before.
REOPENABLE = frozenset({Status.CLOSED, Status.WITHDRAWN})

# Whether each step of the tables above may be undone when it was recorded in error
# (``step_undo``): the case goes back to the status it came from and the step's event is
# removed (kept in the undo's own event and in the audit trail). A step that wrote rows of its
# own may be undone only where undoing puts them back (recording a meeting as held); the others
# are corrected another way. A certificate, once issued, is never undone.
UNDOABLE: dict[str, bool] = {
    "advice_give": True,
    "mediation_decline": True,
    "mediation_request": True,
    "la_inform": True,  # the message to the LA stays sent
    "session_schedule": False,  # wrote a meeting and told the family: cancel the meeting
    "session_hold": True,  # the meeting goes back to "arranged"
    "mediation_conclude": False,  # wrote the outcomes, the agreement and its actions
    "la_cannot_arrange": True,
    "certificate_issue": False,  # never: the family holds the certificate
    "follow_up_start": True,
    "tribunal_decision_record": False,  # wrote the tribunal's orders and duties
    "case_close": True,
    "case_withdraw": True,
    "dr_all_agreed": False,  # follows the parties' recorded answers
    "dr_not_taken_forward": False,  # follows a party's recorded answer
}


def undoable(action: str) -> bool:
    """Whether a step of ``action`` recorded in error may be undone (``UNDOABLE``)."""
    return UNDOABLE.get(action, False)
