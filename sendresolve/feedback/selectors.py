"""Reads for feedback and format requests, scoped like cases.

Provider staff see what was sent about their provider or about the LAs it is commissioned by;
an LA officer sees what was sent about their LA; administrators see everything. Anything sent
from a page with no case or council (most of the route finder) is for administrators only.
"""

from django.db.models import Q, QuerySet

from sendresolve.core import clock
from sendresolve.feedback.models import Feedback, FormatRequest
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.selectors import is_global, local_authorities_for, memberships_of


def _scope(user) -> Q | None:
    """The condition for what ``user`` may read, or None for everything."""
    if is_global(user):
        return None
    condition = Q(pk__in=[])
    memberships = memberships_of(user)
    provider_ids = [m.provider_id for m in memberships if m.provider_id]
    if provider_ids:
        served = local_authorities_for(user, on=clock.today()).values("id")
        condition |= Q(provider_id__in=provider_ids) | Q(
            provider__isnull=True, local_authority_id__in=served
        )
    for m in memberships:
        if m.role == Role.LA_OFFICER and m.local_authority_id:
            condition |= Q(local_authority_id=m.local_authority_id)
    return condition


def feedback_for(user) -> QuerySet[Feedback]:
    """Feedback the user may read, newest first."""
    condition = _scope(user)
    queryset = Feedback.objects.select_related("local_authority", "provider")
    return queryset if condition is None else queryset.filter(condition)


def format_requests_for(user) -> QuerySet[FormatRequest]:
    """Requests for other formats the user may read (and answer), newest first."""
    condition = _scope(user)
    queryset = FormatRequest.objects.select_related("local_authority", "provider")
    return queryset if condition is None else queryset.filter(condition)
