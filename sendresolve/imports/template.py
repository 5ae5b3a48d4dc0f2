"""The import template: the columns of the "Cases" and "Events" sheets, as data.

One list read by the parser (``reading``), the checks (``validation``), the generator
(``benchmarks/make_import_file.py``), the template files in ``docs/`` and ``docs/import.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sendresolve.cases.states import Status
from sendresolve.cases.vocabulary import EventType


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    description: str
    example: str = ""


CASES_SHEET = "Cases"
EVENTS_SHEET = "Events"

CASE_COLUMNS: tuple[Column, ...] = (
    Column(
        "source_reference", True, "Your old system's reference for the case (unique).", "OLD-0001"
    ),
    Column("local_authority", True, "The council's DfE code (three digits), e.g. 302.", "302"),
    Column(
        "kind", True, "mediation, health_only_mediation or disagreement_resolution.", "mediation"
    ),
    Column("status", True, "Where the case is now (see the list of statuses).", "la_informed"),
    Column(
        "opened_on",
        True,
        "The day the family first contacted you: 2024-03-01 or 01/03/2024.",
        "2024-03-01",
    ),
    Column("child_name", True, "The child or young person's name.", "Sam Example"),
    Column("child_date_of_birth", False, "Date of birth.", "2014-05-06"),
    Column("requester", True, "parent, young_person, representative or local_authority.", "parent"),
    Column("requester_name", True, "The name of the person asking.", "Alex Example"),
    Column("email", False, "The family's email address.", "alex@example.org"),
    Column("phone", False, "The family's phone number.", "07700 900123"),
    Column("address", False, "The family's postal address.", ""),
    Column("preferred_channel", True, "email, phone, sms or letter.", "email"),
    Column(
        "issues",
        True,
        "Issue subjects, separated by ; (see the list of subjects).",
        "plan_provision;plan_placement",
    ),
    Column("health_care_in_issue", False, "yes or no (blank: no).", "no"),
    Column("dr_type", False, "Disagreement resolution only: its kind (see the list).", ""),
    Column(
        "decision_description",
        False,
        "The LA decision in dispute, in a few words.",
        "Final EHC plan",
    ),
    Column("decision_letter_date", False, "The date of the LA's decision letter.", "2024-02-20"),
)

EVENT_COLUMNS: tuple[Column, ...] = (
    Column("source_reference", True, "The case's reference in the Cases sheet.", "OLD-0001"),
    Column("event", True, "What happened (see the list of events).", "advice_given"),
    Column("date", True, "The day it happened.", "2024-03-04"),
)

# The events an import may record, and the status each leads to. A case's status must be the
# status of its latest event (or "enquiry" with none): the law reads these events for its clocks.
EVENT_STATUS: dict[str, Status] = {
    EventType.ADVICE_GIVEN: Status.ADVICE_GIVEN,
    EventType.MEDIATION_DECLINED: Status.DECLINED,
    EventType.MEDIATION_REQUESTED: Status.MEDIATION_REQUESTED,
    EventType.LA_INFORMED: Status.LA_INFORMED,
    EventType.SESSION_HELD: Status.HELD,
    EventType.LA_CANNOT_ARRANGE: Status.NOT_ARRANGED,
    EventType.MEDIATION_CONCLUDED: Status.CONCLUDED,
    EventType.ALL_PARTIES_AGREED: Status.PARTIES_AGREED,
}
# Their order on one day (a step cannot come before the one it follows).
EVENT_ORDER = {event: n for n, event in enumerate(EVENT_STATUS)}

# Statuses a case may be imported at: open cases before any certificate or meeting booking.
# A meeting arranged, a certificate or a tribunal decision is recorded in SEND Resolve after
# the import (they need rows an import cannot check: the meeting, the certificate's PDF).
MEDIATION_STATUSES = (
    Status.ENQUIRY,
    Status.ADVICE_GIVEN,
    Status.DECLINED,
    Status.MEDIATION_REQUESTED,
    Status.LA_INFORMED,
    Status.HELD,
    Status.NOT_ARRANGED,
    Status.CONCLUDED,
)
DR_STATUSES = (Status.ENQUIRY, Status.PARTIES_AGREED, Status.HELD, Status.CONCLUDED)
