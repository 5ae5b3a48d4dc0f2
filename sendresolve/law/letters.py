"""What a local authority's decision letter must say about mediation (SEND Regulations reg 32).

When a local authority tells a parent or young person about a decision they can appeal (or sends
a final or amended EHC plan), the notice must state (reg 32; CFA 2014 s.52):

(a) the right to ask for mediation (CFA 2014 ss.53–54);
(b) that a mediation certificate is needed before appealing (s.55(3)–(5)), except for an appeal
    only about the school or college named in section I, or that none is named;
(c) the mediation adviser's contact details;
(d) the timescales for asking for mediation;
(e) that the parent or young person must tell the local authority if they want mediation, what
    the mediation issues are, and, if health care provision is said to be missing from the plan,
    what health care provision they want;
(f) the contact details of the person acting for the local authority on mediation.

:data:`REG_32_CONTENTS` lists these as data with their citations. :func:`decision_letter_dates`
works out the time limits (d) for the date of the letter: the dates that run from the letter
itself, and the periods that run from later events, whose dates are not yet known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .clocks import appeal_deadline
from .rules import Deadline, deadline_for, time_limit
from .working_days import ENG_WD, HESC_WD, calendar_with_extra_holidays

__all__ = [
    "REG_32_CONTENTS",
    "DecisionLetterDates",
    "LetterPeriod",
    "NoticeContent",
    "decision_letter_dates",
]


@dataclass(frozen=True)
class NoticeContent:
    """One thing reg 32 says the local authority's notice must state."""

    key: str
    what: str
    legal_basis: tuple[str, ...]


REG_32_CONTENTS: tuple[NoticeContent, ...] = (
    NoticeContent(
        "a",
        "The right to ask for mediation about education, health and social care",
        (
            "SEND Regulations 2014 reg 32(a)",
            "Children and Families Act 2014 ss.52–54",
        ),
    ),
    NoticeContent(
        "b",
        "That a mediation certificate is needed before appealing, except for an appeal only "
        "about the school or college named in section I (or that none is named)",
        (
            "SEND Regulations 2014 reg 32(b)",
            "Children and Families Act 2014 s.55(3)–(5)",
            "Children and Families Act 2014 s.51(2)(c)(iii)–(iv)",
        ),
    ),
    NoticeContent(
        "c",
        "The mediation adviser's contact details",
        ("SEND Regulations 2014 reg 32(c)", "Children and Families Act 2014 s.56(2)"),
    ),
    NoticeContent(
        "d",
        "The time limits for asking for mediation and for appealing",
        (
            "SEND Regulations 2014 reg 32(d)",
            "SEND Regulations 2014 reg 33",
            "HESC Rules 2008 r.20(1)(c) and r.12",
        ),
    ),
    NoticeContent(
        "e",
        "That the parent or young person must tell the local authority if they want mediation, "
        "what the issues are and, if health care provision is missing from the plan, what "
        "health care provision they want",
        ("SEND Regulations 2014 reg 32(e)",),
    ),
    NoticeContent(
        "f",
        "The contact details of the person acting for the local authority on mediation",
        ("SEND Regulations 2014 reg 32(f)",),
    ),
)


@dataclass(frozen=True)
class LetterPeriod:
    """A time limit the letter states as a period, because the event it runs from (the family
    declining mediation, the local authority being told, ...) has not happened yet."""

    rule_id: str
    period: int
    unit: str
    rule: str
    legal_basis: tuple[str, ...]
    verification: str

    @property
    def text(self) -> str:
        """The period in words: "3 working days", "30 days", "1 month"."""
        unit = {"working_days": "working day", "days": "day", "calendar_months": "month"}[self.unit]
        return f"{self.period} {unit}{'' if self.period == 1 else 's'}"


def _period(rule_id: str, *, period: int | None = None) -> LetterPeriod:
    limit = time_limit(rule_id)
    return LetterPeriod(
        rule_id=limit.id,
        period=period if period is not None else limit.period or 0,
        unit=limit.unit,
        rule=limit.rule,
        legal_basis=limit.citations,
        verification=limit.verification,
    )


@dataclass(frozen=True)
class DecisionLetterDates:
    """The time limits a decision letter dated ``letter_date`` must state (reg 32(d)).

    * ``contact_adviser`` — MED-01 (reg 33): contact a mediation adviser within 2 months after
      the letter was sent. The law does not move a last day that is not a working day, so the
      deadline's ``practical_date`` is the last working day before it. None when no certificate
      is needed (reg 33 then does not apply).
    * ``appeal`` — APP-01 limb (i): the tribunal must receive the appeal by 5pm on the day
      2 months after the letter, moved by HESC r.12 (next working day; Christmas and August).
    * ``appeal_after_certificate`` — APP-01 limb (ii): or 1 month from the date the certificate
      is issued, if that is later (HESC r.20(1)(c)(ii)). None when no certificate is needed.
    * ``certificate_after_declining`` (MED-02), ``certificate_after_mediation`` (MED-08),
      ``certificate_when_not_arranged`` (MED-07) — 3 working days for the adviser.
    * ``mediation_held`` — MED-05: mediation within 30 days of the local authority being told.
    """

    letter_date: dt.date
    certificate_required: bool
    contact_adviser: Deadline | None
    appeal: Deadline
    appeal_after_certificate: LetterPeriod | None
    certificate_after_declining: LetterPeriod
    certificate_after_mediation: LetterPeriod
    certificate_when_not_arranged: LetterPeriod
    mediation_held: LetterPeriod

    @property
    def legal_basis(self) -> tuple[str, ...]:
        """Every citation behind these time limits, each once, in the order they are stated."""
        seen: dict[str, None] = {}
        parts: list[Deadline | LetterPeriod | None] = [
            self.contact_adviser,
            self.appeal,
            self.certificate_after_declining,
            self.certificate_after_mediation,
            self.certificate_when_not_arranged,
            self.mediation_held,
        ]
        for part in parts:
            if part is not None:
                seen.update(dict.fromkeys(part.legal_basis))
        return tuple(seen)


def decision_letter_dates(
    letter_date: dt.date,
    *,
    certificate_required: bool,
    extra_holidays: Iterable[dt.date] = (),
) -> DecisionLetterDates:
    """Work out the time limits a decision letter dated ``letter_date`` must state.

    ``letter_date`` is the day the notice is sent (law.md §3.1: advice sources take the date on
    the letter). ``certificate_required`` is False for a decision the family can appeal only
    about the school or college in section I (or that none is named): no certificate, so no
    reg 33 deadline and only the 2-month appeal limb. ``extra_holidays`` are bank holidays not
    yet known to the ``holidays`` package.

    Letter dated Wednesday 31 January 2024: contact the adviser by Sunday 31 March 2024 (Easter
    Sunday; aim for Thursday 28 March 2024, before Good Friday), appeal by 5pm on Tuesday
    2 April 2024 (after Easter Monday) — law.md §10.2.
    """
    extra = frozenset(extra_holidays)
    working_days = calendar_with_extra_holidays(ENG_WD.name, extra)
    tribunal_days = calendar_with_extra_holidays(HESC_WD.name, extra)
    contact = None
    if certificate_required:
        contact = deadline_for(
            "MED-01",
            letter_date,
            deadline_id="contact_mediation_adviser",
            trigger_label="Decision letter sent",
            calendar=working_days,
        )
    appeal = appeal_deadline(
        letter_date, certificate_required=certificate_required, calendar=tribunal_days
    )
    after_certificate = None
    if certificate_required:
        after_certificate = _period(
            "APP-01", period=time_limit("APP-01").step("certificate_limb").period
        )
    return DecisionLetterDates(
        letter_date=letter_date,
        certificate_required=certificate_required,
        contact_adviser=contact,
        appeal=appeal,
        appeal_after_certificate=after_certificate,
        certificate_after_declining=_period("MED-02"),
        certificate_after_mediation=_period("MED-08"),
        certificate_when_not_arranged=_period("MED-07"),
        mediation_held=_period("MED-05"),
    )
