import datetime as dt

import pytest

from sendresolve.core.clock import LONDON

# Every test starts at noon on Wednesday 20 March 2024 unless it moves the clock.
NOW = dt.datetime(2024, 3, 20, 12, tzinfo=LONDON)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def pinned_clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine
