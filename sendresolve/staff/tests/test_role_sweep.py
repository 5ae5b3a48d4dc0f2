"""Every provider role against every staff case URL (issue 23: distinct powers per role).

The literal matrix below is the rule a reader checks: which roles may take each narrowed step.
The sweep then checks every case URL answers each role as the catalogue says: a page for an
action opens (200) for the roles in its ``who``, and is 404 for the rest; the case's pages
that only read open for every case-working role; finance sees no case page at all. A mediator
acts only on the cases assigned to them.
"""

import pytest
from django.urls import reverse

from sendresolve.cases import services
from sendresolve.cases.actions import ACTIONS
from sendresolve.cases.models import ConfidentialNote
from sendresolve.staff.tests.test_case_pages import (
    CASE_URL_RULES,
    case_url,
    full_case,  # noqa: F401 (a fixture, read through ``request``)
)
from sendresolve.tenancy.roles import Role

ROLES = ["adviser", "mediator", "coordinator", "manager", "finance"]
A, M, C, P = Role.ADVISER, Role.MEDIATOR, Role.COORDINATOR, Role.PROVIDER_MANAGER

# Who may take each step that is no longer every provider role's (administrators may do all).
MATRIX = {
    "advice_give": {A, P},
    "mediation_decline": {A, P},
    "mediation_request": {A, P},
    "la_inform": {A, C, P},
    "session_schedule": {C, M, P},
    "session_notice_send": {C, M, P},
    "session_cancel": {C, M, P},
    "session_rearrange": {C, M, P},
    "session_hold": {M, P},
    "mediation_conclude": {M, P},
    "certificate_issue": {A, M, P},
    "certificate_correct": {A, M, P},
    "follow_up_start": {C, M, P},
    "case_assign": {C, P},
    "note_add": {M, P},
    # Added since: booking a mediator's slot arranges a meeting; the agreement's wording and
    # the child's views are the mediation's; travel expenses are decided by the LA that pays.
    "session_book": {C, M, P},
    "agreement_draft_save": {M, P},
    "agreement_issue": {M, P},
    "child_views_record": {M, P},
    "expense_decide": set(),
    "agreement_receipt_confirm": set(),  # the LA's and health body's officers confirm receipt
}


def test_the_role_matrix_is_the_catalogues():
    provider_roles = {A, M, C, P}
    for name, roles in MATRIX.items():
        assert ACTIONS[name].who & provider_roles == roles, name
    # Finance works on no case: no action names it.
    assert all(Role.FINANCE not in action.who for action in ACTIONS.values())
    # Everything not narrowed is still every case-working role's.
    for name, action in ACTIONS.items():
        if name not in MATRIX and not action.family:
            assert provider_roles <= action.who, name


# Which action each case page performs; a page not listed only reads the case.
PAGE_ACTION = {
    "staff:case-action": "follow_up_start",
    "staff:session-new": "session_schedule",
    "staff:case-item-action": "session_cancel",
    "staff:case-assign": "case_assign",
    "staff:session-rearrange": "session_rearrange",
    "staff:conclude": "mediation_conclude",
    "staff:party-new": "party_add",
    "staff:proceeding-new": "proceeding_record",
    "staff:tribunal-decision-new": "tribunal_decision_record",
    "staff:correct-details": "case_correct",
    "staff:correct-decision": "case_correct",
    "staff:issue-new": "issue_add",
    "staff:issue-correct": "issue_correct",
    "staff:issue-remove": "issue_remove",
    "staff:party-correct": "party_correct",
    "staff:health-body-new": "health_body_add",
    "staff:contact-new": "contact_log",
    "staff:task-new": "task_add",
    "staff:document-new": "document_add",
    "staff:diary-slots": "session_book",
    "staff:agreement-edit": "agreement_draft_save",
    "staff:participation-needs": "participation_needs_change",
    "staff:child-views-new": "child_views_record",
}
ROLE_OF = {"adviser": A, "mediator": M, "coordinator": C, "manager": P}
# Pages every signed-in user has, whatever their organisation (scoped inside).
EVERYONE = {"staff:feedback", "staff:organisations"}


def expected(name: str, persona: str, *, assigned_to_mediator: bool) -> int:
    """What a role persona gets: what the provider's own staff get, narrowed by the role."""
    status = CASE_URL_RULES[name][1]["provider_staff"]
    if status != 200 or name in EVERYONE:
        return status  # a POST-only address (405), or nothing to find (404): the same for all
    if name == "staff:case-new":
        return 404 if persona == "finance" else 200  # any case-working role opens a case
    if persona == "finance":
        return 404
    action = PAGE_ACTION.get(name)
    if action is None:
        return 200
    role = ROLE_OF[persona]
    if role == M and not assigned_to_mediator:
        return 404
    return 200 if role in ACTIONS[action].who else 404


@pytest.fixture
def unassigned(role_personas, request):
    """The case pages' full case, assigned to no one."""
    return request.getfixturevalue("full_case")


@pytest.fixture
def assigned(role_personas, unassigned):
    """The full case, assigned to the mediator."""
    case, session, certificate = unassigned
    services.case_assign(
        actor=role_personas.users["manager"], case=case, assignee=role_personas.users["mediator"]
    )
    case.refresh_from_db()
    return case, session, certificate


@pytest.mark.parametrize("persona", ROLES)
@pytest.mark.parametrize("name", sorted(CASE_URL_RULES))
def test_case_url_answers_each_role(as_persona, assigned, name, persona):
    method, _ = CASE_URL_RULES[name]
    response = getattr(as_persona(persona), method)(case_url(name, *assigned))
    assert response.status_code == expected(name, persona, assigned_to_mediator=True)


@pytest.mark.parametrize("name", sorted(PAGE_ACTION))
def test_a_mediator_acts_only_on_the_cases_assigned_to_them(as_persona, unassigned, name):
    method, _ = CASE_URL_RULES[name]
    response = getattr(as_persona("mediator"), method)(case_url(name, *unassigned))
    assert response.status_code == expected(name, "mediator", assigned_to_mediator=False)


def test_the_case_page_offers_each_role_its_own_steps_and_notes(as_persona, assigned):
    case = assigned[0]
    url = reverse("staff:case", args=[case.reference])
    assert ConfidentialNote.objects.filter(case=case).exists()

    def page(persona):
        return as_persona(persona).get(url).content.decode()

    # The follow-up step is offered to the coordinator, the case's mediator and the manager.
    follow_up = reverse("staff:case-action", args=[case.reference, "follow_up_start"])
    assert follow_up not in page("adviser")
    for persona in ("coordinator", "mediator", "manager"):
        assert follow_up in page(persona), persona
    # Confidential notes: the case's mediator and the manager only.
    for persona, sees in (("adviser", False), ("coordinator", False), ("mediator", True)):
        assert ("SECRET-NOTE" in page(persona)) is sees, persona
    assert "SECRET-NOTE" in page("manager")


def test_finance_sees_no_case_content_anywhere(as_persona, assigned):
    case = assigned[0]
    client = as_persona("finance")
    for address in (
        reverse("staff:home"),
        reverse("reports:report"),
        reverse("staff:format-requests"),
        reverse("staff:feedback"),
    ):
        response = client.get(address)
        assert response.status_code == 200, address
        text = response.content.decode()
        assert case.reference not in text, address
        assert case.child_name not in text, address
    assert client.get(reverse("staff:case", args=[case.reference])).status_code == 404
