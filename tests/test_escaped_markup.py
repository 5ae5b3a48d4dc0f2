"""No page shows escaped markup (``&lt;p class='govuk-body-s'&gt;…``) as text.

Markup built as a string and escaped again shows its tags to the reader. Two sweeps look for it
in the visible text of every HTML page: the URL sweep's pages (``tests/test_url_sweep.py``) for
every persona, and a crawl of the demo (every page linked from the work queue and each demo
case, as the demo's administrator, adviser and LA officer, and each demo family's status page).
"""

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse

from sendresolve.cases.models import Case
from sendresolve.public.family import links
from sendresolve.staff.tests.test_case_pages import (
    CASE_URL_RULES,
    case_url,
    full_case,  # noqa: F401 (a fixture)
)
from tests.test_url_sweep import (
    PERSONAS,
    RULES,
    families,  # noqa: F401 (a fixture)
    needs_family,
    visit_as,  # noqa: F401 (a fixture)
)

# An escaped tag in the page's text: "&lt;p", "&lt;/p", "&lt;strong" and the like.
ESCAPED_TAG = re.compile(r"&lt;/?[a-zA-Z][a-zA-Z0-9-]*(?:[\s/]|&gt;)|&lt;/")
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]*>")
# Not pages: files, and the ways out.
SKIP = re.compile(r"\.(pdf|csv|xlsx|ics|json)$|^/admin/|/sign-out/|^/api/")


def escaped_tags(html: str) -> list[str]:
    """The escaped tags in the text of a page (not in its attributes, scripts or styles)."""
    text = TAG.sub(" ", SCRIPT_OR_STYLE.sub(" ", html))
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in ESCAPED_TAG.finditer(text)]


def test_escaped_tags_are_found():
    assert escaped_tags("<p>&lt;p class='govuk-body-s'&gt;Rule&lt;/p&gt;</p>")
    assert escaped_tags("<td>a &lt;/strong&gt; b</td>")
    assert escaped_tags('<a title="&lt;p&gt;">x</a> 3 &lt; 4, a&lt;b') == []


def html_of(response) -> str | None:
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return None
    return response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_of_the_url_sweep_shows_escaped_markup(db, request, persona):
    """Every page the URL sweep opens, and every case page on the full case."""
    family_links = request.getfixturevalue("families")
    the_full_case = request.getfixturevalue("full_case")
    client = request.getfixturevalue("visit_as")(persona)
    urls = []
    for name, (kwargs, method, _, _) in sorted(RULES.items()):
        if method != "get":
            continue
        if needs_family(kwargs):
            values = family_links.values(persona)
            kwargs = {key: value.format(**values) for key, value in kwargs.items()}
        urls.append(reverse(name, kwargs=kwargs))
    urls += [
        case_url(name, *the_full_case)
        for name, (method, _) in sorted(CASE_URL_RULES.items())
        if method == "get"
    ]
    wrong = {}
    for url in urls:
        html = html_of(client.get(url))
        if html and escaped_tags(html):
            wrong[url] = escaped_tags(html)
    assert wrong == {}


# -- the demo -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module and rolled back at the end."""
    from sendresolve.demo.services import demo_seed

    with django_db_blocker.unblock(), transaction.atomic():
        demo_seed()
        yield
        transaction.set_rollback(True)


def crawl(client: Client, starts: list[str], *, within: str) -> dict[str, list[str]]:
    """Open every page linked from ``starts`` whose path starts ``within`` (no query strings);
    return the escaped tags found on each page that has any."""
    seen: set[str] = set()
    queue = list(starts)
    wrong = {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        html = html_of(client.get(url))
        if html is None:
            continue
        if found := escaped_tags(html):
            wrong[url] = found
        for href in re.findall(r'href="([^"#?]+)', html):
            path = urlsplit(unescape(href)).path
            if path.startswith(within) and not SKIP.search(path) and path not in seen:
                queue.append(path)
    assert len(seen) > len(starts), "the crawl found no links"
    return wrong


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username", ["admin@sendresolve.demo", "adviser@global.demo", "officer@barnet.demo"]
)
def test_no_staff_page_of_the_demo_shows_escaped_markup(demo, client, username):
    client.force_login(get_user_model().objects.get(username=username))
    cases = [
        reverse("staff:case", args=[reference])
        for reference in Case.objects.values_list("reference", flat=True)
    ]
    starts = [reverse("staff:home"), reverse("reports:report"), *cases]
    assert crawl(client, starts, within="/staff/") == {}


@pytest.mark.django_db
def test_no_family_page_of_the_demo_shows_escaped_markup(demo, client):
    statuses = [
        reverse("public:family-status", args=[links.token_for(case)])
        for case in Case.objects.exclude(email="")
    ]
    assert statuses
    assert crawl(client, [reverse("public:start"), *statuses], within="/") == {}
