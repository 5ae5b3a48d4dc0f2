"""``manage.py billing_run`` and the demo's prices."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sendresolve.billing.demo import billing_demo_seed
from sendresolve.billing.models import ContractTerms, Invoice
from sendresolve.billing.tests.helpers import mediation, terms
from sendresolve.core.clock import LONDON

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2024, 12, 10, 9, tzinfo=LONDON), tick=False)


def billing_run(*args):
    out = io.StringIO()
    call_command("billing_run", *args, stdout=out)
    return out.getvalue()


def test_the_command_makes_the_draft(world):
    terms(world)
    mediation(world, opened_on=dt.date(2024, 11, 4))
    out = billing_run("--provider", "alpha-mediation", "--la", "302", "--month", "2024-11")
    assert out == "Draft invoice for Barnet, November 2024: 1 line, £95.00.\n"
    assert Invoice.objects.get().state == "draft"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("alpha-mediation", "302", "2024-13"), "The month must look like 2026-11"),
        (("alpha-mediation", "302", "Nov 2024"), "The month must look like 2026-11"),
        (("nobody", "302", "2024-11"), "No provider 'nobody'."),
        (("alpha-mediation", "999", "2024-11"), "No local authority with DfE code '999'."),
        (("alpha-mediation", "882", "2024-11"), "was not commissioned by Southend-on-Sea"),
        (("alpha-mediation", "302", "2031-01"), "That month has not started yet."),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(world, args, message):
    provider, la, month = args
    with pytest.raises(CommandError) as raised:
        billing_run("--provider", provider, "--la", la, "--month", month)
    assert raised.value.returncode == 2
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_the_demo_prices_barnet_once_and_keeps_changes(world):
    world.local_authority.name = "Barnet"
    billing_demo_seed()  # the world's provider is not a demo provider: nothing happens
    assert not ContractTerms.objects.exists()
