"""The online request: one question per page, check your answers, then a confirmation.

Answers are kept in the session, so going back, changing an answer or fixing an error never
loses what was already entered. Sending uses ``cases.services.case_request_online``, exactly as
staff open a case; a token per check-answers page, kept as a database receipt written with
the case (``cases.recorder.case_create_once``), stops a double click or a retry opening two
cases, across workers and servers.
"""

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sendresolve.cases.models import Case
from sendresolve.cases.recorder import case_create_once
from sendresolve.cases.services import IssueInput, OnlineRequest, case_request_online
from sendresolve.cases.services import provider_for_request as provider_lookup
from sendresolve.core import clock
from sendresolve.core.errors import ValidationError
from sendresolve.law.dates import long_date
from sendresolve.participation.services import needs_give
from sendresolve.public import wording
from sendresolve.public.family import forms, handover, journey
from sendresolve.public.family.links import link_days, status_link_send
from sendresolve.public.family.participation_summary import participation_rows
from sendresolve.public.family.save_views import saved_request_forget
from sendresolve.public.family.visit import remember_for_feedback
from sendresolve.public.finder import answers as finder_answers
from sendresolve.tenancy.models import LocalAuthority

TEMPLATES = "public/family/request/"
CARRIED_KEY = "family_request_carried"  # set when the answers came from the route finder
ACTION = "case_request_online"  # the receipts' name for a family's online request


def _answers(request: HttpRequest) -> dict:
    return dict(request.session.get(journey.SESSION_KEY, {}))


def _local_authority(answers: dict) -> LocalAuthority | None:
    code = answers.get("local_authority")
    return LocalAuthority.objects.filter(dfe_code=code).first() if code else None


def _step_url(step: journey.Step, *, change: bool = False) -> str:
    url = reverse("public:family-request-step", kwargs={"step": step.slug})
    return url + "?change=1" if change else url


@require_GET
def request_start(request: HttpRequest) -> HttpResponse:
    return redirect(_step_url(journey.STEPS[0]))


@never_cache
@require_GET
def request_from_finder(request: HttpRequest) -> HttpResponse:
    """Start the request with what the family told the route finder (``handover``), then ask
    only the questions still unanswered."""
    wanted = request.GET.get("request", "")
    finder = finder_answers.read(request)
    if wanted not in wording.REQUEST_LABELS or not finder:
        return redirect("public:family-request")
    answers = handover.request_answers(finder, request=wanted)
    request.session[journey.SESSION_KEY] = answers
    request.session[CARRIED_KEY] = True
    redirect_to = _check_service(request, answers)
    if redirect_to:
        return redirect_to
    following = journey.first_unanswered(answers)
    return redirect(_step_url(following) if following else "public:family-request-check")


@never_cache
@require_http_methods(["GET", "POST"])
def request_step(request: HttpRequest, step: str) -> HttpResponse:
    current = journey.BY_SLUG.get(step)
    if current is None:
        raise Http404("No such question")
    answers = _answers(request)
    change = request.GET.get("change") == "1"
    if not current.applies_to(answers):
        following = journey.first_unanswered(answers)
        return redirect(_step_url(following) if following else "public:family-request-check")
    if request.method == "POST":
        form = current.form(request.POST, answers=answers)
        if form.is_valid():
            answers.update(form.to_answers())
            request.session[journey.SESSION_KEY] = answers
            if current.slug in ("what", "council"):
                redirect_to = _check_service(request, answers)
                if redirect_to:
                    return redirect_to
            if change:
                following = journey.first_unanswered(answers)
                return redirect(
                    _step_url(following, change=True)
                    if following
                    else "public:family-request-check"
                )
            following = journey.next_unanswered(current, answers)
            return redirect(_step_url(following) if following else "public:family-request-check")
        status = 400
    else:
        form = current.form(initial=current.form.initial_from(answers), answers=answers)
        status = 200
    previous = journey.previous_step(current, answers)
    if change:
        back = reverse("public:family-request-check")
    elif previous:
        back = _step_url(previous)
    else:
        back = reverse("public:start")
    return render(
        request,
        TEMPLATES + current.template,
        {
            "form": form,
            "step": current,
            "answers": answers,
            "back": back,
            "page_has_errors": bool(form.errors),
            "request_choices": forms.REQUEST_CHOICES,
            "wording": wording,
            "carried": request.method == "GET" and request.session.pop(CARRIED_KEY, False),
        },
        status=status,
    )


def _check_service(request: HttpRequest, answers: dict) -> HttpResponse | None:
    """Stop early, with the council's contacts, if no provider takes this request online."""
    local_authority = _local_authority(answers)
    if local_authority is None or "request" not in answers:
        return None
    provider = provider_lookup(local_authority, answers["request"], on=clock.today())
    remember_for_feedback(request, local_authority, provider)
    if provider is None:
        return redirect("public:family-request-no-service")
    return None


@never_cache
@require_GET
def request_no_service(request: HttpRequest) -> HttpResponse:
    local_authority = _local_authority(_answers(request))
    if local_authority is None:
        return redirect("public:family-request")
    return render(
        request,
        TEMPLATES + "no_service.html",
        {"local_authority": local_authority, "back": _step_url(journey.BY_SLUG["council"])},
    )


def _summary_rows(answers: dict, local_authority) -> list[dict]:
    labels: dict[str, dict[Any, str]] = {
        "request": dict((v, label) for v, label, _ in forms.REQUEST_CHOICES),
        "requester": dict(forms.REQUESTER_CHOICES),
        "preferred_channel": dict(forms.CHANNEL_CHOICES),
        "subjects": dict(forms.subject_choices(answers.get("request"))),
    }

    def row(step: str, key: str, value: str, *, html: bool = False) -> dict:
        return {
            "key": {"text": key},
            "value": {"html": value} if html else {"text": value or "Not given"},
            "actions": {
                "items": [
                    {
                        "href": _step_url(journey.BY_SLUG[step], change=True),
                        "text": "Change",
                        "visuallyHiddenText": key.lower(),
                    }
                ]
            },
        }

    def answered_day(iso: str | None) -> str:
        return long_date(dt.date.fromisoformat(iso), weekday=False) if iso else ""

    rows = [
        row("what", "What you are asking for", labels["request"].get(answers.get("request"), "")),
        row("council", "Council", local_authority.name if local_authority else ""),
        row("who", "Who is asking", labels["requester"].get(answers.get("requester"), "")),
        row("child", "Child or young person", answers.get("child_name", "")),
        row("child", "Date of birth", answered_day(answers.get("child_date_of_birth"))),
    ]
    if journey.BY_SLUG["your-name"].applies_to(answers):
        rows.append(row("your-name", "Your name", answers.get("requester_name", "")))
    rows += [
        row("contact", "Email address", answers.get("email", "")),
        row("contact", "Phone number", answers.get("phone", "")),
        row(
            "contact",
            "Best way to contact you",
            labels["preferred_channel"].get(answers.get("preferred_channel"), ""),
        ),
        row(
            "about",
            "What it is about",
            "; ".join(labels["subjects"].get(s, s) for s in answers.get("subjects", [])),
        ),
        row("about", "More about it", answers.get("decision_description", "")),
    ]
    if journey.BY_SLUG["decision-date"].applies_to(answers):
        rows.append(
            row(
                "decision-date",
                "Date on the decision letter",
                wording.NO_LETTER_SUMMARY
                if answers.get("decision_letter_unknown")
                else answered_day(answers.get("decision_letter_date")),
            )
        )
        rows.append(
            row(
                "health",
                "Also about health care",
                "Yes" if answers.get("health_care_in_issue") == "yes" else "No",
            )
        )
    rows += [row(slug, key, value) for slug, key, value in participation_rows(answers)]
    return rows


@never_cache
@require_http_methods(["GET", "POST"])
def request_check(request: HttpRequest) -> HttpResponse:
    answers = _answers(request)
    if request.method == "POST":
        return _submit(request, answers)
    unanswered = journey.first_unanswered(answers)
    if unanswered is not None:
        return redirect(_step_url(unanswered))
    token = request.session.get(journey.SUBMIT_KEY) or secrets.token_urlsafe(24)
    request.session[journey.SUBMIT_KEY] = token
    local_authority = _local_authority(answers)
    if local_authority is None:  # the council answered is no longer listed
        return redirect(_step_url(journey.BY_SLUG["council"]))
    provider = provider_lookup(local_authority, answers["request"], on=clock.today())
    return render(
        request,
        TEMPLATES + "check.html",
        {
            "rows": _summary_rows(answers, local_authority),
            "token": token,
            "provider": provider,
            "local_authority": local_authority,
            "back": _step_url(journey.applicable(answers)[-1]),
        },
    )


def _submit(request: HttpRequest, answers: dict) -> HttpResponse:
    form = forms.CheckForm(request.POST)
    token = form.data.get("token", "")
    done = request.session.get(journey.DONE_KEY) or {}
    if not form.is_valid() or not token:
        return redirect("public:family-request-check")
    if done.get("token") == token:
        return redirect("public:family-request-sent")  # a second click: already sent
    if token != request.session.get(journey.SUBMIT_KEY):
        return redirect("public:family-request-sent" if done else "public:family-request-check")
    unanswered = journey.first_unanswered(answers)
    if unanswered is not None:
        return redirect(_step_url(unanswered))
    local_authority = _local_authority(answers)
    if local_authority is None:  # the council answered is no longer listed
        return redirect(_step_url(journey.BY_SLUG["council"]))
    mediation = answers["request"] != OnlineRequest.DISAGREEMENT_RESOLUTION
    letter = (answers.get("decision_letter_date") or None) if mediation else None
    born = answers.get("child_date_of_birth")

    def create() -> Case:
        case = case_request_online(
            local_authority=local_authority,
            request=answers["request"],
            child_name=answers["child_name"],
            child_date_of_birth=dt.date.fromisoformat(born) if born else None,
            requester=answers["requester"],
            requester_name=journey.requester_name(answers),
            issues=[IssueInput(subject=s) for s in answers["subjects"]],
            email=answers.get("email", ""),
            phone=answers.get("phone", ""),
            preferred_channel=answers["preferred_channel"],
            decision_description=answers.get("decision_description", ""),
            decision_letter_date=dt.date.fromisoformat(letter) if letter else None,
            health_care_in_issue=mediation and answers.get("health_care_in_issue") == "yes",
        )
        needs_give(case=case, answers=answers)  # what they need to take part, with the case
        status_link_send(case=case, base_url=request.build_absolute_uri("/"))
        return case

    # The token's receipt is written in the case's own transaction and is unique, so of
    # several posts of this page racing (on any worker or server) one opens the case and the
    # others find it and show the same confirmation.
    try:
        case, _ = case_create_once(
            user_id=None, submission_key=_receipt_key(token), action=ACTION, create=create
        )
    except ValidationError as error:
        if error.field == "local_authority":
            return redirect("public:family-request-no-service")
        # An answer about taking part the service refuses (stricter than its page): ask again.
        step = journey.step_for_field(error.field or "")
        if step is not None:
            return redirect(_step_url(step))
        raise
    request.session[journey.DONE_KEY] = {
        "token": token,
        "reference": case.reference,
        "request": answers["request"],
        "provider": case.provider.name,
        "provider_phone": case.provider.phone,
        "provider_email": case.provider.email,
        "email": case.email,
        "phone": case.phone,
        "no_letter": mediation and letter is None,
    }
    remember_for_feedback(request, case.local_authority, case.provider)
    request.session.pop(journey.SESSION_KEY, None)
    request.session.pop(journey.SUBMIT_KEY, None)
    saved_request_forget(request)  # answers saved to come back to go once the request is sent
    return redirect("public:family-request-sent")


def _receipt_key(token: str) -> str:
    """The receipt's key: a digest, so the session's token is not stored anywhere else."""
    return "family:" + hashlib.sha256(token.encode()).hexdigest()[:64]


@never_cache
@require_GET
def request_sent(request: HttpRequest) -> HttpResponse:
    done = request.session.get(journey.DONE_KEY)
    if not done:
        return redirect("public:family-request")
    return render(
        request,
        TEMPLATES + "sent.html",
        {"done": done, "link_days": link_days(), "wording": wording},
    )
