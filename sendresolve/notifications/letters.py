"""Letters posted through GOV.UK Notify as precompiled PDFs: a covering letter, then the
documents themselves.

A document sent by post (``notifications.sending``) is one queued ``OutboxMessage`` on the
letter channel whose ``to`` is the family's address and whose body is the covering letter's
text. At delivery this module builds the PDF Notify prints and posts: the covering letter on A4
with the address in the envelope window, followed by every page of the document (the signed
certificate PDF; agreements and summaries through ``document_pdf_register``). Merging pages
means the printed copy carries no digital signature of its own: the family can check any copy
at ``/verify/`` with the code printed on it.

Nothing here logs the address or the letter's text.
"""

from collections.abc import Callable
from io import BytesIO
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from sendresolve.branding.selectors import Letterhead, letterhead
from sendresolve.cases.models import Case, Certificate
from sendresolve.core import clock
from sendresolve.core.templating import text_shown
from sendresolve.law.dates import long_date
from sendresolve.notifications.models import DocumentKind, DocumentSending, OutboxMessage

# Notify refuses precompiled letters of more than 10 A4 pages (one sheet is two pages).
MAX_PAGES = 10

PdfLoader = Callable[[Case, str], bytes | None]


class LetterUnavailable(Exception):
    """The letter cannot be built; the message says why, in words staff can act on."""


def certificate_pdf(case: Case, number: str) -> bytes | None:
    """The issued certificate's PDF, as the family's status page serves it."""
    certificate = Certificate.objects.filter(case=case, number=number).only("pdf").first()
    return bytes(certificate.pdf) if certificate is not None and certificate.pdf else None


# kind -> function(case, number) returning the document's PDF. The agreements app registers
# its agreement and remaining-issues summary with ``document_pdf_register`` when it is ready.
_PDF_LOADERS: dict[str, PdfLoader] = {DocumentKind.CERTIFICATE: certificate_pdf}


def document_pdf_register(kind: str, loader: PdfLoader) -> None:
    """Say how to read the PDF of documents of ``kind`` (``DocumentKind``) for posting."""
    if kind not in DocumentKind.values:
        raise ValueError(f"Unknown document kind {kind!r}.")
    _PDF_LOADERS[kind] = loader


_environment = Environment(
    loader=PackageLoader("sendresolve.notifications", "jinja2"),
    autoescape=True,
    undefined=StrictUndefined,
    finalize=text_shown,
)


def cover_letter_html(message: OutboxMessage, *, provider: Any = None) -> str:
    """The covering letter as HTML: the provider's letterhead (name, logo, address, phone,
    email and website: ``branding.selectors.letterhead``), the date, the address in the
    envelope window and the message's text."""
    paragraphs = [
        [line for line in block.splitlines() if line.strip()]
        for block in message.body.split("\n\n")
        if block.strip()
    ]
    head = letterhead(provider) if provider is not None else Letterhead(name="")
    return _environment.get_template("notifications/letter.html").render(
        title=message.subject,
        subject=message.subject,
        provider_name=head.name,
        provider_logo=head.logo,
        provider_lines=head.address + head.contact_lines,
        sent_on=long_date(clock.today()),
        address=message.to.splitlines(),
        paragraphs=paragraphs,
    )


def letter_pdf(message: OutboxMessage) -> bytes:
    """The whole letter (covering letter, then the documents) as one A4 PDF for Notify."""
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    sendings = list(DocumentSending.objects.filter(messages=message).select_related("case"))
    cover = HTML(string=cover_letter_html(message, provider=message.provider)).write_pdf()
    writer = PdfWriter()
    writer.append(PdfReader(BytesIO(cover)))
    for sending in sendings:
        loader = _PDF_LOADERS.get(sending.kind)
        pdf = loader(sending.case, sending.number) if loader is not None else None
        if not pdf:
            raise LetterUnavailable(
                f"No PDF of the {sending.get_kind_display().lower()} {sending.number} to post."
            )
        writer.append(PdfReader(BytesIO(pdf)))
    if len(writer.pages) > MAX_PAGES:
        raise LetterUnavailable(
            f"The letter has {len(writer.pages)} pages; GOV.UK Notify posts at most {MAX_PAGES}."
        )
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
