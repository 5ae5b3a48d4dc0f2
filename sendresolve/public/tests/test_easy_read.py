"""Easy Read pages: pictures beside short sentences, the OpenMoji credit, and links both ways
with the standard pages (issue 20)."""

import datetime as dt
import html as html_lib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from sendresolve.core.clock import LONDON
from sendresolve.public.finder import answers as finder_answers

pytestmark = pytest.mark.django_db

PAGES = ["public:easy-read-start", "public:easy-read-advice", "public:easy-read-certificate"]
ROW = re.compile(
    r'<div class="app-easy-read__row">\s*<img class="app-easy-read__picture" '
    r'src="/static/openmoji/([0-9A-F-]+)\.svg" alt="" [^>]*>\s*'
    r'<p class="govuk-body app-easy-read__text">(.*?)</p>',
    re.DOTALL,
)
SHIPPED = {
    line.strip()
    for line in (Path(settings.BASE_DIR) / "assets/src/openmoji.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
}
COMPLETE = {
    "council": "302",
    "who": "parent",
    "age": 9,
    "plan": "no",
    "with": ["local_authority"],
    "about": ["refusal_to_issue_plan"],
    "decision_letter": "2026-11-20",
    "progress": ["none"],
}


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 7, 10, tzinfo=LONDON), tick=False)


def _text(fragment: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


@pytest.mark.parametrize("name", PAGES)
def test_each_sentence_has_a_shipped_picture_to_its_left_and_is_short(world, client, name):
    html = client.get(reverse(name)).content.decode()
    rows = ROW.findall(html)
    assert len(rows) >= 10
    assert {code for code, _ in rows} <= SHIPPED
    for _, sentence in rows:
        assert "<strong>" in sentence, sentence  # key words bold
        for part in re.split(r"(?<=[.?!])\s+", _text(sentence)):
            assert len(part.split()) <= 15, part  # one short sentence an idea
    # Every picture on the page is in a row (none without its sentence).
    assert html.count("app-easy-read__picture") == len(rows)


@pytest.mark.parametrize("name", PAGES)
def test_each_page_credits_openmoji_with_links(world, client, name):
    html = client.get(reverse(name)).content.decode()
    credit = html.split("data-picture-credit>")[1].split("</p>")[0]
    assert _text(credit) == (
        "Pictures: OpenMoji, the open-source emoji and icon project, licence CC BY-SA 4.0."
    )
    assert 'href="https://openmoji.org/"' in credit
    assert 'href="https://creativecommons.org/licenses/by-sa/4.0/"' in credit


def test_the_start_pages_link_to_each_other(world, client):
    standard = client.get(reverse("public:start")).content.decode()
    assert (
        f'href="{reverse("public:easy-read-start")}" data-easy-read>Easy Read version' in standard
    )
    easy = client.get(reverse("public:easy-read-start")).content.decode()
    assert f'href="{reverse("public:start")}" data-standard-version' in easy


def test_the_advice_pages_link_to_each_other_and_show_the_familys_own_dates(world, client):
    general = client.get(reverse("public:easy-read-advice")).content.decode()
    assert 'id="your-dates"' not in general
    assert f'href="{reverse("public:finder-advice")}" data-standard-version' in general
    assert "Answer some questions" in general

    client.cookies[finder_answers.COOKIE] = finder_answers.seal(COMPLETE)
    standard = client.get(reverse("public:finder-advice")).content.decode()
    assert f'href="{reverse("public:easy-read-advice")}" data-easy-read>Easy Read version' in (
        standard
    )
    own = client.get(reverse("public:easy-read-advice")).content.decode()
    dates = _text(own.split('id="your-dates"')[1].split("<h2")[0])
    # The letter of 20 November 2026: 2 months to contact the adviser and to appeal.
    assert "Wednesday 20 January 2027 is the last day to contact a mediation adviser." in dates
    assert "Wednesday 20 January 2027 is the last day to appeal to the tribunal." in dates
    assert dates.index("mediation adviser") < dates.index("appeal")  # the first step first
    assert "Answer some questions" not in own


def test_incomplete_answers_show_no_dates(world, client):
    client.cookies[finder_answers.COOKIE] = finder_answers.seal({"council": "302"})
    html = client.get(reverse("public:easy-read-advice")).content.decode()
    assert 'id="your-dates"' not in html and "Answer some questions" in html


def test_the_certificate_letter_offers_a_personal_copy(world, client):
    html = client.get(reverse("public:easy-read-certificate")).content.decode()
    assert "/another-format/?page=/easy-read/your-certificate/" in html
    assert "appeal deadline" in html
