"""Reads for feedback and format requests, scoped like cases.

The staff queue of requests for another format (``format_request_queue``) is narrower: each
provider's staff see the requests routed to their provider, the ones they must answer;
administrators see all of them, those routed to no provider being the system's own team's.

Provider staff see what was sent about their provider or about the LAs it is commissioned by;
an LA officer sees what was sent about their LA; administrators see everything. Anything sent
from a page with no case or council (most of the route finder) is for administrators only.
"""

from django.db.models import Q, QuerySet

from sendresolve.core import clock
from sendresolve.feedback.models import Feedback, FormatRequest
from sendresolve.tenancy.actors import as_actor
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.selectors import is_global, local_authorities_for, memberships_of


def _scope(user) -> Q | None:
    """The condition for what ``user`` may read, or None for everything."""
    if is_global(user):
        return None
    condition = Q(pk__in=[])
    memberships = memberships_of(user)
    # Finance sees no family's words or details (issue 23).
    provider_ids = [m.provider_id for m in memberships if m.provider_id and m.role != Role.FINANCE]
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


def format_request_queue(actor) -> QuerySet[FormatRequest]:
    """Requests for another format the actor's team must answer: their providers' (all, with
    the system team's, for administrators). Oldest deadline first, open ones before sent ones."""
    actor = as_actor(actor)
    queryset = FormatRequest.objects.select_related("local_authority", "provider", "sent_by")
    if not actor.is_global:
        queryset = queryset.filter(provider_id__in=sorted(actor.provider_ids))
    # "new" sorts after "done": descending puts the ones still to send first.
    return queryset.order_by("-state", "due_on", "id")


def format_requests_open_count(actor) -> int:
    """How many of the actor's queue are still to send (for the staff navigation)."""
    return format_request_queue(actor).filter(state=FormatRequest.State.NEW).count()
