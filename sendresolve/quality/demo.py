"""Demo targets and a complaint (development only, from ``demo_seed``), so ``make run`` shows
red, amber and green on the reports and quality pages. Idempotent: targets a person has set are
left alone, and the demo complaint is made once."""

from __future__ import annotations

import datetime as dt

from sendresolve.core import clock
from sendresolve.quality.complaints import response_due
from sendresolve.quality.models import KpiTarget, ProviderComplaint
from sendresolve.tenancy.models import Commission, Provider

# (provider slug, LA name): certificates within 3 working days, held within 30 days, agreement.
DEMO_TARGETS = {
    ("global-mediation", "Barnet"): (95, 90, 60),
    ("global-mediation", "Westminster"): (90, 85, 50),
    ("global-mediation", "Camden"): (90, 80, 50),
    ("kids", "Southend-on-Sea"): (95, 90, 55),
}


def quality_demo_seed() -> None:
    for (slug, la_name), (certificates, held, agreement) in DEMO_TARGETS.items():
        commission = (
            Commission.objects.filter(provider__slug=slug, local_authority__name=la_name)
            .order_by("starts_on")
            .first()
        )
        if commission is None:
            continue
        KpiTarget.objects.get_or_create(
            commission=commission,
            defaults={
                "certificates_on_time": certificates,
                "held_within_30_days": held,
                "agreement_rate": agreement,
            },
        )
    provider = Provider.objects.filter(slug="global-mediation").first()
    if provider is None or ProviderComplaint.objects.filter(provider=provider).exists():
        return
    received = clock.today() - dt.timedelta(days=42)
    ProviderComplaint.objects.create(
        provider=provider,
        complainant=ProviderComplaint.From.FAMILY,
        received_on=received,
        summary="The family were not told the meeting had moved to a different room (demo).",
        response_due_on=response_due(received),
    )
