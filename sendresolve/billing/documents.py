"""An invoice or credit note as PDF (tagged, PDF/UA-1, WeasyPrint), CSV and XLSX.

All three are made from one ``InvoiceDocument``: the provider's name, address and VAT number,
the council, the number, the month, the purchase order and one line per billable event (case
reference, date, service, price). No child's name or other case content is in any of them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from functools import partial

from jinja2 import Environment, PackageLoader, StrictUndefined
from openpyxl import Workbook
from openpyxl.styles import Font

from sendresolve.billing.models import BillingProfile, Invoice, ServiceLine
from sendresolve.billing.money import plain_pounds, pounds
from sendresolve.billing.selectors import invoice_lines
from sendresolve.branding.selectors import letterhead
from sendresolve.core.clock import LONDON
from sendresolve.core.templating import text_shown
from sendresolve.law.dates import long_date

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("Case reference", "Date", "Service", "Detail", "Amount (£)")


@dataclass(frozen=True)
class Line:
    case_reference: str
    occurred_on: dt.date
    service: str
    description: str
    amount_pence: int


@dataclass(frozen=True)
class InvoiceDocument:
    title: str
    kind: str
    number: str
    state: str
    provider_name: str
    provider_address: tuple[str, ...]
    provider_contact: tuple[str, ...]
    vat_number: str
    payment_terms_days: int
    payment_details: tuple[str, ...]
    local_authority_name: str
    month: dt.date
    po_number: str
    issued_on: dt.date | None
    credits_number: str
    reason: str
    lines: tuple[Line, ...]
    total_pence: int

    @property
    def filename(self) -> str:
        name = self.number or f"draft-{self.kind}-{self.month:%Y-%m}"
        return name.replace("/", "-")


def invoice_document(invoice: Invoice) -> InvoiceDocument:
    provider = invoice.provider
    profile = BillingProfile.objects.filter(provider=provider).first()
    labels = dict(ServiceLine.choices)
    lines = tuple(
        Line(
            line.case_reference,
            line.occurred_on,
            labels.get(line.service, line.service),
            line.description,
            line.amount_pence,
        )
        for line in invoice_lines(invoice)
    )
    return InvoiceDocument(
        title=invoice.title,
        kind=invoice.get_kind_display(),
        number=invoice.number,
        state=invoice.get_state_display(),
        provider_name=provider.name,
        # The billing address, else the letterhead's postal address (issue 23, ``branding``).
        provider_address=tuple(
            line.strip() for line in (profile.address if profile else "").splitlines() if line
        )
        or letterhead(provider).address,
        provider_contact=tuple(x for x in (provider.phone, provider.email, provider.website) if x),
        vat_number=profile.vat_number if profile else "",
        payment_terms_days=profile.payment_terms_days if profile else 30,
        payment_details=tuple(
            line.strip()
            for line in (profile.payment_details if profile else "").splitlines()
            if line.strip()
        ),
        local_authority_name=invoice.local_authority.name,
        month=invoice.month,
        po_number=invoice.po_number,
        issued_on=invoice.approved_at.astimezone(LONDON).date() if invoice.approved_at else None,
        credits_number=invoice.credits.number if invoice.credits else "",
        reason=invoice.reason,
        lines=lines,
        total_pence=sum(line.amount_pence for line in lines),
    )


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def invoice_csv(document: InvoiceDocument) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([document.title, document.provider_name, document.local_authority_name])
    writer.writerow(["Month", f"{document.month:%Y-%m}", "Purchase order", document.po_number])
    writer.writerow(COLUMNS)
    for line in document.lines:
        writer.writerow(
            [
                line.case_reference,
                line.occurred_on.isoformat(),
                _cell(line.service),
                _cell(line.description),
                plain_pounds(line.amount_pence),
            ]
        )
    writer.writerow(["Total", "", "", "", plain_pounds(document.total_pence)])
    return out.getvalue()


def invoice_xlsx(document: InvoiceDocument) -> bytes:
    """One sheet of lines ("Invoice lines" / "Credit note lines"), amounts as money."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the empty sheet a new workbook starts with
    sheet = workbook.create_sheet(title=f"{document.kind} lines")
    bold = Font(bold=True)
    sheet.append([document.title])
    sheet["A1"].font = bold
    sheet.append([document.provider_name, document.local_authority_name])
    sheet.append(["Month", f"{document.month:%B %Y}", "Purchase order", document.po_number])
    sheet.append(list(COLUMNS))
    for cell in sheet[4]:
        cell.font = bold
    for line in document.lines:
        sheet.append(
            [
                line.case_reference,
                line.occurred_on,
                _cell(line.service),
                _cell(line.description),
                line.amount_pence / 100,
            ]
        )
        sheet.cell(row=sheet.max_row, column=2).number_format = "yyyy-mm-dd"
        sheet.cell(row=sheet.max_row, column=5).number_format = "£#,##0.00;-£#,##0.00"
    sheet.append(["Total", None, None, None, document.total_pence / 100])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.cell(row=sheet.max_row, column=5).number_format = "£#,##0.00;-£#,##0.00"
    for letter, width in zip("ABCDE", (16, 12, 32, 60, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_environment = Environment(
    loader=PackageLoader("sendresolve.billing", "jinja2"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=text_shown,
)
_environment.filters["long_date"] = partial(long_date, weekday=False)
_environment.filters["pounds"] = pounds


def invoice_html(document: InvoiceDocument) -> str:
    return _environment.get_template("billing_documents/invoice.html").render(d=document)


def invoice_pdf(document: InvoiceDocument) -> bytes:
    """The invoice as a tagged PDF/UA-1 on A4."""
    from weasyprint import HTML  # its start-up cost only when a PDF is made

    return HTML(string=invoice_html(document)).write_pdf(pdf_variant="pdf/ua-1")
