import datetime as dt

from sendresolve.core import clock


def test_now_is_timezone_aware(time_machine):
    time_machine.move_to("2025-03-03T12:00:00+00:00", tick=False)
    assert clock.now() == dt.datetime(2025, 3, 3, 12, 0, tzinfo=dt.UTC)


def test_today_is_the_london_date_in_summer_time(time_machine):
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    time_machine.move_to("2025-06-30T23:30:00+00:00", tick=False)
    assert clock.today() == dt.date(2025, 7, 1)


def test_today_is_the_utc_date_in_winter(time_machine):
    time_machine.move_to("2025-12-31T23:30:00+00:00", tick=False)
    assert clock.today() == dt.date(2025, 12, 31)
