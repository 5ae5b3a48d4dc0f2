import datetime as dt

import pytest

from sendresolve.cases import services
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON


@pytest.fixture
def adviser(world):
    return world.users["provider_staff"]


@pytest.fixture
def certified(world, adviser, time_machine):
    """A case whose family declined mediation; the certificate was issued on 4 April 2024."""
    time_machine.move_to(dt.datetime(2024, 3, 28, 10, tzinfo=LONDON), tick=False)
    case = open_case(world, decision_letter_date=dt.date(2024, 3, 1), child_name="Sam Lee Example")
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    time_machine.move_to(dt.datetime(2024, 4, 4, 9, tzinfo=LONDON), tick=False)
    services.certificate_issue(actor=adviser, case=case)
    time_machine.move_to(dt.datetime(2024, 4, 10, 9, tzinfo=LONDON), tick=False)
    case.refresh_from_db()
    return case
