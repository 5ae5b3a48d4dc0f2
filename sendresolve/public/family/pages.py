"""What every page behind a family's status link shares: the link checked (or the page saying
why it does not work), and responses kept out of referrers and search.

The link is the family's permission (``public/family/links.py``): a link not issued for the
case answers 404, an old one 410.
"""

from typing import TypeVar

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from sendresolve.cases.models import Case
from sendresolve.public.family.links import LinkExpired, LinkInvalid, case_for_token, link_days

R = TypeVar("R", bound=HttpResponseBase)
TEMPLATES = "public/family/status/"


def private_response(response: R, *, referrer: str = "no-referrer") -> R:
    """The page's address is a key to the case: keep it out of referrers and search. A page
    with a form sends its address to this site only ("same-origin"): under "no-referrer" the
    browser posts the form with ``Origin: null``, which Django's CSRF check refuses."""
    response["Referrer-Policy"] = referrer
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def case_or_error_page(request: HttpRequest, token: str) -> Case | HttpResponse:
    """The link's case, or the page that says the link has expired (410) or is not ours (404)."""
    try:
        return case_for_token(token)
    except LinkExpired:
        context = {"days": link_days(), "feedback_page": "/your-case/"}
        return private_response(
            render(request, TEMPLATES + "link_expired.html", context, status=410)
        )
    except LinkInvalid:
        context = {"feedback_page": "/your-case/"}
        return private_response(
            render(request, TEMPLATES + "link_invalid.html", context, status=404)
        )
