"""Mediation certificates (Children and Families Act 2014, s.55) as HTML and tagged PDF.

A certificate is rendered from a plain :class:`CertificateData`; this module reads no models and
computes no deadlines. The appeal deadline and its plain-English explanation come from the law
core, so the date printed here is always the one the rest of the service shows.

There are three kinds:

* ``declined``: the family had information and advice about mediation and does not wish to
  pursue it (CFA 2014 s.55(4); SEND Regulations 2014 reg 34).
* ``mediation_concluded``: mediation has taken place (CFA 2014 s.55(5)). The regulation that sets
  the adviser's time limit is unconfirmed by number, so only the Regulations are named.
* ``not_arranged``: the local authority could not arrange mediation within 30 days, so the adviser
  issues a certificate anyway (SEND Regulations 2014; regulation number unconfirmed).

Placement-only appeals (the name or type of school, or that none is named) need no certificate,
so there is no kind for them.

The PDF is PDF/UA-1: tagged, language en-GB, title in the metadata, headings in order and the
details in a real table with row headers. Fonts come from the system (Liberation Sans, falling back
to DejaVu Sans) and are embedded by WeasyPrint.

Each certificate prints its verification code and where to check it (``/verify/``), and the PDF
is signed with the provider's key when one is configured (``documents.signing``, PAdES), so a
changed byte shows as a broken signature.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import partial

from jinja2 import Environment, PackageLoader, StrictUndefined

from sendresolve.core.templating import text_shown
from sendresolve.documents import signing
from sendresolve.law.dates import long_date

__all__ = [
    "APPELLANT_ROLES",
    "KINDS",
    "CertificateData",
    "render_certificate_html",
    "render_certificate_pdf",
]

CFA = "the Children and Families Act 2014"
REGS = "the Special Educational Needs and Disability Regulations 2014"

# The wording of each kind, declared as data so the template, the staff pages and the tests read
# the same text. "statement" is the sentence the certificate certifies.
KINDS: dict[str, dict[str, str]] = {
    "declined": {
        "label": "Mediation advice given, mediation declined",
        "statement": (
            "{appellant} has had information and advice about mediation from a mediation "
            "adviser and has decided not to take part in mediation."
        ),
        "legal_basis": (
            f"This certificate is issued under section 55(4) of {CFA} and regulation 34 of {REGS}."
        ),
    },
    "mediation_concluded": {
        "label": "Mediation has taken place",
        "statement": (
            "Mediation has taken place between {appellant} and {local_authority} about the "
            "issues listed below."
        ),
        "legal_basis": f"This certificate is issued under section 55(5) of {CFA} and {REGS}.",
    },
    "not_arranged": {
        "label": "Mediation could not be arranged within 30 days",
        "statement": (
            "{local_authority} told the mediation adviser that it could not arrange mediation "
            "within 30 days of being told that {appellant} wanted mediation."
        ),
        "legal_basis": (
            f"This certificate is issued under section 55 of {CFA} and {REGS}, which require a "
            "mediation adviser to issue a certificate when mediation cannot be arranged within "
            "30 days."
        ),
    },
}

APPELLANT_ROLES = ("parent", "young person", "representative of the young person")


@dataclass(frozen=True)
class CertificateData:
    """Everything printed on one mediation certificate, already decided by the caller."""

    number: str
    kind: str
    issue_date: dt.date
    issuer_name: str
    provider_name: str
    provider_contact: str
    local_authority_name: str
    case_reference: str
    child_name: str
    child_date_of_birth: dt.date | None
    appellant_name: str
    appellant_role: str
    decision_description: str
    decision_letter_date: dt.date | None
    issues: tuple[str, ...]
    health_care_in_issue: bool
    appeal_deadline: dt.date
    appeal_deadline_rule: str
    mediation_dates: tuple[dt.date, ...] = field(default=())
    la_informed_date: dt.date | None = None
    # A corrected certificate: the number of the one it replaces (kept, marked superseded).
    replaces_number: str = ""
    # Anyone can check the certificate at ``verify_url`` with this code (verification app).
    verification_code: str = ""
    verify_url: str = ""
    # After mediation: the issues not agreed, or agreed only in part, that remain for the
    # tribunal (issue 21). Which issues only, never what was said or offered.
    remaining_issues: tuple[str, ...] = ()
    # The provider's letterhead (issue 23, ``branding``): its postal address, one line each,
    # and its logo as a ``data:`` URI ("" for none).
    provider_address: tuple[str, ...] = ()
    provider_logo: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Unknown certificate kind {self.kind!r}; expected one of {KINDS}.")
        if self.appellant_role not in APPELLANT_ROLES:
            raise ValueError(f"Unknown appellant role {self.appellant_role!r}.")
        # Accept lists from callers but keep the instance hashable and immutable.
        object.__setattr__(self, "issues", tuple(self.issues))
        object.__setattr__(self, "mediation_dates", tuple(self.mediation_dates))
        object.__setattr__(self, "remaining_issues", tuple(self.remaining_issues))
        object.__setattr__(self, "provider_address", tuple(self.provider_address))
        if self.kind == "mediation_concluded" and not self.mediation_dates:
            raise ValueError("A 'mediation_concluded' certificate needs at least one date.")
        if self.appeal_deadline < self.issue_date:
            raise ValueError("The appeal deadline cannot be before the date of issue.")


_environment = Environment(
    loader=PackageLoader("sendresolve.documents", "jinja2"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=text_shown,  # no control or bidi characters in any document
)
_environment.filters["long_date"] = long_date
_environment.filters["short_date"] = partial(long_date, weekday=False)


def _context(data: CertificateData) -> dict:
    wording = KINDS[data.kind]
    names = {"appellant": data.appellant_name, "local_authority": data.local_authority_name}
    return {
        "c": data,
        "kind_label": wording["label"],
        # Names are substituted before autoescaping, so the template still escapes them.
        "statement": wording["statement"].format(**names),
        "legal_basis": wording["legal_basis"],
        "title": f"Mediation certificate {data.number}",
    }


def render_certificate_html(data: CertificateData) -> str:
    """Return the certificate as a standalone HTML document (styles inline, no external files)."""
    return _environment.get_template("documents/certificate.html").render(_context(data))


def render_certificate_pdf(data: CertificateData) -> bytes:
    """Return the certificate as an accessible, tagged PDF/UA-1 document on A4, signed with the
    provider's key when one is configured."""
    # Imported here so that importing this module (for the HTML or the data class) does not pay
    # WeasyPrint's start-up cost.
    from weasyprint import HTML

    pdf = HTML(string=render_certificate_html(data)).write_pdf(pdf_variant="pdf/ua-1")
    if not signing.signing_configured():
        return pdf
    return signing.pdf_sign(
        pdf,
        signer=signing.signer_configured(),
        reason=f"Mediation certificate {data.number} issued by {data.provider_name}",
        name=data.provider_name,
    )
