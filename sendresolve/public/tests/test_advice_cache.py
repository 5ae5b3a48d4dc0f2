"""The advice page is kept once rendered (``finder/page_cache.py``): the same answers, council
details and day give the same page without building it again, and anything else does not."""

import datetime as dt
import re
from unittest import mock

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sendresolve.core.clock import LONDON
from sendresolve.public.finder import page_cache
from sendresolve.public.finder import views as finder_views
from sendresolve.public.tests import test_finder
from sendresolve.public.tests.test_finder import REFUSED_PLAN
from sendresolve.tenancy.models import Commission, Provider
from sendresolve.tenancy.selectors import commissions_for_local_authority
from sendresolve.tenancy.tests.factories import CommissionFactory, ProviderFactory

pytestmark = pytest.mark.django_db

ADVICE = "/find/what-you-can-do/"
DAY = dt.datetime(2024, 2, 5, 12, tzinfo=LONDON)
SCRIPT_NONCE = re.compile(r'<script nonce="([^"]+)">')


@pytest.fixture(autouse=True)
def empty_page_cache():
    caches[page_cache.CACHE].clear()
    yield
    caches[page_cache.CACHE].clear()


@pytest.fixture
def builds():
    """Count the advice built (the law core's advice turned into the page's document)."""
    with mock.patch.object(
        finder_views, "advice_document", wraps=finder_views.advice_document
    ) as spy:
        yield spy


def answer(client, answers: dict, *, at=DAY) -> None:
    """The family answers at ``at`` (answers last as long as a session from then)."""
    with time_machine.travel(at, tick=False):
        test_finder.answer(client, answers)


def header_nonce(response) -> str:
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


def without_nonce(response) -> str:
    html = response.content.decode()
    nonces = SCRIPT_NONCE.findall(html)
    assert nonces == [header_nonce(response)]
    return html.replace(nonces[0], "NONCE")


def get(client, *, at=DAY):
    with time_machine.travel(at, tick=False):
        return client.get(ADVICE)


def test_the_same_answers_give_the_same_page_without_building_it_again(world, client, builds):
    answer(client, REFUSED_PLAN)
    with CaptureQueriesContext(connection) as first_queries:
        first = get(client)
    with CaptureQueriesContext(connection) as second_queries:
        second = get(client)
    assert first.status_code == second.status_code == 200
    assert builds.call_count == 1
    assert len(second_queries) < len(first_queries)
    assert without_nonce(second) == without_nonce(first)
    assert second["Content-Type"] == first["Content-Type"] == "text/html; charset=utf-8"
    assert second["Cache-Control"] == first["Cache-Control"]
    assert "Tuesday 2 April 2024</strong> by 5pm" in second.content.decode()
    assert 'href="/find/what-you-can-do.pdf"' in second.content.decode()


def test_a_kept_page_carries_its_own_responses_nonce(world, client):
    answer(client, REFUSED_PLAN)
    first, second, third = get(client), get(client), get(client)
    nonces = [SCRIPT_NONCE.findall(r.content.decode()) for r in (first, second, third)]
    assert nonces == [[header_nonce(first)], [header_nonce(second)], [header_nonce(third)]]
    assert len({header_nonce(r) for r in (first, second, third)}) == 3


def test_a_kept_page_is_the_page_built_afresh(world, client):
    answer(client, REFUSED_PLAN)
    get(client)
    kept = get(client)
    caches[page_cache.CACHE].clear()
    afresh = get(client)
    assert without_nonce(kept) == without_nonce(afresh)


def test_different_answers_give_different_pages(world, client, builds):
    answer(client, REFUSED_PLAN)
    first = get(client)
    answer(client, {**REFUSED_PLAN, "decision_letter": "2024-02-01"})
    later_letter = get(client)
    assert builds.call_count == 2
    assert "Sunday 31 March 2024" in first.content.decode()
    assert "Sunday 31 March 2024" not in later_letter.content.decode()
    assert "Monday 1 April 2024" in later_letter.content.decode()
    answer(client, REFUSED_PLAN)
    assert without_nonce(get(client)) == without_nonce(first)
    assert builds.call_count == 2


def test_another_council_with_the_same_answers_gets_its_own_page(world, client, builds):
    answer(client, REFUSED_PLAN)
    barnet = get(client).content.decode()
    answer(client, {**REFUSED_PLAN, "council": "882"})
    southend = get(client).content.decode()
    assert builds.call_count == 2
    assert "Alpha Mediation" in barnet and "Beta Mediation" not in barnet
    assert "Beta Mediation" in southend and "Alpha Mediation" not in southend


@pytest.mark.parametrize("kept_for_a_week", [False, True])
def test_a_new_day_gives_a_fresh_page(world, client, builds, monkeypatch, kept_for_a_week):
    """The contact-an-adviser date, Sunday 31 March 2024, passes at midnight (the night the
    clocks go forward). The day is in the key, so even a page that had not expired would not
    be served the next day."""
    if kept_for_a_week:
        monkeypatch.setattr(page_cache, "_seconds_left_today", lambda: 7 * 24 * 3600)
    answer(client, REFUSED_PLAN, at=dt.datetime(2024, 3, 31, 23, 0, tzinfo=LONDON))
    sunday = get(client, at=dt.datetime(2024, 3, 31, 23, 30, tzinfo=LONDON)).content.decode()
    monday = get(client, at=dt.datetime(2024, 4, 1, 0, 30, tzinfo=LONDON)).content.decode()
    assert builds.call_count == 2
    assert "Based on your answers on Sunday 31 March 2024" in sunday
    assert "has passed" not in sunday
    assert "Based on your answers on Monday 1 April 2024" in monday
    assert "The date to contact a mediation adviser (Sunday 31 March 2024) has passed" in monday


def test_pages_are_kept_until_midnight_in_london(world, client):
    answer(client, REFUSED_PLAN, at=dt.datetime(2024, 2, 5, 22, 30, tzinfo=LONDON))
    with mock.patch.object(
        caches[page_cache.CACHE], "set", wraps=caches[page_cache.CACHE].set
    ) as kept:
        get(client, at=dt.datetime(2024, 2, 5, 23, 0, tzinfo=LONDON))
    assert kept.call_args.kwargs["timeout"] == 3600


@pytest.mark.parametrize(
    ("now", "seconds"),
    [
        (dt.datetime(2024, 2, 5, 23, 59, 59, tzinfo=LONDON), 1),
        (dt.datetime(2024, 2, 5, 0, 0, tzinfo=LONDON), 24 * 3600),
        # Clocks go forward at 1am on 31 March 2024 and back at 2am on 27 October 2024.
        (dt.datetime(2024, 3, 31, 0, 30, tzinfo=LONDON), 22 * 3600 + 1800),
        (dt.datetime(2024, 10, 27, 0, 30, tzinfo=LONDON), 24 * 3600 + 1800),
    ],
)
def test_seconds_left_today_count_real_seconds_to_london_midnight(now, seconds):
    with time_machine.travel(now, tick=False):
        assert page_cache._seconds_left_today() == seconds


def test_changed_provider_details_show_at_once(world, client, builds):
    answer(client, REFUSED_PLAN)
    assert "020 7946 0999" not in get(client).content.decode()
    world.provider.phone = "020 7946 0999"
    world.provider.save()
    assert "020 7946 0999" in get(client).content.decode()
    assert builds.call_count == 2


def test_changes_made_around_the_models_save_show_within_the_contacts_time(
    world, client, builds, monkeypatch
):
    """A bulk update here, or any change made by another server, sends no signal to this
    process: it shows once the contacts read are ``CONTACTS_KEPT_SECONDS`` old."""
    now = [1000.0]
    monkeypatch.setattr(page_cache, "_clock", lambda: now[0])
    answer(client, REFUSED_PLAN)
    assert "020 7946 0999" not in get(client).content.decode()
    Provider.objects.filter(pk=world.provider.pk).update(phone="020 7946 0999")
    now[0] += page_cache.CONTACTS_KEPT_SECONDS - 1
    assert "020 7946 0999" not in get(client).content.decode()
    assert builds.call_count == 1
    now[0] += 1
    assert "020 7946 0999" in get(client).content.decode()
    assert builds.call_count == 2


def test_a_council_losing_its_provider_shows_at_once(world, client):
    answer(client, REFUSED_PLAN)
    assert "Alpha Mediation" in get(client).content.decode()
    Commission.objects.filter(local_authority=world.local_authority).delete()
    html = get(client).content.decode()
    assert "Alpha Mediation" not in html
    assert "We do not have details of the mediation service for Barnet yet" in html


def test_answers_no_longer_complete_still_go_back_to_the_question(world, client):
    answer(client, REFUSED_PLAN)
    assert get(client).status_code == 200
    answer(client, {k: v for k, v in REFUSED_PLAN.items() if k != "progress"})
    response = get(client)
    assert response.status_code == 302
    assert response["Location"] == "/find/progress/"


def test_an_unknown_council_is_asked_again(world, client):
    answer(client, REFUSED_PLAN)
    assert get(client).status_code == 200
    answer(client, {**REFUSED_PLAN, "council": "999"})
    assert get(client)["Location"] == "/find/council/"


def test_keys_are_a_keyed_hash_not_the_answers(world):
    contacts = page_cache.contacts_now("302", on=DAY.date())
    key = page_cache.advice_key(
        path=ADVICE, answers=REFUSED_PLAN, today=DAY.date(), contacts=contacts
    )
    assert re.fullmatch(r"finder-advice:[0-9a-f]{64}", key)
    other = page_cache.advice_key(
        path=ADVICE, answers={**REFUSED_PLAN, "age": 10}, today=DAY.date(), contacts=contacts
    )
    assert other != key


def test_the_contacts_read_for_the_key_match_those_the_page_is_built_from(world):
    """``contacts_now`` (one plain query) must say what ``contacts_of`` says of the
    commissions in force, or a kept page would never be found or, worse, found wrongly."""
    la = world.local_authority
    la.send_team_phone, la.sendiass_name = "020 8359 2000", "Barnet SENDIASS"
    la.save()
    day = DAY.date()
    CommissionFactory(
        provider=ProviderFactory(name="Ended Mediation"),
        local_authority=la,
        starts_on=dt.date(2020, 1, 1),
        ends_on=day - dt.timedelta(days=1),
    )
    CommissionFactory(
        provider=ProviderFactory(name="Future Mediation"),
        local_authority=la,
        starts_on=day + dt.timedelta(days=1),
    )
    CommissionFactory(
        provider=ProviderFactory(name="Aardvark Resolution", phone="0300 123 4567"),
        local_authority=la,
        starts_on=day,
        ends_on=day,
        covers_mediation=False,
    )

    def built(local_authority):
        return page_cache.contacts_of(
            local_authority, commissions_for_local_authority(local_authority, on=day)
        )

    now = page_cache.contacts_read("302", on=day)
    assert now == built(la)
    assert [c[2] for c in now[1]] == ["Aardvark Resolution", "Alpha Mediation"]
    assert now[1][0][:2] == (False, True)
    Commission.objects.filter(local_authority=world.other_local_authority).delete()
    assert page_cache.contacts_read("882", on=day) == built(world.other_local_authority)
    assert page_cache.contacts_read("882", on=day)[1] == ()
    assert page_cache.contacts_read("999", on=day) is None


def test_a_kept_page_runs_no_query_while_its_contacts_are_fresh(world, client, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(page_cache, "_clock", lambda: now[0])
    answer(client, REFUSED_PLAN)
    get(client)
    with CaptureQueriesContext(connection) as queries:
        assert get(client).status_code == 200
    assert len(queries) == 0  # no session, no contacts
    now[0] += page_cache.CONTACTS_KEPT_SECONDS
    with CaptureQueriesContext(connection) as queries:
        assert get(client).status_code == 200
    assert len(queries) == 1  # the contacts, read again
    assert "django_session" not in queries[0]["sql"]


@pytest.mark.parametrize(
    "change",
    [
        lambda world: world.local_authority.save(),
        lambda world: world.provider.save(),
        lambda world: Commission.objects.filter(provider=world.provider).first().save(),
        lambda world: Commission.objects.filter(provider=world.provider).delete(),
        lambda world: CommissionFactory(
            provider=ProviderFactory(name="Zeta"),
            local_authority=world.other_local_authority,
            starts_on=dt.date(2020, 1, 1),
        ),
    ],
    ids=["council saved", "provider saved", "commission saved", "deleted", "created"],
)
def test_contacts_are_read_afresh_after_any_change_saved_here(world, change, monkeypatch):
    monkeypatch.setattr(page_cache, "_clock", lambda: 1000.0)
    page_cache.contacts_now("302", on=DAY.date())
    with CaptureQueriesContext(connection) as queries:
        page_cache.contacts_now("302", on=DAY.date())
    assert len(queries) == 0
    change(world)
    with CaptureQueriesContext(connection) as queries:
        page_cache.contacts_now("302", on=DAY.date())
    assert len(queries) == 1
