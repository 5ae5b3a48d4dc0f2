"""Decorators every staff page module shares."""

from functools import wraps

from django.http import Http404

from sendresolve.core.errors import NotFound


def tenant_404(view):
    """Turn a selector's ``NotFound`` into a 404, so other tenants' objects look missing."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404("Not found") from None

    return wrapper
