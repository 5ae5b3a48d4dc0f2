"""Certificates that missed their time limit: days late in working days, and those overdue and
not issued shown beside "on time" (issue 23)."""

import datetime as dt

import pytest

from sendresolve.cases import services
from sendresolve.core.clock import LONDON
from sendresolve.reports.certificates import working_days_late
from sendresolve.reports.figures import ReportFilters, mediation_report
from sendresolve.reports.tests.conftest import _declined, _open

pytestmark = pytest.mark.django_db

SPRING = ReportFilters(dt.date(2024, 3, 1), dt.date(2024, 6, 30))


@pytest.mark.parametrize(
    ("due_on", "done_on", "days"),
    [
        (dt.date(2024, 4, 4), dt.date(2024, 4, 4), 0),  # on the day due: not late
        (dt.date(2024, 4, 4), dt.date(2024, 4, 5), 1),  # Thu → Fri
        (dt.date(2024, 4, 5), dt.date(2024, 4, 8), 1),  # Fri → Mon: the weekend is not counted
        # Maundy Thursday → the Tuesday after Easter: Good Friday, the weekend and Easter
        # Monday are not working days, so 1 working day late, not 5 days.
        (dt.date(2024, 3, 28), dt.date(2024, 4, 2), 1),
        (dt.date(2024, 5, 3), dt.date(2024, 5, 7), 1),  # over the early May bank holiday
        (dt.date(2024, 12, 24), dt.date(2024, 12, 27), 1),  # Christmas and Boxing Day
    ],
)
def test_days_late_are_working_days(due_on, done_on, days):
    assert working_days_late(due_on, done_on) == days


def _decline_only(world, staff, name, declined_on):
    case = _open(
        world,
        actor=staff,
        opened_on=declined_on,
        subjects=("refusal_to_assess",),
        name=name,
    )
    services.advice_give(actor=staff, case=case, on=declined_on)
    services.mediation_decline(actor=staff, case=case, on=declined_on)
    return case


@pytest.fixture
def spring(world, time_machine, django_capture_on_commit_callbacks):
    """One certificate issued on time, one late over Easter, and two not issued though due
    (declined Mon 13 May: due Thu 16 May; declined Tue 14 May: due Fri 17 May)."""
    staff = world.users["provider_staff"]
    time_machine.move_to(dt.datetime(2024, 5, 24, 12, tzinfo=LONDON), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        on_time = _declined(
            world, staff, "On time", dt.date(2024, 3, 4), dt.date(2024, 3, 4), dt.date(2024, 3, 6)
        )
        overdue = [
            _decline_only(world, staff, "Overdue one", dt.date(2024, 5, 13)),
            _decline_only(world, staff, "Overdue two", dt.date(2024, 5, 14)),
        ]
    return on_time, overdue


def test_two_overdue_certificates_show_beside_a_hundred_percent_on_time(world, spring):
    _, overdue = spring
    result = mediation_report(world.users["provider_staff"], SPRING, today=dt.date(2024, 5, 24))
    (barnet,) = result.table("by_local_authority").rows
    # Before issue 23 the page said only "100.0% on time" here.
    assert barnet["certificates_on_time_pct"] == 100.0
    assert barnet["certificates_overdue"] == 2
    assert result.table("by_local_authority").total["certificates_overdue"] == 2
    rows = result.table("overdue_certificates").rows
    assert [(r["reference"], r["due_on"], r["days_overdue"]) for r in rows] == [
        # Thu 16 May → Fri 24 May: Fri 17, Mon 20 … Fri 24 are 6 working days.
        (overdue[0].reference, dt.date(2024, 5, 16), 6),
        (overdue[1].reference, dt.date(2024, 5, 17), 5),
    ]


def test_a_certificate_not_yet_due_is_not_overdue(world, spring):
    # On Thu 16 May the first is due that day (not overdue yet) and the second tomorrow.
    result = mediation_report(world.users["provider_staff"], SPRING, today=dt.date(2024, 5, 16))
    assert result.table("by_local_authority").total["certificates_overdue"] == 0
    assert result.table("overdue_certificates").rows == ()
    on_the_17th = mediation_report(
        world.users["provider_staff"], SPRING, today=dt.date(2024, 5, 17)
    )
    assert on_the_17th.table("by_local_authority").total["certificates_overdue"] == 1


def test_overdue_certificates_are_only_the_users_own(world, spring):
    other = mediation_report(world.users["other_provider"], SPRING, today=dt.date(2024, 5, 24))
    assert other.table("overdue_certificates").rows == ()
    assert other.table("by_local_authority").rows == ()


def test_a_certificate_late_over_easter_is_one_working_day_late(world, time_machine):
    staff = world.users["provider_staff"]
    time_machine.move_to(dt.datetime(2024, 4, 10, 12, tzinfo=LONDON), tick=False)
    # Declined Mon 25 Mar 2024: due the 3rd working day, Maundy Thursday 28 Mar; issued Tue 2 Apr.
    case = _declined(
        world, staff, "Easter", dt.date(2024, 3, 25), dt.date(2024, 3, 25), dt.date(2024, 4, 2)
    )
    result = mediation_report(staff, SPRING, today=dt.date(2024, 4, 10))
    (row,) = result.table("late_certificates").rows
    assert (row["reference"], row["due_on"], row["issued_on"]) == (
        case.reference,
        dt.date(2024, 3, 28),
        dt.date(2024, 4, 2),
    )
    assert row["days_late"] == 1


def test_the_page_links_each_late_and_overdue_certificate_to_its_case(
    as_persona, world, spring, known_cases
):
    _, overdue = spring
    html = (
        as_persona("provider_staff")
        .get(
            "/staff/reports/",
            {
                "date_from_0": "1",
                "date_from_1": "1",
                "date_from_2": "2024",
                "date_to_0": "24",
                "date_to_1": "5",
                "date_to_2": "2024",
            },
        )
        .content.decode()
    )
    for case in (known_cases["B"], known_cases["D"], *overdue):
        assert f'href="/staff/cases/{case.reference}/"' in html
    assert "Certificates overdue, not issued" in html
    overdue_table = html[html.index('id="table-overdue_certificates"') :]
    assert overdue[0].reference in overdue_table[: overdue_table.index("</table>")]
