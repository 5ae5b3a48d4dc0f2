"""Who may do what to a case. Reading is scoped by ``cases.selectors``; this decides acting."""

from sendresolve.cases.models import AgreedAction, Case
from sendresolve.tenancy.roles import PROVIDER_ROLES, Role
from sendresolve.tenancy.selectors import is_global, memberships_for

# Actions an LA officer of the case's LA may record.
LA_ACTIONS = frozenset({"la_cannot_arrange", "commissioning_body_notify", "action_complete"})
HEALTH_ACTIONS = frozenset({"action_complete"})


def can_act(user, case: Case, action: str, *, action_owner: str | None = None) -> bool:
    """Return True if ``user`` may perform ``action`` on ``case``."""
    if is_global(user):
        return True
    for membership in memberships_for(user):
        if membership.role in PROVIDER_ROLES and membership.provider_id == case.provider_id:
            return True
        if (
            membership.role == Role.LA_OFFICER
            and membership.local_authority_id == case.local_authority_id
            and action in LA_ACTIONS
            and action_owner in (None, AgreedAction.Owner.LOCAL_AUTHORITY)
        ):
            return True
        if (
            membership.role == Role.HEALTH_COMMISSIONER
            and case.commissioning_body_id == membership.commissioning_body_id
            and action in HEALTH_ACTIONS
            and action_owner == AgreedAction.Owner.COMMISSIONING_BODY
        ):
            return True
    return False


def sees_confidential(user, case: Case) -> bool:
    """Only the provider's own staff (and administrators) may read confidential notes."""
    if is_global(user):
        return True
    return any(
        m.role in PROVIDER_ROLES and m.provider_id == case.provider_id
        for m in memberships_for(user)
    )
