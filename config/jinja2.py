"""The Jinja2 environment for family and staff pages.

GOV.UK Frontend macros come from the ``govuk-frontend-jinja`` package and import as
``govuk_frontend_jinja/components/<name>/macro.html``; our own templates come from each app's
``jinja2/`` folder.
"""

from functools import lru_cache

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from sendresolve.core.templating import (
    choice_items,
    date_value,
    error_message,
    error_summary_items,
    london_time,
    long_date,
    short_date,
    submission_key,
    text_shown,
)


def url(name: str, *args, **kwargs) -> str:
    """Reverse a URL name inside templates.

    A staff page reverses 60 or so URLs, about 50 microseconds each, mostly the same few names
    with a case reference: so each answer is kept per process, keyed by everything ``reverse``
    reads (the name, the arguments, the script prefix and the URLconf), which change only with
    a new deploy or a test's settings. An argument that cannot be a key is reversed afresh."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    try:
        return _reversed(name, args, tuple(sorted(kwargs.items())), get_script_prefix(), urlconf)
    except TypeError:  # unhashable
        return reverse(name, args=args or None, kwargs=kwargs or None)


@lru_cache(maxsize=8192)
def _reversed(name: str, args: tuple, kwargs: tuple, prefix: str, urlconf: str) -> str:
    return reverse(name, args=args or None, kwargs=dict(kwargs) or None, urlconf=urlconf)


def csp_nonce(request) -> str:
    """This response's Content Security Policy nonce, or '' outside the CSP middleware.

    django-csp's ``request.csp_nonce`` is lazy and counts as false until it is read (the
    GOV.UK template tests ``{% if cspNonce %}``), and the nonce goes in the header only once
    read: so read it here, as text.
    """
    nonce = getattr(request, "csp_nonce", None)
    return "" if nonce is None else str(nonce)


def environment(**options) -> Environment:
    app_loader = options.pop("loader")
    options.pop("autoescape", None)
    env = Environment(
        loader=ChoiceLoader(
            [
                app_loader,
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
        autoescape=True,
        finalize=text_shown,
        **options,
    )
    env.globals.update(
        {
            "static": static,
            "url": url,
            "service_name": settings.SENDRESOLVE_SERVICE_NAME,
            "get_messages": get_messages,
            "error_message": error_message,
            "error_summary_items": error_summary_items,
            "date_value": date_value,
            "choice_items": choice_items,
            "csp_nonce": csp_nonce,
            "submission_key": submission_key,
        }
    )
    env.filters.update(
        {"long_date": long_date, "short_date": short_date, "london_time": london_time}
    )
    return env
