"""The satisfaction survey after mediation concludes.

When a case's mediation concludes (its ``mediation_concluded`` event, ``quality.signals``),
once the step commits, the family (by text message if they prefer it, else email) and each LA
officer on the case with an email (else the LA's SEND team inbox) are sent their own link to a
short survey. Each link is single-use: only the SHA-256 digest of its random token is stored,
it expires after ``LINK_DAYS`` days, and ``SurveyResponse.invitation`` is unique, so one answer
per recipient even when the form is sent twice at once. A case is invited once: concluding it
again after an undo sends nothing more.

Anonymous by default: no answer holds a name, address or case reference; the answer reaches
its case only through its invitation, for the provider's own figures, and pages show answers
only as counts by LA (and comments with no case).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse

from sendresolve.audit.services import audit_record
from sendresolve.cases.council_inbox import la_recipients
from sendresolve.cases.models import Case
from sendresolve.cases.vocabulary import Channel as CaseChannel
from sendresolve.core import clock
from sendresolve.core.errors import ValidationError
from sendresolve.notifications.models import Channel
from sendresolve.notifications.services import message_send
from sendresolve.quality.models import Respondent, SurveyInvitation, SurveyResponse
from sendresolve.reports.tables import percent

LINK_DAYS = 60
COMMENTS_MAX = 1200


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _link(token: str) -> str:
    return (
        f"{getattr(settings, 'SENDRESOLVE_BASE_URL', '')}{reverse('quality:survey', args=[token])}"
    )


def _family_route(case: Case) -> tuple[Channel, str] | None:
    if case.preferred_channel == CaseChannel.SMS and case.phone:
        return Channel.SMS, case.phone
    if case.email:
        return Channel.EMAIL, case.email
    return None


def _invite(case: Case, respondent: str) -> str:
    token = secrets.token_urlsafe(32)
    now = clock.now()
    SurveyInvitation.objects.create(
        case=case,
        provider_id=case.provider_id,
        local_authority_id=case.local_authority_id,
        respondent=respondent,
        token_digest=token_digest(token),
        sent_at=now,
        expires_at=now + dt.timedelta(days=LINK_DAYS),
    )
    return _link(token)


def survey_invitations_send(case_id: int) -> int:
    """Send the survey links for a concluded mediation; return how many were sent (0 if the
    case was invited before)."""
    with transaction.atomic():
        case = (
            Case.objects.select_for_update()
            .select_related("provider", "local_authority")
            .filter(pk=case_id)
            .first()
        )
        if case is None or SurveyInvitation.objects.filter(case=case).exists():
            return 0
        common = {
            "provider_name": case.provider.name,
            "link_days": str(LINK_DAYS),
        }
        sent = 0
        route = _family_route(case)
        if route is not None:
            channel, to = route
            message_send(
                template="survey_family",
                to=to,
                channel=channel,
                personalisation={
                    **common,
                    "name": case.requester_name,
                    "survey_link": _invite(case, Respondent.FAMILY),
                },
                reference=case.reference,
                local_authority=case.local_authority,
                provider=case.provider,
            )
            sent += 1
        recipients = la_recipients(case)
        officers = [r for r in recipients if not r.is_inbox] or recipients[:1]
        for recipient in officers:
            message_send(
                template="survey_local_authority",
                to=recipient.email,
                channel=Channel.EMAIL,
                personalisation={
                    **common,
                    "officer_name": recipient.name,
                    "case_reference": case.reference,
                    "survey_link": _invite(case, Respondent.LOCAL_AUTHORITY),
                },
                reference=case.reference,
                local_authority=case.local_authority,
                provider=case.provider,
            )
            sent += 1
        audit_record(
            actor=None,
            action="quality.survey.send",
            target=case,
            local_authority=case.local_authority,
            provider=case.provider,
            detail={"links": sent},
        )
        return sent


class Unavailable(Exception):
    """A survey link that cannot be answered: ``reason`` is "unknown", "expired" or "used"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def invitation_open(token: str) -> SurveyInvitation:
    """The invitation a link opens, or ``Unavailable`` saying why not."""
    invitation = (
        SurveyInvitation.objects.select_related("provider")
        .filter(token_digest=token_digest(token))
        .first()
        if 20 <= len(token) <= 100
        else None
    )
    if invitation is None:
        raise Unavailable("unknown")
    if invitation.answered_at is not None:
        raise Unavailable("used")
    if invitation.expires_at <= clock.now():
        raise Unavailable("expired")
    return invitation


def survey_answer(
    *,
    token: str,
    satisfaction: int,
    listened_to: str,
    would_recommend: str,
    comments: str = "",
) -> SurveyResponse:
    """Record the one answer a link allows; a second (a double submission) is ``Unavailable``
    ("used") and records nothing."""
    if satisfaction not in SurveyResponse.Satisfaction.values:
        raise ValidationError("Select how satisfied you are.", field="satisfaction")
    if listened_to not in SurveyResponse.Answer.values:
        raise ValidationError("Select whether you felt listened to.", field="listened_to")
    if would_recommend not in SurveyResponse.Recommend.values:
        raise ValidationError("Select whether you would recommend it.", field="would_recommend")
    try:
        with transaction.atomic():
            invitation = invitation_open(token)
            locked = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
            if locked.answered_at is not None:
                raise Unavailable("used")
            response = SurveyResponse.objects.create(
                invitation=locked,
                provider_id=locked.provider_id,
                local_authority_id=locked.local_authority_id,
                respondent=locked.respondent,
                answered_on=clock.today(),
                satisfaction=satisfaction,
                listened_to=listened_to,
                would_recommend=would_recommend,
                comments=" ".join(comments.split())[:COMMENTS_MAX],
            )
            locked.answered_at = clock.now()
            locked.save(update_fields=["answered_at"])
    except IntegrityError:
        # Another submission of the same link committed first.
        raise Unavailable("used") from None
    return response


# -- the provider's figures --------------------------------------------------------------------


def survey_summary(
    *, provider_ids, date_from: dt.date, date_to: dt.date, local_authority_ids=None
) -> list[dict]:
    """Answers in the period by LA: sent, answered, satisfied (4 or 5 of 5) and its %, felt
    listened to (yes) and would recommend (yes); the last row is the total ("All")."""
    invitations = SurveyInvitation.objects.filter(
        provider_id__in=sorted(provider_ids), sent_at__date__range=(date_from, date_to)
    )
    answers = SurveyResponse.objects.filter(
        provider_id__in=sorted(provider_ids), answered_on__range=(date_from, date_to)
    )
    if local_authority_ids is not None:
        invitations = invitations.filter(local_authority_id__in=sorted(local_authority_ids))
        answers = answers.filter(local_authority_id__in=sorted(local_authority_ids))
    sent = dict(
        invitations.values("local_authority__name")
        .annotate(n=Count("id"))
        .values_list("local_authority__name", "n")
        .order_by()
    )
    counts: dict[str, dict[str, int]] = {}
    grouped = (
        answers.values("local_authority__name")
        .annotate(
            n_answered=Count("id"),
            n_satisfied=Count("id", filter=Q(satisfaction__gte=4)),
            n_listened=Count("id", filter=Q(listened_to="yes")),
            n_recommend=Count("id", filter=Q(would_recommend="yes")),
        )
        .values_list(
            "local_authority__name", "n_answered", "n_satisfied", "n_listened", "n_recommend"
        )
        .order_by()
    )
    keys = ("answered", "satisfied", "listened", "recommend")
    for name, *numbers in grouped:
        counts[name] = dict(zip(keys, numbers, strict=True))
    out: list[dict[str, Any]] = []
    for name in sorted(set(sent) | set(counts)):
        row: dict[str, Any] = {"local_authority": name, "sent": sent.get(name, 0)}
        row.update({k: counts.get(name, {}).get(k, 0) for k in keys})
        out.append(row)
    total: dict[str, Any] = {"local_authority": "All", "sent": sum(r["sent"] for r in out)}
    total.update({k: sum(r[k] for r in out) for k in keys})
    if out:
        out.append(total)
    for row in out:
        row["satisfied_pct"] = percent(row["satisfied"], row["answered"])
    return out
