"""``manage.py import_cases``: a dry run, the real run, a second run and bad input."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sendresolve.cases.models import Case
from sendresolve.core.clock import LONDON
from sendresolve.imports.generator import as_csv, as_xlsx, generate
from sendresolve.imports.models import CaseImport
from sendresolve.imports.template import CASE_COLUMNS, EVENT_COLUMNS

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 11, 20)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2024, 11, 20, 9, tzinfo=LONDON), tick=False)


def run(*args):
    out = io.StringIO()
    call_command("import_cases", *args, stdout=out)
    return out.getvalue()


def test_dry_run_then_import_then_nothing_changes(world, tmp_path):
    generated = generate(rows=30, bad=3, today=TODAY, local_authorities=["302"], seed=4)
    path = tmp_path / "cases.csv"
    path.write_bytes(as_csv(generated.cases, CASE_COLUMNS))
    events = tmp_path / "events.csv"
    events.write_bytes(as_csv(generated.events, EVENT_COLUMNS))
    report = tmp_path / "errors.csv"
    base = [str(path), "--provider", "alpha-mediation", "--events", str(events)]

    out = run(*base, "--dry-run", "--errors-out", str(report))
    assert "30 rows; 3 with errors; 27 good." in out
    assert "Dry run: would create 27, update 0, leave 0 unchanged. Nothing was written." in out
    assert Case.objects.count() == 0 and CaseImport.objects.count() == 0
    lines = report.read_text().splitlines()
    assert lines[0] == "sheet,row,column,reason"
    assert {int(line.split(",")[1]) for line in lines[1:] if line.startswith("Cases")} == set(
        generated.bad
    )

    out = run(*base)
    assert "created 27, updated 0, unchanged 0" in out
    assert "deadlines of these cases are already overdue" in out
    assert Case.objects.count() == 27

    out = run(*base)
    assert "Nothing changed: all 27 good rows were imported before as they are." in out
    assert Case.objects.count() == 27


def test_the_provider_may_be_given_by_id(world, tmp_path):
    path = tmp_path / "cases.xlsx"
    path.write_bytes(as_xlsx(generate(rows=2, bad=0, today=TODAY, local_authorities=["302"])))
    assert "2 rows; 0 with errors" in run(
        str(path), "--provider", str(world.provider.pk), "--dry-run"
    )


@pytest.mark.parametrize(
    ("name", "content", "provider", "message"),
    [
        ("cases.xlsx", b"x", "nobody", "No provider with the slug or id 'nobody'."),
        ("missing.xlsx", None, "alpha-mediation", "Cannot read"),
        (
            "cases.xlsx",
            b"not a workbook",
            "alpha-mediation",
            "The file cannot be read as an Excel (.xlsx) workbook.",
        ),
        ("cases.txt", b"x", "alpha-mediation", "The file must be a .csv or .xlsx file."),
        ("cases.csv", b"a,b\n1,2\n", "alpha-mediation", "The Cases sheet has no column"),
    ],
)
def test_bad_input_is_one_line(world, tmp_path, name, content, provider, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        run(str(path), "--provider", provider)
    assert message in str(error.value)
    assert "\n" not in str(error.value)
