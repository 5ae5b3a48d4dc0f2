"""A family's advice from the route finder, as plain data, HTML and a tagged PDF.

The advice itself (routes, deadlines, certificate, warnings) comes from the law core; the
contacts come from the tenancy data. The caller builds an :class:`AdviceDocument`, and the web
page and this PDF both render that same object, so they always say the same thing.

The PDF is PDF/UA-1: tagged, language en-GB, a title in the metadata and headings in order.
"""

import datetime as dt
from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, StrictUndefined

from sendresolve.core.templating import text_shown
from sendresolve.law.dates import long_date

__all__ = [
    "AdviceDeadline",
    "AdviceDocument",
    "AdviceRoute",
    "Contact",
    "render_advice_html",
    "render_advice_pdf",
]


@dataclass(frozen=True)
class AdviceRoute:
    id: str
    title: str
    why: str
    legal_basis: tuple[str, ...]


@dataclass(frozen=True)
class AdviceDeadline:
    id: str
    title: str
    date: dt.date
    rule: str
    legal_basis: tuple[str, ...]
    due_time: str = ""  # "5pm" when the time of day matters
    practical_date: dt.date | None = None  # the last working day before a date that does not move


@dataclass(frozen=True)
class Contact:
    name: str
    description: str
    phone: str = ""
    email: str = ""
    website: str = ""
    kind: str = ""  # provider | send_team | sendiass | tribunal
    links: tuple[tuple[str, str], ...] = ()  # (text, address) of pages worth reading


@dataclass(frozen=True)
class AdviceDocument:
    """Everything the advice page and PDF show, already decided by the caller."""

    title: str
    made_on: dt.date
    local_authority_name: str
    answers: tuple[tuple[str, str], ...]
    routes: tuple[AdviceRoute, ...]
    deadlines: tuple[AdviceDeadline, ...]
    certificate_required: bool | None
    certificate_text: str
    warnings: tuple[str, ...] = field(default=())
    contacts: tuple[Contact, ...] = field(default=())
    no_provider_text: str = ""
    # What can be asked for online here, first the one to start with: (request, provider name).
    online_requests: tuple[tuple[str, str], ...] = field(default=())
    # Said when the family does not have the decision letter, so no time limit can be counted.
    no_letter_text: str = ""


_environment = Environment(
    loader=PackageLoader("sendresolve.documents", "jinja2"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=text_shown,  # no control or bidi characters in any document
)
_environment.filters["long_date"] = long_date


def render_advice_html(document: AdviceDocument) -> str:
    """Return the advice as a standalone HTML document (styles inline, no external files)."""
    template = _environment.get_template("documents/advice.html")
    return template.render(d=document)


def render_advice_pdf(document: AdviceDocument) -> bytes:
    """Return the advice as an accessible, tagged PDF/UA-1 document on A4."""
    from weasyprint import HTML

    return HTML(string=render_advice_html(document)).write_pdf(pdf_variant="pdf/ua-1")
