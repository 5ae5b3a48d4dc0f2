"""The family's travel expense claim, through their status link (issue 22).

One page: the costs, added one at a time ("Add another cost", and "Remove" on each, done on
the server so the page works without JavaScript), the receipts, then "Send claim". Sending is
the catalogue's family action ``expense_claim`` through ``recorder.action_perform`` with the
form's submission key, so a double click sends one claim. Receipts are scanned before anything
is stored (``casefiles``). The link is the family's permission (``public/family/links.py``): a
link not issued for the case answers 404, an old one 410, as the status page does.
"""

from typing import TypeVar

from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sendresolve.audit.services import audit_record
from sendresolve.casefiles.content import ALLOWED_WORDS
from sendresolve.casefiles.uploads import max_words, upload_too_large
from sendresolve.cases.models import Case
from sendresolve.cases.recorder import action_perform
from sendresolve.core import ratelimit
from sendresolve.core.errors import ValidationError
from sendresolve.expenses.selectors import family_claims
from sendresolve.expenses.services import (
    MAX_LINES,
    MAX_RECEIPTS,
    claimable_sessions,
    mileage_pence,
    pounds,
)
from sendresolve.public.family.expense_forms import ExpenseClaimForm, line_count
from sendresolve.public.family.pages import case_or_error_page, private_response
from sendresolve.public.family.status_forms import submission_key_new
from sendresolve.tenancy.actors import FamilyActor

R = TypeVar("R", bound=HttpResponseBase)
TEMPLATES = "public/family/status/"
CLAIMS_PER_DAY = 10
# Each answer kept between adding costs is at most this long (the form's longest is 200).
DRAFT_VALUE_MAX = 300
LINE_FIELDS = (
    "travelled_on_0",
    "travelled_on_1",
    "travelled_on_2",
    "mode",
    "description",
    "miles",
    "amount",
)


def _private(response: R) -> R:
    """A page with a form: its address goes to this site only (``pages.private_response``)."""
    return private_response(response, referrer="same-origin")


def _without_line(data: QueryDict, number: int, count: int) -> QueryDict:
    """The posted answers with line ``number`` taken out and the later lines moved up."""
    out = data.copy()
    for later in range(number, count):
        for name in LINE_FIELDS:
            out.setlist(f"line-{later}-{name}", data.getlist(f"line-{later + 1}-{name}"))
    for name in LINE_FIELDS:
        out.pop(f"line-{count}-{name}", None)
    out["lines"] = str(count - 1)
    return out


def _draft_key(case: Case) -> str:
    return f"expense-claim-draft:{case.pk}"


def _draft_keep(request: HttpRequest, case: Case, data: QueryDict) -> None:
    """Keep the answers typed so far (no files, no CSRF token) while a cost is added or
    removed; they go when the claim is sent, or with the session when the browser closes."""
    known = {"submission_key", "lines", "session"} | {
        f"line-{number}-{name}" for number in range(1, MAX_LINES + 1) for name in LINE_FIELDS
    }
    kept = {key: [value[:DRAFT_VALUE_MAX] for value in values[:1]] for key, values in data.lists()}
    request.session[_draft_key(case)] = {key: kept[key] for key in known & set(kept)}


def _draft(request: HttpRequest, case: Case) -> QueryDict | None:
    kept = request.session.get(_draft_key(case))
    if not isinstance(kept, dict):
        return None
    draft = QueryDict(mutable=True)
    for key, values in kept.items():
        if isinstance(key, str) and isinstance(values, list):
            draft.setlist(key, [str(value) for value in values])
    return draft


def _unchecked(form: ExpenseClaimForm) -> ExpenseClaimForm:
    """Show the posted answers again without checking them (a line was added or removed)."""
    form._errors = ErrorDict()  # type: ignore[attr-defined]  # Django's cache of errors
    return form


@never_cache
@require_http_methods(["GET", "POST"])
def expense_claim(request: HttpRequest, token: str) -> HttpResponse:
    case = case_or_error_page(request, token)
    if isinstance(case, HttpResponse):
        return case
    sessions = list(claimable_sessions(case))
    if not sessions:
        return _private(
            render(request, TEMPLATES + "expenses_not_yet.html", {"case": case, "token": token})
        )
    status = 200
    if request.method == "POST":
        count = line_count(request.POST)
        data: QueryDict = request.POST
        if "add" in data or "remove" in data:
            if "add" in data:
                data = data.copy()
                data["lines"] = str(min(count + 1, MAX_LINES))
            elif count > 1:
                number = line_count({"lines": data.get("remove")}, default=count)
                data = _without_line(data, min(number, count), count)
            # Kept in the family's session (as the online request's answers are) and shown
            # again by the page's GET: a form is answered by a redirect or its errors.
            _draft_keep(request, case, data)
            return _private(redirect("public:family-expenses", token=token))
        else:
            form = ExpenseClaimForm(data, lines=count, sessions=sessions)
            status = 400
            if upload_too_large(request):
                form.add_error("receipts", f"Each file must be smaller than {max_words()}")
            elif form.is_valid():
                if not ratelimit.hit(
                    f"family-expense|{case.pk}", limit=CLAIMS_PER_DAY, window=24 * 3600
                ):
                    status = 429
                    form.add_error(
                        None,
                        f"You can send up to {CLAIMS_PER_DAY} claims a day. Try again tomorrow",
                    )
                else:
                    try:
                        action_perform(
                            "expense_claim",
                            actor=FamilyActor(user=None, user_id=None, case_id=case.pk),
                            case=case,
                            submission_key=form.cleaned_data["submission_key"],
                            lines=form.line_inputs(),
                            receipts=request.FILES.getlist("receipts"),
                            session=form.cleaned_data.get("session"),
                        )
                    except ValidationError as error:
                        field = error.field if error.field in form.fields else None
                        form.add_error(field, str(error).rstrip("."))
                    else:
                        request.session.pop(_draft_key(case), None)
                        return redirect("public:family-expenses-sent", token=token)
    else:
        audit_record(
            actor=None,
            action="family.expenses.read",
            target=case,
            local_authority=case.local_authority,
            provider=case.provider,
        )
        draft = _draft(request, case)
        if draft is not None:
            form = _unchecked(ExpenseClaimForm(draft, lines=line_count(draft), sessions=sessions))
        else:
            form = ExpenseClaimForm(
                initial={"submission_key": submission_key_new(), "session": str(sessions[0].pk)},
                sessions=sessions,
            )
    return _private(
        render(
            request,
            TEMPLATES + "expenses.html",
            {
                "case": case,
                "token": token,
                "form": form,
                "line_numbers": list(range(1, form.lines + 1)),
                "can_add": form.lines < MAX_LINES,
                "max_receipts": MAX_RECEIPTS,
                "max_words": max_words(),
                "allowed_words": ALLOWED_WORDS,
                "rate": mileage_pence(case.local_authority_id),
                "local_authority": case.local_authority,
                "page_has_errors": bool(form.errors),
                "feedback_page": "/your-case/",
            },
            status=status if form.errors else 200,
        )
    )


@never_cache
@require_GET
def expense_sent(request: HttpRequest, token: str) -> HttpResponse:
    case = case_or_error_page(request, token)
    if isinstance(case, HttpResponse):
        return case
    claim = family_claims(case).first()
    return _private(
        render(
            request,
            TEMPLATES + "expenses_sent.html",
            {
                "case": case,
                "token": token,
                "claim": claim,
                "total": pounds(claim.total_pence) if claim else "",
                "local_authority": case.local_authority,
                "feedback_page": "/your-case/",
            },
        )
    )


def family_expenses(case: Case) -> dict:
    """What the status page says about travel expenses: each claim and its decision, and
    whether the family can claim (they have been to a meeting)."""
    claims = list(family_claims(case))
    return {
        "claims": [(claim, pounds(claim.total_pence)) for claim in claims],
        "can_claim": claimable_sessions(case).exists(),
    }
