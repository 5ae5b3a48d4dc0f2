"""Every provider role against every API operation and every action (issue 23).

The personas of ``test_personas`` cover tenancy; these cover roles within the case's provider:
an adviser, a mediator (the case is assigned to them), a coordinator, a manager and a finance
officer, each holding that role only. Reads answer every case-working role as they answer the
provider's staff; finance, which works on no case, is answered as another provider's staff is;
a write a role may not make is 403 (the case is theirs to see, not to change); the staff
operations are the manager's.
"""

import pytest
from django.db import transaction
from django.urls import reverse

from sendresolve.api.tests.test_personas import (
    ACTION_RULES,
    ALLOWED,
    API_URL_RULES,
    REFUSED,
    case_with_everything,  # noqa: F401 (a fixture)
    filled,
    placeholders,
)
from sendresolve.cases import services
from sendresolve.cases.actions import ACTIONS
from sendresolve.tenancy.roles import Role

pytestmark = pytest.mark.django_db

ROLES = {
    "adviser": Role.ADVISER,
    "mediator": Role.MEDIATOR,
    "coordinator": Role.COORDINATOR,
    "manager": Role.PROVIDER_MANAGER,
}
STAFF_OPERATIONS = {"api:staff", "api:staff-invitations", "api:staff-roles", "api:staff-suspension"}
# Contracts and invoices: the manager's and finance's, no one else's (issue 23).
BILLING_OPERATIONS = {
    "api:commissions",
    "api:commission-detail",
    "api:invoices",
    "api:invoice-detail",
    "api:invoice-pdf",
    "api:invoice-csv",
    "api:invoice-xlsx",
    "api:billing-runs",
}
# Exports and webhooks (issue 25): among the provider's staff, the manager's only (the others
# are answered as the colleague, a mediator, is).
MANAGER_OPERATIONS = {
    "api:export-sen2-csv",
    "api:export-sen2-jsonl",
    "api:export-case-events-csv",
    "api:export-case-events-jsonl",
    "api:webhooks",
}
# The writes below whose action a role may lack: the URL's catalogue action.
WRITE_ACTION = {
    ("api:case-assignment", "post"): "case_assign",
    ("api:case-certificates", "post"): "certificate_issue",
    ("api:case-notes", "post"): "note_add",
    ("api:session-held", "post"): "session_hold",
    ("api:session-notice-sent", "post"): "session_notice_send",
    ("api:session-rearrangement", "post"): "session_rearrange",
    ("api:session-cancellation", "post"): "session_cancel",
}


def expected(name: str, method: str, statuses: dict, persona: str) -> int:
    if name in BILLING_OPERATIONS:
        return statuses["provider_staff"] if persona in ("manager", "finance") else 404
    if persona == "finance":
        return statuses["other_provider"]
    if name in STAFF_OPERATIONS:
        return statuses["provider_staff"] if persona == "manager" else 404
    if name in MANAGER_OPERATIONS:
        return statuses["provider_staff" if persona == "manager" else "colleague"]
    action = WRITE_ACTION.get((name, method))
    if action is not None and ROLES[persona] not in ACTIONS[action].who:
        return 403
    return statuses["provider_staff"]


@pytest.fixture
def assigned(api, role_personas, full_case):
    services.case_assign(
        actor=role_personas.users["manager"],
        case=full_case,
        assignee=role_personas.users["mediator"],
    )
    return full_case


@pytest.mark.parametrize("name", sorted(API_URL_RULES))
def test_api_url_answers_each_role(api, assigned, name):
    kwargs, checks = API_URL_RULES[name]
    values = placeholders(assigned)
    url = reverse(name, kwargs={k: v.format(**values) for k, v in kwargs.items()})
    wrong = []
    for method, body, statuses in checks:
        if method == "session":
            continue  # the API reference page, for a browser session (test_personas)
        for persona in [*ROLES, "finance"]:
            savepoint = transaction.savepoint()
            try:
                response = getattr(api(persona), method)(url, body)
            finally:
                transaction.savepoint_rollback(savepoint)
            want = expected(name, method, statuses, persona)
            if response.status_code != want:
                wrong.append((method, persona, response.status_code, want))
            if persona == "finance":
                assert assigned.child_name.encode() not in response.content, (name, method)
    assert wrong == [], f"{url}: (method, persona, got, expected) {wrong}"


def test_every_action_answers_each_role_as_the_catalogue_says(api, role_personas, request):
    case, values = request.getfixturevalue("case_with_everything")
    services.case_assign(
        actor=role_personas.users["manager"], case=case, assignee=role_personas.users["mediator"]
    )
    url = reverse("api:case-actions", kwargs={"reference": case.reference})
    clients = {persona: api(persona) for persona in [*ROLES, "finance"]}
    wrong = []
    for action, checks in sorted(ACTION_RULES.items()):
        for body, _ in checks:
            body = {"action": action, **filled(body, values)}
            for persona, client in clients.items():
                savepoint = transaction.savepoint()
                try:
                    response = client.post(url, body)
                finally:
                    transaction.savepoint_rollback(savepoint)
                got = response.status_code
                if persona == "finance":
                    want: int | str = 404
                elif ROLES[persona] in ACTIONS[action].who:
                    want = ALLOWED
                else:
                    want = 403
                ok = got not in REFUSED if want == ALLOWED else got == want
                if not ok:
                    wrong.append((action, persona, got, want, response.content[:120]))
    assert wrong == [], f"(action, persona, got, expected, body) {wrong}"


@pytest.mark.parametrize("user_id", ["0", str(2**63), "9" * 40])
def test_a_user_id_no_one_can_have_is_not_found_not_a_crash(api, role_personas, user_id):
    """Beyond a 64-bit integer the database driver would overflow (a 500 on SQLite): such an id
    is simply no one's, a JSON 404, whatever the body."""
    manager = api("manager")
    roles = manager.put(f"/api/v1/staff/{user_id}/roles", {"roles": ["adviser"]}, format="json")
    suspension = manager.post(f"/api/v1/staff/{user_id}/suspension")
    for response in (roles, suspension):
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize("persona", ["manager", "adviser"])
@pytest.mark.parametrize("user_id", ["0", "1"])
def test_options_on_a_staff_members_roles_is_never_a_server_error(
    api, role_personas, persona, user_id
):
    """DRF's OPTIONS answer asks for the object a PUT would change (schemathesis found a 500
    here: the view has no queryset): no one's id, or anyone's for a non-manager, is described
    without it."""
    response = api(persona).options(f"/api/v1/staff/{user_id}/roles?provider=")
    assert response.status_code in (200, 400, 404), response.content
