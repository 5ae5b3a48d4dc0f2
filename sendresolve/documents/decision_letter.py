"""The mediation paragraph of a local authority's decision letter (SEND Regulations 2014 reg 32).

When a local authority tells a parent or young person about a decision they can appeal, the
letter must say (reg 32): (a) they can ask for mediation; (b) that a mediation certificate is
needed before appealing, unless the appeal is only about the school or college in section I;
(c) how to contact the mediation adviser; (d) the time limits; (e) that they must tell the local
authority if they want mediation, what the issues are and any health care provision they want;
(f) who to contact at the local authority.

:func:`decision_letter_for` gathers the facts for one local authority and letter date: the
provider commissioned for mediation on that date (tenancy data) and the dates (law core). It
returns a plain :class:`DecisionLetter`; :func:`letter_sections` turns that into the wording,
one :class:`LetterSection` per reg 32 element, and the page, the plain text, the HTML and the
tagged PDF all render those same sections.
"""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from sendresolve import law
from sendresolve.cases.vocabulary import IssueSubject
from sendresolve.core.errors import ValidationError
from sendresolve.core.templating import text_shown
from sendresolve.law import appeals
from sendresolve.law.dates import long_date
from sendresolve.law.letters import LetterPeriod
from sendresolve.tenancy.selectors import commissions_for_local_authority

__all__ = [
    "DECISION_KINDS",
    "AdviserContact",
    "DecisionKind",
    "DecisionLetter",
    "LocalAuthorityContact",
    "NoMediationProvider",
    "decision_letter_for",
    "emphasise_dates",
    "legal_basis",
    "letter_sections",
    "render_decision_letter_html",
    "render_decision_letter_pdf",
    "render_decision_letter_text",
]

TRIBUNAL = (
    "the First-tier Tribunal (Special Educational Needs and Disability), known as the SEND Tribunal"
)


@dataclass(frozen=True)
class DecisionKind:
    """A kind of decision letter: what the family can appeal about, in the vocabulary's terms."""

    key: str
    label: str
    hint: str
    appeal_about: str
    subjects: frozenset[str]

    @property
    def certificate_required(self) -> bool:
        """False only when every appealable matter is exempt (section I only; s.55, law.md §3.4)."""
        return appeals.certificate_required(self.subjects) is True


_KINDS = (
    DecisionKind(
        "refusal_to_assess",
        "Not to carry out an EHC needs assessment",
        "",
        "the decision not to carry out an education, health and care (EHC) needs assessment",
        frozenset({IssueSubject.REFUSAL_TO_ASSESS}),
    ),
    DecisionKind(
        "refusal_to_issue_plan",
        "Not to issue an EHC plan after an assessment",
        "",
        "the decision not to issue an education, health and care (EHC) plan",
        frozenset({IssueSubject.REFUSAL_TO_ISSUE_PLAN}),
    ),
    DecisionKind(
        "plan_contents",
        "A final EHC plan, or an amended plan",
        "The family can appeal about sections B, F and I of the plan.",
        "the special educational needs (section B), the special educational provision "
        "(section F) or the school or college named (section I) in the EHC plan",
        frozenset(
            {IssueSubject.PLAN_NEEDS, IssueSubject.PLAN_PROVISION, IssueSubject.PLAN_PLACEMENT}
        ),
    ),
    DecisionKind(
        "plan_placement",
        "Only the school or college named in the plan (section I)",
        "For example, an amended plan that changes only the school or college named, or names "
        "none. No mediation certificate is needed to appeal.",
        "the school or college, or the type of school or college, named in section I of the "
        "EHC plan, or that none is named",
        frozenset({IssueSubject.PLAN_PLACEMENT}),
    ),
    DecisionKind(
        "refusal_to_reassess",
        "Not to carry out a re-assessment",
        "",
        "the decision not to carry out a re-assessment of the EHC plan",
        frozenset({IssueSubject.REFUSAL_TO_REASSESS}),
    ),
    DecisionKind(
        "refusal_to_amend",
        "Not to amend the plan after a review or re-assessment",
        "",
        "the decision not to amend the EHC plan after a review or re-assessment",
        frozenset({IssueSubject.REFUSAL_TO_AMEND}),
    ),
    DecisionKind(
        "cease_to_maintain",
        "To stop maintaining the EHC plan",
        "",
        "the decision to stop maintaining the EHC plan",
        frozenset({IssueSubject.CEASE_TO_MAINTAIN}),
    ),
)
DECISION_KINDS: dict[str, DecisionKind] = {kind.key: kind for kind in _KINDS}


class NoMediationProvider(ValidationError):
    """No provider is commissioned for mediation by the local authority on the letter's date."""


@dataclass(frozen=True)
class AdviserContact:
    """The mediation adviser service commissioned by the local authority."""

    name: str
    phones: tuple[str, ...]
    email: str = ""
    website: str = ""


@dataclass(frozen=True)
class LocalAuthorityContact:
    """The person acting for the local authority on mediation (reg 32(f))."""

    team: str
    person: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class DecisionLetter:
    """Everything the paragraph states, already decided."""

    local_authority_name: str
    letter_date: dt.date
    decision: DecisionKind
    adviser: AdviserContact
    contact: LocalAuthorityContact
    dates: law.DecisionLetterDates

    @property
    def title(self) -> str:
        return f"Mediation and your right to appeal: {self.local_authority_name}"


@dataclass(frozen=True)
class LetterSection:
    """One reg 32 element of the paragraph: a heading, sentences, then an optional bulleted
    list, contact details (one per line) and closing sentences."""

    key: str
    heading: str
    paragraphs: tuple[str, ...]
    items: tuple[str, ...] = ()
    contact: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


def decision_letter_for(
    *,
    local_authority,
    letter_date: dt.date,
    decision: str,
    contact_person: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    extra_holidays: Iterable[dt.date] = (),
) -> DecisionLetter:
    """Gather the facts for a decision letter from ``local_authority`` dated ``letter_date``.

    The mediation adviser is the provider the local authority commissions for mediation on the
    letter's date (the first by name if there are several, as for online requests). The local
    authority's contact is the SEND team's phone and email unless others are given. Raises
    :class:`NoMediationProvider` when no provider is recorded, and ``ValidationError`` for an
    unknown decision or when there is no way to contact the local authority.
    """
    try:
        kind = DECISION_KINDS[decision]
    except KeyError:
        raise ValidationError("Choose what the decision is about", field="decision") from None
    commission = (
        commissions_for_local_authority(local_authority, on=letter_date)
        .filter(covers_mediation=True)
        .first()
    )
    if commission is None:
        raise NoMediationProvider(
            f"No mediation provider is recorded for {local_authority.name} on "
            f"{long_date(letter_date)}. Record the commission, or check the date.",
            field="letter_date",
        )
    provider = commission.provider
    contact = LocalAuthorityContact(
        team=f"{local_authority.name} SEND team",
        person=contact_person.strip(),
        phone=contact_phone.strip() or local_authority.send_team_phone,
        email=contact_email.strip() or local_authority.send_team_email,
    )
    if not (contact.phone or contact.email):
        raise ValidationError(
            f"Enter a phone number or email address for the local authority's mediation "
            f"contact. None is recorded for the {local_authority.name} SEND team.",
            field="contact_phone",
        )
    return DecisionLetter(
        local_authority_name=local_authority.name,
        letter_date=letter_date,
        decision=kind,
        adviser=AdviserContact(
            name=provider.name,
            phones=tuple(p for p in (provider.phone, provider.phone_alternative) if p),
            email=provider.email,
            website=provider.website,
        ),
        contact=contact,
        dates=law.decision_letter_dates(
            letter_date,
            certificate_required=kind.certificate_required,
            extra_holidays=extra_holidays,
        ),
    )


def _contact_lines(phones: Iterable[str], email: str, website: str = "") -> tuple[str, ...]:
    lines = []
    phones = tuple(phones)
    if phones:
        lines.append(f"Phone: {' or '.join(phones)}")
    if email:
        lines.append(f"Email: {email}")
    if website:
        lines.append(f"Website: {website}")
    return tuple(lines)


def letter_sections(letter: DecisionLetter) -> tuple[LetterSection, ...]:
    """Return the paragraph's wording, one section per reg 32 element, (a) to (f)."""
    d = letter.dates
    certificate = d.certificate_required
    appeal_by = f"by 5pm on {long_date(d.appeal.date)}"

    mediation = LetterSection(
        "a",
        "You can ask for mediation",
        (
            "You can ask for mediation about this decision. Mediation is a free, private "
            "meeting where an independent mediator helps you and the local authority try to "
            "agree. It can be about education, health care and social care.",
            # CFA 2014 s.57; SEND Code of Practice 2015 chapter 11 (law.md §6).
            "You can also ask the local authority for disagreement resolution at any time: an "
            "independent person helps everyone sort out the disagreement. It is free, and it "
            "does not affect your right to mediation or to appeal.",
        ),
    )
    # The tribunal's recommendations power covers appeals under s.51(2)(b)-(f), not a refusal
    # to assess (SI 2017/1306; law.md §4.2).
    recommendations: tuple[str, ...] = ()
    if letter.decision.subjects - {IssueSubject.REFUSAL_TO_ASSESS}:
        recommendations = (
            "If you also disagree with the health or social care parts of the EHC plan "
            "(sections C, D, G and H), you can ask the tribunal, as part of your appeal, to "
            "make recommendations about them. The health body or social care must then reply "
            "to you in writing within 5 weeks.",
        )
    if certificate:
        appeal = LetterSection(
            "b",
            "Appealing to the SEND Tribunal",
            (
                f"You can appeal to {TRIBUNAL}, about {letter.decision.appeal_about}.",
                "Before you can appeal, you need a mediation certificate from the mediation "
                "adviser. The adviser gives you one whether or not you decide to try mediation.",
                "You do not need a certificate if your appeal is only about the school or "
                "college named in section I of an EHC plan, or that none is named.",
                *recommendations,
            ),
        )
    else:
        appeal = LetterSection(
            "b",
            "Appealing to the SEND Tribunal",
            (
                f"You can appeal to {TRIBUNAL}, about {letter.decision.appeal_about}.",
                "You do not need a mediation certificate for this appeal, because it is only "
                "about the school or college named in section I of the plan. You can still ask "
                "for mediation if you want to.",
                *recommendations,
            ),
        )
    adviser = letter.adviser
    adviser_section = LetterSection(
        "c",
        "The mediation adviser",
        (
            f"The mediation adviser for {letter.local_authority_name} is {adviser.name}. "
            "They are independent of the local authority. "
            + (
                "They can explain how mediation works and give you a mediation certificate."
                if certificate
                else "They can explain how mediation works."
            ),
        ),
        contact=_contact_lines(adviser.phones, adviser.email, adviser.website),
    )
    if certificate:
        contact, later = d.contact_adviser, d.appeal_after_certificate
        if contact is None or later is None:  # pragma: no cover - the law core sets both
            raise ValueError("a decision needing a certificate has a reg 33 date")
        first = (
            f"Contact the mediation adviser by {long_date(contact.date)}, which is "
            "2 months after the date of this letter. Tell them you want to appeal and whether "
            "you want mediation."
        )
        if contact.practical_date is not None:
            first += (
                " That day is not a working day, so aim to contact them by "
                f"{long_date(contact.practical_date)}."
            )
        items: tuple[str, ...] = (
            first,
            "If you tell the adviser you do not want mediation, they must give you a "
            f"certificate within {d.certificate_after_declining.text}.",
            f"If you want mediation, it must take place within {d.mediation_held.text} of the "
            "local authority being told. If the local authority cannot arrange it in time, the "
            "adviser must give you a certificate within "
            f"{d.certificate_when_not_arranged.text} of being told.",
            "When the mediation has finished, the adviser must give you a certificate within "
            f"{d.certificate_after_mediation.text}.",
            f"The tribunal must receive your appeal {appeal_by}, or within "
            f"{later.text} of the date your mediation certificate is "
            "issued if that is later.",
        )
    else:
        items = (
            "Ask for mediation as soon as you can, so it can take place before the appeal "
            f"deadline. It must take place within {d.mediation_held.text} of the local "
            "authority being told you want it.",
            f"The tribunal must receive your appeal {appeal_by}. Mediation does not give you "
            "more time to appeal.",
        )
    timescales = LetterSection("d", "Time limits", (), items)
    tell = LetterSection(
        "e",
        "If you want mediation",
        ("If you want mediation, you must tell the local authority:",),
        (
            "that you want mediation",
            "what you disagree about (the issues you want mediation about)",
            "if you think health care provision is missing from the EHC plan, what health care "
            "provision you want",
        ),
    )
    la = letter.contact
    la_section = LetterSection(
        "f",
        "Who to contact at the local authority",
        ("To tell the local authority you want mediation, or to ask about it, contact:",),
        contact=tuple(line for line in (la.person, la.team) if line)
        + _contact_lines((la.phone,) if la.phone else (), la.email),
        after=(
            "Your local SENDIASS (Special Educational Needs and Disabilities Information, "
            "Advice and Support Service) can give you free, impartial advice about mediation "
            "and appeals.",
        ),
    )
    return (mediation, appeal, adviser_section, timescales, tell, la_section)


def legal_basis(letter: DecisionLetter) -> tuple[tuple[str, str], ...]:
    """The law behind the paragraph, for the officer: (what, citations) per reg 32 element,
    then each time limit the dates come from."""
    d = letter.dates
    # Without a certificate, reg 33 and the adviser's certificate clocks do not apply.
    skip = set() if d.certificate_required else {"SEND Regulations 2014 reg 33"}
    rows = [
        (item.what, "; ".join(c for c in item.legal_basis if c not in skip))
        for item in law.REG_32_CONTENTS
    ]
    limits: list[tuple[str, law.Deadline | LetterPeriod | None]] = [
        ("Contact the mediation adviser", d.contact_adviser),
        ("Appeal to the tribunal", d.appeal),
    ]
    if d.certificate_required:
        limits += [
            ("Certificate after declining mediation", d.certificate_after_declining),
            ("Certificate when mediation cannot be arranged", d.certificate_when_not_arranged),
            ("Certificate after mediation", d.certificate_after_mediation),
        ]
    limits.append(("Mediation held", d.mediation_held))
    rows.extend((what, "; ".join(part.legal_basis)) for what, part in limits if part is not None)
    return tuple(rows)


def render_decision_letter_text(letter: DecisionLetter) -> str:
    """Return the paragraph as plain text, to paste into a letter."""
    lines: list[str] = []
    for section in letter_sections(letter):
        lines.append(section.heading)
        lines.extend(section.paragraphs)
        lines.extend(f"- {item}" for item in section.items)
        lines.extend(section.contact)
        lines.extend(section.after)
        lines.append("")
    return "\n".join(lines).strip() + "\n"


_LONG_DATE = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} "
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December) \d{4}\b"
)


def emphasise_dates(text: str) -> Markup:
    """Escape ``text`` and put each long date in it in bold, never broken across lines."""
    return Markup(  # noqa: S704 - the text is escaped first; only our own tags are added
        _LONG_DATE.sub(
            lambda match: f'<strong class="date">{match.group(0)}</strong>', str(escape(text))
        )
    )


_environment = Environment(
    loader=PackageLoader("sendresolve.documents", "jinja2"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=text_shown,  # no control or bidi characters in any document
)
_environment.filters["long_date"] = long_date
_environment.filters["emphasise_dates"] = emphasise_dates


def render_decision_letter_html(letter: DecisionLetter) -> str:
    """Return the paragraph as a standalone HTML document (styles inline, no external files)."""
    return _environment.get_template("documents/decision_letter.html").render(
        letter=letter, sections=letter_sections(letter), legal_basis=legal_basis(letter)
    )


def render_decision_letter_pdf(letter: DecisionLetter) -> bytes:
    """Return the paragraph as an accessible, tagged PDF/UA-1 document on A4."""
    from weasyprint import HTML

    return HTML(string=render_decision_letter_html(letter)).write_pdf(pdf_variant="pdf/ua-1")
