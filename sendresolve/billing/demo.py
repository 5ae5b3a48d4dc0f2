"""Demo contracts (development only, from ``demo_seed``): prices for the councils the demo's
cases are in, so ``make run`` can bill. Idempotent: terms a person has set are left alone.

The prices are made up for the demo: no provider's real prices are published.
"""

from __future__ import annotations

from sendresolve.billing.models import BillingProfile, ContractTerms
from sendresolve.tenancy.models import Commission, Provider

# (provider slug, LA name): price per advice call, mediation case, additional session, DR
# meeting, late cancellation (pence), and the cap (cases a year).
DEMO_TERMS = {
    ("global-mediation", "Barnet"): (9500, 60000, 25000, 45000, 15000, 60),
    ("global-mediation", "Westminster"): (9000, 57500, 24000, 42500, 15000, 40),
    ("global-mediation", "Camden"): (9000, 57500, 24000, 42500, 15000, None),
    ("kids", "Southend-on-Sea"): (8500, 55000, 22500, 40000, 12500, 30),
}
DEMO_PROFILES = {
    "global-mediation": (
        "Global Mediation\nUnit 9, Demo Business Park\nLondon\nN1 0AA",
        "GB 000 0000 00",
        "Demo Bank, sort code 00-00-00, account 00000000 (demo only)",
    ),
    "kids": (
        "KIDS SEND Mediation Service\nDemo House\nSouthend-on-Sea\nSS1 0AA",
        "",
        "Demo Bank, sort code 00-00-00, account 00000001 (demo only)",
    ),
}


def billing_demo_seed() -> None:
    for (slug, la_name), prices in DEMO_TERMS.items():
        commission = (
            Commission.objects.filter(provider__slug=slug, local_authority__name=la_name)
            .order_by("starts_on")
            .first()
        )
        if commission is None or ContractTerms.objects.filter(commission=commission).exists():
            continue
        advice, mediation, session, dr, cancellation, cap = prices
        ContractTerms.objects.create(
            commission=commission,
            valid_from=commission.starts_on,
            covers_health_only=la_name == "Barnet",  # NHS North Central London ICB
            price_advice_call=advice,
            price_mediation_case=mediation,
            price_additional_session=session,
            price_dr_meeting=dr,
            price_cancellation=cancellation,
            volume_cap=cap,
            po_number=f"PO-{commission.local_authority.dfe_code}-{commission.starts_on:%Y}",
            send_team_email=commission.local_authority.send_team_email,
        )
    for slug, (address, vat, payment) in DEMO_PROFILES.items():
        provider = Provider.objects.filter(slug=slug).first()
        if provider is not None and not BillingProfile.objects.filter(provider=provider).exists():
            BillingProfile.objects.create(
                provider=provider, address=address, vat_number=vat, payment_details=payment
            )
