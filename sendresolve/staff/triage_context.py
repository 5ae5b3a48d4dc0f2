"""What the work queue's "New and unassigned" section and the staff navigation show, and the
referral a staff member records when opening a case (``staff.triage_views`` does the writes)."""

from __future__ import annotations

from typing import Any

from sendresolve.cases import selectors as case_selectors
from sendresolve.cases.services import OnlineRequest, Referral
from sendresolve.staff.triage_forms import BulkAssignForm
from sendresolve.tenancy.actors import ActorRequest, user_of


def triage_context(request: ActorRequest, page: Any, assign_form: Any = None) -> dict[str, Any]:
    """The queue's triage section (first page only) and its "Assign selected to" form.

    Provider staff only: LA and health officers do not assign cases, and administrators work
    for no provider. ``triage_count`` (the section's full count) comes from the navigation.
    """
    actor = request.actor
    if not actor.provider_ids:
        return {"triage": None, "assign_form": None}
    colleagues = case_selectors.colleagues_of(actor)
    form = assign_form or BulkAssignForm(colleagues=colleagues, me=user_of(actor))
    rows = list(case_selectors.triage_rows(actor)) if page.number == 1 else None
    return {
        "triage": rows,
        "assign_form": form,
        "requested_label": requested_label,
    }


def requested_label(case: Any) -> str:
    """What the family asked for, as they chose it online; else the kind of case staff opened."""
    requested = getattr(case, "requested", None) or ""
    if requested in OnlineRequest.values:
        return str(OnlineRequest(requested).label)
    return str(case.get_kind_display())


def referral_from(data: dict[str, Any]) -> Referral | None:
    """The referral in a staff form's cleaned data (``ReferralForm``), if someone referred."""
    if not data.get("referred_by"):
        return None
    return Referral(
        kind=data["referred_by"],
        organisation=data.get("referrer_organisation") or "",
        name=data.get("referrer_name") or "",
        consent_on=data.get("referral_consent_on"),
        consent_note=data.get("referral_consent_note") or "",
    )


def triage_count(request: ActorRequest) -> int | None:
    """How many cases are new and unassigned for the user's providers (None: not provider
    staff, so no such link in the navigation)."""
    actor = request.actor
    if not actor.provider_ids:
        return None
    return case_selectors.triage_count(actor)
