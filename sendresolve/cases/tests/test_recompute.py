import datetime as dt

import pytest
from django.core.management import call_command

from sendresolve.cases import services
from sendresolve.cases.models import CaseDeadline
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON

pytestmark = pytest.mark.django_db


def test_recompute_command_moves_open_deadlines_for_a_new_bank_holiday(world, time_machine, capsys):
    time_machine.move_to(dt.datetime(2026, 6, 1, 12, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(
        world, opened_on=dt.date(2026, 5, 20), decision_letter_date=dt.date(2026, 5, 15)
    )
    services.advice_give(actor=adviser, case=case, on=dt.date(2026, 6, 1))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2026, 6, 1))
    row = CaseDeadline.objects.get(case=case, key="certificate_after_declining")
    assert row.due_on == dt.date(2026, 6, 4)

    call_command("recompute_deadlines", "--extra-holiday", "2026-06-03")
    row.refresh_from_db()
    assert row.due_on == dt.date(2026, 6, 5)
    assert "1 changed" in capsys.readouterr().out

    call_command("recompute_deadlines", "--extra-holiday", "2026-06-03")
    assert "0 changed" in capsys.readouterr().out


def test_recompute_rejects_a_bad_date(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--extra-holiday"):
        call_command("recompute_deadlines", "--extra-holiday", "2026-02-30")


def test_extra_bank_holidays_setting_is_used_on_every_event(world, time_machine, settings):
    settings.SENDRESOLVE_EXTRA_BANK_HOLIDAYS = (dt.date(2026, 6, 3),)
    time_machine.move_to(dt.datetime(2026, 6, 1, 12, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(
        world, opened_on=dt.date(2026, 5, 20), decision_letter_date=dt.date(2026, 5, 15)
    )
    services.advice_give(actor=adviser, case=case, on=dt.date(2026, 6, 1))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2026, 6, 1))
    row = CaseDeadline.objects.get(case=case, key="certificate_after_declining")
    assert row.due_on == dt.date(2026, 6, 5)
