"""The name of the page a format request is about, for the family's form and the staff queue.

A request stores the page's path only (never a query string or a status link's token); this
names the pages families ask about most, by the URL they resolve to.
"""

from django.urls import Resolver404, resolve

PAGE_NAMES = {
    "public:start": "The start page",
    "public:finder-advice": "What you can do (the route finder's advice)",
    "public:finder-check": "Check your answers (the route finder)",
    "public:finder-question": "A route finder question",
    "public:family-request": "Ask for mediation advice, mediation or disagreement resolution",
    "public:family-request-step": "Ask for mediation advice, mediation or disagreement resolution",
    "public:family-request-check": "Ask for mediation: check your answers",
    "public:family-request-sent": "Your request has been sent",
    "public:contacts": "Who runs mediation for your council",
    "public:contacts-la": "Who runs mediation for your council",
    "public:easy-read-start": "Easy Read: help when you disagree",
    "public:easy-read-advice": "Easy Read: mediation and appeals",
    "public:easy-read-certificate": "Easy Read: your mediation certificate",
}
# Status pages are stored as "/your-case/" (their own address is a key to the case).
CASE_PAGE = "/your-case/"


def page_name(path: str) -> str:
    """A plain name for the page at ``path``, or the path itself if it has none here."""
    if not path:
        return "Not known"
    if path == CASE_PAGE:
        return "The case's status page and certificates"
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return PAGE_NAMES.get(match.view_name, path)
