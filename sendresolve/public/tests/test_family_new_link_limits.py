"""Asking for a new status link: limits a stranger cannot turn against the family (issue 19).

Limits are per client address (as the trusted proxies report it) and per (case, address), never
per case alone; the family's inbox is protected by a quiet cap on links sent per case.
"""

import datetime as dt
import logging
import re

import pytest

from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.core.models import RateLimitCount
from sendresolve.notifications.models import OutboxMessage
from sendresolve.public.family import ratelimit

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 3, 11, 10, 5, tzinfo=LONDON)
PROXY = "10.0.0.1"
FAMILY = "198.51.100.20"
ATTACKER = "203.0.113.66"
RIGHT = "alex@example.test"
WRONG = "nobody@example.test"


@pytest.fixture(autouse=True)
def pinned(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def case(world):
    return open_case(world, phone="07700 900982")


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = 1


def ask(client, reference, contact, ip=FAMILY):
    """Post the form straight from ``ip`` (no proxy)."""
    return client.post(
        "/your-case/new-link/", {"reference": reference, "contact": contact}, REMOTE_ADDR=ip
    )


def ask_via_proxy(client, reference, contact, forwarded_for):
    """Post the form through one proxy, which appended the client's address it saw."""
    return client.post(
        "/your-case/new-link/",
        {"reference": reference, "contact": contact},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def links_sent():
    return OutboxMessage.objects.filter(template="status_link").count()


def link_in(message) -> str:
    url = next(word for word in message.body.split() if "/your-case/" in word)
    return url.replace("http://testserver", "")


def test_wrong_guesses_from_other_addresses_never_block_the_right_contact(world, client, case):
    for n in range(40):
        assert ask(client, case.reference, WRONG, ip=f"192.0.2.{n}").status_code == 302
    response = ask(client, case.reference, RIGHT)
    assert response["Location"] == "/your-case/new-link/sent/"
    assert links_sent() == 1


def test_a_correct_contact_gets_the_link_after_an_attacker_hammered_the_reference(
    world, client, case, behind_proxy
):
    # One attacker until blocked, then from many addresses behind the same proxy.
    answers = [ask_via_proxy(client, case.reference, WRONG, ATTACKER) for _ in range(8)]
    assert [r.status_code for r in answers] == [302] * 5 + [429] * 3
    for n in range(30):
        ask_via_proxy(client, case.reference, f"guess{n}@example.test", f"192.0.2.{n}")
    assert links_sent() == 0
    response = ask_via_proxy(client, case.reference, RIGHT, FAMILY)
    assert response.status_code == 302
    message = OutboxMessage.objects.get(template="status_link")
    assert message.to == RIGHT
    assert client.get(link_in(message)).status_code == 200


def test_five_wrong_tries_behind_the_proxy_do_not_block_another_client(
    world, client, case, behind_proxy
):
    for _ in range(5):
        assert ask_via_proxy(client, case.reference, WRONG, ATTACKER).status_code == 302
    assert ask_via_proxy(client, case.reference, WRONG, ATTACKER).status_code == 429
    # Every request came from the proxy's address; only the client's address is counted.
    assert ask_via_proxy(client, case.reference, RIGHT, FAMILY).status_code == 302
    assert links_sent() == 1


def test_without_trusted_proxies_the_forwarded_header_is_not_believed(world, client, case):
    for n in range(5):
        ask(client, case.reference, WRONG, ip=PROXY)
        client.post(
            "/your-case/new-link/",
            {"reference": case.reference, "contact": WRONG},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    # Ten asks from one REMOTE_ADDR, whatever X-Forwarded-For claimed: that address is limited.
    assert ask(client, case.reference, RIGHT, ip=PROXY).status_code == 429
    assert ask(client, case.reference, RIGHT, ip=FAMILY).status_code == 302


def test_a_forged_leftmost_forwarded_for_is_ignored(world, client, case, behind_proxy):
    # The attacker writes an address of its own choosing; the proxy appends the real one.
    for n in range(5):
        forged = f"{FAMILY}, 192.0.2.{n}, {ATTACKER}" if n % 2 else f"{FAMILY}, {ATTACKER}"
        assert ask_via_proxy(client, case.reference, WRONG, forged).status_code == 302
    # Counted against the attacker's real address, however the forged part changed...
    assert ask_via_proxy(client, case.reference, WRONG, f"192.0.2.77, {ATTACKER}").status_code == (
        429
    )
    # ...and never against the family's address it named.
    assert ask_via_proxy(client, case.reference, RIGHT, FAMILY).status_code == 302
    assert links_sent() == 1


def test_the_limit_per_case_and_address(world, client, case):
    other = open_case(world, email="sam@example.test")
    for _ in range(5):
        assert ask(client, case.reference, WRONG, ip=ATTACKER).status_code == 302
    # The sixth for this case from this address is refused, even with the right details, so
    # the refusal says nothing about whether a guess was right.
    response = ask(client, case.reference, RIGHT, ip=ATTACKER)
    assert response.status_code == 429
    assert "You have asked for too many links" in response.content.decode()
    assert links_sent() == 0
    # Another case from the same address, and this case from another address, still go.
    assert ask(client, other.reference, "sam@example.test", ip=ATTACKER).status_code == 302
    assert ask(client, case.reference, RIGHT, ip=FAMILY).status_code == 302
    assert links_sent() == 2


def test_the_limit_per_address_covers_every_reference(world, client, case):
    for n in range(ratelimit.ADDRESS_LIMIT):
        assert ask(client, f"SR-{n:04d}-AAAA", WRONG, ip=ATTACKER).status_code == 302
    assert ask(client, case.reference, RIGHT, ip=ATTACKER).status_code == 429
    assert ask(client, case.reference, RIGHT, ip=FAMILY).status_code == 302


def test_an_ipv6_client_is_counted_by_its_64_block(world, client, case):
    for n in range(5):
        ask(client, case.reference, WRONG, ip=f"2001:db8:1:2::{n + 1:x}")
    # Another address in the same /64 is the same household or device.
    assert ask(client, case.reference, RIGHT, ip="2001:db8:1:2:ffff::9").status_code == 429
    assert ask(client, case.reference, RIGHT, ip="2001:db8:1:3::1").status_code == 302


def test_the_limits_reset_after_an_hour(world, client, case, time_machine):
    for _ in range(6):
        ask(client, case.reference, WRONG)
    assert ask(client, case.reference, RIGHT).status_code == 429
    time_machine.shift(dt.timedelta(hours=1))
    assert ask(client, case.reference, RIGHT).status_code == 302
    assert links_sent() == 1


def test_a_case_is_sent_a_few_links_an_hour_and_the_page_stays_true(
    world, client, case, time_machine, caplog
):
    # Someone who knows the family's details asks again and again, from many addresses.
    caplog.set_level(logging.INFO, logger="sendresolve.public.family.ratelimit")
    for n in range(6):
        assert ask(client, case.reference, RIGHT, ip=f"192.0.2.{n}").status_code == 302
    messages = list(OutboxMessage.objects.filter(template="status_link").order_by("pk"))
    assert len(messages) == ratelimit.SENDS_PER_HOUR == 3
    held = [r.getMessage() for r in caplog.records if r.name.endswith("ratelimit")]
    assert held == [f"Status link for case {case.pk} not sent: it has had its links for now"] * 3
    assert not any(case.reference in line or RIGHT in line for line in held)
    page = client.get("/your-case/new-link/sent/").content.decode()
    assert "at most 3 new links an hour and 10 a day" in page
    assert "use the link in the latest message" in page
    # The links already sent still work: the latest message is the family's way in.
    time_machine.shift(dt.timedelta(minutes=50))
    assert client.get(link_in(messages[-1])).status_code == 200
    # The next hour, the family's own ask sends a new one.
    time_machine.shift(dt.timedelta(minutes=10))
    assert ask(client, case.reference, RIGHT).status_code == 302
    assert links_sent() == 4


def test_a_case_is_sent_at_most_ten_links_a_day(world, client, case, time_machine):
    time_machine.move_to(dt.datetime(2024, 3, 11, 1, 30, tzinfo=dt.UTC), tick=False)
    sent = []
    for hour in range(5):
        for n in range(3):
            ask(client, case.reference, RIGHT, ip=f"192.0.2.{10 * hour + n}")
        sent.append(links_sent())
        time_machine.shift(dt.timedelta(hours=1))
    assert sent == [3, 6, 9, 10, 10]
    time_machine.move_to(dt.datetime(2024, 3, 12, 0, 30, tzinfo=dt.UTC), tick=False)
    assert ask(client, case.reference, RIGHT).status_code == 302
    assert links_sent() == 11


def test_the_counts_hold_no_address_or_reference(world, client, case):
    ask(client, case.reference, RIGHT, ip=FAMILY)
    ask(client, case.reference, WRONG, ip="2001:db8::5")
    keys = list(RateLimitCount.objects.values_list("key", flat=True))
    assert len(keys) == 6  # address and (case, address) twice; the case's hour and day once
    for key in keys:
        assert re.fullmatch(r"[0-9a-f]{64}", key)
    stored = " ".join(str(row) for row in RateLimitCount.objects.all())
    for value in (case.reference, FAMILY, "2001:db8"):
        assert value not in stored
