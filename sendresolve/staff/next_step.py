"""The buttons at the top of the case page: every case-level action offered, the next step that
fits this case first as the one primary button, the rest secondary.

What is offered is ``cases.permissions.actions_offered``'s; this only orders it and picks the
primary. The next step follows the process (advice, the family's decision, telling the LA, a
meeting, the outcome, the certificate, follow-up, closing), skipping a step the case does not
call for: no "arrange a meeting" while one is arranged, no follow-up without agreed actions
still to do, no closing while agreed actions or steps after the tribunal are open.
"""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from sendresolve.cases.actions import ACTIONS, FORM
from sendresolve.cases.items import CaseItems
from sendresolve.cases.models import Session
from sendresolve.cases.permissions import Offer

# The process's steps, in the order a case takes them.
NEXT_STEPS = (
    "advice_give",
    "mediation_request",
    "la_inform",
    "session_schedule",
    "mediation_conclude",
    "certificate_issue",
    "follow_up_start",
    "case_close",
)
# Actions with a page of their own that start from the top of the case page (the others start
# from their own section: people, complaints alongside, meetings…).
HEADER_OWN_PAGES = (
    "session_schedule",
    "mediation_conclude",
    "certificate_issue",
    "tribunal_decision_record",
    "case_assign",
)


@dataclass(frozen=True)
class Button:
    name: str
    text: str
    href: str
    primary: bool


def _fits(name: str, case: Any, offer: Offer, items: CaseItems) -> bool:
    """Whether an offered step is the one this case is waiting for."""
    if name == "session_schedule":
        # Once a meeting is arranged or held, the next step is on it (held, the outcome).
        waiting = (Session.State.SCHEDULED, Session.State.HELD)
        return not any(session.state in waiting for session in items.sessions)
    if name == "follow_up_start":
        return any(action.completed_on is None for action in items.agreed_actions)
    if name == "case_close":
        return "action_complete" not in offer and "duty_step_complete" not in offer
    return True


def next_step(case: Any, offer: Offer, items: CaseItems) -> str | None:
    """The catalogue name of the step this case is waiting for, if it is offered."""
    for name in NEXT_STEPS:
        if name in offer and _fits(name, case, offer, items):
            return name
    return None


def case_buttons(case: Any, offer: Offer, items: CaseItems) -> list[Button]:
    """The top of the case page's buttons: the next step first (primary), then the rest."""
    primary = next_step(case, offer, items)
    buttons = []
    for name in offer.names():
        entry = ACTIONS[name]
        if entry.target != "case":
            continue
        if entry.page == FORM:
            href = reverse("staff:case-action", args=[case.reference, name])
        elif name in HEADER_OWN_PAGES and entry.url:
            href = reverse(entry.url, args=[case.reference])
        else:
            continue
        text = entry.title
        if name == "case_assign":
            text = "Reassign" if case.assigned_to_id else "Assign"
        buttons.append(Button(name, text, href, primary=name == primary))
    return sorted(buttons, key=lambda button: not button.primary)
