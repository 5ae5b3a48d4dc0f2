"""What a family sees about their case: plain-words status, what they asked for, the written
agreement and its actions, upcoming dates, certificates.

Only what the family may see is read here: never confidential notes (``ConfidentialNote`` is
not read at all), other parties' contact details or staff names. The written agreement is
shareable with every party (SEND Regulations 2014 reg 42), so the family sees it whole.
"""

import datetime as dt
from dataclasses import dataclass

from sendresolve.cases.models import (
    AgreedAction,
    Agreement,
    Case,
    CaseDeadline,
    CaseEvent,
    Certificate,
    Issue,
    Outcome,
    Session,
)
from sendresolve.cases.services import OnlineRequest
from sendresolve.cases.states import Status
from sendresolve.cases.vocabulary import CaseKind, EventType, IssueSubject
from sendresolve.core import clock
from sendresolve.public.family import forms
from sendresolve.public.wording import REQUEST_LABELS

# Every status in words a parent understands. ``{provider}`` is the provider's name.
STATUS_SENTENCES: dict[str, str] = {
    Status.ENQUIRY: (
        "We have your request. Someone from {provider} will contact you to talk about it."
    ),
    Status.ADVICE_GIVEN: (
        "A mediation adviser has given you information about mediation. Tell them if you want "
        "mediation, or if you want a mediation certificate instead."
    ),
    Status.DECLINED: (
        "You told us you do not want mediation. We will send you a mediation certificate."
    ),
    Status.MEDIATION_REQUESTED: (
        "You told us you want mediation. We are telling the council, so it can arrange it."
    ),
    Status.LA_INFORMED: (
        "We have told the council you want mediation. We are waiting for the council to "
        "arrange your mediation meeting."
    ),
    Status.ARRANGED: "Your mediation meeting is arranged. The date and place are below.",
    Status.HELD: (
        "Your mediation meeting has taken place. We will write to you about what happens next."
    ),
    Status.CONCLUDED: "Mediation has finished. We will send you a mediation certificate.",
    Status.NOT_ARRANGED: (
        "The council could not arrange mediation within 30 days. We will send you a mediation "
        "certificate, so you can appeal if you want to."
    ),
    Status.CERTIFICATE_ISSUED: (
        "We have sent you a mediation certificate. You can also download it from this page."
    ),
    Status.FOLLOW_UP: "We are checking that what was agreed at mediation is being done.",
    Status.AFTER_TRIBUNAL: (
        "The tribunal has made its decision. We are keeping track of what the council and the "
        "health body must do now, and by when."
    ),
    Status.PARTIES_AGREED: (
        "Everyone has agreed to take part. We will arrange a meeting and tell you the date."
    ),
    Status.NOT_TAKEN_FORWARD: (
        "Disagreement resolution cannot go ahead, because the other side did not agree to take "
        "part. {provider} can tell you about other ways to sort out the disagreement."
    ),
    Status.CLOSED: "Your case is closed.",
    Status.WITHDRAWN: "Your case is closed because you told us you did not want to go on.",
}
# Disagreement resolution has no adviser, certificate or council arrangements.
DR_SENTENCES: dict[str, str] = {
    Status.ENQUIRY: (
        "We have your request. Someone from {provider} will contact you to talk about "
        "disagreement resolution."
    ),
    Status.ARRANGED: "Your meeting is arranged. The date and place are below.",
    Status.HELD: "Your meeting has taken place. We will write to you about what happens next.",
    Status.CONCLUDED: "Disagreement resolution has finished.",
    Status.FOLLOW_UP: "We are checking that what was agreed is being done.",
}
# Deadlines the family needs to know about, in their words. Others are for staff only.
FAMILY_DEADLINES: dict[str, str] = {
    "contact_mediation_adviser": "Contact a mediation adviser by",
    "certificate_after_declining": "We must send your mediation certificate by",
    "certificate_when_not_arranged": "We must send your mediation certificate by",
    "certificate_after_mediation": "We must send your mediation certificate by",
    "mediation_held": "Mediation must take place by",
    "appeal_registration": "Last day to appeal to the tribunal",
    # After the tribunal (SEND Regulations 2014 regs 44 and 45; SI 2017/1306).
    "order_notify_will_assess": "The council must tell you it will assess by",
    "order_draft_plan": "The council must send the draft plan by",
    "order_final_plan": "The council must send the final plan by",
    "order_amended_plan": "The council must send the amended plan by",
    "order_school_change": "The council must name the school in the plan by",
    "unopposed_notify_will_assess": "The council must tell you it will assess by",
    "unopposed_draft_plan": "The council must send the draft plan by",
    "unopposed_final_plan": "The council must send the final plan by",
    "unopposed_amended_plan": "The council must send the amended plan by",
    "unopposed_school_change": "The council must name the school in the plan by",
    "recommendation_response": "You should get a written reply to the tribunal's recommendation by",
    # Complaints recorded alongside the case (law.complaint_clocks): the answers owed to the
    # family. The Ombudsman's 12 months are left out: they run from when the family first
    # knew of the problem, which the case does not record.
    "complaint_acknowledged": "Your complaint should be acknowledged by",
    "complaint_stage1_response": "The council should reply to your complaint by",
}


def status_sentence(case: Case) -> str:
    sentences = STATUS_SENTENCES
    if case.kind == CaseKind.DISAGREEMENT_RESOLUTION:
        sentences = {**STATUS_SENTENCES, **DR_SENTENCES}
    return sentences[case.status].format(provider=case.provider.name)


@dataclass(frozen=True)
class Upcoming:
    title: str
    on: dt.date
    time: str = ""
    where: str = ""


def upcoming_dates(case: Case) -> list[Upcoming]:
    """Open deadlines the family should know, and meetings still to come, soonest first."""
    today = clock.today()
    dates = [
        Upcoming(
            FAMILY_DEADLINES[d.deadline_id],
            d.due_on,
            time="5pm" if d.deadline_id == "appeal_registration" else "",
        )
        for d in case.deadlines.filter(
            state=CaseDeadline.State.OPEN,
            deadline_id__in=FAMILY_DEADLINES,
            due_on__gte=today,
        )
    ]
    for session in case.sessions.filter(
        state=Session.State.SCHEDULED, starts_at__gte=clock.now()
    ).select_related("venue"):
        starts = session.starts_at.astimezone(clock.LONDON)
        address = session.venue.address if session.venue is not None else ""
        where = ", ".join(p for p in [session.place, address] if p)
        dates.append(
            Upcoming(
                "Your meeting",
                starts.date(),
                time=_time(starts),
                where=where,
            )
        )
    return sorted(dates, key=lambda u: u.on)


def _time(value: dt.datetime) -> str:
    """A time the GOV.UK way: ``10am``, ``2:30pm``."""
    text = f"{value:%-I%p}" if value.minute == 0 else f"{value:%-I:%M%p}"
    return text.lower()


def family_certificates(case: Case):
    """The case's certificates, without their PDF bytes (downloaded one at a time)."""
    return Certificate.objects.filter(case=case).defer("pdf").order_by("issued_on", "id")


def contact_last_changed_by_family(case: Case) -> bool:
    """Whether the family made the case's latest change of contact details (on their status
    page), so no one has corrected them since."""
    last = (
        CaseEvent.objects.filter(case=case, type=EventType.DETAILS_CORRECTED)
        .order_by("-id")
        .values_list("detail", flat=True)
        .first()
    )
    return isinstance(last, dict) and last.get("what") == "family_contact_change"


# -- what the family asked for, in their words ---------------------------------------------


def requested_label(case: Case) -> str:
    """What the family asked for, in the one wording the finder and the request use."""
    value = case.requested or (
        OnlineRequest.DISAGREEMENT_RESOLUTION
        if case.kind == CaseKind.DISAGREEMENT_RESOLUTION
        else OnlineRequest.MEDIATION
    )
    return REQUEST_LABELS.get(value) or OnlineRequest(value).label


# The issues as the request form words them (both of its lists), else the contract's label.
FAMILY_SUBJECTS: dict[str, str] = dict(forms.APPEAL_SUBJECTS + forms.OTHER_SUBJECTS)


def issue_label(subject: str) -> str:
    if subject in FAMILY_SUBJECTS:
        return FAMILY_SUBJECTS[subject]
    return IssueSubject(subject).label if subject in IssueSubject.values else subject


# -- the written agreement and its actions -------------------------------------------------

RESULT_WORDS: dict[str, str] = {
    Outcome.Result.AGREED: "Agreed",
    Outcome.Result.PARTLY_AGREED: "Partly agreed",
    Outcome.Result.NOT_AGREED: "Not agreed",
}


@dataclass(frozen=True)
class FamilyIssue:
    label: str
    description: str
    result: str  # "" until mediation has concluded


@dataclass(frozen=True)
class FamilyAction:
    description: str
    owner: str  # who owes it, named: the council, the health body, "You"
    due_on: dt.date | None
    done_on: dt.date | None


@dataclass(frozen=True)
class FamilyAgreement:
    agreed_on: dt.date
    text: str
    different_timescale: str
    actions: list[FamilyAction]

    @property
    def paragraphs(self) -> list[str]:
        """The agreement's text, a paragraph a line, as it was written."""
        return [line.strip() for line in self.text.splitlines() if line.strip()]


def family_issues(case: Case) -> list[FamilyIssue]:
    """The issues, in the family's words, with what was agreed on each (one query)."""
    return [
        FamilyIssue(
            label=issue_label(issue.subject),
            description=issue.description,
            result=RESULT_WORDS.get(issue.outcome.result, "") if _has_outcome(issue) else "",
        )
        for issue in Issue.objects.filter(case=case).select_related("outcome").order_by("id")
    ]


def _has_outcome(issue: Issue) -> bool:
    try:
        return issue.outcome is not None
    except Outcome.DoesNotExist:
        return False


def _owner(case: Case, owner: str) -> str:
    if owner == AgreedAction.Owner.FAMILY:
        return "You"
    if owner == AgreedAction.Owner.LOCAL_AUTHORITY:
        return case.local_authority.name
    if owner == AgreedAction.Owner.COMMISSIONING_BODY and case.commissioning_body is not None:
        return case.commissioning_body.name
    return AgreedAction.Owner(owner).label if owner in AgreedAction.Owner.values else owner


def family_agreement(case: Case) -> FamilyAgreement | None:
    """The shareable written agreement and each agreed action with who owes it, the date it is
    due and whether it is done; None before one is recorded. Three queries, however many
    actions: the agreement, its actions, and the actions' stored deadlines."""
    agreement = (
        Agreement.objects.filter(case=case)
        .only("agreed_on", "text", "different_timescale", "case_id")
        .first()
    )
    if agreement is None:
        return None
    actions = list(AgreedAction.objects.filter(agreement=agreement).order_by("id"))
    due: dict[int, dt.date] = {}
    # An action's deadlines are keyed ``action:<id>`` (reg 44's several steps add a suffix):
    # the family is told the last, the day by which all of it must be done.
    for key, due_on in case.deadlines.filter(key__startswith="action:").values_list(
        "key", "due_on"
    ):
        action_id = int(key.split(":")[1])
        due[action_id] = max(due_on, due.get(action_id, due_on))
    return FamilyAgreement(
        agreed_on=agreement.agreed_on,
        text=agreement.text,
        different_timescale=agreement.different_timescale,
        actions=[
            FamilyAction(
                description=action.description,
                owner=_owner(case, action.owner),
                due_on=action.agreed_due_on or due.get(action.pk),
                done_on=action.completed_on,
            )
            for action in actions
        ],
    )
