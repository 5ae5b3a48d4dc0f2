"""Reads for contracts and invoices, scoped to the actor.

Only a provider's managers and finance officers see its contracts and invoices
(``BILLING_ROLES`` memberships); everyone else, administrators included, finds nothing, so
every page and API operation answers 404. Nothing here reads case content: invoice lines hold
the case reference only.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum

from sendresolve.billing.models import ContractTerms, Invoice, InvoiceLine
from sendresolve.core.errors import NotFound
from sendresolve.tenancy.actors import Who, as_actor
from sendresolve.tenancy.models import Commission
from sendresolve.tenancy.roles import Role

BILLING_ROLES = frozenset({Role.PROVIDER_MANAGER, Role.FINANCE})


def billing_provider_ids(who: Who) -> frozenset[int]:
    """The providers whose contracts and invoices the actor keeps."""
    return frozenset(
        m.provider_id
        for m in as_actor(who).memberships
        if m.role in BILLING_ROLES and m.provider_id is not None
    )


def can_bill(who: Who) -> bool:
    return bool(billing_provider_ids(who))


def commissions_for(who: Who) -> QuerySet[Commission]:
    """Every commission (current and past) of the actor's providers, by LA."""
    return (
        Commission.objects.filter(provider_id__in=sorted(billing_provider_ids(who)))
        .select_related("provider", "local_authority")
        .order_by("local_authority__name", "-starts_on")
    )


def commission_get(who: Who, *, commission_id: int) -> Commission:
    try:
        return commissions_for(who).get(pk=commission_id)
    except Commission.DoesNotExist:
        raise NotFound("No such commission for this user.") from None


def commission_on(*, provider_id: int, local_authority_id: int, on: dt.date) -> Commission | None:
    """The provider's commission for the LA in force on a day (the latest to start)."""
    return (
        Commission.objects.filter(provider_id=provider_id, local_authority_id=local_authority_id)
        .filter(starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .order_by("-starts_on")
        .first()
    )


def terms_history(commission: Commission) -> QuerySet[ContractTerms]:
    return ContractTerms.objects.filter(commission=commission).order_by("-valid_from")


def terms_in_force(commission: Commission, *, on: dt.date) -> ContractTerms | None:
    return (
        terms_history(commission)
        .filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .first()
    )


def terms_in_force_for(who: Who, *, on: dt.date) -> QuerySet[ContractTerms]:
    """The terms in force on a day of every commission of the actor's providers."""
    return ContractTerms.objects.filter(
        commission__provider_id__in=sorted(billing_provider_ids(who)), valid_from__lte=on
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def invoices_for(who: Who) -> QuerySet[Invoice]:
    """The invoices of the actor's providers, each with its lines' total (a subquery per
    invoice, not a join grouped by every column of the invoice and what it selects)."""
    totals = (
        InvoiceLine.objects.filter(invoice=OuterRef("pk"))
        .order_by()
        .values("invoice")
        .annotate(total=Sum("amount_pence"))
        .values("total")
    )
    return (
        Invoice.objects.filter(provider_id__in=sorted(billing_provider_ids(who)))
        .select_related("provider", "local_authority", "credits")
        .annotate(total_pence=Subquery(totals))
    )


def invoice_get(who: Who, *, invoice_id: int) -> Invoice:
    try:
        return invoices_for(who).get(pk=invoice_id)
    except Invoice.DoesNotExist:
        raise NotFound("No such invoice for this user.") from None


def invoice_lines(invoice: Invoice) -> QuerySet[InvoiceLine]:
    return invoice.lines.select_related("terms").annotate(
        credited_pence=Sum("credited_by__amount_pence")
    )


def invoice_total(invoice: Invoice) -> int:
    return int(invoice.lines.aggregate(total=Sum("amount_pence"))["total"] or 0)
