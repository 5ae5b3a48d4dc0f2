"""Who may do what to a case: the one module that answers "may this actor do X on this case".

Reading is scoped by ``cases.selectors``; this decides acting, from the action catalogue
(``cases.actions``: each action's ``who`` and ``owned``) and the actor (``tenancy.actors``):

- administrators may do anything;
- the case's provider's staff may perform every action whose ``who`` has their role, a
  mediator only on the cases assigned to them (issue 23: distinct powers per role);
- an LA officer of the case's LA may perform the actions for LA officers, and on an ``owned``
  item (an agreed action, a party's answer, a tribunal step or recommendation) only the LA's;
- a health commissioner may perform the actions for health commissioners on a case their body
  is on, and only on their own body's items.

``actions_offered`` says which actions the actor may take on the case now (its status and its
items allowing): the staff case page and the API's action list both show exactly that.

Which cases LA and health officers see at all, and what of them, is privacy by stage
(``cases.privacy``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db.models import Q

from sendresolve.cases.actions import ACTIONS, BUTTON, OWN_PAGE
from sendresolve.cases.certificate_check import outdated_certificates
from sendresolve.cases.items import CaseItems, case_items
from sendresolve.cases.models import (
    Case,
    Party,
    RelatedProceeding,
    Session,
)
from sendresolve.cases.privacy import FAMILY_SIDE, HEALTH_OWNER, LA_OWNER
from sendresolve.cases.states import TERMINAL, allowed_actions
from sendresolve.cases.steps import status_before_closing, step_undoable
from sendresolve.cases.vocabulary import (
    CaseKind,
    Participation,
    PartyRole,
)
from sendresolve.tenancy.actors import FamilyActor, Who, as_actor
from sendresolve.tenancy.roles import Role

# The parties whose agreement disagreement resolution needs: the two sides of the disagreement.
OTHER_SIDE = frozenset(
    {PartyRole.LA_OFFICER, PartyRole.HEALTH, PartyRole.SOCIAL_CARE, PartyRole.SCHOOL}
)
NEEDS_AGREEMENT = FAMILY_SIDE | OTHER_SIDE


def participation_owner(party: Party) -> str:
    """Whose officers may answer for a party: the LA's for the LA and social care, the health
    body's for health; anyone else's answer is recorded by the provider."""
    if party.role == PartyRole.LA_OFFICER or party.role == PartyRole.SOCIAL_CARE:
        return LA_OWNER
    if party.role == PartyRole.HEALTH:
        return HEALTH_OWNER
    return "other"


def recommendation_owner(recommendation: Any) -> str:
    """Who must reply to a tribunal recommendation: the health body for health care, the LA for
    social care (``tribunal.Recommendation``)."""
    return HEALTH_OWNER if recommendation.area == "health" else LA_OWNER


def can_act(who: Who, case: Case, action: str, *, action_owner: str | None = None) -> bool:
    """Return True if the actor may perform ``action`` on ``case`` (on an item of
    ``action_owner``'s side, for the actions on owned items)."""
    actor = as_actor(who)
    entry = ACTIONS.get(action)
    # The family's own actions (their status link) are theirs alone, on their own case; staff
    # correct the same details with ``case_correct``.
    if isinstance(actor, FamilyActor):
        return entry is not None and entry.family and actor.case_id == case.pk
    if entry is not None and entry.family:
        return False
    if actor.is_global:
        return True
    if entry is None:
        return False
    if provider_roles_on(actor, case) & entry.who:
        return True
    if (
        Role.LA_OFFICER in entry.who
        and actor.is_officer_of(case.local_authority_id)
        and (not entry.owned or action_owner in (None, LA_OWNER))
    ):
        return True
    if (
        Role.HEALTH_COMMISSIONER in entry.who
        and entry.owned
        and action_owner == HEALTH_OWNER
        and any(health_body_on_case(case, body) for body in actor.commissioning_body_ids)
    ):
        return True
    return False


def health_body_on_case(case: Case, commissioning_body_id: int) -> bool:
    """Whether the health body is the case's lead body, one of its health bodies, or the body
    a tribunal recommendation on the case is addressed to (``tribunal`` app)."""
    if case.commissioning_body_id == commissioning_body_id:
        return True
    return (
        Case.objects.filter(pk=case.pk)
        .filter(
            Q(health_bodies__commissioning_body_id=commissioning_body_id)
            | Q(recommendations__commissioning_body_id=commissioning_body_id)
        )
        .exists()
    )


def provider_roles_on(who: Who, case: Case) -> frozenset[Role]:
    """The roles the actor holds at the case's provider that count on this case: a mediator's
    only on the cases assigned to them, and never finance (it works on no case)."""
    actor = as_actor(who)
    roles = actor.provider_roles_for(case.provider_id) - {Role.FINANCE}
    if Role.MEDIATOR in roles and case.assigned_to_id != actor.user_id:
        roles -= {Role.MEDIATOR}
    return roles


def is_provider_side(who: Who, case: Case) -> bool:
    """The provider's own case-working staff (and administrators): they see the family's
    details and documents kept for the provider, whichever role they hold."""
    actor = as_actor(who)
    return actor.is_global or actor.works_for(case.provider_id)


def sees_confidential(who: Who, case: Case) -> bool:
    """Confidential mediation material (notes, confidential contacts and documents): only the
    case's assigned mediator and the provider's managers (and administrators), issue 23."""
    actor = as_actor(who)
    if actor.is_global:
        return True
    return bool(provider_roles_on(actor, case) & {Role.MEDIATOR, Role.PROVIDER_MANAGER})


@dataclass(frozen=True)
class Offer:
    """What the actor may do on a case now: action name → the items it applies to (``None``
    for the case itself)."""

    items: dict[str, frozenset[int | None]] = field(default_factory=dict)

    def names(self) -> list[str]:
        """The actions offered, in catalogue order."""
        return [name for name in ACTIONS if name in self.items]

    def allows(self, name: str, pk: int | None = None) -> bool:
        return pk in self.items.get(name, frozenset())

    def __contains__(self, name: object) -> bool:
        return name in self.items


def _reachable(name: str) -> bool:
    """An action someone can take: through a staff page or the API."""
    entry = ACTIONS[name]
    return entry.api or entry.page not in (OWN_PAGE, BUTTON) or bool(entry.url)


def actions_offered(who: Who, case: Case, *, items: CaseItems | None = None) -> Offer:
    """The actions the actor may take on ``case`` now, with the items each applies to.

    ``items`` is what is inside the case (``cases.items.case_items``), if the caller has read it
    already (the case page has); else it is read here.
    """
    actor = as_actor(who)
    items = case_items(case) if items is None else items
    closed = case.status in TERMINAL
    by_status = set(allowed_actions(case.status, kind=case.kind))
    offered: dict[str, set[int | None]] = {}

    def offer(name: str, pk: int | None = None, owner: str | None = None) -> None:
        if _reachable(name) and can_act(actor, case, name, action_owner=owner):
            offered.setdefault(name, set()).add(pk)

    for name, entry in ACTIONS.items():
        if entry.transition and entry.target == "case" and name in by_status:
            if not _refused_now(name, case, items):
                offer(name)
    if not closed:
        offer("case_assign")
        offer("party_add")
        if _notice_awaited(case, items):
            offer("commissioning_body_notify")
    if sees_confidential(actor, case):
        offer("note_add")
    offer("proceeding_record")
    _offer_items(case, items, offer, by_status, closed)
    # Reopening and undoing (issue 18): from the case's last step.
    if status_before_closing(case, items.last_step) is not None:
        offer("case_reopen")
    if items.last_step is not None and step_undoable(items.last_step):
        offer("step_undo", items.last_step.pk)
    if can_act(actor, case, "case_correct"):
        _offer_corrections(case, items, offer)
    _offer_contacts_and_tasks(items, offer)
    # The agreement document (issue 21, ``sendresolve.agreements``): its wording, once mediation
    # recorded a written agreement. Issuing and receipts are offered on the agreement's page.
    if items.agreement is not None:
        offer("agreement_draft_save")
    # What people need to take part (issue 22, ``participation``), at any stage.
    offer("participation_needs_change")
    return Offer({name: frozenset(pks) for name, pks in offered.items()})


def _refused_now(name: str, case: Case, items: CaseItems) -> bool:
    """A step the status allows that its service would refuse for what is inside the case:
    following up with no agreed actions, closing while agreed actions are open."""
    if name == "follow_up_start":
        return not items.agreed_actions
    if name == "case_close" and case.status == "follow_up":
        return any(action.completed_on is None for action in items.agreed_actions)
    return False


def _notice_awaited(case: Case, items: CaseItems) -> bool:
    if not (case.health_care_in_issue or case.kind == CaseKind.HEALTH_ONLY_MEDIATION):
        return False
    return any(link.notified_on is None for link in items.health_bodies)


class Offering(Protocol):
    """``actions_offered``'s ``offer``: offer an action on an item (of an owner's side)."""

    def __call__(self, name: str, pk: int | None = None, owner: str | None = None) -> None: ...


def _offer_items(
    case: Case, items: CaseItems, offer: Offering, by_status: set[str], closed: bool
) -> None:
    """Offer the actions on items inside the case, each item once its own state allows."""
    for session in items.sessions:
        if session.state != Session.State.SCHEDULED:
            continue
        if not session.notice_sent_on and not session.shorter_notice_agreed:
            offer("session_notice_send", session.pk)
        if "session_hold" in by_status:
            offer("session_hold", session.pk)
        if not closed:
            offer("session_cancel", session.pk)
            offer("session_rearrange", session.pk)
    for action in items.agreed_actions:
        if action.completed_on is None:
            offer("action_complete", action.pk, action.owner)
    if case.is_disagreement_resolution and case.status in ("enquiry", "parties_agreed"):
        for party in items.parties:
            if party.role in NEEDS_AGREEMENT and party.participation == Participation.PENDING:
                offer("participation_record", party.pk, participation_owner(party))
    for proceeding in items.proceedings:
        if proceeding.state == RelatedProceeding.State.ONGOING:
            offer("proceeding_finish", proceeding.pk)
    agreement = items.agreement
    if agreement is not None and not agreement.la_was_party and not agreement.la_notified_on:
        offer("agreement_la_notify", None, HEALTH_OWNER)
    if case.status == "after_tribunal":
        for duty in items.duties:
            for step in duty.steps.all():
                key = f"duty:{duty.pk}:{step.step}"
                if step.done_on is None and key not in items.not_needed:
                    offer("duty_step_complete", step.pk, LA_OWNER)
    for recommendation in items.recommendations:
        if recommendation.responded_on is None:
            offer("recommendation_respond", recommendation.pk, recommendation_owner(recommendation))


# -- corrections (issue 18) ---------------------------------------------------------------------


def _offer_corrections(case: Case, items: CaseItems, offer: Offering) -> None:
    """Corrections, at any status: the case's details, each issue without an outcome (removing
    one only while another remains), each party, a health body while the case is open and each
    one nothing is recorded against, and a corrected certificate for each certificate in force
    a correction outdated."""
    offer("case_correct")
    offer("issue_add")
    if case.status not in TERMINAL:
        offer("health_body_add")
    issues = list(items.issues)
    open_issues = [issue for issue in issues if not hasattr(issue, "outcome")]
    for issue in open_issues:
        offer("issue_correct", issue.pk)
        if len(issues) > 1:
            offer("issue_remove", issue.pk)
    for party in items.parties:
        offer("party_correct", party.pk)
    speaking_for = {p.commissioning_body_id for p in items.parties}
    for link in items.health_bodies:
        if link.notified_on is None and link.commissioning_body_id not in speaking_for:
            offer("health_body_remove", link.pk)
    labels = [issue.get_subject_display() for issue in issues]
    for pk in outdated_certificates(case, list(items.certificates), labels):
        offer("certificate_correct", pk)


# -- The contact log and tasks (issue 18) ------------------------------------------------------


def _offer_contacts_and_tasks(items: CaseItems, offer: Offering) -> None:
    """Logging a contact and adding a task, at any stage (a letter can come after closing);
    marking each open task done, and reopening each done one."""
    offer("contact_log")
    offer("task_add")
    for task in items.tasks:
        offer("task_reopen" if task.done_on else "task_done", task.pk)
