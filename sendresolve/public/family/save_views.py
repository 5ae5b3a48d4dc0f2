"""Save and come back later: the request's answers, kept encrypted, back by an emailed link.

"Save and come back later" on a question page keeps what that page holds (when it is valid)
and asks for an email address; the link sent there opens the answers in any browser for
``retention_policy()["saved_requests"].days`` days (``sendresolve.drafts``). The link is not
single-use, because mail scanners open links before people do; instead, saving again from the
same browser replaces it (only the newest link works), and sending the request deletes it.

Sending is rate-limited by the client's address (a 429 page) and, quietly, by the address it
goes to, so no one can fill a stranger's inbox. The page is the same whatever address is
typed: there is nothing to find out about an address here.
"""

import datetime as dt

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sendresolve.core import clock, ratelimit
from sendresolve.core.forms import EmailField
from sendresolve.core.validators import EMAIL_INVALID
from sendresolve.drafts.selectors import SavedRequestGone, saved_request_open
from sendresolve.drafts.services import expiry_text, saved_request_discard, saved_request_send
from sendresolve.public.family import journey
from sendresolve.public.family.forms import FamilyForm
from sendresolve.public.family.ratelimit import HOUR, address_key
from sendresolve.retention.policy import retention_policy

TEMPLATES = "public/family/save/"
SAVED_KEY = "family_request_saved"  # the id of the saved request this browser saved or opened
SENT_KEY = "family_request_saved_sent"  # what the confirmation page says
ADDRESS_LIMIT = 10  # saves an hour from one client address
SENDS_PER_HOUR = 5  # links an hour to one email address
CHECK = "check"


class SaveForm(FamilyForm):
    email = EmailField(
        max_length=254,
        error_messages={"required": "Enter your email address", "invalid": EMAIL_INVALID},
    )


def _days() -> int:
    days = retention_policy()["saved_requests"].days
    assert days is not None  # noqa: S101 - the policy declares saved requests in days
    return days


def _origin(value: str) -> str:
    """Where the family came from: a question's slug or the check page (never a free URL)."""
    return value if value in journey.BY_SLUG or value == CHECK else ""


def _origin_url(origin: str, answers: dict) -> str:
    if origin in journey.BY_SLUG:
        return reverse("public:family-request-step", kwargs={"step": origin})
    if origin == CHECK:
        return reverse("public:family-request-check")
    following = journey.first_unanswered(answers)
    if following is None:
        return reverse("public:family-request-check")
    return reverse("public:family-request-step", kwargs={"step": following.slug})


def _private(response: HttpResponse) -> HttpResponse:
    """A saved request's link is a key to the answers: keep it out of referrers and search."""
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def saved_request_forget(request: HttpRequest) -> None:
    """The request was sent: delete the answers this browser saved (their link stops working)."""
    saved_request_discard(saved_id=request.session.pop(SAVED_KEY, None))
    request.session.pop(SENT_KEY, None)


@require_POST
def save_keep(request: HttpRequest, step: str) -> HttpResponse:
    """A question page's "Save and come back later": keep the page's answer if it is valid."""
    current = journey.BY_SLUG.get(step)
    if current is None:
        raise Http404("No such question")
    answers = dict(request.session.get(journey.SESSION_KEY, {}))
    if current.applies_to(answers):
        form = current.form(request.POST, answers=answers)
        if form.is_valid():
            answers.update(form.to_answers())
            request.session[journey.SESSION_KEY] = answers
    return redirect(reverse("public:family-request-save") + f"?from={current.slug}")


@never_cache
@require_http_methods(["GET", "POST"])
def save(request: HttpRequest) -> HttpResponse:
    answers = dict(request.session.get(journey.SESSION_KEY, {}))
    if not answers:
        return redirect("public:family-request")
    origin = _origin(request.GET.get("from", ""))
    if request.method == "POST":
        form = SaveForm(request.POST)
        if form.is_valid():
            if not ratelimit.hit(
                f"save:ip:{address_key(request)}", limit=ADDRESS_LIMIT, window=HOUR
            ):
                return render(request, TEMPLATES + "too_many.html", status=429)
            email = form.cleaned_data["email"]
            days = _days()
            if ratelimit.hit(f"save:to:{email.lower()}", limit=SENDS_PER_HOUR, window=HOUR):
                saved = saved_request_send(
                    answers=answers,
                    to=email,
                    days=days,
                    replaces=request.session.get(SAVED_KEY),
                    link_for=lambda token: request.build_absolute_uri(
                        reverse("public:family-request-return", kwargs={"token": token})
                    ),
                )
                request.session[SAVED_KEY] = saved.pk
                expires_at = saved.expires_at
            else:  # the page says the same: a stranger learns nothing about the address
                expires_at = clock.now() + dt.timedelta(days=days)
            request.session[SENT_KEY] = {
                "email": email,
                "expires": expiry_text(expires_at),
                "origin": origin,
            }
            return redirect("public:family-request-save-sent")
        status = 400
    else:
        form = SaveForm(initial={"email": answers.get("email", "")})
        status = 200
    return render(
        request,
        TEMPLATES + "save.html",
        {
            "form": form,
            "back": _origin_url(origin, answers),
            "days": _days(),
            "page_has_errors": bool(form.errors),
        },
        status=status,
    )


@never_cache
@require_GET
def save_sent(request: HttpRequest) -> HttpResponse:
    sent = request.session.get(SENT_KEY)
    if not sent:
        return redirect("public:family-request-save")
    answers = dict(request.session.get(journey.SESSION_KEY, {}))
    return render(
        request,
        TEMPLATES + "sent.html",
        {
            "sent": sent,
            "days": _days(),
            "per_hour": SENDS_PER_HOUR,
            "session_hours": settings.SESSION_COOKIE_AGE // 3600,
            "carry_on": _origin_url(_origin(sent.get("origin", "")), answers),
            "send_again": reverse("public:family-request-save")
            + (f"?from={sent['origin']}" if sent.get("origin") else ""),
        },
    )


@never_cache
@require_GET
def saved_return(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: the answers back into this browser, then the first question left."""
    try:
        saved, answers = saved_request_open(token=token)
    except SavedRequestGone as gone:
        return _private(
            render(
                request,
                TEMPLATES + "expired.html",
                {"days": _days(), "feedback_page": "/request/"},
                status=410 if gone.expired else 404,
            )
        )
    # A new session key: whoever held this browser's old one does not get the answers.
    request.session.cycle_key()
    request.session[journey.SESSION_KEY] = answers
    request.session[SAVED_KEY] = saved.pk
    request.session.pop(SENT_KEY, None)
    return _private(redirect(_origin_url("", answers)))
