"""The family's status page and certificates (through a signed link), changing their contact
details from it, and asking for a new link.

Changing the email address or phone number changes the link's fingerprint
(``public/family/links.py``), so the link used stops working: the change answers with a new
one, sends a new one to the new address, and a repeat sent with the old link (a double click)
is recognised by its submission key and answered like the first.

Asking for a new link always ends on the same page, whether or not the details matched a case,
so the form cannot be used to find out who has a case. It is rate-limited by the client's
address and by (case, address), never by case alone, and a case is sent only a few links an hour
(``public/family/ratelimit.py``).
"""

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sendresolve.agreements.family_views import family_agreement_context
from sendresolve.audit.services import audit_record
from sendresolve.cases.models import Case, Certificate
from sendresolve.cases.recorder import Replayed, action_perform, family_submission_performed
from sendresolve.core.errors import ValidationError
from sendresolve.core.external_links import TRIBUNAL_APPEAL_FORM, TRIBUNAL_GUIDANCE
from sendresolve.core.http import certificate_removed
from sendresolve.participation.selectors import needs_panel
from sendresolve.public.family import ratelimit
from sendresolve.public.family.expense_views import family_expenses
from sendresolve.public.family.forms import NewLinkForm
from sendresolve.public.family.links import (
    LinkExpired,
    LinkInvalid,
    case_for_stale_token,
    case_for_token,
    contact_matches,
    link_days,
    status_link_send,
    token_for,
)
from sendresolve.public.family.status import (
    contact_last_changed_by_family,
    family_agreement,
    family_certificates,
    family_issues,
    requested_label,
    status_sentence,
    upcoming_dates,
)
from sendresolve.public.family.status_forms import ContactChangeForm, submission_key_new
from sendresolve.public.family.visit import remember_for_feedback
from sendresolve.tenancy.actors import FamilyActor

TEMPLATES = "public/family/status/"
# How long after a change of contact details the same form, sent again with the link the change
# made stale, is answered as the first was (a double click, a resent page).
REPEAT_WITHIN = dt.timedelta(minutes=10)


NO_REFERRER = "no-referrer"
# A page with a form: Chromium sends ``Origin: null`` with a form posted from a page with no
# referrer, which Django's CSRF check refuses; the address still never leaves the site.
SAME_ORIGIN = "same-origin"


def _private(response: HttpResponse, referrer: str = NO_REFERRER) -> HttpResponse:
    """The page's address is a key to the case: keep it out of referrers, caches and search."""
    response["Referrer-Policy"] = referrer
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _case_or_error_page(request: HttpRequest, token: str) -> Case | HttpResponse:
    try:
        return case_for_token(token)
    except LinkExpired:
        return _private(
            render(
                request,
                TEMPLATES + "link_expired.html",
                {"days": link_days(), "feedback_page": "/your-case/"},
                status=410,
            ),
            SAME_ORIGIN,
        )
    except LinkInvalid:
        return _private(
            render(
                request,
                TEMPLATES + "link_invalid.html",
                {"feedback_page": "/your-case/"},
                status=404,
            )
        )


@never_cache
@require_GET
def status(request: HttpRequest, token: str) -> HttpResponse:
    case = _case_or_error_page(request, token)
    if isinstance(case, HttpResponse):
        return case
    audit_record(
        actor=None,
        action="family.status.read",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
    )
    remember_for_feedback(request, case.local_authority, case.provider)
    return _private(
        render(
            request,
            TEMPLATES + "status.html",
            {
                "case": case,
                "token": token,
                "sentence": status_sentence(case),
                "requested": requested_label(case),
                "issues": family_issues(case),
                "agreement": family_agreement(case),
                "upcoming": upcoming_dates(case),
                "certificates": list(family_certificates(case)),
                "appeal_form": TRIBUNAL_APPEAL_FORM,
                "appeal_guidance": TRIBUNAL_GUIDANCE,
                "provider": case.provider,
                "local_authority": case.local_authority,
                "feedback_page": "/your-case/",
                # The agreement document and the issues still in dispute (issue 21).
                **family_agreement_context(case),
                # What they told us they need to take part (issue 22).
                "taking_part": needs_panel(
                    FamilyActor(user=None, user_id=None, case_id=case.pk), case
                ),
                # Travel expenses (issue 22): the claims and their decisions.
                "expenses": family_expenses(case),
            },
        )
    )


@never_cache
@require_GET
def certificate(request: HttpRequest, token: str, number: str) -> HttpResponse:
    case = _case_or_error_page(request, token)
    if isinstance(case, HttpResponse):
        return case
    try:
        found = Certificate.objects.get(case=case, number=number)
    except Certificate.DoesNotExist:
        raise Http404("No such certificate") from None
    audit_record(
        actor=None,
        action="family.certificate.download",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail={"certificate_id": found.pk},
    )
    if not found.pdf:
        return certificate_removed()
    response = HttpResponse(bytes(found.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{found.number}.pdf"'
    return _private(response)


@never_cache
@require_http_methods(["GET", "POST"])
def contact_change(request: HttpRequest, token: str) -> HttpResponse:
    """Change my contact details: one page, the family's own action through the recorder."""
    if request.method == "POST":
        repeat = _repeat_of_change(request, token)
        if repeat is not None:
            return repeat
    case = _case_or_error_page(request, token)
    if isinstance(case, HttpResponse):
        return case
    if request.method == "POST":
        form = ContactChangeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            # Each change messages three addresses: a link held by someone else cannot be
            # turned into a way of sending mail (``ratelimit.CHANGES_PER_DAY``).
            if not ratelimit.change_allowed(case):
                return _private(render(request, TEMPLATES + "contact_too_many.html", status=429))
            try:
                result = action_perform(
                    "family_contact_change",
                    actor=FamilyActor(user=None, user_id=None, case_id=case.pk),
                    case=case,
                    submission_key=data["submission_key"],
                    email=data["email"],
                    phone=data["phone"],
                    preferred_channel=data["preferred_channel"],
                )
            except ValidationError as error:
                field = error.field if error.field in form.fields else "email"
                form.add_error(field, str(error))
            else:
                return _changed(request, case, token, first=not isinstance(result, Replayed))
    else:
        audit_record(
            actor=None,
            action="family.contact_details.read",
            target=case,
            local_authority=case.local_authority,
            provider=case.provider,
        )
        form = ContactChangeForm(
            initial={
                "email": case.email,
                "phone": case.phone,
                "preferred_channel": case.preferred_channel,
                "submission_key": submission_key_new(),
            }
        )
    return _private(
        render(
            request,
            TEMPLATES + "contact_change.html",
            {
                "case": case,
                "token": token,
                "form": form,
                "page_has_errors": bool(form.errors),
                "feedback_page": "/your-case/",
            },
            status=400 if form.errors else 200,
        ),
        SAME_ORIGIN,
    )


def _repeat_of_change(request: HttpRequest, token: str) -> HttpResponse | None:
    """A second submission of a change already made, sent with the link the first made stale:
    answered as the first was. Anything else goes on to the usual checks."""
    key = request.POST.get("submission_key", "")
    if not 16 <= len(key) <= 40:
        return None
    try:
        case_for_token(token)
        return None  # the link still works: the recorder's receipt answers a repeat
    except (LinkExpired, LinkInvalid):
        pass
    case = case_for_stale_token(token)
    if case is None or not contact_last_changed_by_family(case):
        return None  # staff have corrected the details since: the old link stays dead
    if not family_submission_performed(case, "family_contact_change", key, within=REPEAT_WITHIN):
        return None
    return _changed(request, case, token, first=False)


def _changed(request: HttpRequest, case: Case, token: str, *, first: bool) -> HttpResponse:
    """After a change: a working link (a new one if the change made the old one stale; sent to
    the new address once, on the first submission), then the confirmation page."""
    try:
        case_for_token(token)
        working = token
    except (LinkExpired, LinkInvalid):
        working = token_for(case)
        if first and ratelimit.send_allowed(case):
            status_link_send(case=case, base_url=request.build_absolute_uri("/"))
    return redirect("public:family-contact-changed", token=working)


@never_cache
@require_GET
def contact_changed(request: HttpRequest, token: str) -> HttpResponse:
    case = _case_or_error_page(request, token)
    if isinstance(case, HttpResponse):
        return case
    return _private(
        render(
            request,
            TEMPLATES + "contact_changed.html",
            {"case": case, "token": token, "provider": case.provider},
        )
    )


@never_cache
@require_http_methods(["GET", "POST"])
def new_link(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = NewLinkForm(request.POST)
        if form.is_valid():
            reference = form.cleaned_data["reference"]
            if not ratelimit.ask_allowed(request, reference):
                return render(request, TEMPLATES + "too_many.html", status=429)
            case = (
                Case.objects.select_related("provider", "local_authority")
                .filter(reference=reference)
                .first()
            )
            matched = contact_matches(case, form.cleaned_data["contact"]) if case else None
            if case is not None and matched and ratelimit.send_allowed(case):
                status_link_send(
                    case=case, base_url=request.build_absolute_uri("/"), matched=matched
                )
            return redirect("public:family-new-link-sent")
        status = 400
    else:
        form = NewLinkForm()
        status = 200
    return render(
        request,
        TEMPLATES + "new_link.html",
        {"form": form, "page_has_errors": bool(form.errors)},
        status=status,
    )


@require_GET
def new_link_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        TEMPLATES + "new_link_sent.html",
        {
            "days": link_days(),
            "per_hour": ratelimit.SENDS_PER_HOUR,
            "per_day": ratelimit.SENDS_PER_DAY,
        },
    )
