"""Services clean names and free text whoever calls them (commands, imports, the API), and
refuse email addresses a calendar invitation or a message header cannot hold: the last line
of defence behind the forms and serializers (core.text, core.validators)."""

import datetime as dt

import pytest

from sendresolve.cases import services
from sendresolve.cases.models import Party
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import ValidationError

pytestmark = pytest.mark.django_db

RLO, PDF_, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"


@pytest.fixture
def march(time_machine):
    time_machine.move_to(dt.datetime(2024, 3, 20, 10, tzinfo=LONDON), tick=False)


def test_opening_a_case_stores_names_and_text_without_overrides_or_controls(world, march):
    case = open_case(
        world,
        child_name=f"Sam {RLO}elpmaxE{PDF_}\x00",
        requester_name=f"Alex{LRI} Example{PDI}\x1b",
        decision_description="Refused\u200f to assess\x07\nSecond line",
    )
    case.refresh_from_db()
    assert case.child_name == "Sam elpmaxE"
    assert case.requester_name == "Alex Example"
    assert case.decision_description == "Refused to assess\nSecond line"


def test_a_name_of_only_invisible_characters_is_missing(world, march):
    with pytest.raises(ValidationError) as raised:
        open_case(world, child_name=f"{RLO}{LRI}\x00")
    assert raised.value.field == "child_name"


@pytest.mark.parametrize("email", ['"alex example"@example.test', "alex@example.test\r\nBcc: x"])
def test_opening_a_case_refuses_an_address_no_invitation_can_hold(world, march, email):
    with pytest.raises(ValidationError) as raised:
        open_case(world, email=email)
    assert raised.value.field == "email"
    assert "alex" not in str(raised.value)


def test_corrections_clean_text_and_refuse_quoted_addresses(world, march):
    adviser = world.users["provider_staff"]
    case = open_case(world)
    services.case_correct(actor=adviser, case=case, changes={"child_name": f"Sam{RLO} Lee"})
    case.refresh_from_db()
    assert case.child_name == "Sam Lee"
    with pytest.raises(ValidationError) as raised:
        services.case_correct(actor=adviser, case=case, changes={"email": '"a b"@example.test'})
    assert raised.value.field == "email"
    party = Party.objects.create(case=case, role="parent", name="Alex Example")
    services.party_correct(
        actor=adviser,
        party=party,
        changes={"name": f"Alex{LRI} Lee\x00", "access_needs": f"BSL{RLO}\ninterpreter"},
    )
    party.refresh_from_db()
    assert (party.name, party.access_needs) == ("Alex Lee", "BSL\ninterpreter")
