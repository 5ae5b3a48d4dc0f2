"""Every write to a case. Each service is keyword-only, runs in one transaction, checks the
actor may act, moves the status through the one transition table, records a ``CaseEvent`` and an
audit event, recomputes the stored deadlines, and sends messages only after commit.

- ``opening``: opening a case (by staff, or by a family online).
- ``casework``: mediation advice, the LA's steps, meetings, the outcome, agreed
  actions, certificates, closing.
- ``disagreement``: disagreement resolution (parties agreeing to take part), parties, and
  complaints or appeals running alongside.
- ``health``: the health commissioning bodies on a case and their duties.
- ``referrals``: referrals made on a family's behalf, with their consent (used by ``opening``).
"""

from sendresolve.cases.services.casework import (
    CERTIFICATE_KIND_FOR_STATUS,
    ActionInput,
    IssueInput,
    action_complete,
    advice_give,
    case_assign,
    case_close,
    case_withdraw,
    certificate_issue,
    commissioning_body_notify,
    follow_up_start,
    la_cannot_arrange,
    la_inform,
    mediation_conclude,
    mediation_decline,
    mediation_request,
    note_add,
    session_cancel,
    session_hold,
    session_notice_send,
    session_schedule,
)
from sendresolve.cases.services.disagreement import (
    participation_record,
    party_add,
    proceeding_finish,
    proceeding_record,
)
from sendresolve.cases.services.health import agreement_la_notify, health_body_add
from sendresolve.cases.services.opening import (
    OnlineRequest,
    case_open,
    case_request_online,
    provider_for_request,
)
from sendresolve.cases.services.referrals import Referral

__all__ = [
    "CERTIFICATE_KIND_FOR_STATUS",
    "ActionInput",
    "IssueInput",
    "OnlineRequest",
    "Referral",
    "action_complete",
    "advice_give",
    "agreement_la_notify",
    "case_assign",
    "case_close",
    "case_open",
    "case_request_online",
    "case_withdraw",
    "certificate_issue",
    "commissioning_body_notify",
    "follow_up_start",
    "health_body_add",
    "la_cannot_arrange",
    "la_inform",
    "mediation_conclude",
    "mediation_decline",
    "mediation_request",
    "note_add",
    "participation_record",
    "party_add",
    "proceeding_finish",
    "proceeding_record",
    "provider_for_request",
    "session_cancel",
    "session_hold",
    "session_notice_send",
    "session_schedule",
]
