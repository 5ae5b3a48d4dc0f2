"""Reads of the audit trail, scoped to the acting user.

Only provider managers and administrators read the audit trail (``can_view_audit``):

- an administrator (or superuser) sees every event;
- a provider manager sees the events of their provider: every event recorded for its cases and
  organisation (``provider`` set to it), events about the LAs it is commissioned by today that
  belong to no provider (e.g. an LA officer downloading the decision-letter paragraph), and
  events with no tenant at all done by the provider's own staff (e.g. report downloads).
  Another provider's events in a shared LA stay invisible: they carry that provider.

Anyone else gets ``NotFound``, which the views turn into a 404.
"""

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q, QuerySet

from sendresolve.audit.models import AuditEvent
from sendresolve.core import clock
from sendresolve.core.errors import NotFound
from sendresolve.tenancy.models import Commission, Membership
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.selectors import commissions_active_on, is_global, memberships_of


@dataclass(frozen=True)
class AuditFilters:
    date_from: dt.date | None = None  # London dates, both inclusive
    date_to: dt.date | None = None
    action_prefix: str = ""  # e.g. "case." or "case.read"
    actor: str = ""  # part of the username or of the name, or "system"
    case_reference: str = ""  # e.g. SR-7K3M-Q9XD


def managed_provider_ids(user) -> list[int]:
    """The providers the user is an active provider manager of."""
    return sorted(
        {
            m.provider_id
            for m in memberships_of(user)
            if m.role == Role.PROVIDER_MANAGER and m.provider_id is not None
        }
    )


def can_view_audit(user) -> bool:
    """Whether the actor may read the audit trail (and download subject access exports).

    Asked on every staff page (the navigation): it reads only the request's actor, no query.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    return is_global(user) or bool(managed_provider_ids(user))


def audit_scope(user, *, on: dt.date) -> Q | None:
    """The condition on ``AuditEvent`` for what ``user`` may read (None: everything).

    Raises ``NotFound`` for users who may not read the audit trail at all.
    """
    if is_global(user):
        return None
    providers = managed_provider_ids(user)
    if not providers:
        raise NotFound("No audit trail for this user.")
    served = Commission.objects.filter(commissions_active_on(on), provider_id__in=providers).values(
        "local_authority_id"
    )
    staff = Membership.objects.filter(provider_id__in=providers).values("user_id")
    return (
        Q(provider_id__in=providers)
        | Q(provider__isnull=True, local_authority_id__in=served)
        | Q(provider__isnull=True, local_authority__isnull=True, actor_id__in=staff)
    )


def _case_condition(reference: str) -> Q:
    """Events about one case: the case itself, or an object whose detail names the case.

    The case is looked up through the app registry: the audit app sits below ``cases`` and
    must not import it.
    """
    case_model = apps.get_model("cases", "Case")
    ids = list(case_model.objects.filter(reference=reference).values_list("pk", flat=True))
    if not ids:
        return Q(pk__in=[])
    return Q(object_type="cases.case", object_id__in=[str(pk) for pk in ids]) | Q(
        detail__case_id__in=ids
    )


def _actor_condition(text: str) -> Q:
    """Events by a user whose username has ``text`` in it, or whose name has each of its
    words ("asha adv" finds Asha Adviser)."""
    by_name = Q()
    for word in text.split():
        by_name &= Q(actor__first_name__icontains=word) | Q(actor__last_name__icontains=word)
    return Q(actor_label__icontains=text) | (by_name if text.split() else Q(pk__in=[]))


def _london_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=clock.LONDON)


def audit_events_for(
    user, filters: AuditFilters = AuditFilters(), *, on: dt.date | None = None
) -> QuerySet[AuditEvent]:
    """The audit events ``user`` may read that match ``filters``, newest first.

    Raises ``NotFound`` for users who may not read the audit trail.
    """
    scope = audit_scope(user, on=on or clock.today())
    queryset = AuditEvent.objects.select_related("local_authority", "provider")
    if scope is not None:
        queryset = queryset.filter(scope)
    if filters.date_from:
        queryset = queryset.filter(occurred_at__gte=_london_midnight(filters.date_from))
    if filters.date_to and filters.date_to < dt.date.max:  # up to dt.date.max: no limit
        next_day = filters.date_to + dt.timedelta(days=1)
        queryset = queryset.filter(occurred_at__lt=_london_midnight(next_day))
    if filters.action_prefix:
        queryset = queryset.filter(action__startswith=filters.action_prefix)
    if filters.actor:
        queryset = queryset.filter(_actor_condition(filters.actor))
    if filters.case_reference:
        queryset = queryset.filter(_case_condition(filters.case_reference))
    return queryset.order_by("-occurred_at", "-id")
