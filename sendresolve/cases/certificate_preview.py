"""What a mediation certificate will say if issued on a date, before it is issued.

The staff pages' "Check before you issue" page reads this; ``services.certificate_issue`` makes
the certificate from the same pieces (the kind for the case's status, the issues, the decision,
``law.appeal_deadline``), and ``staff/tests/test_certificate_check.py`` holds the two together.
"""

import datetime as dt
from dataclasses import dataclass

from sendresolve import law
from sendresolve.cases.messages import family_recipient
from sendresolve.cases.models import Case, Certificate
from sendresolve.cases.services.casework import CERTIFICATE_KIND_FOR_STATUS
from sendresolve.cases.states import Status
from sendresolve.notifications.models import Channel


@dataclass(frozen=True)
class CertificatePreview:
    kind: str  # the certificate's kind, in words
    issued_on: dt.date
    decision: str
    decision_letter_date: dt.date | None
    issues: list[str]
    appeal_deadline: dt.date
    appeal_deadline_rule: str
    sent_by: str  # "email", "text message", or "" when the family has no usable contact
    sent_to: str  # the address it goes to
    problem: str  # why no certificate can be issued now, or ""


def certificate_preview(case: Case, *, on: dt.date) -> CertificatePreview:
    """The certificate ``certificate_issue`` would issue on ``on`` for ``case`` as it stands."""
    issues = list(case.issues.all())
    required = case.certificate_required({issue.subject for issue in issues})
    kind = CERTIFICATE_KIND_FOR_STATUS.get(Status(case.status))
    problem = ""
    if required is None:
        problem = "Nothing on this case can be appealed, so no mediation certificate is needed."
    elif required is False:
        problem = (
            "An appeal only about the school named in the plan needs no mediation certificate."
        )
    elif kind is None:
        problem = "The case is not at a step where a certificate is issued."
    appeal = law.appeal_deadline(case.decision_letter_date, on, certificate_required=True)
    route = family_recipient(case)
    return CertificatePreview(
        kind=Certificate.Kind(kind).label if kind else "",
        issued_on=on,
        decision=case.decision_description,
        decision_letter_date=case.decision_letter_date,
        issues=[issue.get_subject_display() for issue in issues],
        appeal_deadline=appeal.date,
        appeal_deadline_rule=appeal.rule,
        sent_by={Channel.EMAIL: "email", Channel.SMS: "text message", Channel.LETTER: "post"}.get(
            route[0], ""
        )
        if route
        else "",
        sent_to=route[1] if route else "",
        problem=problem,
    )
