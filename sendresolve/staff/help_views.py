"""The staff pages' footer pages: privacy, accessibility and cookies, as they apply to staff.

Open to anyone, signed in or not (the sign-in page links to them too); a session signed in with
a password alone is nobody here (``staff.middleware.OPEN_VIEWS``).
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sendresolve.public import essentials


@require_GET
def privacy(request) -> HttpResponse:
    return render(request, "staff/help/privacy.html")


@require_GET
def accessibility(request) -> HttpResponse:
    return render(request, "staff/help/accessibility.html")


@require_GET
def cookies(request) -> HttpResponse:
    return render(request, "staff/help/cookies.html", {"cookies": essentials.cookies_set()})
