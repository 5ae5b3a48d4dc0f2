"""Report facts (``cases.facts``): kept right by every case-work write, by the bank-holiday
recompute and by the data generator, and rebuilt by the migration that made them."""

import datetime as dt
import importlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sendresolve.cases.deadlines import open_deadlines_recompute
from sendresolve.cases.facts import facts_rebuild_all
from sendresolve.cases.models import ReportFact
from sendresolve.demo.national import national_generate
from sendresolve.reports.figures import ReportFilters, mediation_report
from sendresolve.reports.tests.conftest import known_cases  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db
YEAR = ReportFilters(dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def facts_of(case):
    return sorted(
        ReportFact.objects.filter(case=case).values_list(
            "measure", "on", "category", "state", "flag", "days"
        )
    )


def all_facts():
    return sorted(
        ReportFact.objects.values_list(
            "case_id",
            "local_authority_id",
            "provider_id",
            "measure",
            "on",
            "category",
            "state",
            "flag",
            "days",
        )
    )


def test_case_work_leaves_the_facts_a_rebuild_would_make(world, known_cases):  # noqa: F811
    c = known_cases["C"]
    # Opened 2 Apr 2024, held and concluded 30 Apr (F agreed, I not), the LA's action due
    # 14 May and done 10 May, certificate Fri 3 May (31 days, on time); an appeal followed.
    assert facts_of(c) == [
        ("advice_request", dt.date(2024, 4, 2), "", "", False, None),
        ("agreed_action", dt.date(2024, 5, 14), "local_authority", "met", False, None),
        ("billable_event", dt.date(2024, 4, 2), "mediation", "advice_given", False, None),
        ("billable_event", dt.date(2024, 4, 30), "mediation", "session_held", True, None),
        ("certificate", dt.date(2024, 5, 3), "mediation_concluded", "", False, 31),
        ("certificate_deadline", dt.date(2024, 5, 3), "", "met", False, None),
        ("mediation_concluded", dt.date(2024, 4, 30), "", "", True, None),
        ("mediation_held", dt.date(2024, 4, 30), "", "met", False, None),
        ("mediation_outcome", dt.date(2024, 4, 30), "plan_placement", "not_agreed", False, None),
        ("mediation_outcome", dt.date(2024, 4, 30), "plan_provision", "agreed", False, None),
    ]
    assert (c.local_authority_id, c.provider_id) == ReportFact.objects.filter(case=c).values_list(
        "local_authority_id", "provider_id"
    ).distinct().get()
    f = known_cases["F"]  # disagreement resolution the school declined
    assert facts_of(f) == [
        ("dr_request", dt.date(2024, 4, 10), f.dr_type, "not_taken_forward", False, None),
    ]
    before = all_facts()
    assert facts_rebuild_all() == (ReportFact.objects.values("case").distinct().count(), 0)
    assert all_facts() == before


def test_a_new_bank_holiday_can_put_a_late_certificate_on_time(
    world,
    known_cases,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    # B declined on Maundy Thursday 28 Mar 2024; its certificate on Fri 5 Apr was the 4th
    # working day (Good Friday and Easter Monday do not count), one day late. Were Tue 2 Apr a
    # bank holiday too, Fri 5 Apr would be the 3rd working day: on time.
    def barnet():
        (row,) = (
            mediation_report(world.users["provider_staff"], YEAR, today=dt.date(2024, 12, 31))
            .table("by_local_authority")
            .rows
        )
        return row["certificates_on_time"], row["certificates_late"]

    assert barnet() == (3, 2)
    holiday = dt.date(2024, 4, 2)
    # The moved cases' facts are refreshed once the recompute commits.
    with django_capture_on_commit_callbacks(execute=True):
        result = open_deadlines_recompute(extra_holidays=[holiday], new_days=[holiday])
    assert result.changed_cases >= 1
    assert barnet() == (4, 1)
    assert ("certificate_deadline", dt.date(2024, 4, 5), "", "met", False, None) in facts_of(
        known_cases["B"]
    )
    assert facts_rebuild_all()[1] == 0


def test_generated_cases_have_the_facts_case_work_would_leave(world):
    national_generate(cases=120, today=dt.date(2024, 11, 12), seed=7)
    assert ReportFact.objects.filter(measure="advice_request").count() > 50
    assert set(ReportFact.objects.values_list("measure", flat=True)) >= {
        "advice_request",
        "certificate",
        "certificate_deadline",
        "mediation_held",
        "mediation_concluded",
        "mediation_outcome",
        "dr_request",
    }
    examined, changed = facts_rebuild_all()
    assert examined >= 120
    assert changed == 0


def test_the_migration_fills_the_facts_with_its_historical_models(world):
    national_generate(cases=60, today=dt.date(2024, 11, 12), seed=11)
    ReportFact.objects.filter(measure="billable_event").delete()  # came later (0026)
    expected = all_facts()
    ReportFact.objects.all().delete()
    state = MigrationExecutor(connection).loader.project_state(("cases", "0005_report_facts"))
    migration = importlib.import_module("sendresolve.cases.migrations.0005_report_facts")
    examined, changed = migration.facts_fill(state.apps, None)
    assert changed == examined >= 60  # every case had lost its facts
    assert all_facts() == expected


def test_the_rebuild_command_checks_and_mends(world):
    national_generate(cases=20, today=dt.date(2024, 11, 12), seed=3)
    out = io.StringIO()
    call_command("rebuild_report_facts", "--check", stdout=out)
    assert "0 had facts rebuilt" in out.getvalue()
    ReportFact.objects.filter(measure="advice_request").update(on=dt.date(2000, 1, 1))
    with pytest.raises(CommandError, match="cases had report facts that were out of date"):
        call_command("rebuild_report_facts", "--check", stdout=io.StringIO())
    assert not ReportFact.objects.filter(on=dt.date(2000, 1, 1)).exists()  # mended all the same
    with pytest.raises(CommandError, match="--batch-size must be at least 1"):
        call_command("rebuild_report_facts", "--batch-size", "0")
