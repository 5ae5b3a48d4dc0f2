"""Staff webhook pages: register endpoints, see the delivery log, replay, rotate, delete.

An organisation's endpoints are managed by its provider managers, LA officers or health
commissioners, and by administrators; anyone else, and another organisation's endpoint or
delivery, gets 404. A new or rotated secret is shown once, on the page the form leads to (it is
kept in the session until then, and only sealed in the database).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sendresolve.audit.services import audit_record
from sendresolve.core.errors import ValidationError
from sendresolve.staff.decorators import tenant_404
from sendresolve.tenancy.actors import ActorRequest
from sendresolve.webhooks import services
from sendresolve.webhooks.events import EventType
from sendresolve.webhooks.forms import EndpointForm
from sendresolve.webhooks.selectors import (
    deliveries_of,
    delivery_get,
    endpoint_get,
    endpoints_for,
    managed_by,
    owner_choices,
)

LOG_SHOWN = 50
SECRET_SESSION_KEY = "webhook_secret:{}"  # noqa: S105 (a session key name)


def _manager_or_404(request: ActorRequest) -> None:
    if not managed_by(request.actor).anything:
        raise Http404("No webhooks to manage")


def _secret_keep(request: ActorRequest, endpoint_id: int, secret: str) -> None:
    request.session[SECRET_SESSION_KEY.format(endpoint_id)] = secret


@login_required
@require_GET
def endpoint_list(request: ActorRequest) -> HttpResponse:
    _manager_or_404(request)
    endpoints = list(endpoints_for(request.actor))
    audit_record(
        actor=request.actor, action="webhook.endpoint.list", detail={"count": len(endpoints)}
    )
    return render(
        request,
        "webhooks/endpoints.html",
        {"endpoints": endpoints, "event_labels": dict(EventType.choices)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_new(request: ActorRequest) -> HttpResponse:
    _manager_or_404(request)
    form = EndpointForm(request.POST or None, owners=owner_choices(request.actor))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            endpoint, secret = services.endpoint_create(
                actor=request.actor,
                owner=data["owner"],
                url=data["url"],
                description=data.get("description", ""),
                event_types=data["event_types"],
            )
        except ValidationError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, str(error))
        else:
            if secret is not None:
                _secret_keep(request, endpoint.pk, secret)
                messages.success(request, f"Webhook endpoint added\n{endpoint.url}")
            return redirect("staff:webhook", endpoint_id=endpoint.pk)
    return render(
        request,
        "webhooks/endpoint_form.html",
        {"form": form, "single_owner": len(form.fields["owner"].choices) == 1},  # type: ignore[attr-defined]
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
@tenant_404
def endpoint_page(request: ActorRequest, endpoint_id: int) -> HttpResponse:
    endpoint = endpoint_get(request.actor, endpoint_id=endpoint_id)
    secret = request.session.pop(SECRET_SESSION_KEY.format(endpoint.pk), None)
    deliveries = list(deliveries_of(endpoint)[:LOG_SHOWN])
    audit_record(
        actor=request.actor,
        action="webhook.endpoint.read",
        target=endpoint,
        local_authority=endpoint.local_authority,
        provider=endpoint.provider,
        detail={"endpoint_id": endpoint.pk},
    )
    return render(
        request,
        "webhooks/endpoint.html",
        {
            "endpoint": endpoint,
            "secret": secret,
            "deliveries": deliveries,
            "event_labels": dict(EventType.choices),
            "shown": LOG_SHOWN,
        },
    )


@login_required
@require_POST
@tenant_404
def endpoint_rotate_view(request: ActorRequest, endpoint_id: int) -> HttpResponse:
    endpoint = endpoint_get(request.actor, endpoint_id=endpoint_id)
    secret = services.endpoint_rotate(actor=request.actor, endpoint=endpoint)
    _secret_keep(request, endpoint.pk, secret)
    messages.success(request, "New signing secret made\nThe old one also signs for 24 hours.")
    return redirect("staff:webhook", endpoint_id=endpoint.pk)


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def endpoint_delete_view(request: ActorRequest, endpoint_id: int) -> HttpResponse:
    endpoint = endpoint_get(request.actor, endpoint_id=endpoint_id)
    if request.method == "POST":
        services.endpoint_delete(actor=request.actor, endpoint=endpoint)
        messages.success(request, f"Webhook endpoint deleted\n{endpoint.url}")
        return redirect("staff:webhooks")
    return render(request, "webhooks/endpoint_delete.html", {"endpoint": endpoint})


@login_required
@require_GET
@tenant_404
def delivery_page(request: ActorRequest, endpoint_id: int, delivery_id: int) -> HttpResponse:
    endpoint = endpoint_get(request.actor, endpoint_id=endpoint_id)
    delivery = delivery_get(endpoint, delivery_id=delivery_id)
    audit_record(
        actor=request.actor,
        action="webhook.delivery.read",
        target=endpoint,
        local_authority=endpoint.local_authority,
        provider=endpoint.provider,
        detail={"endpoint_id": endpoint.pk, "delivery_id": delivery.pk},
    )
    return render(
        request,
        "webhooks/delivery.html",
        {
            "endpoint": endpoint,
            "delivery": delivery,
            "attempts": list(delivery.attempt_log.all()),
            "event_labels": dict(EventType.choices),
        },
    )


@login_required
@require_POST
@tenant_404
def delivery_replay_view(request: ActorRequest, endpoint_id: int, delivery_id: int) -> HttpResponse:
    endpoint = endpoint_get(request.actor, endpoint_id=endpoint_id)
    delivery = delivery_get(endpoint, delivery_id=delivery_id)
    replay, new = services.delivery_replay(actor=request.actor, delivery=delivery)
    if new:
        messages.success(request, "Delivery queued to be sent again")
    else:
        messages.info(request, "This delivery is already waiting to be sent again")
    return redirect("staff:webhook-delivery", endpoint_id=endpoint.pk, delivery_id=replay.pk)
