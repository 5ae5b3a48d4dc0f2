"""Staff pages for a provider's messages and letterhead (``/staff/provider/``), issue 23.

For a provider's managers only: everyone else gets 404, as for another tenant's objects (the
billing pages' convention). A manager of several providers chooses one with ``?provider=``
(its slug), carried by every link and form. Views parse, call one selector or service, render.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages as banners
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sendresolve.branding import messages, selectors, services
from sendresolve.branding.forms import BrandingForm, LogoForm, TemplateForm
from sendresolve.branding.models import MessageTemplateVersion
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.tenancy.actors import ActorRequest
from sendresolve.tenancy.models import Provider


def manager_page(view: Callable) -> Callable:
    """Signed in and a manager of the provider asked for (the first they manage if none)."""

    @login_required
    @wraps(view)
    def wrapper(request: ActorRequest, *args, **kwargs):
        slug = request.POST.get("provider") or request.GET.get("provider") or ""
        try:
            provider = selectors.managed_provider(request.actor, slug=str(slug))
            return view(request, provider, *args, **kwargs)
        except NotFound:
            raise Http404("Not found") from None

    return wrapper


def _kind(template: str, channel: str) -> messages.Kind:
    """The message kind in the URL, or a 404 page."""
    kind = messages.kind_get(template, channel)
    if kind is None:
        raise Http404("Not found")
    return kind


def _with_provider(url: str, provider: Provider, request: ActorRequest) -> str:
    """Keep ``?provider=`` on the way for a manager of more than one provider."""
    if len(selectors.managed_providers(request.actor)) > 1:
        return f"{url}?provider={provider.slug}"
    return url


def _common(request: ActorRequest, provider: Provider) -> dict:
    providers = selectors.managed_providers(request.actor)
    return {
        "provider": provider,
        "providers": providers,
        "provider_query": f"?provider={provider.slug}" if len(providers) > 1 else "",
    }


@require_GET
@manager_page
def message_list(request: ActorRequest, provider: Provider) -> HttpResponse:
    """Every message kind, its channel, and whether the provider's own text is sent."""
    changed = selectors.changed_kinds(provider.pk)
    rows = [(kind, (kind.id, str(kind.channel)) in changed) for kind in messages.kinds()]
    return render(
        request,
        "branding/messages.html",
        {**_common(request, provider), "rows": rows},
    )


def _edit_context(request, provider, kind, *, subject, body, form, changed_current) -> dict:
    head = selectors.letterhead(provider)
    preview_subject, preview_body = messages.preview(
        kind, subject=subject, body=body, letterhead=head
    )
    return {
        **_common(request, provider),
        "kind": kind,
        "form": form,
        "subject": subject,
        "body": body,
        "changed": changed_current,
        "fields": [
            (name, messages.field_description(name), name in kind.required) for name in kind.fields
        ],
        "preview_subject": preview_subject,
        "preview_paragraphs": [block for block in preview_body.split("\n\n") if block.strip()],
        "letterhead": head,
    }


@require_http_methods(["GET", "POST"])
@manager_page
def message_edit(
    request: ActorRequest, provider: Provider, template: str, channel: str
) -> HttpResponse:
    """The text sent for one kind, its merge fields, a preview with a made-up case, and save."""
    kind = _kind(template, channel)
    override = selectors.template_override(provider.pk, kind.id, kind.channel)
    subject, body = override if override else (kind.default_subject, kind.default_body)
    # "Preview" keeps the typed text in the session and shows it after a redirect, so a page
    # answered 200 to a POST always has errors on it, and reloading sends nothing again.
    draft_key = f"message-draft:{provider.pk}:{kind.id}:{kind.channel}"
    draft = request.session.pop(draft_key, None) if request.method == "GET" else None
    if isinstance(draft, dict):
        subject, body = str(draft.get("subject", "")), str(draft.get("body", ""))
    form = TemplateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        subject = form.cleaned_data["subject"] if kind.has_subject else ""
        body = form.cleaned_data["body"]
        problems = messages.text_errors(
            kind, subject=subject, body=body, letterhead=selectors.letterhead(provider)
        )
        for field, texts in problems.items():
            for text in texts:
                form.add_error(field, text)
        if not problems and form.cleaned_data["intent"] != "save":
            request.session[draft_key] = {"subject": subject, "body": body}
            url = reverse("staff:branding:message-edit", args=[kind.id, kind.channel])
            return redirect(_with_provider(url, provider, request) + "#preview")
        if not problems:
            try:
                version, created = services.template_save(
                    actor=request.actor, provider=provider, kind=kind, subject=subject, body=body
                )
            except ValidationError as error:
                form.add_error(error.field if error.field in form.fields else "body", str(error))
            else:
                if created:
                    banners.success(
                        request,
                        f"Message saved\nVersion {version.number} is what is sent from now on.",
                    )
                else:
                    banners.success(request, "No change\nThat is already the text sent.")
                url = reverse("staff:branding:message-list")
                return redirect(_with_provider(url, provider, request))
    context = _edit_context(
        request,
        provider,
        kind,
        subject=subject,
        body=body,
        form=form,
        changed_current=override is not None,
    )
    context["draft"] = draft is not None
    return render(
        request, "branding/message_edit.html", context, status=400 if form.errors else 200
    )


@require_GET
@manager_page
def message_history(
    request: ActorRequest, provider: Provider, template: str, channel: str
) -> HttpResponse:
    kind = _kind(template, channel)
    versions = selectors.template_versions(provider.pk, kind.id, kind.channel)
    return render(
        request,
        "branding/message_history.html",
        {**_common(request, provider), "kind": kind, "versions": versions},
    )


@require_GET
@manager_page
def message_version(
    request: ActorRequest, provider: Provider, template: str, channel: str, version: int
) -> HttpResponse:
    kind = _kind(template, channel)
    try:
        found = selectors.template_versions(provider.pk, kind.id, kind.channel).get(number=version)
    except MessageTemplateVersion.DoesNotExist:
        raise Http404("Not found") from None
    current = selectors.template_current(provider.pk, kind.id, kind.channel)
    return render(
        request,
        "branding/message_version.html",
        {
            **_common(request, provider),
            "kind": kind,
            "version": found,
            "is_current": current is not None and current.pk == found.pk,
            "paragraphs": [block for block in found.body.split("\n\n") if block.strip()],
        },
    )


@require_http_methods(["GET", "POST"])
@manager_page
def message_reset(
    request: ActorRequest, provider: Provider, template: str, channel: str
) -> HttpResponse:
    """Check, then go back to the default text (the provider's versions are kept)."""
    kind = _kind(template, channel)
    if request.method == "POST":
        _, changed = services.template_reset(actor=request.actor, provider=provider, kind=kind)
        if changed:
            banners.success(request, "Message reset\nThe default text is sent from now on.")
        return redirect(_with_provider(reverse("staff:branding:message-list"), provider, request))
    return render(
        request,
        "branding/message_reset.html",
        {
            **_common(request, provider),
            "kind": kind,
            "changed": selectors.template_override(provider.pk, kind.id, kind.channel) is not None,
            "paragraphs": [block for block in kind.default_body.split("\n\n") if block.strip()],
        },
    )


def _branding_page(request, provider, *, form=None, logo_form=None, status=200) -> HttpResponse:
    branding = selectors.branding_of(provider)
    if form is None:
        form = BrandingForm(
            initial={
                "phone": provider.phone,
                "email": provider.email,
                "website": provider.website,
                "address": branding.address if branding else "",
            }
        )
    return render(
        request,
        "branding/branding.html",
        {
            **_common(request, provider),
            "form": form,
            "logo_form": logo_form or LogoForm(),
            "letterhead": selectors.letterhead(provider),
            "logo_max": settings.SENDRESOLVE_LOGO_MAX_BYTES,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@manager_page
def branding(request: ActorRequest, provider: Provider) -> HttpResponse:
    """The provider's contact details and postal address, printed on what it sends."""
    if request.method == "GET":
        return _branding_page(request, provider)
    form = BrandingForm(request.POST)
    if not form.is_valid():
        return _branding_page(request, provider, form=form, status=400)
    changed = services.branding_update(actor=request.actor, provider=provider, **form.cleaned_data)
    if changed:
        banners.success(
            request, "Details saved\nLetters, certificates and agreements show them from now on."
        )
    return redirect(_with_provider(reverse("staff:branding:branding"), provider, request))


@require_POST
@manager_page
def logo(request: ActorRequest, provider: Provider) -> HttpResponse:
    """Upload a new logo, or take the logo off (``intent=remove``)."""
    if request.POST.get("intent") == "remove":
        if services.logo_remove(actor=request.actor, provider=provider):
            banners.success(request, "Logo removed")
        return redirect(_with_provider(reverse("staff:branding:branding"), provider, request))
    logo_form = LogoForm(request.POST, request.FILES)
    if logo_form.is_valid():
        try:
            services.logo_set(
                actor=request.actor, provider=provider, upload=logo_form.cleaned_data["logo"]
            )
        except ValidationError as error:
            logo_form.add_error("logo", str(error))
        else:
            banners.success(
                request, "Logo saved\nIt is printed on letters, certificates and agreements."
            )
            return redirect(_with_provider(reverse("staff:branding:branding"), provider, request))
    return _branding_page(request, provider, logo_form=logo_form, status=400)
