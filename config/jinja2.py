"""The Jinja2 environment for family and staff pages.

GOV.UK Frontend macros come from the ``govuk-frontend-jinja`` package and import as
``govuk_frontend_jinja/components/<name>/macro.html``; our own templates come from each app's
``jinja2/`` folder.
"""

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
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
    """Reverse a URL name inside templates."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


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
