"""Every write to a case. Each service is keyword-only, runs in one transaction, checks the
actor may act, moves the status through the one transition table, records a ``CaseEvent`` and an
audit event, recomputes the stored deadlines, and sends messages only after commit.

- ``opening``: opening a case (by staff, or by a family online).
- ``casework``: mediation advice, the LA's steps, meetings, the outcome, agreed
  actions, certificates, closing.
- ``meetings``: rearranging and cancelling an arranged meeting.
- ``reopening``: reopening a closed or withdrawn case, and undoing a step recorded in error.
- ``disagreement``: disagreement resolution (parties agreeing to take part), parties, and
  complaints or appeals running alongside.
- ``health``: the health commissioning bodies on a case and their duties.
- ``corrections`` and ``certificate_corrections``: putting right what was recorded wrongly,
  and issuing a corrected certificate when that changed what one says.
- ``contacts``: the contact log (calls, emails, letters…) and the provider's tasks on a case.
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
    session_hold,
    session_notice_send,
    session_schedule,
)
from sendresolve.cases.services.certificate_corrections import certificate_correct
from sendresolve.cases.services.contacts import (
    contact_log,
    task_add,
    task_done,
    task_reopen,
)
from sendresolve.cases.services.corrections import (
    case_correct,
    health_body_remove,
    issue_add,
    issue_correct,
    issue_remove,
    party_correct,
)
from sendresolve.cases.services.disagreement import (
    participation_record,
    party_add,
    proceeding_finish,
    proceeding_record,
)
from sendresolve.cases.services.health import agreement_la_notify, health_body_add
from sendresolve.cases.services.meetings import session_cancel, session_rearrange
from sendresolve.cases.services.opening import (
    OnlineRequest,
    case_open,
    case_request_online,
    provider_for_request,
)
from sendresolve.cases.services.referrals import Referral
from sendresolve.cases.services.reopening import case_reopen, step_undo

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
    "case_correct",
    "case_close",
    "case_open",
    "case_reopen",
    "case_request_online",
    "case_withdraw",
    "certificate_correct",
    "certificate_issue",
    "commissioning_body_notify",
    "follow_up_start",
    "health_body_add",
    "health_body_remove",
    "issue_add",
    "issue_correct",
    "issue_remove",
    "la_cannot_arrange",
    "la_inform",
    "mediation_conclude",
    "mediation_decline",
    "mediation_request",
    "note_add",
    "participation_record",
    "party_add",
    "party_correct",
    "proceeding_finish",
    "proceeding_record",
    "provider_for_request",
    "session_cancel",
    "session_hold",
    "session_notice_send",
    "session_rearrange",
    "session_schedule",
    "step_undo",
    # The contact log and tasks.
    "contact_log",
    "task_add",
    "task_done",
    "task_reopen",
]
