"""Every page the national-scale benchmark measures runs the same number of queries however
many cases there are.

The cases come from the national data generator (every LA, every kind, open and closed, with
full timelines), added on top of the test world; each page is asked for before and after the
number of generated cases grows from 30 to 150, as each persona that uses it.
"""

import datetime as dt

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from sendresolve.api.services import api_token_create
from sendresolve.cases import services
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.demo.national import national_generate
from sendresolve.public.family import links
from sendresolve.public.finder import page_cache
from sendresolve.public.tests.test_finder import answer

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2024, 11, 12, 10, tzinfo=LONDON)
ADVICE_ANSWERS = {
    "council": "302",
    "who": "parent",
    "age": 9,
    "plan": "yes",
    "with": ["local_authority"],
    "school_type": "not_sure",
    "about": ["plan_provision"],
    "progress": ["none"],
    "recommendation": "no",
    "decision_letter": "2024-10-30",
}
STAFF_PAGES = {
    "work queue": lambda case: reverse("staff:home"),
    "work queue, one LA": lambda case: reverse("staff:home") + "?local_authority=302",
    "work queue, overdue": lambda case: reverse("staff:home") + "?deadline=overdue",
    "work queue, page 2": lambda case: reverse("staff:home") + "?page=2",
    "case page": lambda case: reverse("staff:case", args=[case.reference]),
    "report": lambda case: reverse("reports:report") + "?date_from=2016-01-01&date_to=2024-11-12",
    "report CSV": lambda case: (
        reverse("reports:report-csv") + "?date_from=2016-01-01&date_to=2024-11-12"
    ),
    "annual return": lambda case: reverse("reports:annual-return") + "?year=2023",
    # Issue 26: the casework pages, over cases that have contact logs, tasks and documents.
    "documents list": lambda case: reverse("staff:documents", args=[case.reference]),
    "contact log entry form": lambda case: reverse("staff:contact-new", args=[case.reference]),
    "diary": lambda case: reverse("staff:diary"),
    "billing": lambda case: reverse("staff:billing:home"),
}
API_PAGES = {
    "API case list": lambda case: reverse("api:cases"),
    "API case list, one LA": lambda case: reverse("api:cases") + "?local_authority=302",
    "API case detail": lambda case: reverse("api:case-detail", args=[case.reference]),
    "API case deadlines": lambda case: reverse("api:case-deadlines", args=[case.reference]),
    "API report": lambda case: (
        reverse("api:report-mediation") + "?date_from=2016-01-01&date_to=2024-11-12"
    ),
}
STAFF_PERSONAS = ("provider_staff", "la_officer", "icb_officer", "administrator")


@pytest.fixture
def pinned(time_machine):
    time_machine.move_to(NOW, tick=False)


def count(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries.captured_queries)


def warm(client, pages: dict, case) -> None:
    """Ask once first: a token's first use records when it was used, once an hour."""
    for page in pages.values():
        client.get(page(case))


def grow(cases: int, seed: int) -> None:
    national_generate(cases=cases, today=NOW.date(), seed=seed, batch_size=200)


def visible_case(world):
    """A case the LA's and the ICB's officers see (privacy by stage): mediation requested,
    health care in issue."""
    adviser = world.users["provider_staff"]
    case = open_case(world, health_care_in_issue=True)
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    return case


@pytest.mark.parametrize("persona", STAFF_PERSONAS)
def test_staff_pages_run_the_same_queries_for_30_or_150_cases(world, client, pinned, persona):
    case = visible_case(world)
    client.force_login(world.users[persona])
    grow(30, seed=1)
    warm(client, STAFF_PAGES, case)
    before = {name: count(client, page(case)) for name, page in STAFF_PAGES.items()}
    grow(120, seed=2)
    after = {name: count(client, page(case)) for name, page in STAFF_PAGES.items()}
    assert after == before
    assert before["work queue"][0] == before["case page"][0] == 200
    assert before["report"][0] == 200


@pytest.mark.parametrize("persona", STAFF_PERSONAS)
def test_api_reads_run_the_same_queries_for_30_or_150_cases(world, pinned, persona):
    case = visible_case(world)
    client = APIClient()
    _, token = api_token_create(actor=None, user=world.users[persona], name="counts")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    grow(30, seed=1)
    warm(client, API_PAGES, case)
    before = {name: count(client, page(case)) for name, page in API_PAGES.items()}
    grow(120, seed=2)
    after = {name: count(client, page(case)) for name, page in API_PAGES.items()}
    assert after == before
    assert {status for status, _ in before.values()} == {200}


def test_the_api_case_lists_later_pages_run_the_same_queries_as_its_first(world, pinned):
    """Cursor paging (issue 26): the page after next costs what the first does."""
    client = APIClient()
    _, token = api_token_create(actor=None, user=world.users["administrator"], name="counts")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    grow(150, seed=3)
    first_url = reverse("api:cases") + "?limit=20"
    client.get(first_url)
    first = count(client, first_url)
    url, later = client.get(first_url).json()["next"], []
    for _ in range(5):
        later.append(count(client, url))
        url = client.get(url).json()["next"]
    assert first[0] == 200 and set(later) == {first}


def test_family_pages_run_the_same_queries_for_30_or_150_cases(world, client, pinned):
    case = open_case(world)
    answer(client, ADVICE_ANSWERS)
    pages = {
        "route finder start": reverse("public:finder-question", args=["council"]),
        "advice page": reverse("public:finder-advice"),
        "status page": f"/your-case/{links.token_for(case)}/",
    }
    grow(30, seed=1)
    before = family_counts(client, pages)
    grow(120, seed=2)
    after = family_counts(client, pages)
    assert after == before
    assert {status for status, _ in before.values()} == {200}
    assert before["advice page, kept"][1] < before["advice page"][1]


def family_counts(client, pages):
    """Each page's queries; the advice page both built afresh (its council's contacts read
    afresh too) and as kept once built."""
    caches["pages"].clear()
    page_cache.contacts_forget()
    counts = {name: count(client, url) for name, url in pages.items()}
    counts["advice page, kept"] = count(client, pages["advice page"])
    return counts


# -- triage: the queue's "New and unassigned" section ------------------------------------------


def new_requests(world, count: int) -> list:
    from sendresolve.cases import services
    from sendresolve.cases.services import IssueInput

    return [
        services.case_request_online(
            local_authority=world.local_authority,
            request="mediation",
            child_name=f"New {n}",
            requester="parent",
            requester_name="Kim Example",
            email="kim@example.test",
            issues=[IssueInput("refusal_to_assess")],
            decision_letter_date=dt.date(2024, 11, 1),
        )
        for n in range(count)
    ]


def test_the_queue_and_its_new_requests_run_the_same_queries_for_more_cases(world, client, pinned):
    """The section and its count in the navigation: the same queries for 2 new requests among
    30 generated cases as for 12 among 150."""
    client.force_login(world.users["provider_staff"])
    first = new_requests(world, 2)[0]
    pages = {
        "work queue": reverse("staff:home"),
        "work queue, page 2": reverse("staff:home") + "?page=2",
        "case page of a new request": reverse("staff:case", args=[first.reference]),
    }
    grow(30, seed=1)
    for url in pages.values():
        client.get(url)
    before = {name: count(client, url) for name, url in pages.items()}
    new_requests(world, 10)
    grow(120, seed=2)
    after = {name: count(client, url) for name, url in pages.items()}
    assert after == before
    assert {status for status, _ in before.values()} == {200}
    assert "New and unassigned (12)" in client.get(pages["work queue"]).content.decode()


# -- issue 26: the national providers' diaries and invoices (``demo/national_extras``) ---------


def test_national_diaries_and_invoices_run_the_same_queries_for_more_cases(client, pinned):
    """A national provider's coordinator (every mediator's diary, a mediator's week with its
    meetings) and finance officer (a year of invoices, on the page and in the API), as the
    generated cases grow from 30 to 150."""
    from django.contrib.auth import get_user_model

    from sendresolve.cases.models import Session
    from sendresolve.demo.national_extras import national_extras
    from sendresolve.diary.models import Booking
    from sendresolve.tenancy.models import Membership, Provider
    from sendresolve.tenancy.roles import Role

    grow(30, seed=1)
    users = get_user_model()
    provider = Provider.objects.get(slug="national-01")
    # 30 cases over ten years may have no meeting in the weeks the diary shows: one is
    # arranged for next Tuesday, and booked as a later run of the extras books it.
    tuesday = dt.datetime.combine(NOW.date() + dt.timedelta(days=7), dt.time(10), LONDON)
    Session.objects.create(
        case=provider.cases.order_by("-opened_on", "pk").first(),
        starts_at=tuesday,
        ends_at=tuesday + dt.timedelta(hours=3),
        mode="online",
    )
    national_extras(today=NOW.date(), seed=1)
    coordinator = users.objects.get(username="coordinator@national-01.national")
    finance = users.objects.create_user(username="finance@national-01.national")
    Membership.objects.create(user=finance, role=Role.FINANCE, provider=provider)
    monday = NOW.date() - dt.timedelta(days=NOW.weekday())
    booking = (
        Booking.objects.filter(mediator__provider=provider)
        .order_by("session__starts_at", "pk")
        .select_related("session", "mediator")
        .first()
    )
    week = booking.session.starts_at.astimezone(LONDON).date()
    staff_pages = {
        "diary": reverse("staff:diary"),
        "diary week": reverse("staff:diary-week", args=[booking.mediator.pk])
        + f"?week={week - dt.timedelta(days=week.weekday())}",
        "diary week, this week": reverse("staff:diary-week", args=[booking.mediator.pk])
        + f"?week={monday}",
    }
    finance_pages = {"invoices": reverse("staff:billing:home")}
    api = APIClient()
    _, token = api_token_create(actor=None, user=finance, name="counts")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    invoices_api = reverse("api:invoices")

    def counts() -> dict:
        client.force_login(coordinator)
        found = {name: count(client, url) for name, url in staff_pages.items()}
        client.force_login(finance)
        found |= {name: count(client, url) for name, url in finance_pages.items()}
        found["API invoices"] = count(api, invoices_api)
        return found

    counts()  # warm: a token's first use is recorded
    before = counts()
    grow(120, seed=2)
    after = counts()
    assert after == before
    assert {status for status, _ in before.values()} == {200}
    # The pages have the generated rows to show: mediators, a booked meeting, invoices.
    client.force_login(coordinator)
    assert booking.mediator.name in client.get(staff_pages["diary"]).content.decode()
    week_page = client.get(staff_pages["diary week"]).content.decode()
    assert booking.session.case.reference in week_page
    client.force_login(finance)
    invoices_page = client.get(finance_pages["invoices"]).content.decode()
    assert invoices_page.count("data-invoice=") == 50  # the newest page of the 1,836
    assert "INV-2024-" in invoices_page  # approved and numbered
    assert len(api.get(invoices_api).json()) == 12 * provider.commissions.count()
