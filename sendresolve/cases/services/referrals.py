"""Referrals made on a family's behalf (SENDIASS, the LA, a school, a charity, someone else),
which a family must consent to. Recorded on the case when it is opened (``opening.case_open``);
a referred family has not talked to the provider yet, so the provider's first-contact standard
applies (``cases.standards``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sendresolve.cases.recorder import date_check
from sendresolve.cases.vocabulary import ReferrerKind
from sendresolve.core.errors import ValidationError


@dataclass(frozen=True)
class Referral:
    """Who referred the family (``ReferrerKind``), and the family's consent to it."""

    kind: str
    organisation: str = ""
    name: str = ""
    consent_on: dt.date | None = None
    consent_note: str = ""


def referral_check(referral: Referral | None, *, opened_on: dt.date) -> None:
    """A referral names who made it and carries the day the family consented to it."""
    if referral is None:
        return
    if referral.kind not in ReferrerKind.values:
        raise ValidationError("Choose who referred the family.", field="referred_by")
    if referral.consent_on is None:
        raise ValidationError(
            "Enter the date the family gave consent to the referral. A family can only be "
            "referred with their consent.",
            field="referral_consent_on",
        )
    date_check(referral.consent_on, "referral_consent_on")
    if referral.consent_on > opened_on:
        raise ValidationError(
            "The family's consent must be given on or before the day the referral came in.",
            field="referral_consent_on",
        )


def referral_fields(referral: Referral | None) -> dict[str, Any]:
    """The ``Case`` fields that record ``referral`` (none when the family came themselves)."""
    if referral is None:
        return {}
    return {
        "referred_by": referral.kind,
        "referrer_organisation": referral.organisation.strip()[:150],
        "referrer_name": referral.name.strip()[:150],
        "referral_consent_on": referral.consent_on,
        "referral_consent_note": referral.consent_note.strip()[:300],
    }
