"""Who may do what to a case. Reading is scoped by ``cases.selectors``; this decides acting."""

from django.db.models import Q

from sendresolve.cases.models import AgreedAction, Case
from sendresolve.tenancy.roles import PROVIDER_ROLES, Role
from sendresolve.tenancy.selectors import is_global, memberships_of

# Actions an LA officer of the case's LA may record. Those that belong to one side (an agreed
# action, a recommendation, a party's answer) also need ``action_owner`` to be the LA's.
LA_ACTIONS = frozenset(
    {
        "la_cannot_arrange",
        "commissioning_body_notify",
        "action_complete",
        "participation_record",
        "proceeding_record",
        "tribunal_decision_record",
        "duty_step_complete",
        "recommendation_respond",
    }
)
# Actions a health commissioner may record on a case their body is part of; always their own.
HEALTH_ACTIONS = frozenset(
    {"action_complete", "participation_record", "recommendation_respond", "agreement_la_notify"}
)
LA_OWNER = AgreedAction.Owner.LOCAL_AUTHORITY
HEALTH_OWNER = AgreedAction.Owner.COMMISSIONING_BODY


def _access(user) -> tuple[bool, list]:
    """The user's global flag and memberships, read once per user object (i.e. per request):
    a case page asks ``can_act`` for every button."""
    cached = getattr(user, "_sendresolve_access", None)
    if cached is None:
        cached = (is_global(user), list(memberships_of(user)))
        if getattr(user, "is_authenticated", False):
            user._sendresolve_access = cached
    return cached


def can_act(user, case: Case, action: str, *, action_owner: str | None = None) -> bool:
    """Return True if ``user`` may perform ``action`` on ``case``."""
    global_user, memberships = _access(user)
    if global_user:
        return True
    for membership in memberships:
        if membership.role in PROVIDER_ROLES and membership.provider_id == case.provider_id:
            return True
        if (
            membership.role == Role.LA_OFFICER
            and membership.local_authority_id == case.local_authority_id
            and action in LA_ACTIONS
            and action_owner in (None, LA_OWNER)
        ):
            return True
        if (
            membership.role == Role.HEALTH_COMMISSIONER
            and action in HEALTH_ACTIONS
            and action_owner == HEALTH_OWNER
            and health_body_on_case(case, membership.commissioning_body_id)
        ):
            return True
    return False


def health_body_on_case(case: Case, commissioning_body_id) -> bool:
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


def sees_confidential(user, case: Case) -> bool:
    """Only the provider's own staff (and administrators) may read confidential notes."""
    global_user, memberships = _access(user)
    if global_user:
        return True
    return any(m.role in PROVIDER_ROLES and m.provider_id == case.provider_id for m in memberships)
