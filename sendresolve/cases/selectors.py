"""Reads for cases, always scoped to the acting user.

- Provider staff see their provider's cases.
- An LA officer sees their LA's cases once the LA has something to do on them, and a health
  commissioner the cases their body has something to do on (privacy by stage: the rule is
  ``cases.privacy.la_visible`` / ``health_visible``); an advice-only case is not found.
- Administrators see every case.
Another tenant's case answers ``NotFound``. Confidential notes are only ever returned by
``confidential_notes_for``, which gives nothing to LA and health users.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery

from sendresolve.cases.models import (
    Case,
    CaseDeadline,
    CaseEvent,
    ConfidentialNote,
)
from sendresolve.cases.permissions import sees_confidential
from sendresolve.cases.privacy import health_area, health_visible, la_visible
from sendresolve.cases.projections import staff_open
from sendresolve.cases.standards import FIRST_CONTACT_KEY, PROVIDER_STANDARD
from sendresolve.cases.states import OPEN
from sendresolve.core.errors import NotFound
from sendresolve.tenancy.actors import Who, as_actor
from sendresolve.tenancy.roles import PROVIDER_ROLES, Role
from sendresolve.tenancy.selectors import is_global, memberships_of

if TYPE_CHECKING:
    from django.contrib.auth.models import User  # the user model (AUTH_USER_MODEL)
    from django_stubs_ext import WithAnnotations

DUE_SOON_DAYS = 5


def cases_for(user: Who) -> QuerySet[Case]:
    """Return every case the user may see.

    Built from plain conditions on the case and ``pk IN (subquery)`` for health bodies, never
    joins: the queryset needs no DISTINCT, so counting, ordering and paging it stays cheap at
    national scale (a DISTINCT over every column made the work queue scan all cases).
    """
    user = as_actor(user)
    condition = case_scope(user)
    return Case.objects.all() if condition is None else Case.objects.filter(condition)


def case_scope(user: Who, *, copied: bool = False) -> Q | None:
    """The condition on ``Case`` fields that ``cases_for`` filters by (None: every case).

    Reports use it directly, so that a national report (None) needs no case filter at all.
    With ``copied``, the condition for anonymous report figures over rows that carry copies of
    their case's provider and LA and a ``case`` key (``ReportFact``): by those columns where
    the scope is a provider or an LA, by ``case IN (…)`` for a health body. Figures count every
    case of the LA (or the health body's area), advice-only ones too: an LA commissions the
    advice and is owed the numbers, never the cases (a report's case-level rows go through
    the plain condition, ``reports.figures.Scope.via``).
    """
    user = as_actor(user)
    if is_global(user):
        return None
    condition = Q(pk__in=[])
    for m in memberships_of(user):
        if m.provider_id:
            # Only the roles that work on cases: a finance officer sees none (issue 23), only
            # the provider's anonymous figures.
            if m.role in PROVIDER_ROLES or (copied and m.role == Role.FINANCE):
                condition |= Q(provider_id=m.provider_id)
        elif m.role == Role.LA_OFFICER and m.local_authority_id is not None:
            la = m.local_authority_id
            condition |= Q(local_authority_id=la) if copied else la_visible(la)
        elif m.role == Role.HEALTH_COMMISSIONER and m.commissioning_body_id is not None:
            # (A health commissioner's membership always names its body: a constraint.)
            body = m.commissioning_body_id
            condition |= (
                Q(case__in=Case.objects.filter(health_area(body)).values("pk"))
                if copied
                else health_visible(body)
            )
    return condition


def case_get(user: Who, *, reference: str) -> Case:
    """Return one case the user may see, or raise ``NotFound``."""
    user = as_actor(user)
    try:
        return (
            cases_for(user)
            .select_related("provider", "local_authority", "commissioning_body", "assigned_to")
            .get(reference=reference)
        )
    except Case.DoesNotExist:
        raise NotFound("No such case.") from None


@dataclass(frozen=True)
class QueueFilters:
    local_authority: str = ""  # DfE code
    status: str = ""
    assignee: str = ""  # user id, or "none"
    deadline: str = ""  # "overdue", "due_soon", or ""


def owes_all(user: Who) -> bool:
    """Whether the user's queue is about every deadline but the family's (provider staff and
    administrators), which each case keeps its next of (``Case.next_deadline_on``)."""
    user = as_actor(user)
    return is_global(user) or any(
        m.provider_id and m.role in PROVIDER_ROLES for m in memberships_of(user)
    )


def owed_by(user: Who) -> Q:
    """The deadlines the user's queue is about: everything (but the family's) for provider
    staff and administrators; for LA and health officers, what their organisation owes."""
    user = as_actor(user)
    if owes_all(user):
        return Q()
    condition = Q(pk__in=[])
    for m in memberships_of(user):
        if m.role == Role.LA_OFFICER:
            condition |= Q(responsible="local_authority")
        elif m.role == Role.HEALTH_COMMISSIONER:
            condition |= Q(responsible="commissioning_body") & (
                Q(responsible_body_id=m.commissioning_body_id) | Q(responsible_body__isnull=True)
            )
    return condition


class NextDue(TypedDict):
    """What the work queue annotates each case with (``_with_next_due``)."""

    next_due: dt.date | None
    next_due_title: str | None


if TYPE_CHECKING:
    # For the type checker only: at run time ``WithAnnotations`` takes one argument.
    QueueCase = WithAnnotations[Case, NextDue]


def _with_next_due(user: Who, cases: QuerySet[Case]) -> QuerySet[QueueCase]:
    """``cases`` annotated with ``next_due`` and ``next_due_title``: the earliest open deadline
    the user's queue is about (``owed_by``). For provider staff and administrators that is the
    one each case keeps; for LA and health officers, looked up per case."""
    user = as_actor(user)
    if owes_all(user):
        return cases.annotate(
            next_due=F("next_deadline_on"), next_due_title=F("next_deadline_title")
        )
    owed = (
        staff_open(CaseDeadline.objects.filter(case=OuterRef("pk")))
        .filter(owed_by(user))
        .order_by("due_on", "id")
    )
    return cases.annotate(
        next_due=Subquery(owed.values("due_on")[:1]),
        next_due_title=Subquery(owed.values("title")[:1]),
    )


def work_queue(
    user: Who, *, today: dt.date, filters: QueueFilters = QueueFilters()
) -> QuerySet[QueueCase]:
    """Open cases the user may see, with their next open deadline, due first.

    Annotates ``next_due`` (the earliest open deadline that the provider, LA or health body
    owes; for LA and health officers, what their own organisation owes: see ``owed_by``) and
    ``next_due_title``. Whether a row is overdue or due soon is for its reader to say from
    ``next_due``: SQL cannot name a column of its own select list, so a flag computed here
    would run an LA officer's deadline look-up again for every open case.
    """
    user = as_actor(user)
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    queryset = _with_next_due(
        user,
        cases_for(user)
        .filter(status__in=OPEN)
        .select_related("local_authority", "provider", "assigned_to"),
    )
    if filters.local_authority:
        queryset = queryset.filter(local_authority__dfe_code=filters.local_authority)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.assignee == "none":
        queryset = queryset.filter(assigned_to__isnull=True)
    elif filters.assignee:
        queryset = queryset.filter(assigned_to_id=int(filters.assignee))
    if filters.deadline == "overdue":
        queryset = queryset.filter(next_due__lt=today)
    elif filters.deadline == "due_soon":
        queryset = queryset.filter(next_due__gte=today, next_due__lte=soon)
    # Ordered by the select list's own next_due (cases with nothing due last), not by an
    # expression over it that would look it up again.
    return queryset.order_by(F("next_due").asc(nulls_last=True), "opened_on", "id")


def queue_counts(user: Who, *, today: dt.date) -> dict[str, int]:
    """How many open cases there are, and how many are overdue and due soon (by their next
    deadline, as ``work_queue`` gives it), for the queue's summary.

    For provider staff and administrators, counted from the next deadline each case keeps, in
    one pass; for LA and health officers, from each case's first owed deadline, grouped once
    (the queue's per-case look-up would run once for each count).
    """
    user = as_actor(user)
    cases = cases_for(user).filter(status__in=OPEN)
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    if owes_all(user):
        # Counting status (never null), not pk, so the (provider,) status, next deadline
        # indexes answer it alone.
        return cases.aggregate(
            total=Count("status"),
            overdue=Count("status", filter=Q(next_deadline_on__lt=today)),
            due_soon=Count(
                "status", filter=Q(next_deadline_on__gte=today, next_deadline_on__lte=soon)
            ),
        )
    firsts = (
        staff_open(CaseDeadline.objects.filter(case__in=cases.values("pk")))
        .filter(owed_by(user))
        .values("case")
        .annotate(first=Min("due_on"))
    )
    counts = firsts.aggregate(
        overdue=Count("case", filter=Q(first__lt=today)),
        due_soon=Count("case", filter=Q(first__gte=today, first__lte=soon)),
    )
    return {"total": cases.count(), **counts}


def case_deadlines(case: Case) -> QuerySet[CaseDeadline]:
    return case.deadlines.order_by("due_on", "id")


def case_timeline(case: Case, who: Who = None) -> QuerySet[CaseEvent]:
    """The case's events in order; for ``who`` (if given) without sight of confidential
    content, without the logging of confidential contact entries (``cases.contact_models``)."""
    events = case.events.select_related("actor").order_by("occurred_on", "recorded_at", "id")
    if who is not None and not sees_confidential(as_actor(who), case):
        # A filter, not an exclude: SQL's NULL for a missing key would drop every other event.
        # Documents not shared with the LA and health parties (``casefiles``) likewise.
        events = events.filter(
            ~Q(
                type__in=[
                    "contact_logged",
                    "document_added",
                    "document_shared",
                    # The family's needs and the child's views (``participation``).
                    "participation_needs_changed",
                    "supporter_named",
                    "child_views_recorded",
                    "child_views_shared",
                ]
            )
            | Q(detail__confidential=False)
        )
    return events


def confidential_notes_for(user: Who, case: Case) -> QuerySet[ConfidentialNote]:
    """The mediator's confidential notes, for the provider's own staff only."""
    user = as_actor(user)
    if not sees_confidential(user, case):
        return ConfidentialNote.objects.none()
    return case.confidential_notes.select_related("author")


def provider_staff(case: Case) -> list[User]:
    """The active staff of the case's provider, by name: whom the case can be assigned to."""
    from django.contrib.auth import get_user_model

    from sendresolve.tenancy.models import Membership
    from sendresolve.tenancy.roles import PROVIDER_ROLES

    user_ids = Membership.objects.filter(
        provider_id=case.provider_id, role__in=sorted(PROVIDER_ROLES), is_active=True
    ).values("user_id")
    return list(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


# -- triage: new and unassigned cases ---------------------------------------------------------

TRIAGE_ROWS = 25  # the most the queue's "New and unassigned" section lists


def triage_cases(user: Who) -> QuerySet[Case]:
    """Open cases of the providers the user works for that no one is assigned to: what the
    provider's staff must pick up. Empty for LA and health officers, who do not assign, and
    for administrators, who work for no provider."""
    user = as_actor(user)
    if not user.provider_ids:
        return Case.objects.none()
    return Case.objects.filter(
        provider_id__in=sorted(user.provider_ids), status__in=OPEN, assigned_to__isnull=True
    )


def triage_count(user: Who) -> int:
    """How many cases ``triage_cases`` has (the staff navigation's count)."""
    return triage_cases(user).count()


def triage_rows(user: Who) -> QuerySet[Case]:
    """The first ``TRIAGE_ROWS`` new and unassigned cases, oldest request first, each with:

    - ``requested`` (a field of the case since issue 20): what the family asked for
      (``OnlineRequest`` value), as their online request said or staff recorded;
    - ``first_contact_due`` (and its state): the provider's first-contact standard;
    - ``clock_due`` and ``clock_title``: the earliest open legal time limit (anyone's,
      the family's appeal deadline included): the statutory clock already running.
    """
    first_contact = CaseDeadline.objects.filter(case=OuterRef("pk"), key=FIRST_CONTACT_KEY)
    clock = (
        CaseDeadline.objects.filter(case=OuterRef("pk"), state=CaseDeadline.State.OPEN)
        .exclude(verification=PROVIDER_STANDARD)
        .order_by("due_on", "id")
    )
    return (
        triage_cases(user)
        .select_related("local_authority")
        .only(
            "reference",
            "child_name",
            "kind",
            "status",
            "opened_on",
            "referred_by",
            "requested",
            "local_authority__name",
        )
        .annotate(
            first_contact_due=Subquery(first_contact.values("due_on")[:1]),
            first_contact_state=Subquery(first_contact.values("state")[:1]),
            first_contact_rule=Subquery(first_contact.values("rule")[:1]),
            clock_due=Subquery(clock.values("due_on")[:1]),
            clock_title=Subquery(clock.values("title")[:1]),
        )
        .order_by("opened_on", "id")[:TRIAGE_ROWS]
    )


def colleagues_of(user: Who) -> list[User]:
    """The active staff of the providers the user works for, by name: whom they may assign
    cases to from the queue (each case's own provider is checked when it is assigned)."""
    from django.contrib.auth import get_user_model

    from sendresolve.tenancy.models import Membership
    from sendresolve.tenancy.roles import PROVIDER_ROLES

    user = as_actor(user)
    user_ids = Membership.objects.filter(
        provider_id__in=sorted(user.provider_ids), role__in=sorted(PROVIDER_ROLES), is_active=True
    ).values("user_id")
    return list(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .order_by("first_name", "last_name", "username")
    )
