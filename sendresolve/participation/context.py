"""``participation_panel(case)`` for staff page templates (a context processor), so the case
page and the arranging page each show the needs panel with one include line and no view change.

Lazy: a page that never calls it costs no query. It reads through ``selectors.needs_panel`` and
``selectors.child_views_for`` with the request's actor, so each reader sees what they may.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from sendresolve.cases.permissions import can_act
from sendresolve.participation.models import ChildViews
from sendresolve.participation.selectors import Panel, child_views_for, needs_panel


@dataclass(frozen=True)
class CasePanel:
    needs: Panel | None
    child_views: list[ChildViews]
    may_change: bool
    may_record_views: bool
    may_share_views: bool


def participation_panels(request: HttpRequest) -> dict[str, Any]:
    def participation_panel(case: Any) -> CasePanel | None:
        actor = getattr(request, "actor", None)
        if actor is None or not actor.is_authenticated:
            return None
        needs = needs_panel(actor, case)
        if needs is None:
            return None
        return CasePanel(
            needs=needs,
            child_views=list(child_views_for(actor, case)),
            may_change=can_act(actor, case, "participation_needs_change"),
            may_record_views=can_act(actor, case, "child_views_record"),
            may_share_views=can_act(actor, case, "child_views_share"),
        )

    return {"participation_panel": participation_panel}
