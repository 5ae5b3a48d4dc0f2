"""Feedback and format requests: what is stored, and who may read it."""

import pytest

from sendresolve.core.errors import ValidationError
from sendresolve.feedback import selectors, services
from sendresolve.feedback.models import Feedback, FormatRequest

pytestmark = pytest.mark.django_db


def test_feedback_is_stored_with_its_page_and_tenants(world):
    feedback = services.feedback_record(
        satisfaction="satisfied",
        improvement="  Shorter words please  ",
        page="/request/what/?change=1",
        local_authority=world.local_authority,
        provider=world.provider,
    )
    feedback.refresh_from_db()
    assert feedback.improvement == "Shorter words please"
    assert feedback.page == "/request/what/"
    assert feedback.provider == world.provider


@pytest.mark.parametrize("page", ["https://evil.example/", "//evil.example/x", "relative"])
def test_feedback_keeps_only_local_pages(world, page):
    assert services.feedback_record(satisfaction="neither", page=page).page == ""


def test_feedback_needs_a_satisfaction_answer(world):
    with pytest.raises(ValidationError):
        services.feedback_record(satisfaction="ecstatic")


def test_a_format_request_needs_what_and_how_to_reply(world):
    with pytest.raises(ValidationError) as error:
        services.format_request_record(kind="language", name="A", email="a@example.test")
    assert error.value.field == "detail"
    with pytest.raises(ValidationError) as error:
        services.format_request_record(kind="braille", name="A")
    assert error.value.field == "email"
    stored = services.format_request_record(
        kind="language", detail="Polish", name="A", phone="07700 900982"
    )
    assert stored.get_format_display() == "Another language"
    assert "07700" not in str(stored)


@pytest.fixture
def stored(world):
    ours = services.feedback_record(
        satisfaction="satisfied", local_authority=world.local_authority, provider=world.provider
    )
    council_only = services.feedback_record(
        satisfaction="neither", local_authority=world.local_authority
    )
    theirs = services.feedback_record(
        satisfaction="dissatisfied",
        local_authority=world.other_local_authority,
        provider=world.other_provider,
    )
    nobody = services.feedback_record(satisfaction="very_satisfied")
    return {"ours": ours, "council_only": council_only, "theirs": theirs, "nobody": nobody}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("provider_staff", {"ours", "council_only"}),
        ("other_provider", {"theirs"}),
        ("la_officer", {"ours", "council_only"}),
        ("other_la", {"theirs"}),
        ("icb_officer", set()),
        ("administrator", {"ours", "council_only", "theirs", "nobody"}),
        ("anonymous", set()),
    ],
)
def test_feedback_is_read_only_by_its_tenants(world, stored, persona, expected):
    user = world.users[persona]
    seen = set(selectors.feedback_for(user).values_list("pk", flat=True))
    assert seen == {stored[name].pk for name in expected}


def test_format_requests_are_scoped_like_feedback(world):
    ours = services.format_request_record(
        kind="large_print",
        name="A",
        email="a@example.test",
        provider=world.provider,
        local_authority=world.local_authority,
    )
    services.format_request_record(kind="audio", name="B", email="b@example.test")
    assert list(selectors.format_requests_for(world.users["provider_staff"])) == [ours]
    assert selectors.format_requests_for(world.users["administrator"]).count() == 2
    assert FormatRequest.objects.count() == 2 and Feedback.objects.count() == 0
