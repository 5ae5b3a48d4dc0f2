"""An LA's own term dates: who may set them, how they are checked, and the exclusion clocks
(EXC-01, EXC-02: 15 school days, law.md §10.10) counted around half terms with the shipped
dates and with an LA's own."""

import datetime as dt
from dataclasses import replace

import pytest
import time_machine

from sendresolve.audit.models import AuditEvent
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import NotFound
from sendresolve.law import advise
from sendresolve.law.school_days import exclusion_deadline, school_terms
from sendresolve.public.tests.test_finder import answer
from sendresolve.schoolterms import services
from sendresolve.schoolterms.models import SchoolClosureDay, SchoolTerm
from sendresolve.schoolterms.selectors import own_school_terms
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory

D = dt.date
PAGE = "/staff/local-authorities/302/term-dates/"
NEW_TERM = PAGE + "new-term/"
NEW_CLOSURE = PAGE + "new-closure/"
OTHER_PAGE = "/staff/local-authorities/882/term-dates/"

# Barnet's autumn term 2026, as an officer might enter it: half term 26-30 October, and an
# INSET day on Monday 2 November.
AUTUMN_2026 = {
    "starts_on_0": "3",
    "starts_on_1": "9",
    "starts_on_2": "2026",
    "ends_on_0": "18",
    "ends_on_1": "12",
    "ends_on_2": "2026",
    "half_term_starts_on_0": "26",
    "half_term_starts_on_1": "10",
    "half_term_starts_on_2": "2026",
    "half_term_ends_on_0": "30",
    "half_term_ends_on_1": "10",
    "half_term_ends_on_2": "2026",
    "source": "https://www.barnet.gov.uk/schools-and-education/school-term-dates",
    "submission_key": "t" * 32,
}


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), LONDON), tick=False)


def _exclusion_situation(board_decision: str, today: str) -> dict:
    return {
        "today": today,
        "age": 12,
        "requester": "parent",
        "has_ehc_plan": True,
        "with": ["school"],
        "about": ["exclusion"],
        "school_type": "maintained",
        "local_authority": "Barnet",
        "dates": {"board_decision": board_decision},
    }


# -- the clocks around half term -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline_id", "told", "due"),
    [
        # Friday before half term: 5 school days, half term 27-31 October not counted, then 10.
        ("exclusion_board_meets", D(2025, 10, 17), D(2025, 11, 14)),
        ("exclusion_review_request_by", D(2025, 10, 17), D(2025, 11, 14)),
        # Told on the Saturday of half term: the count starts on Monday 3 November.
        ("exclusion_review_request_by", D(2025, 11, 1), D(2025, 11, 21)),
        # Spring half term 16-20 February 2026.
        ("exclusion_board_meets", D(2026, 2, 6), D(2026, 3, 6)),
    ],
)
def test_shipped_barnet_dates_skip_the_half_term(deadline_id, told, due):
    deadline = exclusion_deadline(deadline_id, told, school_terms("Barnet"))

    assert deadline.date == due
    assert "published term dates" in deadline.rule
    assert deadline.uncertain  # a school's own dates may differ


@pytest.mark.django_db
def test_an_las_own_dates_count_their_half_term_and_inset_day(world):
    officer = world.users["la_officer"]
    with at(D(2026, 6, 1)):
        services.term_add(
            actor=officer,
            local_authority=world.local_authority,
            starts_on=D(2026, 9, 3),
            ends_on=D(2026, 12, 18),
            half_term_starts_on=D(2026, 10, 26),
            half_term_ends_on=D(2026, 10, 30),
        )
        services.closure_add(
            actor=officer, local_authority=world.local_authority, day=D(2026, 11, 2)
        )
    terms = own_school_terms(world.local_authority)

    board = exclusion_deadline("exclusion_board_meets", D(2026, 10, 16), terms)
    # 19-23 October (5), half term, 2 November INSET, 3-6 November (9), 9-13 (14), 16 (15).
    assert board.date == D(2026, 11, 16)
    assert "Barnet's own term dates" in board.rule
    assert board.uncertain
    # Without the INSET day it would be Friday 13 November.
    no_inset = replace(terms, closed=frozenset())
    assert exclusion_deadline("exclusion_board_meets", D(2026, 10, 16), no_inset).date == D(
        2026, 11, 13
    )


@pytest.mark.django_db
def test_an_las_own_dates_win_over_the_shipped_ones(world):
    with at(D(2025, 7, 1)):
        services.term_add(
            actor=world.users["administrator"],
            local_authority=world.local_authority,
            starts_on=D(2025, 9, 1),
            ends_on=D(2025, 12, 19),
            half_term_starts_on=D(2025, 10, 20),  # a two-week half term
            half_term_ends_on=D(2025, 10, 31),
        )
    situation = _exclusion_situation("2025-10-17", "2025-10-17")

    shipped = advise(situation)
    own = advise(situation, terms=own_school_terms(world.local_authority))

    def review(advice):
        return next(d for d in advice["deadlines"] if d["id"] == "exclusion_review_request_by")

    assert review(shipped)["date"] == "2025-11-14"
    assert review(own)["date"] == "2025-11-21"
    assert any("school's own term dates" in w for w in own["warnings"])


@pytest.mark.django_db
def test_the_finder_counts_the_councils_own_dates(world, client):
    answers = {
        "council": "302",
        "who": "parent",
        "age": 12,
        "plan": "yes",
        "progress": ["none"],
        "with": ["school"],
        "school_type": "maintained",
        "about": ["exclusion"],
        "board_decision": "2026-10-16",
    }
    with at(D(2026, 10, 19)):
        answer(client, answers)
        before = client.get("/find/what-you-can-do/").content.decode()
        services.term_add(
            actor=world.users["la_officer"],
            local_authority=world.local_authority,
            starts_on=D(2026, 9, 3),
            ends_on=D(2026, 12, 18),
            half_term_starts_on=D(2026, 10, 26),
            half_term_ends_on=D(2026, 10, 30),
        )
        after = client.get("/find/what-you-can-do/").content.decode()

    # The shipped autumn 2026 dates (one Barnet school's) leave out its INSET day, 2 November.
    assert "Ask for the independent review by Monday 16 November 2026." in before
    assert "Ask for the independent review by Friday 13 November 2026." in after


# -- who may set them ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("la_officer", 200),
        ("administrator", 200),
        ("other_la", 404),
        ("adviser", 404),
        ("colleague", 404),
        ("icb_officer", 404),
    ],
)
def test_who_sees_barnets_term_dates(role_personas, as_persona, persona, status):
    client = as_persona(persona)
    assert client.get(PAGE).status_code == status
    assert client.get(NEW_TERM).status_code == status


@pytest.mark.django_db
def test_the_managers_of_a_commissioned_provider_set_them(world, client):
    manager = UserFactory(username="manager@alpha.test")
    MembershipFactory(user=manager, role=Role.PROVIDER_MANAGER, provider=world.provider)
    client.force_login(manager)

    assert client.get(PAGE).status_code == 200
    assert client.get(OTHER_PAGE).status_code == 404


@pytest.mark.django_db
def test_an_la_officer_cannot_edit_another_las_dates(world, as_persona):
    client = as_persona("other_la")  # Southend's officer
    with at(D(2026, 6, 1)):
        response = client.post(NEW_TERM, AUTUMN_2026)
        term = services.term_add(
            actor=world.users["la_officer"],
            local_authority=world.local_authority,
            starts_on=D(2026, 9, 3),
            ends_on=D(2026, 12, 18),
        )
        removal = client.post(f"{PAGE}terms/{term.pk}/remove/", {"submission_key": "r" * 32})
        with pytest.raises(NotFound):
            services.term_remove(
                actor=world.users["other_la"],
                local_authority=world.local_authority,
                term_id=term.pk,
            )

    assert response.status_code == 404
    assert removal.status_code == 404
    assert SchoolTerm.objects.filter(local_authority=world.local_authority).count() == 1


# -- the pages -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_officer_adds_a_term_once_and_it_is_audited(world, as_persona):
    client = as_persona("la_officer")
    with at(D(2026, 6, 1)):
        first = client.post(NEW_TERM, AUTUMN_2026)
        again = client.post(NEW_TERM, AUTUMN_2026)  # a double submission
        page = client.get(PAGE).content.decode()

    assert first.status_code == again.status_code == 302
    assert SchoolTerm.objects.filter(local_authority=world.local_authority).count() == 1
    assert AuditEvent.objects.filter(action="school_term.add").count() == 1
    assert "Thursday 3 September 2026" in page
    assert "26 October 2026 to 30 October 2026" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ends_on_1": "8"}, "The last day of term must be after the first day"),
        ({"half_term_ends_on_0": ""}, "The last day of the half term holiday must include a day"),
        (
            {"half_term_ends_on_0": "", "half_term_ends_on_1": "", "half_term_ends_on_2": ""},
            "Enter both the first and last day of the half term",
        ),
        ({"half_term_starts_on_1": "9", "half_term_starts_on_0": "1"}, "inside the term"),
        ({"ends_on_2": "2027"}, "20 weeks long or less"),
        ({"starts_on_1": "13"}, "The first day of term must be a real date"),
    ],
)
def test_bad_terms_are_shown_in_an_error_summary(world, as_persona, change, message):
    client = as_persona("la_officer")
    with at(D(2026, 6, 1)):
        response = client.post(NEW_TERM, {**AUTUMN_2026, **change})
    html = response.content.decode()

    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert message in html
    assert not SchoolTerm.objects.exists()


@pytest.mark.django_db
def test_overlapping_terms_are_refused(world, as_persona):
    client = as_persona("la_officer")
    with at(D(2026, 6, 1)):
        client.post(NEW_TERM, AUTUMN_2026)
        response = client.post(NEW_TERM, {**AUTUMN_2026, "starts_on_0": "1", "ends_on_0": "17"})

    assert response.status_code == 400
    assert (
        "This term overlaps the term from Thursday 3 September 2026 to Friday 18 December 2026"
        in (response.content.decode())
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2026-10-31", "A closure day must be a weekday"),
        ("2026-10-27", "must be in one of the terms"),  # half term
        ("2027-01-05", "must be in one of the terms"),  # no term entered
    ],
)
def test_closure_days_must_be_weekdays_in_term(world, as_persona, day, message):
    client = as_persona("la_officer")
    year, month, dd = day.split("-")
    with at(D(2026, 6, 1)):
        client.post(NEW_TERM, AUTUMN_2026)
        response = client.post(
            NEW_CLOSURE,
            {"day_0": dd, "day_1": month, "day_2": year, "submission_key": "c" * 32},
        )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SchoolClosureDay.objects.exists()


@pytest.mark.django_db
def test_removing_a_term_and_a_closure_day(world, as_persona):
    client = as_persona("la_officer")
    with at(D(2026, 6, 1)):
        client.post(NEW_TERM, AUTUMN_2026)
        client.post(
            NEW_CLOSURE, {"day_0": "2", "day_1": "11", "day_2": "2026", "submission_key": "d" * 32}
        )
        closure = SchoolClosureDay.objects.get()
        term = SchoolTerm.objects.get()
        client.post(f"{PAGE}closures/{closure.pk}/remove/", {"submission_key": "e" * 32})
        client.post(f"{PAGE}terms/{term.pk}/remove/", {"submission_key": "f" * 32})
        again = client.post(f"{PAGE}terms/{term.pk}/remove/", {"submission_key": "g" * 32})

    assert again.status_code == 302
    assert not SchoolTerm.objects.exists()
    assert not SchoolClosureDay.objects.exists()
    assert own_school_terms(world.local_authority) is None
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {
        "school_term.remove",
        "school_closure.remove",
    }
