"""What the staff case page shows of travel expense claims (issue 22): the claims the actor
may see (the provider's staff and the LA's officers; a health body's none), and whether they
may record the LA's decision."""

from sendresolve.cases.permissions import can_act
from sendresolve.cases.privacy import LA_OWNER
from sendresolve.expenses.selectors import case_claims
from sendresolve.expenses.services import pounds


def expenses_context(actor, case) -> dict:
    claims = list(case_claims(actor, case))
    return {
        "expense_claims": [(claim, pounds(claim.total_pence)) for claim in claims],
        "decides_expenses": bool(claims)
        and can_act(actor, case, "expense_decide", action_owner=LA_OWNER),
    }
