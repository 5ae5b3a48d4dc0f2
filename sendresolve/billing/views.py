"""Staff billing pages (``/staff/billing/``): contracts, billing runs, invoices, credit notes.

For a provider's managers and finance officers only; everyone else gets 404, as for another
tenant's objects. Views parse a form, call one selector or service, and render. Downloads are
audited. No page shows case content: invoice lines show case references only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sendresolve.billing import selectors, services
from sendresolve.billing.forms import PRICE_FIELDS, SERVICES, CreditNoteForm, RunForm, TermsForm
from sendresolve.billing.models import ContractTerms, Invoice, ServiceLine
from sendresolve.billing.money import pounds
from sendresolve.billing.volume import volume_status
from sendresolve.core import clock
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.core.paging import page_of
from sendresolve.tenancy.actors import ActorRequest

SUBMISSION_KEY = re.compile(r"[0-9a-f]{32}")


def billing_page(view: Callable) -> Callable:
    """Signed in, a manager or finance officer of a provider, and another's objects 404."""

    @login_required
    @wraps(view)
    def wrapper(request: ActorRequest, *args, **kwargs):
        if not selectors.can_bill(request.actor):
            raise Http404("Not found")
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404("Not found") from None

    return wrapper


def volume_alerts(actor) -> list[tuple]:
    """(commission, status) for each commission whose terms in force today have a cap it has
    reached the alert share of: one query for the capped terms, one for all their commissions'
    terms, then one count of report facts each."""
    today = clock.today()
    capped = list(
        selectors.terms_in_force_for(actor, on=today)
        .filter(volume_cap__isnull=False)
        .select_related("commission__local_authority", "commission__provider")
    )
    terms_of = defaultdict(list)
    for terms in ContractTerms.objects.filter(commission_id__in={t.commission_id for t in capped}):
        terms_of[terms.commission_id].append(terms)
    out = []
    for terms in capped:
        status = volume_status(terms.commission, on=today, terms=terms_of[terms.commission_id])
        if status.alert:
            out.append((terms.commission, status))
    return sorted(out, key=lambda pair: pair[0].local_authority.name)


# Invoices a page: a provider billing 13 councils adds 13 a month.
INVOICES_PAGE_SIZE = 50


@require_GET
@billing_page
def home(request: ActorRequest) -> HttpResponse:
    """The invoices and credit notes, newest month first, a page at a time, and any volume
    alerts."""
    invoices = selectors.invoices_for(request.actor).order_by(
        "-month", "local_authority__name", "-pk"
    )
    page = page_of(invoices, request.GET.get("page"), size=INVOICES_PAGE_SIZE)
    return render(
        request,
        "billing/home.html",
        {
            "invoices": page.object_list,
            "page": page,
            "prev_url": f"?page={page.previous_page_number()}" if page.has_previous() else "",
            "next_url": f"?page={page.next_page_number()}" if page.has_next() else "",
            "alerts": volume_alerts(request.actor),
            "pounds": pounds,
        },
    )


@require_GET
@billing_page
def contracts(request: ActorRequest) -> HttpResponse:
    today = clock.today()
    in_force = {t.commission_id: t for t in selectors.terms_in_force_for(request.actor, on=today)}
    rows = [(c, in_force.get(c.pk)) for c in selectors.commissions_for(request.actor)]
    return render(
        request,
        "billing/contracts.html",
        {"rows": rows, "alerts": volume_alerts(request.actor), "pounds": pounds},
    )


@require_GET
@billing_page
def contract(request: ActorRequest, commission_id: int) -> HttpResponse:
    commission = selectors.commission_get(request.actor, commission_id=commission_id)
    today = clock.today()
    current = selectors.terms_in_force(commission, on=today)
    return render(
        request,
        "billing/contract.html",
        {
            "commission": commission,
            "history": selectors.terms_history(commission),
            "current": current,
            "volume": volume_status(commission, on=today) if current else None,
            "price_fields": PRICE_FIELDS,
            "services": SERVICES,
            "pounds": pounds,
        },
    )


def _terms_values(terms) -> dict:
    """What the new-terms form starts with: the terms in force now, as people type them."""
    if terms is None:
        return {"cancellation_notice_working_days": "5", "interpreter": "no"}
    values = {name: f"{terms.price_of(name[6:]) / 100:.2f}" for name, _ in PRICE_FIELDS}
    values.update(
        cancellation_notice_working_days=str(terms.cancellation_notice_working_days),
        interpreter="yes" if terms.interpreter_costs_passed_through else "no",
        volume_cap=str(terms.volume_cap or ""),
        po_number=terms.po_number,
        send_team_email=terms.send_team_email,
        named_officer=terms.named_officer,
        finance_contact=terms.finance_contact,
    )
    return values


@require_http_methods(["GET", "POST"])
@billing_page
def terms_new(request: ActorRequest, commission_id: int) -> HttpResponse:
    commission = selectors.commission_get(request.actor, commission_id=commission_id)
    current = selectors.terms_in_force(commission, on=clock.today())
    # New terms start from those in force; the first from the usual three (health-only
    # mediation on behalf of the ICB is agreed separately).
    services_on = [
        name
        for name, _ in SERVICES
        if (getattr(current, name) if current else name != "covers_health_only")
    ]
    if request.method == "POST":
        form = TermsForm(request.POST)
        if form.is_valid():
            try:
                services.terms_add(
                    actor=request.actor,
                    commission_id=commission.pk,
                    valid_from=form.cleaned_data["valid_from"],
                    **form.terms(),
                )
            except ValidationError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(
                    request,
                    f"New terms saved\nThey apply from "
                    f"{form.cleaned_data['valid_from']:%-d %B %Y}.",
                )
                return redirect("staff:billing:contract", commission_id=commission.pk)
    else:
        form = TermsForm(initial={"services": services_on})
    return render(
        request,
        "billing/terms_new.html",
        {
            "form": form,
            "commission": commission,
            "values": _terms_values(current),
            "price_fields": PRICE_FIELDS,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@billing_page
def run(request: ActorRequest) -> HttpResponse:
    """Choose a council and a month: the month's draft invoice is made (or made again)."""
    today = clock.today()
    commissions = selectors.commissions_for(request.actor)
    data = request.POST if request.method == "POST" else None
    initial = {"commission": request.GET.get("commission", ""), "month": request.GET.get("month")}
    form = RunForm(data, commissions=commissions, today=today, initial=initial)
    if request.method == "POST" and form.is_valid():
        commission = selectors.commission_get(
            request.actor, commission_id=form.cleaned_data["commission"]
        )
        try:
            invoice = services.billing_run(
                actor=request.actor,
                provider=commission.provider,
                local_authority=commission.local_authority,
                month=form.first_day(),
            )
        except ValidationError as error:
            field = error.field if error.field in form.fields else "commission"
            form.add_error(field, str(error))
        else:
            messages.success(
                request,
                f"Draft invoice made\n{invoice.lines.count()} lines from the events recorded "
                f"in {invoice.month:%B %Y}.",
            )
            return redirect("staff:billing:invoice", invoice_id=invoice.pk)
    return render(request, "billing/run.html", {"form": form}, status=400 if form.errors else 200)


def _summary(lines) -> list[dict]:
    """Lines grouped by service and price: how many at each price, and their total."""
    groups: dict[tuple[str, int], int] = defaultdict(int)
    for line in lines:
        groups[(line.service, line.amount_pence)] += 1
    labels = dict(ServiceLine.choices)
    return [
        {
            "service": labels.get(service, service),
            "count": count,
            "price": pounds(price),
            "total": pounds(price * count),
        }
        for (service, price), count in sorted(groups.items())
    ]


def _invoice_page(request, invoice: Invoice, form: CreditNoteForm | None = None, status=200):
    lines = list(selectors.invoice_lines(invoice))
    creditable = [line for line in lines if not getattr(line, "credited_pence", None)]
    if form is None and invoice.kind == Invoice.Kind.INVOICE and invoice.is_locked:
        form = CreditNoteForm(lines=creditable)
    return render(
        request,
        "billing/invoice.html",
        {
            "invoice": invoice,
            "lines": lines,
            "creditable": {line.pk for line in creditable},
            "summary": _summary(lines),
            "total": pounds(sum(line.amount_pence for line in lines)),
            "credit_notes": selectors.invoices_for(request.actor).filter(credits=invoice),
            "form": form,
            "labels": dict(ServiceLine.choices),
            "pounds": pounds,
            "today": clock.today(),
        },
        status=status,
    )


@require_GET
@billing_page
def invoice(request: ActorRequest, invoice_id: int) -> HttpResponse:
    return _invoice_page(request, selectors.invoice_get(request.actor, invoice_id=invoice_id))


@require_POST
@billing_page
def invoice_approve(request: ActorRequest, invoice_id: int) -> HttpResponse:
    try:
        approved, changed = services.invoice_approve(actor=request.actor, invoice_id=invoice_id)
    except ValidationError as error:
        messages.error(request, f"The invoice was not approved\n{error}")
        return redirect("staff:billing:invoice", invoice_id=invoice_id)
    if changed:
        messages.success(
            request, f"Invoice {approved.number} approved\nIt can no longer be changed."
        )
    return redirect("staff:billing:invoice", invoice_id=invoice_id)


@require_POST
@billing_page
def invoice_sent(request: ActorRequest, invoice_id: int) -> HttpResponse:
    try:
        sent, changed = services.invoice_mark_sent(actor=request.actor, invoice_id=invoice_id)
    except ValidationError as error:
        messages.error(request, f"Not marked as sent\n{error}")
        return redirect("staff:billing:invoice", invoice_id=invoice_id)
    if changed:
        messages.success(request, f"{sent.title} marked as sent")
    return redirect("staff:billing:invoice", invoice_id=invoice_id)


@require_POST
@billing_page
def credit_note(request: ActorRequest, invoice_id: int) -> HttpResponse:
    invoice = selectors.invoice_get(request.actor, invoice_id=invoice_id)
    lines = [
        line
        for line in selectors.invoice_lines(invoice)
        if not getattr(line, "credited_pence", None)
    ]
    form = CreditNoteForm(request.POST, lines=lines)
    if form.is_valid():
        key = request.POST.get("submission_key", "")
        try:
            note, _ = services.credit_note_create(
                actor=request.actor,
                invoice_id=invoice.pk,
                line_ids=form.cleaned_data["lines"],
                reason=form.cleaned_data["reason"],
                submission_key=key if SUBMISSION_KEY.fullmatch(key) else "",
            )
        except ValidationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request, f"Credit note {note.number} made\nIt credits {invoice.number}."
            )
            return redirect("staff:billing:invoice", invoice_id=note.pk)
    return _invoice_page(request, invoice, form, status=400)


@require_GET
@billing_page
def invoice_file(request: ActorRequest, invoice_id: int, fmt: str) -> HttpResponse:
    invoice = selectors.invoice_get(request.actor, invoice_id=invoice_id)
    body, filename = services.invoice_download(actor=request.actor, invoice=invoice, fmt=fmt)
    response = HttpResponse(body, content_type=services.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
