"""The GOV.UK service essentials for families: the privacy notice, the cookies page and the
accessibility statement, linked from every family page's footer (``layouts/base.html``).

What the pages state comes from the running configuration where it can: retention periods from
``retention.policy.retention_policy()`` (so an ``SENDRESOLVE_RETENTION`` override shows), and
the cookies' names and lifetimes from the settings and the finder's own cookie name. The staff
cookies page renders the same list (``cookies_set``), and a test walks the family journey and
staff sign-in and fails on any cookie this list does not name.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sendresolve.public.finder import answers as finder_answers
from sendresolve.retention.policy import Rule, retention_policy


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    lifetime: str


def _hours(seconds: int) -> str:
    hours = seconds // 3600
    if hours and seconds % 3600 == 0:
        return f"{hours} hour" + ("" if hours == 1 else "s")
    minutes = max(1, seconds // 60)
    return f"{minutes} minute" + ("" if minutes == 1 else "s")


def _days(seconds: int) -> str:
    days = seconds // 86400
    if days == 365:
        return "1 year"
    return f"{days} day" + ("" if days == 1 else "s")


def cookies_set() -> list[Cookie]:
    """Every cookie the service sets, named as the settings name it. All are strictly necessary."""
    session_age = _hours(settings.SESSION_COOKIE_AGE)
    if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE:
        session_lifetime = f"When you close your browser, or after {session_age} at most"
    else:
        session_lifetime = f"After {session_age}"
    return [
        Cookie(
            settings.SESSION_COOKIE_NAME,
            "Remembers your answers while you fill in a request, and keeps staff signed in",
            session_lifetime,
        ),
        Cookie(
            settings.CSRF_COOKIE_NAME,
            "Stops other websites sending forms as you",
            f"After {_days(settings.CSRF_COOKIE_AGE)}",
        ),
        Cookie(
            finder_answers.COOKIE,
            "Holds your answers to the route finder's questions, encrypted, so the service keeps "
            "nothing about you",
            f"When you close your browser; answers older than {session_age} are not read",
        ),
        Cookie(
            CookieStorage.cookie_name,
            "Carries a confirmation, such as “Note added”, to the next page",
            "As soon as the confirmation is shown",
        ),
    ]


def _kept(rule: Rule) -> str:
    if rule.days is not None:
        days = f"{rule.days} day" + ("" if rule.days == 1 else "s")
        return days if rule.kind == "saved_requests" else f"{days} after"
    years = f"{rule.years} year" + ("" if rule.years == 1 else "s")
    if rule.kind == "cases":
        text = f"{years} after the case closed"
        if rule.until_age:
            text += f", and not before the child would be {rule.until_age}"
        return text
    if rule.kind == "confidential_notes":
        return f"{years} after the case closed"
    return f"{years} after"


RETENTION_ROWS = (
    (
        "cases",
        "Your request and case: the child's and family's names, contact details, what the "
        "disagreement is about, and the case's record",
        "Names and contact details are removed {kept}. The dates, deadlines, outcomes and "
        "certificates stay, without names, for the yearly figures the law asks for.",
    ),
    (
        "confidential_notes",
        "The mediator's confidential notes",
        "Deleted {kept}.",
    ),
    (
        "outbox_messages",
        "Emails and text messages sent to you",
        "The address, subject and words are removed {kept} they were sent; a record that a "
        "message went stays.",
    ),
    (
        "format_requests",
        "A request for this service in another format",
        "Deleted {kept} it was made.",
    ),
    (
        "feedback",
        "Feedback (anonymous)",
        "Deleted {kept} it was given.",
    ),
    (
        "audit_events",
        "The record of who looked at or changed a case",
        "Deleted {kept} it was made.",
    ),
    (
        "saved_requests",
        "Answers you saved to finish your request later",
        "Kept, encrypted, for {kept}, while the link we emailed you works; then deleted. "
        "Deleted sooner if you send the request or save your answers again.",
    ),
    (
        "survey_comments",
        "Your answers to our satisfaction survey",
        "Your comments are deleted {kept} you gave them; your scores stay, without your name, "
        "for our yearly figures.",
    ),
    (
        "survey_invitations",
        "A survey invitation you did not answer",
        "Deleted {kept} the link stopped working.",
    ),
    (
        "provider_complaints",
        "A complaint about our service",
        "What the complaint was about is removed {kept} we answered it; the dates and the "
        "outcome stay.",
    ),
)


def retention_rows() -> list[tuple[str, str]]:
    """What is kept and for how long, from the retention policy in force."""
    policy = retention_policy()
    return [(what, how.format(kept=_kept(policy[kind]))) for kind, what, how in RETENTION_ROWS]


@require_GET
def privacy(request) -> HttpResponse:
    return render(request, "public/essentials/privacy.html", {"retention": retention_rows()})


@require_GET
def cookies(request) -> HttpResponse:
    return render(request, "public/essentials/cookies.html", {"cookies": cookies_set()})


@require_GET
def accessibility(request) -> HttpResponse:
    return render(request, "public/essentials/accessibility.html")
