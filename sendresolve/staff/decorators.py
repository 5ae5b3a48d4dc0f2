"""Decorators every staff page module shares."""

import re
from functools import wraps

from django.http import Http404, HttpResponse
from django.shortcuts import redirect

from sendresolve.cases.actions import ACTIONS
from sendresolve.cases.models import ActionReceipt
from sendresolve.cases.recorder import KEY_KEPT
from sendresolve.core import clock
from sendresolve.core.errors import NotFound
from sendresolve.staff.banners import banner_add

SUBMISSION_KEY = re.compile(r"[0-9a-f]{32}")


def tenant_404(view):
    """Turn a selector's ``NotFound`` into a 404, so other tenants' objects look missing.

    A form sent again after its action was done (a double click landing after the first
    committed) may find the action no longer offered: if the user's receipt for the form's key
    is on this case, it is answered as the first was, with the case page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            answer = _answered_before(request, kwargs.get("reference"))
            if answer is not None:
                return answer
            raise Http404("Not found") from None
        except Http404:
            answer = _answered_before(request, kwargs.get("reference"))
            if answer is not None:
                return answer
            raise

    return wrapper


def _answered_before(request, reference: str | None) -> HttpResponse | None:
    key = request.POST.get("submission_key", "") if request.method == "POST" else ""
    if not reference or not SUBMISSION_KEY.fullmatch(key) or not request.user.is_authenticated:
        return None
    action = (
        ActionReceipt.objects.filter(
            user_id=request.user.pk,
            key=key,
            case__reference=reference,
            created_at__gte=clock.now() - KEY_KEPT,
        )
        .values_list("action", flat=True)
        .first()
    )
    if action is None:
        return None
    title = ACTIONS[action].title if action in ACTIONS else "Open the case"
    banner_add(request, title=title, queued=[], case=None, repeated=True)
    return redirect("staff:case", reference=reference)
