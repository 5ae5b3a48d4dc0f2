"""Privacy by stage: the one rule for what LA and health officers see of a case.

Which cases they see at all (``la_visible``, ``health_visible``: queryset conditions that
``cases.selectors.case_scope`` filters every read by; ``sees_case`` for one case in hand) and
what of a visible case (``sees_family_details``, ``family_fields_hidden``,
``party_contact_visible``, ``event_detail_for``). SECURITY.md explains it; what they may *do*
is ``cases.permissions``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from sendresolve.cases.models import (
    AgreedAction,
    Case,
    CaseEvent,
    CaseHealthBody,
    Issue,
    Party,
    RelatedProceeding,
)
from sendresolve.cases.states import Status
from sendresolve.cases.vocabulary import (
    Body,
    CaseKind,
    DrType,
    EventType,
    PartyRole,
    ProceedingKind,
)
from sendresolve.tenancy.actors import FamilyActor, Who, as_actor

LA_OWNER = AgreedAction.Owner.LOCAL_AUTHORITY
HEALTH_OWNER = AgreedAction.Owner.COMMISSIONING_BODY
# The family side of a case (``cases.permissions`` asks for their agreement too).
FAMILY_SIDE = frozenset({PartyRole.PARENT, PartyRole.YOUNG_PERSON})
#
# An LA's or a health body's officers see a case only once their body has something to do on it;
# until then (an enquiry, advice given, mediation declined and nothing else) it stays between the
# family and the provider, and answers 404 to them as if it did not exist. The conditions are on
# the case's own columns (status, kind: the ``(local_authority, status)`` and ``status`` indexes)
# or correlated ``EXISTS`` on a child table's ``case`` index, never joins, so a scoped queryset
# needs no DISTINCT and counts and pages as cheaply as before.

# The mediation route from the family's request on: the LA must arrange the mediation (reg 37),
# then take part and follow up what was agreed or ordered.
MEDIATION_STAGE = frozenset(
    {
        Status.MEDIATION_REQUESTED,
        Status.LA_INFORMED,
        Status.ARRANGED,
        Status.HELD,
        Status.CONCLUDED,
        Status.NOT_ARRANGED,
        Status.FOLLOW_UP,
        Status.AFTER_TRIBUNAL,
    }
)
MEDIATION_KINDS = frozenset({CaseKind.MEDIATION, CaseKind.HEALTH_ONLY_MEDIATION})
# What, once it happened, keeps a case visible after it moved on (declined after asking for
# mediation, certificate issued, withdrawn, closed): the LA was told or had to act.
ENGAGING_EVENTS = frozenset(
    {
        EventType.MEDIATION_REQUESTED,
        EventType.LA_INFORMED,
        EventType.LA_CANNOT_ARRANGE,
        EventType.TRIBUNAL_DECISION,
        EventType.UNOPPOSED_APPEAL,
        EventType.RECOMMENDATION_MADE,
    }
)
# Disagreement resolution is with the LA when an issue is with the LA or social care, an LA or
# social care party is asked to take part, or it is between the LA and a health body.
LA_SIDE_BODIES = frozenset({Body.LOCAL_AUTHORITY, Body.SOCIAL_CARE})
LA_SIDE_ROLES = frozenset({PartyRole.LA_OFFICER, PartyRole.SOCIAL_CARE})


def _mediation_reached() -> Q:
    """The family asked for mediation (or a tribunal step happened): now or in the past."""
    return Q(kind__in=sorted(MEDIATION_KINDS), status__in=sorted(MEDIATION_STAGE)) | Q(
        Exists(CaseEvent.objects.filter(case=OuterRef("pk"), type__in=sorted(ENGAGING_EVENTS)))
    )


def la_visible(local_authority_id: int) -> Q:
    """The cases of an LA its officers see: mediation requested (or later on that route), a
    disagreement resolution with the LA as the other side, a tribunal appeal or step, or an
    agreed action the LA owns."""
    case = OuterRef("pk")
    with_la = (
        Q(dr_type=DrType.LA_HEALTH)
        | Q(Exists(Issue.objects.filter(case=case, with_body__in=sorted(LA_SIDE_BODIES))))
        | Q(Exists(Party.objects.filter(case=case, role__in=sorted(LA_SIDE_ROLES))))
    )
    return Q(local_authority_id=local_authority_id) & (
        _mediation_reached()
        | (Q(kind=CaseKind.DISAGREEMENT_RESOLUTION) & with_la)
        | Q(
            Exists(RelatedProceeding.objects.filter(case=case, kind=ProceedingKind.TRIBUNAL_APPEAL))
        )
        | Q(Exists(AgreedAction.objects.filter(case=case, owner=LA_OWNER)))
    )


def health_area(commissioning_body_id: int) -> Q:
    """Every case a health body's area covers (its own, linked, or health care in issue in an
    LA it covers), visible or not: only anonymous report figures count by it."""
    covered = _covered_las(commissioning_body_id)
    return (
        Q(commissioning_body_id=commissioning_body_id)
        | Q(pk__in=_links(commissioning_body_id))
        | Q(pk__in=_recommended(commissioning_body_id))
        | Q(health_care_in_issue=True, local_authority_id__in=covered)
    )


def health_visible(commissioning_body_id: int) -> Q:
    """The cases a health body's commissioners see: a tribunal recommendation to the body, the
    body notified of the mediation, or the body on the case (lead, added, or a party) once it
    has something to do: disagreement resolution with it, mediation requested, an agreed action
    for health; and mediation asked for with health care in issue in an LA the body covers (the
    adviser must tell the body, reg 33)."""
    body = commissioning_body_id
    on_case = (
        Q(commissioning_body_id=body)
        | Q(pk__in=_links(body))
        | Q(
            pk__in=Party.objects.filter(role=PartyRole.HEALTH, commissioning_body_id=body).values(
                "case_id"
            )
        )
    )
    has_to_act = (
        Q(kind=CaseKind.DISAGREEMENT_RESOLUTION)
        | _mediation_reached()
        | Q(Exists(AgreedAction.objects.filter(case=OuterRef("pk"), owner=HEALTH_OWNER)))
    )
    in_area = Q(health_care_in_issue=True, local_authority_id__in=_covered_las(body))
    return (
        Q(pk__in=_recommended(body))
        | Q(pk__in=_links(body, notified=True))
        | ((on_case | in_area) & has_to_act)
    )


def _links(commissioning_body_id: int, *, notified: bool = False) -> Any:
    links = CaseHealthBody.objects.filter(commissioning_body_id=commissioning_body_id)
    if notified:
        links = links.filter(notified_on__isnull=False)
    return links.values("case_id")


def _recommended(commissioning_body_id: int) -> Any:
    # Recommendations belong to the tribunal app, which builds on this one: reach them through
    # the reverse relation rather than importing it.
    return Case.objects.filter(recommendations__commissioning_body_id=commissioning_body_id).values(
        "pk"
    )


def _covered_las(commissioning_body_id: int) -> Any:
    from sendresolve.tenancy.models import CommissioningBody

    return CommissioningBody.local_authorities.through.objects.filter(
        commissioningbody_id=commissioning_body_id
    ).values("localauthority_id")


# What LA and health officers do not see of a case they see. They need the family's and the
# child's names and the child's date of birth to find their own record, and the issues, dates and
# steps to do their part; not how to reach the family (the provider is the go-between, and
# passes on what a party needs with the family's consent), nor the family's own words (the
# "more about it" of the online request, the issues' descriptions, free-text reasons).
FAMILY_CONTACT_FIELDS = ("email", "phone", "address", "preferred_channel")
FAMILY_WORDS_FIELDS = ("decision_description",)
# Event details LA and health officers see: ids, kinds and counts, never free text (a reason, a
# before-and-after of a corrected contact detail). Anything not named here is left out.
SHARED_EVENT_DETAIL = frozenset(
    {
        "via",
        "request",
        "commissioning_body_id",
        "session_id",
        "outcomes",
        "issues",
        "actions",
        "action_id",
        "assignee_id",
        "party_id",
        "role",
        "agrees",
        "proceeding_id",
        "kind",
        "decision_id",
        "duty_id",
        "step",
        "count",
        "recommendation_id",
        "response",
    }
)


def sees_family_details(who: Who, case: Case) -> bool:
    """The family's contact details and own words: the provider's own staff and administrators
    only; the LA's and the health body's officers see what they need (``family_fields_hidden``)."""
    actor = as_actor(who)
    return actor.is_global or actor.works_for(case.provider_id)


def family_fields_hidden(who: Who, case: Case) -> tuple[str, ...]:
    """The case's fields the actor does not see (none for the provider's staff)."""
    if sees_family_details(who, case):
        return ()
    return FAMILY_CONTACT_FIELDS + FAMILY_WORDS_FIELDS


def party_contact_visible(who: Who, case: Case, party: Party) -> bool:
    """A party's email and phone: the other side's are visible to everyone on the case (they
    work together), the family side's only to the provider's staff."""
    return party.role not in FAMILY_SIDE | {PartyRole.CHILD, PartyRole.SUPPORTER} or (
        sees_family_details(who, case)
    )


def event_detail_for(who: Who, case: Case, detail: dict[str, Any]) -> dict[str, Any]:
    """A timeline event's detail as the actor may read it."""
    if sees_family_details(who, case):
        return detail
    return {key: value for key, value in detail.items() if key in SHARED_EVENT_DETAIL}


def sees_case(who: Who, case: Case) -> bool:
    """Whether the actor may see ``case`` at all: the same rule the reads are filtered by
    (``cases.selectors.case_scope``), for one case already in hand. Free for the provider's
    staff and administrators; one query for LA and health officers."""
    actor = as_actor(who)
    if isinstance(actor, FamilyActor):
        return actor.case_id == case.pk
    if actor.is_global or actor.works_for(case.provider_id):
        return True
    condition = Q(pk__in=[])
    for local_authority_id in actor.local_authority_ids:
        condition |= la_visible(local_authority_id)
    for body_id in actor.commissioning_body_ids:
        condition |= health_visible(body_id)
    return Case.objects.filter(condition, pk=case.pk).exists()
