"""Every figure of the report for a known set of cases (see conftest.py), exactly."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sendresolve.reports.figures import ReportFilters, annual_return, mediation_report
from sendresolve.reports.tests.conftest import _declined

pytestmark = pytest.mark.django_db

YEAR = ReportFilters(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
TODAY = dt.date(2024, 12, 31)


def report(world, persona, filters=YEAR):
    return mediation_report(world.users[persona], filters, today=TODAY)


def test_mediation_by_la_for_the_provider(world, known_cases):
    table = report(world, "provider_staff").table("by_local_authority")
    (barnet,) = table.rows
    assert barnet == {
        "local_authority": "Barnet",
        "dfe_code": "302",
        "advice_requests": 5,
        "certificates": 5,
        "certificates_declined": 2,
        "certificates_concluded": 2,
        "certificates_not_arranged": 1,
        # A on the 3rd working day after Maundy Thursday (Thu 4 Apr) is on time, B on the 4th
        # (Fri 5 Apr) is late; C and E on time; D late.
        "certificates_on_time": 3,
        "certificates_late": 2,
        "certificates_on_time_pct": 60.0,
        "certificates_overdue": 0,
        "mediations_held": 2,
        "held_within_30_days": 1,
        "held_within_30_days_pct": 50.0,
        "mediations_concluded": 2,
        "followed_by_appeal": 1,
        "followed_by_appeal_pct": 50.0,
    }
    assert table.total["advice_requests"] == 5


def test_an_administrator_sees_every_la_with_a_total(world, known_cases):
    table = report(world, "administrator").table("by_local_authority")
    assert [r["local_authority"] for r in table.rows] == ["Barnet", "Southend-on-Sea"]
    southend = table.rows[1]
    assert (southend["certificates"], southend["certificates_on_time"]) == (1, 1)
    assert southend["mediations_held"] == 0
    assert southend["held_within_30_days_pct"] is None  # nothing to divide by
    total = table.total
    assert (total["advice_requests"], total["certificates"], total["certificates_on_time"]) == (
        6,
        6,
        4,
    )
    assert total["certificates_on_time_pct"] == 66.7


def test_each_la_sees_only_its_own_figures(world, known_cases):
    assert [
        r["local_authority"] for r in report(world, "la_officer").table("by_local_authority").rows
    ] == ["Barnet"]
    assert [
        r["local_authority"] for r in report(world, "other_la").table("by_local_authority").rows
    ] == ["Southend-on-Sea"]
    assert report(world, "icb_officer").table("by_local_authority").rows == ()


def test_filters_by_la_provider_and_date(world, known_cases):
    only_southend = ReportFilters(YEAR.date_from, YEAR.date_to, local_authority="882")
    assert [
        r["local_authority"]
        for r in report(world, "administrator", only_southend).table("by_local_authority").rows
    ] == ["Southend-on-Sea"]
    beta = ReportFilters(YEAR.date_from, YEAR.date_to, provider="beta-mediation")
    assert (
        report(world, "administrator", beta).table("by_local_authority").total["certificates"] == 1
    )
    # April only: certificates A, B, E (4, 5 and 24 April); C and D were issued in May.
    april = ReportFilters(dt.date(2024, 4, 1), dt.date(2024, 4, 30))
    (barnet,) = report(world, "provider_staff", april).table("by_local_authority").rows
    assert (
        barnet["certificates"],
        barnet["certificates_on_time"],
        barnet["certificates_late"],
    ) == (3, 2, 1)
    assert barnet["advice_requests"] == 3  # C, D, E first contacted on 2 April
    assert barnet["mediations_held"] == 1  # C on 30 April


def test_late_certificates_are_listed(world, known_cases):
    rows = report(world, "provider_staff").table("late_certificates").rows
    assert [(r["reference"], r["due_on"], r["issued_on"], r["days_late"]) for r in rows] == [
        (known_cases["B"].reference, dt.date(2024, 4, 4), dt.date(2024, 4, 5), 1),
        # Due Thu 16 May, issued Mon 20 May: 2 working days late (Fri 17, Mon 20), not 4 days.
        (known_cases["D"].reference, dt.date(2024, 5, 16), dt.date(2024, 5, 20), 2),
    ]


def test_outcomes_by_issue(world, known_cases):
    table = report(world, "provider_staff").table("outcomes_by_issue")
    rows = {r["subject"]: r for r in table.rows}
    provision = rows["Special educational provision in the plan (section F)"]
    placement = rows["School or placement named in the plan (section I)"]
    assert (provision["agreed"], provision["partly_agreed"], provision["not_agreed"]) == (1, 1, 0)
    assert provision["agreed_pct"] == 100.0
    assert (placement["agreed"], placement["partly_agreed"], placement["not_agreed"]) == (0, 0, 1)
    assert table.total["issues"] == 3
    assert table.total["agreed_pct"] == 66.7


def test_disagreement_resolution_by_kind(world, known_cases):
    (row,) = report(world, "provider_staff").table("disagreement_resolution").rows
    assert row["dr_type"].startswith("Family and the LA, school")
    assert (row["requests"], row["not_taken_forward"], row["meetings_held"], row["issues"]) == (
        1,
        1,
        0,
        0,
    )


def test_agreed_actions_done_on_time(world, known_cases):
    (row,) = report(world, "provider_staff").table("agreed_actions").rows
    assert row == {
        "responsible": "Local authority",
        "due": 1,
        "done_on_time": 1,
        "done_late": 0,
        "overdue": 0,
        "not_due_yet": 0,
        "on_time_pct": 100.0,
    }


def test_days_from_first_contact_to_certificate(world, known_cases):
    table = report(world, "provider_staff").table("days_to_certificate")
    rows = {r["kind"]: r for r in table.rows}
    # Declined: 17, 18 days. After mediation: 31, 48. Not arranged: 22. Nearest rank.
    assert rows["Mediation advice given; mediation declined"] == {
        "kind": "Mediation advice given; mediation declined",
        "certificates": 2,
        "median_days": 17,
        "p90_days": 18,
    }
    assert (
        rows["Mediation has taken place"]["median_days"],
        rows["Mediation has taken place"]["p90_days"],
    ) == (31, 48)
    assert rows["Mediation not arranged within 30 days"]["median_days"] == 22
    assert table.total == {
        "kind": "All certificates",
        "certificates": 5,
        "median_days": 22,
        "p90_days": 48,
    }


def test_the_annual_return_has_one_row_per_la_for_the_calendar_year(world, known_cases):
    table = annual_return(world.users["administrator"], year=2024).tables[0]
    assert [(r["dfe_code"], r["local_authority"], r["year"]) for r in table.rows] == [
        ("302", "Barnet", "2024"),
        ("882", "Southend-on-Sea", "2024"),
    ]
    barnet = table.rows[0]
    assert (barnet["certificates"], barnet["mediations_held"], barnet["followed_by_appeal"]) == (
        5,
        2,
        1,
    )
    assert barnet["dr_requests"] == 1
    assert annual_return(world.users["administrator"], year=2023).tables[0].rows == ()


def test_report_queries_do_not_grow_with_the_number_of_cases(
    world, known_cases, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    with CaptureQueriesContext(connection) as few:
        report(world, "administrator")
    staff = world.users["provider_staff"]
    with django_capture_on_commit_callbacks(execute=True):  # their facts, as after commits
        for i in range(6):
            _declined(
                world,
                staff,
                f"More {i}",
                dt.date(2024, 6, 3),
                dt.date(2024, 6, 3),
                dt.date(2024, 6, 5),
            )
    with CaptureQueriesContext(connection) as many:
        result = report(world, "administrator")
    assert result.table("by_local_authority").total["certificates"] == 12
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(few.captured_queries) <= 30


def test_the_first_late_certificates_are_the_first_of_them_all(world):
    from sendresolve.demo.national import national_generate

    national_generate(cases=1500, today=dt.date(2024, 11, 12), seed=5)
    span = ReportFilters(dt.date(2015, 1, 1), dt.date(2024, 11, 12))
    admin = world.users["administrator"]
    every = mediation_report(admin, span, today=TODAY).table("late_certificates").rows
    assert len(every) > 12
    assert len({r["issued_on"] for r in every}) < len(every)  # some share a day
    for first in (1, 2, 5, 12, 40):
        shown = mediation_report(admin, span, today=TODAY, late_rows=first)
        assert shown.table("late_certificates").rows == every[:first]
        assert shown.table("late_certificates").row_count == len(every)
