"""Fixed-window rate limits counted in the database (``core/ratelimit.py``)."""

import datetime as dt

import pytest
from django.db.models import QuerySet

from sendresolve.core import ratelimit
from sendresolve.core.models import RateLimitCount

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 3, 11, 10, 20, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def pinned(time_machine):
    time_machine.move_to(NOW, tick=False)


def test_a_key_is_allowed_up_to_its_limit_then_refused():
    answers = [ratelimit.hit("k", limit=3, window=3600) for _ in range(5)]
    assert answers == [True, True, True, False, False]
    row = RateLimitCount.objects.get()
    assert row.count == 5
    assert row.window_start == dt.datetime(2024, 3, 11, 10, tzinfo=dt.UTC)
    assert row.expires_at == dt.datetime(2024, 3, 11, 11, tzinfo=dt.UTC)


def test_keys_and_window_lengths_are_counted_apart():
    for _ in range(3):
        ratelimit.hit("a", limit=2, window=3600)
    assert ratelimit.hit("b", limit=2, window=3600)
    assert ratelimit.hit("a", limit=2, window=60)
    assert not ratelimit.hit("a", limit=2, window=3600)


def test_a_new_window_starts_afresh_and_prunes_the_ended_ones(time_machine):
    for _ in range(3):
        ratelimit.hit("a", limit=2, window=3600)
    ratelimit.hit("b", limit=2, window=24 * 3600)
    time_machine.move_to(dt.datetime(2024, 3, 11, 11, 0, tzinfo=dt.UTC), tick=False)
    assert ratelimit.hit("a", limit=2, window=3600)
    # The ended hour's row is gone; the day's row, still current, stays.
    assert sorted(RateLimitCount.objects.values_list("count", "expires_at")) == [
        (1, dt.datetime(2024, 3, 11, 12, tzinfo=dt.UTC)),
        (1, dt.datetime(2024, 3, 12, tzinfo=dt.UTC)),
    ]


def test_a_window_first_row_created_by_another_request_meanwhile_counts_both(monkeypatch):
    """Two workers both find no row; the second's insert fails and it counts on the first's."""
    ratelimit.hit("k", limit=1, window=3600)  # the other worker's insert, committed
    update = QuerySet.update
    calls = []

    def not_yet_there_at_first(self, **values):
        calls.append(values)
        return 0 if len(calls) == 1 else update(self, **values)  # ours ran before it landed

    monkeypatch.setattr(QuerySet, "update", not_yet_there_at_first)
    assert ratelimit.hit("k", limit=1, window=3600) is False
    assert len(calls) == 2
    assert RateLimitCount.objects.get().count == 2


def test_keys_are_stored_as_digests():
    ratelimit.hit("new-link:ip:192.0.2.1", limit=1, window=3600)
    key = RateLimitCount.objects.get().key
    assert len(key) == 64 and "192.0.2.1" not in key
    assert key == ratelimit.key_digest("new-link:ip:192.0.2.1", 3600)
    assert key != ratelimit.key_digest("new-link:ip:192.0.2.1", 60)


@pytest.mark.parametrize(
    ("now", "window", "start"),
    [
        (dt.datetime(2024, 3, 11, 10, 59, 59, tzinfo=dt.UTC), 3600, (2024, 3, 11, 10)),
        (dt.datetime(2024, 3, 11, 11, 0, 0, tzinfo=dt.UTC), 3600, (2024, 3, 11, 11)),
        (dt.datetime(2024, 3, 11, 23, 30, tzinfo=dt.UTC), 86400, (2024, 3, 11, 0)),
    ],
)
def test_windows_are_aligned_to_utc(now, window, start):
    assert ratelimit.window_of(now, window) == dt.datetime(*start, tzinfo=dt.UTC)
