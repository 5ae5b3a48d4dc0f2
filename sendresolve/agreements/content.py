"""What an agreement document says, read from what the case has recorded.

The draft comes from the outcomes of mediation (each issue and its result), the recorded
agreement's text and its agreed actions. Each action's due dates are the case's stored deadlines
(``CaseDeadline``, keyed ``action:<id>`` and, for the reg 44 steps, ``action:<id>:<step>``),
which the law adapter computed: nothing here works out a date. Confidential notes are never
read here, so they cannot reach a draft.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sendresolve.cases.models import AgreedAction, Agreement, Case, Issue, Outcome
from sendresolve.law.dates import long_date

REMAINING = (Outcome.Result.NOT_AGREED, Outcome.Result.PARTLY_AGREED)
# Said of an issue with no agreement: that it remains, and nothing of what was discussed.
NOT_AGREED_TEXT = "No agreement was reached about this. It remains in dispute."
CLOSING = (
    "Everyone who took part agrees that this document records what was agreed at mediation. "
    "Mediation is confidential and without prejudice: nothing said or offered during it, other "
    "than what this agreement records, can be used as evidence. If something agreed is not "
    "done by its date, contact the mediation service."
)


def issue_label(issue: Issue) -> str:
    return issue.get_subject_display()


def issues_with_outcomes(case: Case) -> list[Issue]:
    return list(case.issues.select_related("outcome").order_by("id"))


def _result(issue: Issue) -> str:
    outcome = getattr(issue, "outcome", None)
    return outcome.result if outcome is not None else ""


def draft_default(case: Case, agreement: Agreement | None) -> dict[str, Any]:
    """The first draft: an opening, one paragraph per issue (the recorded agreement's text for
    each issue agreed in whole or in part, a plain sentence for one not agreed) and a closing."""
    when = long_date(agreement.agreed_on, weekday=False) if agreement else "the mediation"
    intro = (
        f"This is the written agreement reached at mediation on {when} between "
        f"{case.requester_name} and {case.local_authority.name} about {case.child_name}."
    )
    text = agreement.text if agreement is not None else ""
    sections = []
    for issue in issues_with_outcomes(case):
        result = _result(issue)
        sections.append(
            {
                "issue": issue.pk,
                "label": issue_label(issue),
                "result": result,
                "text": NOT_AGREED_TEXT if result == Outcome.Result.NOT_AGREED else text,
            }
        )
    return {"intro": intro, "sections": sections, "closing": CLOSING}


def sections_current(case: Case, sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A draft's paragraphs against the case's issues as they are now: every issue once, in
    order, its label and result from the case, its wording kept where the mediator gave one."""
    wording = {item.get("issue"): item.get("text", "") for item in sections}
    out = []
    for issue in issues_with_outcomes(case):
        result = _result(issue)
        default = NOT_AGREED_TEXT if result == Outcome.Result.NOT_AGREED else ""
        out.append(
            {
                "issue": issue.pk,
                "label": issue_label(issue),
                "result": result,
                "text": wording.get(issue.pk, default),
            }
        )
    return out


def result_label(result: str) -> str:
    return dict(Outcome.Result.choices).get(result, "No outcome recorded")


def agreed_actions(case: Case) -> list[dict[str, Any]]:
    """Each agreed action as printed: what, who, under which clock, and each due date with the
    rule and its citation, from the case's stored deadlines."""
    actions = list(AgreedAction.objects.filter(case=case).order_by("id"))
    steps: dict[int, list[dict[str, Any]]] = {}
    rows = case.deadlines.filter(key__startswith="action:").order_by("due_on", "key")
    for row in rows:
        action_id = int(row.key.split(":")[1])
        steps.setdefault(action_id, []).append(
            {
                "title": row.title,
                "due_on": row.due_on.isoformat(),
                "basis": "; ".join(row.legal_basis),
            }
        )
    return [
        {
            "id": action.pk,
            "description": action.description,
            "owner": action.get_owner_display(),
            "clock": action.get_clock_display(),
            "steps": steps.get(action.pk, []),
        }
        for action in actions
    ]


def remaining_issues(case: Case) -> list[dict[str, str]]:
    """The issues not agreed, or agreed only in part: their labels and results, nothing else."""
    return [
        {"label": issue_label(issue), "result": _result(issue)}
        for issue in issues_with_outcomes(case)
        if _result(issue) in REMAINING
    ]


def iso_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)
