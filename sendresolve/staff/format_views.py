"""Requests for another format: the staff queue, marking one sent, and the Easy Read covering
letter of a certificate (to print and send).

The queue is the actor's providers' requests (``feedback.selectors.format_request_queue``);
marking one sent goes through ``feedback.services.format_request_mark_sent``, which does it
once however often the form is sent.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from sendresolve.audit.services import audit_record
from sendresolve.core import clock
from sendresolve.feedback.pages import page_name
from sendresolve.feedback.selectors import format_request_queue
from sendresolve.feedback.services import FORMAT_REQUEST_WORKING_DAYS, format_request_mark_sent
from sendresolve.staff.case_views import case_or_404
from sendresolve.staff.decorators import tenant_404
from sendresolve.tenancy.actors import ActorRequest

# Sent requests stay on the page for a while, so a colleague can see who sent what.
SENT_SHOWN = 50


@login_required
@require_GET
def format_requests(request: ActorRequest) -> HttpResponse:
    queue = format_request_queue(request.actor)
    to_send = list(queue.filter(state="new"))
    sent = list(queue.filter(state="done").order_by("-sent_at", "-id")[:SENT_SHOWN])
    today = clock.today()
    return render(
        request,
        "staff/format_requests.html",
        {
            "to_send": [(item, page_name(item.page), item.is_overdue(today)) for item in to_send],
            "sent": [(item, page_name(item.page)) for item in sent],
            "overdue": sum(1 for item in to_send if item.is_overdue(today)),
            "working_days": FORMAT_REQUEST_WORKING_DAYS,
            "shows_teams": request.actor.is_global or len(request.actor.provider_ids) > 1,
        },
    )


@login_required
@require_POST
@tenant_404
def format_request_sent(request: ActorRequest, request_id: int) -> HttpResponse:
    format_request, marked = format_request_mark_sent(
        actor=request.actor, format_request_id=request_id
    )
    if marked:
        messages.success(request, "Marked as sent")
    else:
        messages.info(
            request, "Already marked as sent\nThis form had already been sent, so it was done once."
        )
    return redirect("staff:format-requests")


@login_required
@require_GET
@tenant_404
def certificate_letter(request: ActorRequest, reference: str, number: str) -> HttpResponse:
    """The Easy Read covering letter of one certificate, with its number and dates, to print."""
    case = case_or_404(request, reference)
    certificate = case.certificates.filter(number=number).first()
    if certificate is None:
        raise Http404("No such certificate")
    audit_record(
        actor=request.actor,
        action="case.read.certificate_easy_read",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail={"number": number},
    )
    provider = case.provider
    letter = {
        "name": case.requester_name,
        "number": certificate.number,
        "appeal_deadline": certificate.appeal_deadline,
        "provider_name": provider.name if provider else "your mediation service",
        "provider_contact": ", ".join(c for c in (provider.phone, provider.email) if c)
        if provider
        else "",
    }
    return render(
        request,
        "staff/certificate_easy_read.html",
        {"case": case, "certificate": certificate, "letter": letter},
    )
