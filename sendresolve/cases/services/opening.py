"""Opening a case: by staff, or by a family online; checks the kind of case and links the
health bodies it involves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models, transaction

from sendresolve.cases import messages
from sendresolve.cases.deadlines import deadlines_recompute
from sendresolve.cases.models import (
    Case,
    CaseHealthBody,
    Issue,
    Party,
)
from sendresolve.cases.recorder import date_check, event_record
from sendresolve.cases.services.casework import IssueInput
from sendresolve.cases.services.referrals import Referral, referral_check, referral_fields
from sendresolve.cases.vocabulary import (
    DR_TYPE_BODIES,
    Body,
    CaseKind,
    Channel,
    DrType,
    EventType,
    IssueSubject,
    Participation,
    PartyRole,
    Requester,
)
from sendresolve.core import clock
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.core.text import text_clean
from sendresolve.core.validators import EMAIL_INVALID, email_is_plain
from sendresolve.law.ages import SEND_AGES
from sendresolve.law.dates import long_date
from sendresolve.tenancy.actors import Who
from sendresolve.tenancy.models import CommissioningBody, LocalAuthority, Provider
from sendresolve.tenancy.selectors import commissions_for_local_authority, providers_for

if TYPE_CHECKING:
    from django.contrib.auth.models import User  # the user model (AUTH_USER_MODEL)

# -- opening -----------------------------------------------------------------------------------


@transaction.atomic
def case_open(
    *,
    actor: Who,
    provider: Provider,
    local_authority: LocalAuthority,
    child_name: str,
    requester: str,
    requester_name: str,
    issues: Iterable[IssueInput],
    opened_on: dt.date | None = None,
    kind: str = CaseKind.MEDIATION,
    child_date_of_birth: dt.date | None = None,
    email: str = "",
    phone: str = "",
    address: str = "",
    preferred_channel: str = Channel.EMAIL,
    decision_description: str = "",
    decision_letter_date: dt.date | None = None,
    health_care_in_issue: bool = False,
    commissioning_body: CommissioningBody | None = None,
    assigned_to: User | None = None,
    dr_type: str = "",
    has_ehc_plan: bool | None = None,
    referral: Referral | None = None,
    requested: str = "",
) -> Case:
    """Open a case for a family (or, for LA-and-health disagreement resolution, an LA) that
    has contacted the provider, or that someone referred with the family's consent
    (``referral``). ``requested`` is what the family asked for (``OnlineRequest``) where
    staff know it; otherwise it follows the kind of case."""
    opened_on = opened_on or clock.today()
    if not providers_for(actor).filter(pk=provider.pk).exists():
        raise NotFound("No such provider.")
    referral_check(referral, opened_on=opened_on)
    return _case_create(
        actor=actor,
        provider=provider,
        local_authority=local_authority,
        child_name=child_name,
        requester=requester,
        requester_name=requester_name,
        issues=issues,
        opened_on=opened_on,
        kind=kind,
        child_date_of_birth=child_date_of_birth,
        email=email,
        phone=phone,
        address=address,
        preferred_channel=preferred_channel,
        decision_description=decision_description,
        decision_letter_date=decision_letter_date,
        health_care_in_issue=health_care_in_issue,
        commissioning_body=commissioning_body,
        assigned_to=assigned_to,
        dr_type=dr_type,
        has_ehc_plan=has_ehc_plan,
        detail={"via": "staff", **({"referred_by": referral.kind} if referral else {})},
        referral=referral,
        requested=requested,
    )


class OnlineRequest(models.TextChoices):
    """What a family can ask for online."""

    MEDIATION_ADVICE = "mediation_advice", "Mediation advice (before an appeal)"
    MEDIATION = "mediation", "Mediation"
    DISAGREEMENT_RESOLUTION = "disagreement_resolution", "Disagreement resolution"


def provider_for_request(
    local_authority: LocalAuthority, request: str, *, on: dt.date
) -> Provider | None:
    """The provider commissioned by the LA for this kind of request on ``on``, or None."""
    commissions = commissions_for_local_authority(local_authority, on=on)
    if request == OnlineRequest.DISAGREEMENT_RESOLUTION:
        commissions = commissions.filter(covers_disagreement_resolution=True)
    else:
        commissions = commissions.filter(covers_mediation=True)
    commission = commissions.first()
    return commission.provider if commission else None


@transaction.atomic
def case_request_online(
    *,
    local_authority: LocalAuthority,
    request: str,
    child_name: str,
    requester: str,
    requester_name: str,
    issues: Iterable[IssueInput],
    child_date_of_birth: dt.date | None = None,
    email: str = "",
    phone: str = "",
    preferred_channel: str = Channel.EMAIL,
    decision_description: str = "",
    decision_letter_date: dt.date | None = None,
    health_care_in_issue: bool = False,
) -> Case:
    """A family asks online for mediation advice, mediation or disagreement resolution.

    The case goes to the provider the family's LA commissions for that service, exactly as if
    staff had opened it; the request is recorded on the opening event.
    """
    if request not in OnlineRequest.values:
        raise ValidationError("Choose what you are asking for.", field="request")
    issues = list(issues)
    today = clock.today()
    provider = provider_for_request(local_authority, request, on=today)
    if provider is None:
        raise ValidationError(
            f"We cannot take requests for {local_authority.name} online yet. Contact the "
            "council's SEND team: its decision letter names the mediation adviser.",
            field="local_authority",
        )
    kind = (
        CaseKind.DISAGREEMENT_RESOLUTION
        if request == OnlineRequest.DISAGREEMENT_RESOLUTION
        else CaseKind.MEDIATION
    )
    return _case_create(
        actor=None,
        provider=provider,
        local_authority=local_authority,
        child_name=child_name,
        requester=requester,
        requester_name=requester_name,
        issues=issues,
        opened_on=today,
        kind=kind,
        child_date_of_birth=child_date_of_birth,
        email=email,
        phone=phone,
        address="",
        preferred_channel=preferred_channel,
        decision_description=decision_description,
        decision_letter_date=decision_letter_date,
        health_care_in_issue=health_care_in_issue,
        commissioning_body=None,
        assigned_to=None,
        dr_type=online_dr_type(issues) if kind == CaseKind.DISAGREEMENT_RESOLUTION else "",
        has_ehc_plan=None,
        detail={"via": "online", "request": request},
        requested=request,
    )


def requested_for_kind(kind: str) -> str:
    """What a family asked for when nobody recorded it: what the case is."""
    if kind == CaseKind.DISAGREEMENT_RESOLUTION:
        return OnlineRequest.DISAGREEMENT_RESOLUTION
    return OnlineRequest.MEDIATION


HEALTH_OR_CARE_SUBJECTS = frozenset(
    {
        IssueSubject.HEALTH_SERVICES,
        IssueSubject.SOCIAL_CARE_SERVICES,
        IssueSubject.PLAN_HEALTH_OR_SOCIAL_CARE,
    }
)


def online_dr_type(issues: Iterable[IssueInput]) -> str:
    """The kind of disagreement resolution a family's online request is, from its issues:
    about health or social care (type 3), otherwise about how duties are carried out (type 1,
    the widest, covering the LA, schools, early years and post-16 bodies)."""
    if any(issue.subject in HEALTH_OR_CARE_SUBJECTS for issue in issues):
        return DrType.FAMILY_HEALTH_SOCIAL_CARE
    return DrType.FAMILY_BODY_DUTIES


def _case_create(
    *,
    actor: Who,
    provider: Provider,
    local_authority: LocalAuthority,
    child_name: str,
    requester: str,
    requester_name: str,
    issues: Iterable[IssueInput],
    opened_on: dt.date,
    kind: str,
    child_date_of_birth: dt.date | None,
    email: str,
    phone: str,
    address: str,
    preferred_channel: str,
    decision_description: str,
    decision_letter_date: dt.date | None,
    health_care_in_issue: bool,
    commissioning_body: CommissioningBody | None,
    assigned_to: User | None,
    detail: dict[str, Any],
    dr_type: str = "",
    has_ehc_plan: bool | None = None,
    referral: Referral | None = None,
    requested: str = "",
) -> Case:
    if (
        not commissions_for_local_authority(local_authority, on=opened_on)
        .filter(provider=provider)
        .exists()
    ):
        raise ValidationError(
            f"{provider.name} is not commissioned by {local_authority.name} on "
            f"{long_date(opened_on, weekday=False)}.",
            field="local_authority",
        )
    if kind not in CaseKind.values:
        raise ValidationError("Choose what kind of case this is.", field="kind")
    requested = requested or requested_for_kind(kind)
    if requested not in OnlineRequest.values:
        raise ValidationError("Choose what the family asked for.", field="requested")
    if requester not in Requester.values:
        raise ValidationError("Choose who is asking.", field="requester")
    if preferred_channel not in Channel.values:
        raise ValidationError("Choose how to contact the family.", field="preferred_channel")
    # Forms and serializers clean typed text already; this is the last line of defence for
    # every other caller (commands, imports): no control or bidi characters in what is stored.
    child_name, requester_name, phone = (text_clean(v) for v in (child_name, requester_name, phone))
    address = text_clean(address, multiline=True)
    decision_description = text_clean(decision_description, multiline=True)
    if not child_name.strip():
        raise ValidationError("Enter the child or young person's name.", field="child_name")
    if not requester_name.strip():
        raise ValidationError("Enter the name of the person asking.", field="requester_name")
    if email and not email_is_plain(email):
        raise ValidationError(EMAIL_INVALID, field="email")
    if preferred_channel == Channel.EMAIL and not email:
        raise ValidationError(
            "Enter an email address, or choose another way to contact them.", field="email"
        )
    if preferred_channel in (Channel.PHONE, Channel.SMS) and not phone:
        raise ValidationError(
            "Enter a phone number, or choose another way to contact them.", field="phone"
        )
    issues = list(issues)
    if not issues:
        raise ValidationError("Add at least one issue in dispute.", field="issues")
    for issue in issues:
        if issue.subject not in IssueSubject.values:
            raise ValidationError("An issue has an unknown subject.", field="issues")
        if issue.with_body and issue.with_body not in Body.values:
            raise ValidationError("An issue is with an unknown service.", field="issues")
    commissioning_body = _check_kind(
        kind=kind,
        dr_type=dr_type,
        requester=requester,
        issues=issues,
        local_authority=local_authority,
        commissioning_body=commissioning_body,
        health_care_in_issue=health_care_in_issue,
    )
    health_bodies = _relevant_health_bodies(
        kind=kind,
        dr_type=dr_type,
        local_authority=local_authority,
        commissioning_body=commissioning_body,
        health_care_in_issue=health_care_in_issue,
    )
    if commissioning_body is None and len(health_bodies) == 1:
        commissioning_body = health_bodies[0]
    date_check(opened_on, "opened_on")
    if decision_letter_date is not None:
        date_check(decision_letter_date, "decision_letter_date")
        if decision_letter_date > opened_on:
            raise ValidationError(
                "The decision letter date must be on or before the first contact.",
                field="decision_letter_date",
            )
    if child_date_of_birth is not None:
        date_check(child_date_of_birth, "child_date_of_birth")
        # The law core's 0–25 range, in whole years on the day of first contact.
        if child_date_of_birth <= opened_on and not SEND_AGES.covers(
            child_date_of_birth, opened_on
        ):
            raise ValidationError(
                "SEND mediation is for children and young people up to 25.",
                field="child_date_of_birth",
            )

    case = Case.objects.create(
        provider=provider,
        local_authority=local_authority,
        commissioning_body=commissioning_body,
        kind=kind,
        opened_on=opened_on,
        child_name=child_name.strip(),
        child_date_of_birth=child_date_of_birth,
        requester=requester,
        requester_name=requester_name.strip(),
        email=email,
        phone=phone,
        address=address,
        preferred_channel=preferred_channel,
        decision_description=decision_description,
        decision_letter_date=decision_letter_date,
        health_care_in_issue=health_care_in_issue,
        assigned_to=assigned_to,
        dr_type=dr_type,
        has_ehc_plan=has_ehc_plan,
        requested=requested,
        **referral_fields(referral),
    )
    Issue.objects.bulk_create(
        [
            Issue(case=case, subject=i.subject, description=i.description, with_body=i.with_body)
            for i in issues
        ]
    )
    CaseHealthBody.objects.bulk_create(
        [CaseHealthBody(case=case, commissioning_body=body) for body in health_bodies]
    )
    # The person who asked is the first party; for DR they asked, so they agree to take part.
    participation = Participation.AGREED if dr_type else Participation.PENDING
    if requester == Requester.LOCAL_AUTHORITY:
        role = PartyRole.LA_OFFICER
        organisation = local_authority.name
    else:
        role = PartyRole.YOUNG_PERSON if requester == Requester.YOUNG_PERSON else PartyRole.PARENT
        organisation = ""
    Party.objects.create(
        case=case,
        role=role,
        name=requester_name.strip(),
        organisation=organisation,
        email=email,
        phone=phone,
        participation=participation,
        participation_on=opened_on if dr_type else None,
    )
    event_record(
        case,
        actor=actor,
        event_type=EventType.CASE_OPENED,
        on=opened_on,
        action="case_open",
        detail=detail,
    )
    deadlines_recompute(case)
    if case.has_family_party:
        messages.family_message(case, "case_opened")
    return case


def _check_kind(
    *,
    kind: str,
    dr_type: str,
    requester: str,
    issues: list[IssueInput],
    local_authority: LocalAuthority,
    commissioning_body: CommissioningBody | None,
    health_care_in_issue: bool,
) -> CommissioningBody | None:
    """Check the facts that decide who arranges what; return the (checked) health body."""
    if (
        commissioning_body is not None
        and not local_authority.commissioning_bodies.filter(pk=commissioning_body.pk).exists()
    ):
        raise ValidationError(
            f"{commissioning_body.name} does not cover {local_authority.name}.",
            field="commissioning_body",
        )
    if kind != CaseKind.DISAGREEMENT_RESOLUTION:
        if dr_type:
            raise ValidationError(
                "Only disagreement resolution has a kind of disagreement.", field="dr_type"
            )
        if requester == Requester.LOCAL_AUTHORITY:
            raise ValidationError(
                "Mediation is asked for by the parent or young person.", field="requester"
            )
        if kind == CaseKind.HEALTH_ONLY_MEDIATION:
            others = [i.subject for i in issues if i.subject in NOT_HEALTH_ONLY_SUBJECTS]
            if others:
                raise ValidationError(
                    "Health-only mediation is only about health care. Open a mediation case "
                    "(with health care in issue) when education or social care is in dispute too.",
                    field="kind",
                )
        return commissioning_body
    if dr_type not in DrType.values:
        raise ValidationError("Choose the kind of disagreement resolution.", field="dr_type")
    family = dr_type != DrType.LA_HEALTH
    if family and requester == Requester.LOCAL_AUTHORITY:
        raise ValidationError(
            "Choose disagreement between the local authority and health when there is no "
            "family party.",
            field="requester",
        )
    if not family and requester != Requester.LOCAL_AUTHORITY:
        raise ValidationError(
            "Disagreement resolution between the local authority and health has no family "
            "party: the local authority asks for it.",
            field="requester",
        )
    allowed = DR_TYPE_BODIES[dr_type]
    wrong = [i for i in issues if i.with_body and i.with_body not in allowed]
    if wrong:
        labels = ", ".join(sorted(Body(b).label.lower() for b in allowed))
        raise ValidationError(
            f"This kind of disagreement resolution is with: {labels}.", field="issues"
        )
    return commissioning_body


# Subjects that make a mediation more than health-only (education or social care in dispute).
NOT_HEALTH_ONLY_SUBJECTS = frozenset(
    set(IssueSubject.values)
    - {IssueSubject.PLAN_HEALTH_OR_SOCIAL_CARE, IssueSubject.HEALTH_SERVICES}
)


def _relevant_health_bodies(
    *,
    kind: str,
    dr_type: str,
    local_authority: LocalAuthority,
    commissioning_body: CommissioningBody | None,
    health_care_in_issue: bool,
) -> list[CommissioningBody]:
    """The health bodies the case involves: the one named, or else those covering the LA."""
    health = (
        health_care_in_issue
        or kind == CaseKind.HEALTH_ONLY_MEDIATION
        or dr_type in (DrType.FAMILY_HEALTH_SOCIAL_CARE, DrType.LA_HEALTH)
    )
    if commissioning_body is not None:
        return [commissioning_body]
    if not health:
        return []
    bodies = list(local_authority.commissioning_bodies.order_by("name"))
    if kind == CaseKind.HEALTH_ONLY_MEDIATION and len(bodies) != 1:
        raise ValidationError(
            "Choose the health commissioning body that arranges the mediation.",
            field="commissioning_body",
        )
    if dr_type == DrType.LA_HEALTH and len(bodies) != 1:
        raise ValidationError(
            "Choose the health commissioning body in the disagreement.",
            field="commissioning_body",
        )
    return bodies
