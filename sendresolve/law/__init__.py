"""The SEND Resolve law core: time limits, working days, deadlines and the route finder.

Pure Python: no Django, no settings, no clock. Every date is an argument. Imports only the
standard library, ``holidays``, ``jsonschema`` and ``yaml``.

Main entry points:

* :func:`advise` — situation dict → advice dict (``sendresolve.advice/1``).
* :func:`contract_deadlines` / :func:`case_deadlines` — case dates → deadlines.
* :func:`case_record_deadlines` — one :class:`CaseRecord` (a whole case, tribunal duties, agreed
  actions and recommendations included) → every deadline case management tracks.
* :func:`decision_letter_dates` — the time limits an LA decision letter must state (reg 32).
* :func:`deadline_for` — one rule id (e.g. ``"MED-02"``) and a trigger date → :class:`Deadline`.
* :mod:`sendresolve.law.clocks` — named clocks for case management (tribunal orders, unopposed
  appeals, mediation agreements, complaints, EHC process, appeal deadline, notice of mediation).
* :data:`ENG_WD`, :data:`HESC_WD`, :data:`CHILDREN_ACT_WD` — working-day calendars;
  :class:`WorkingDays` — all of them with any extra bank holidays added.
"""

from .case_record import CaseRecord, TrackedDeadline, case_record_deadlines
from .clocks import (
    agreement_deadlines,
    appeal_deadline,
    childrens_complaint_deadline,
    ehc_request_deadlines,
    mediation_notice_by,
    phase_transfer_deadline,
    tribunal_order_deadlines,
    unopposed_appeal_deadlines,
)
from .deadlines import (
    CONTRACT_DEADLINE_IDS,
    DATE_KEYS,
    CaseFacts,
    case_deadlines,
    contract_deadlines,
    passed_deadline_warnings,
)
from .escalation import EscalationRoute, escalation_routes
from .letters import REG_32_CONTENTS, DecisionLetterDates, decision_letter_dates
from .periods import hesc_r12
from .routes import ROUTE_IDS, advise, advise_situation
from .rules import Deadline, TimeLimit, deadline_for, time_limit, time_limits
from .schemas import InputError
from .situation import Situation, SituationError, parse_situation
from .working_days import (
    CHILDREN_ACT_WD,
    ENG_WD,
    HESC_WD,
    WorkingDayCalendar,
    WorkingDays,
    calendar_with_extra_holidays,
    get_calendar,
)

__all__ = [
    "CHILDREN_ACT_WD",
    "CONTRACT_DEADLINE_IDS",
    "DATE_KEYS",
    "ENG_WD",
    "HESC_WD",
    "REG_32_CONTENTS",
    "ROUTE_IDS",
    "CaseFacts",
    "CaseRecord",
    "Deadline",
    "DecisionLetterDates",
    "EscalationRoute",
    "InputError",
    "Situation",
    "SituationError",
    "TimeLimit",
    "TrackedDeadline",
    "WorkingDayCalendar",
    "WorkingDays",
    "advise",
    "advise_situation",
    "agreement_deadlines",
    "appeal_deadline",
    "calendar_with_extra_holidays",
    "case_deadlines",
    "case_record_deadlines",
    "childrens_complaint_deadline",
    "contract_deadlines",
    "escalation_routes",
    "deadline_for",
    "decision_letter_dates",
    "ehc_request_deadlines",
    "get_calendar",
    "hesc_r12",
    "mediation_notice_by",
    "parse_situation",
    "passed_deadline_warnings",
    "phase_transfer_deadline",
    "time_limit",
    "time_limits",
    "tribunal_order_deadlines",
    "unopposed_appeal_deadlines",
]
