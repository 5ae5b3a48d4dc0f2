"""Writes for contracts and invoices. Each is keyword-only, runs in a transaction, checks the
actor through the billing selectors (another provider's objects are ``NotFound``) and records
one audit event (no personal data: ids, months, counts and amounts).

- ``terms_add``: new terms from a date; the open terms before it end the day before. A date
  inside a month already invoiced (approved or sent) is refused: an invoiced period's prices
  never change.
- ``billing_run``: the month's draft invoice for one provider and LA, from the recorded events
  (``billing.billable``); running it again replaces the draft, never an approved invoice.
- ``invoice_approve`` / ``invoice_mark_sent``: draft -> approved (numbered, locked) -> sent;
  a repeat (double click, a colleague at the same moment) changes nothing.
- ``credit_note_create``: a numbered credit note against lines of an approved invoice, each
  line credited once, in full, with a negative amount.

``actor=None`` is the system (the ``billing_run`` command), which may bill any provider.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from sendresolve.audit.services import audit_record
from sendresolve.billing.billable import Billable, billable_events
from sendresolve.billing.models import ContractTerms, Invoice, InvoiceLine
from sendresolve.billing.selectors import (
    billing_provider_ids,
    commission_get,
    commission_on,
    invoice_get,
)
from sendresolve.billing.volume import volume_alert_check
from sendresolve.core import clock
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.tenancy.actors import Who, user_of
from sendresolve.tenancy.models import Commission, LocalAuthority, Provider

LOCKED = Invoice.State.APPROVED, Invoice.State.SENT
TERMS_FIELDS = frozenset(
    f.name
    for f in ContractTerms._meta.get_fields()
    if f.concrete
    and f.name
    not in {"id", "commission", "valid_from", "valid_to", "created_by", "created_at", "updated_at"}
)


def month_end(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def _last_invoiced_day(commission: Commission) -> dt.date | None:
    month = (
        Invoice.objects.filter(
            provider_id=commission.provider_id,
            local_authority_id=commission.local_authority_id,
            kind=Invoice.Kind.INVOICE,
            state__in=LOCKED,
        )
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    return month_end(month) if month else None


@transaction.atomic
def terms_add(
    *, actor: Who, commission_id: int, valid_from: dt.date, **terms: Any
) -> ContractTerms:
    """New terms for a commission from ``valid_from``; ``terms`` are ``ContractTerms`` fields."""
    commission = commission_get(actor, commission_id=commission_id)
    unknown = set(terms) - TERMS_FIELDS
    if unknown:
        raise ValueError(f"Not contract terms: {sorted(unknown)}")
    if valid_from < commission.starts_on or (
        commission.ends_on is not None and valid_from > commission.ends_on
    ):
        raise ValidationError(
            "The terms must start while the commission is in force.", field="valid_from"
        )
    invoiced = _last_invoiced_day(commission)
    if invoiced is not None and valid_from <= invoiced:
        raise ValidationError(
            f"{invoiced:%B %Y} is already invoiced: new terms must start after "
            f"{invoiced:%-d %B %Y}.",
            field="valid_from",
        )
    history = ContractTerms.objects.select_for_update().filter(commission=commission)
    latest = history.order_by("-valid_from").first()
    if latest is not None and valid_from <= latest.valid_from:
        raise ValidationError(
            f"Terms already start on {latest.valid_from:%-d %B %Y}: choose a later date.",
            field="valid_from",
        )
    cap = terms.get("volume_cap")
    if cap is not None and cap < 1:
        raise ValidationError("The cap must be at least 1 case, or left empty.", field="volume_cap")
    if latest is not None and (latest.valid_to is None or latest.valid_to >= valid_from):
        latest.valid_to = valid_from - dt.timedelta(days=1)
        latest.save(update_fields=["valid_to"])
    created = ContractTerms.objects.create(
        commission=commission,
        valid_from=valid_from,
        valid_to=commission.ends_on,
        created_by=user_of(actor),
        **terms,
    )
    audit_record(
        actor=actor,
        action="billing.terms.add",
        target=created,
        local_authority=commission.local_authority,
        provider=commission.provider,
        detail={"commission_id": commission.pk, "valid_from": valid_from.isoformat()},
    )
    return created


def _check_bills(actor: Who, provider: Provider) -> None:
    if actor is not None and provider.pk not in billing_provider_ids(actor):
        raise NotFound("No such provider for this user.")


@transaction.atomic
def billing_run(
    *, actor: Who, provider: Provider, local_authority: LocalAuthority, month: dt.date
) -> Invoice:
    """The draft invoice for ``month`` (any day in it): made, or made again from the events."""
    _check_bills(actor, provider)
    month = month.replace(day=1)
    last = month_end(month)
    if month > clock.today():
        raise ValidationError("That month has not started yet.", field="month")
    commission = commission_on(
        provider_id=provider.pk, local_authority_id=local_authority.pk, on=last
    ) or commission_on(provider_id=provider.pk, local_authority_id=local_authority.pk, on=month)
    if commission is None:
        raise ValidationError(
            f"{provider.name} was not commissioned by {local_authority.name} that month.",
            field="local_authority",
        )
    invoice = (
        Invoice.objects.select_for_update()
        .filter(provider=provider, local_authority=local_authority, month=month, kind="invoice")
        .first()
    )
    if invoice is not None and invoice.is_locked:
        raise ValidationError(
            f"{month:%B %Y} is already invoiced ({invoice.number}): correct it with a credit note.",
            field="month",
        )
    billed, not_billed = billable_events(
        provider_id=provider.pk,
        local_authority_id=local_authority.pk,
        date_from=month,
        date_to=last,
    )
    already = set(
        InvoiceLine.objects.filter(
            invoice__state__in=LOCKED,
            invoice__kind=Invoice.Kind.INVOICE,
            event_id__in=[b.event_id for b in billed],
        ).values_list("event_id", "service")
    )
    billed = [b for b in billed if (b.event_id, b.service) not in already]
    po_number = po_number_of(billed)
    if invoice is None:
        invoice = Invoice(provider=provider, local_authority=local_authority, month=month)
    else:
        InvoiceLine.objects.filter(invoice=invoice).delete()
    invoice.commission = commission
    invoice.po_number = po_number
    invoice.not_billed = [n.as_json() for n in not_billed]
    invoice.created_by = user_of(actor)
    invoice.save()
    InvoiceLine.objects.bulk_create(invoice_lines(invoice, billed))
    audit_record(
        actor=actor,
        action="billing.invoice.draft",
        target=invoice,
        local_authority=local_authority,
        provider=provider,
        detail={"month": month.isoformat()[:7], "lines": len(billed)},
    )
    volume_alert_check(commission=commission, on=min(last, clock.today()))
    return invoice


def invoice_lines(invoice: Invoice, billed: Iterable[Billable], **fields) -> list[InvoiceLine]:
    """The invoice's lines, one for each billable event (``fields``: any column to set too)."""
    return [
        InvoiceLine(
            invoice=invoice,
            case_reference=b.case_reference,
            event_id=b.event_id,
            occurred_on=b.occurred_on,
            service=b.service,
            description=b.description,
            terms=b.terms,
            amount_pence=b.amount_pence,
            **fields,
        )
        for b in billed
    ]


def po_number_of(billed: list[Billable]) -> str:
    """The purchase order number an invoice of these events carries: the latest terms' own."""
    return next((b.terms.po_number for b in reversed(billed) if b.terms.po_number), "")


def numbers_used(provider_id: int, prefix: str, year: int) -> int:
    """How many numbers of the provider's series for the year are taken."""
    start = f"{prefix}-{year}-"
    return Invoice.objects.filter(provider_id=provider_id, number__startswith=start).count()


def number_text(prefix: str, year: int, serial: int) -> str:
    """The ``serial``-th number of a yearly series: ``INV-2026-0001``."""
    return f"{prefix}-{year}-{serial:04d}"


def _number(provider_id: int, prefix: str, year: int) -> str:
    """The next number in the provider's series for the year: ``INV-2026-0001``."""
    Provider.objects.select_for_update().filter(pk=provider_id).first()  # one at a time
    return number_text(prefix, year, numbers_used(provider_id, prefix, year) + 1)


def _locked_invoice(actor: Who, invoice_id: int) -> Invoice:
    invoice_get(actor, invoice_id=invoice_id)  # NotFound for anyone else's
    return Invoice.objects.select_for_update().get(pk=invoice_id)


@transaction.atomic
def invoice_approve(*, actor: Who, invoice_id: int) -> tuple[Invoice, bool]:
    """Approve a draft: it is numbered and never changes again. Returns the invoice and whether
    this call approved it (a repeat finds it approved and changes nothing)."""
    invoice = _locked_invoice(actor, invoice_id)
    if invoice.is_locked:
        return invoice, False
    if not invoice.lines.exists():
        raise ValidationError("There is nothing to bill on this invoice.", field="invoice")
    twice = InvoiceLine.objects.filter(
        invoice__state__in=LOCKED,
        invoice__kind=Invoice.Kind.INVOICE,
        event_id__in=invoice.lines.values("event_id"),
    )
    if twice.exists():
        raise ValidationError(
            "Some of these events are on an approved invoice already: run the month again.",
            field="invoice",
        )
    now = clock.now()
    invoice.number = _number(invoice.provider_id, "INV", now.astimezone(clock.LONDON).year)
    invoice.state = Invoice.State.APPROVED
    invoice.approved_at = now
    invoice.approved_by = user_of(actor)
    invoice.save(update_fields=["number", "state", "approved_at", "approved_by"])
    _audit(actor, invoice, "billing.invoice.approve")
    return invoice, True


@transaction.atomic
def invoice_mark_sent(*, actor: Who, invoice_id: int) -> tuple[Invoice, bool]:
    """Record that an approved invoice or credit note was sent to the LA (once)."""
    invoice = _locked_invoice(actor, invoice_id)
    if invoice.state == Invoice.State.SENT:
        return invoice, False
    if invoice.state != Invoice.State.APPROVED:
        raise ValidationError("Approve the invoice before you send it.", field="invoice")
    invoice.state = Invoice.State.SENT
    invoice.sent_at = clock.now()
    invoice.sent_by = user_of(actor)
    invoice.save(update_fields=["state", "sent_at", "sent_by"])
    _audit(actor, invoice, "billing.invoice.sent")
    return invoice, True


@transaction.atomic
def credit_note_create(
    *,
    actor: Who,
    invoice_id: int,
    line_ids: Iterable[int],
    reason: str,
    submission_key: str = "",
) -> tuple[Invoice, bool]:
    """A numbered credit note for lines of an approved invoice, each credited in full once.
    Returns the credit note and whether this call made it (the same form sent again answers
    with the first's)."""
    invoice = _locked_invoice(actor, invoice_id)
    user = user_of(actor)
    if submission_key and user is not None:
        earlier = Invoice.objects.filter(created_by=user, submission_key=submission_key).first()
        if earlier is not None:
            return earlier, False
    if invoice.kind != Invoice.Kind.INVOICE or not invoice.is_locked:
        raise ValidationError("Only an approved invoice can be credited.", field="lines")
    reason = " ".join(reason.split())[:300]
    if not reason:
        raise ValidationError("Say why these lines are credited.", field="reason")
    wanted = sorted(set(line_ids))
    lines = list(invoice.lines.filter(pk__in=wanted))
    if not lines or len(lines) != len(wanted):
        raise ValidationError("Choose the lines to credit.", field="lines")
    credited = InvoiceLine.objects.filter(credits_line__in=lines).values_list(
        "credits_line__case_reference", flat=True
    )
    if credited:
        raise ValidationError(
            f"Already credited: {', '.join(sorted(set(credited)))}.", field="lines"
        )
    note = Invoice.objects.create(
        provider_id=invoice.provider_id,
        local_authority_id=invoice.local_authority_id,
        commission_id=invoice.commission_id,
        kind=Invoice.Kind.CREDIT_NOTE,
        month=invoice.month,
        po_number=invoice.po_number,
        credits=invoice,
        reason=reason,
        created_by=user,
        submission_key=submission_key if user is not None else "",
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=note,
            case_reference=line.case_reference,
            event_id=line.event_id,
            occurred_on=line.occurred_on,
            service=line.service,
            description=f"Credit: {line.description}"[:200],
            terms=line.terms,
            amount_pence=-line.amount_pence,
            credits_line=line,
        )
        for line in lines
    )
    now = clock.now()
    note.number = _number(invoice.provider_id, "CN", now.astimezone(clock.LONDON).year)
    note.state = Invoice.State.APPROVED
    note.approved_at = now
    note.approved_by = user
    note.save(update_fields=["number", "state", "approved_at", "approved_by"])
    _audit(actor, note, "billing.credit_note.create", invoice_id=invoice.pk)
    return note, True


def _audit(actor: Who, invoice: Invoice, action: str, **detail: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=invoice,
        local_authority=invoice.local_authority,
        provider=invoice.provider,
        detail={"number": invoice.number, **detail},
    )


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def invoice_download(
    *, actor: Who, invoice: Invoice, fmt: str, via: str = "page"
) -> tuple[bytes | str, str]:
    """The invoice as PDF, CSV or XLSX and its file name; every download is audited."""
    from sendresolve.billing import documents  # WeasyPrint and openpyxl only when asked

    document = documents.invoice_document(invoice)
    body: bytes | str
    if fmt == "pdf":
        body = documents.invoice_pdf(document)
    elif fmt == "csv":
        body = documents.invoice_csv(document)
    elif fmt == "xlsx":
        body = documents.invoice_xlsx(document)
    else:
        raise ValueError(f"No invoice format {fmt!r}")
    _audit(actor, invoice, "billing.invoice.download", format=fmt, via=via)
    return body, f"{document.filename}.{fmt}"
