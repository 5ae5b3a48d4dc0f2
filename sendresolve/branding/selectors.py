"""Reads of a provider's letterhead and message texts.

``letterhead`` is the one place that says what a provider prints at the top of what it sends
(letters, certificates, agreements, summaries, invoices' contact lines): its name, postal
address, phone, email, website and logo. ``template_override`` is what the sending code asks
for the text of one message kind; None means the default text of
``notifications.templates``.

``managed_providers`` says which providers an actor administers: only a provider manager's
active memberships count (issue 23: only the manager administers the provider).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from django.db.models import QuerySet

from sendresolve.branding.models import MessageTemplateVersion, ProviderBranding
from sendresolve.core.errors import NotFound
from sendresolve.tenancy.actors import Who, as_actor
from sendresolve.tenancy.models import Provider
from sendresolve.tenancy.roles import Role


@dataclass(frozen=True)
class Letterhead:
    name: str
    address: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    website: str = ""
    # A ``data:`` URI of the logo, or "" when there is none.
    logo: str = ""

    @property
    def contact(self) -> str:
        """How to reach the provider, on one line: "020 7946 0000 or team@example.org"."""
        return " or ".join(value for value in (self.phone, self.email) if value)

    @property
    def contact_lines(self) -> tuple[str, ...]:
        return tuple(value for value in (self.phone, self.email, self.website) if value)


def address_lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def logo_data_uri(branding: ProviderBranding | None) -> str:
    if branding is None or not branding.logo or not branding.logo_type:
        return ""
    encoded = base64.b64encode(bytes(branding.logo)).decode("ascii")
    return f"data:{branding.logo_type};base64,{encoded}"


def branding_of(provider: Provider) -> ProviderBranding | None:
    return ProviderBranding.objects.filter(provider=provider).first()


def letterhead(provider: Provider) -> Letterhead:
    branding = branding_of(provider)
    return Letterhead(
        name=provider.name,
        address=address_lines(branding.address if branding else ""),
        phone=provider.phone,
        email=provider.email,
        website=provider.website,
        logo=logo_data_uri(branding),
    )


# Merge fields every provider-sent message may use, filled from the provider's own record when
# the sending code has not: ``notifications.services.message_send``.
PROVIDER_FIELDS = (
    "provider_name",
    "provider_phone",
    "provider_email",
    "provider_website",
    "provider_address",
)


def provider_values(provider: Provider) -> dict[str, str]:
    """The provider merge fields' values; a detail the provider has not given is ""."""
    head = letterhead(provider)
    return {
        "provider_name": head.name,
        "provider_phone": head.phone or head.email or "us",
        "provider_email": head.email,
        "provider_website": head.website,
        "provider_address": ", ".join(head.address),
    }


def template_current(
    provider_id: int, template: str, channel: str
) -> MessageTemplateVersion | None:
    """The newest version saved for the kind, a reset included, or None."""
    return (
        MessageTemplateVersion.objects.filter(
            provider_id=provider_id, template=template, channel=channel
        )
        .order_by("-number")
        .first()
    )


def template_override(provider_id: int, template: str, channel: str) -> tuple[str, str] | None:
    """``(subject, body)`` the provider sends for the kind, or None for the default text."""
    current = template_current(provider_id, template, channel)
    if current is None or current.is_default:
        return None
    return current.subject, current.body


def changed_kinds(provider_id: int) -> set[tuple[str, str]]:
    """The ``(template, channel)`` kinds whose current text is the provider's own."""
    latest: dict[tuple[str, str], bool] = {}
    rows = MessageTemplateVersion.objects.filter(provider_id=provider_id).order_by("number")
    for template, channel, is_default in rows.values_list("template", "channel", "is_default"):
        latest[(template, channel)] = is_default
    return {kind for kind, is_default in latest.items() if not is_default}


def template_versions(
    provider_id: int, template: str, channel: str
) -> QuerySet[MessageTemplateVersion]:
    return (
        MessageTemplateVersion.objects.filter(
            provider_id=provider_id, template=template, channel=channel
        )
        .select_related("created_by")
        .order_by("-number")
    )


def managed_providers(who: Who) -> list[Provider]:
    """The providers the actor is an active provider manager of, by name."""
    ids = {
        m.provider_id
        for m in as_actor(who).memberships
        if m.role == Role.PROVIDER_MANAGER and m.provider_id is not None
    }
    return list(Provider.objects.filter(pk__in=sorted(ids)).order_by("name"))


def manages_a_provider(who: Who) -> bool:
    return any(
        m.role == Role.PROVIDER_MANAGER and m.provider_id is not None
        for m in as_actor(who).memberships
    )


def managed_provider(who: Who, slug: str = "") -> Provider:
    """The provider a page is about: the one named by ``slug``, else the first the actor
    manages. Raises ``NotFound`` when the actor manages none (or not that one)."""
    providers = managed_providers(who)
    if slug:
        providers = [provider for provider in providers if provider.slug == slug]
    if not providers:
        raise NotFound("No provider this user manages.")
    return providers[0]
