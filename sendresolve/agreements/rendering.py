"""The agreement and the issues-still-in-dispute summary as HTML and tagged, signed PDF.

Rendered from plain data classes, the way certificates are (``documents.certificates``): the
templates live beside the certificate's in ``documents/jinja2/documents/`` and the PDF is
PDF/UA-1 (tagged, language en-GB, a title, headings in order, real tables with headers), signed
with the provider's key when one is configured (``documents.signing``, PAdES).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from sendresolve.core.templating import text_shown
from sendresolve.documents import signing
from sendresolve.law.dates import long_date


@dataclass(frozen=True)
class AgreementData:
    """Everything printed on one version of an agreement, already decided by the caller."""

    number: str
    version: int
    replaces_number: str
    issue_date: dt.date
    agreed_on: dt.date
    issuer_name: str
    provider_name: str
    provider_contact: str
    local_authority_name: str
    case_reference: str
    child_name: str
    family_name: str
    intro: str
    sections: tuple[dict[str, Any], ...]  # label, result_label, paragraphs
    actions: tuple[dict[str, Any], ...]  # description, owner, clock, steps[title, due_on, basis]
    different_timescale: str
    closing: str
    verification_code: str = ""
    verify_url: str = ""
    draft: bool = False
    # The provider's letterhead (issue 23, ``branding``): postal address lines and logo URI.
    provider_address: tuple[str, ...] = ()
    provider_logo: str = ""


@dataclass(frozen=True)
class SummaryData:
    """The issues-still-in-dispute summary: which issues, never what was said or offered."""

    number: str
    issue_date: dt.date
    provider_name: str
    provider_contact: str
    local_authority_name: str
    case_reference: str
    child_name: str
    family_name: str
    mediation_dates: tuple[dt.date, ...]
    issues: tuple[dict[str, str], ...]  # label, result_label
    certificate_number: str = ""
    verification_code: str = ""
    verify_url: str = ""
    agreement_number: str = field(default="")
    provider_address: tuple[str, ...] = ()
    provider_logo: str = ""


_environment = Environment(
    loader=PackageLoader("sendresolve.documents", "jinja2"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=text_shown,
)
_environment.filters["long_date"] = long_date
_environment.filters["short_date"] = partial(long_date, weekday=False)
_environment.filters["iso_date"] = dt.date.fromisoformat


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs of what the mediator typed."""
    blocks = [" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]


def agreement_html(data: AgreementData) -> str:
    return _environment.get_template("documents/agreement.html").render(
        a=data, paragraphs=paragraphs, title=f"Mediation agreement {data.number}"
    )


def summary_html(data: SummaryData) -> str:
    return _environment.get_template("documents/remaining_issues.html").render(
        s=data, title=f"Issues still in dispute {data.number}"
    )


def _pdf(html: str, *, reason: str, provider_name: str) -> bytes:
    from weasyprint import HTML

    pdf = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    if not signing.signing_configured():
        return pdf
    return signing.pdf_sign(
        pdf, signer=signing.signer_configured(), reason=reason, name=provider_name
    )


def agreement_pdf(data: AgreementData) -> bytes:
    """The agreement as a tagged PDF/UA-1 on A4, signed when a key is configured (a draft
    preview is never signed: it is not a document anyone may rely on)."""
    if data.draft:
        from weasyprint import HTML

        return HTML(string=agreement_html(data)).write_pdf(pdf_variant="pdf/ua-1")
    return _pdf(
        agreement_html(data),
        reason=f"Mediation agreement {data.number} issued by {data.provider_name}",
        provider_name=data.provider_name,
    )


def summary_pdf(data: SummaryData) -> bytes:
    return _pdf(
        summary_html(data),
        reason=f"Issues still in dispute {data.number} issued by {data.provider_name}",
        provider_name=data.provider_name,
    )
