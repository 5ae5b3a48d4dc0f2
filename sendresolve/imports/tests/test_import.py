"""Importing a caseload: the checks, dry run, idempotency, deadlines and overdue ones."""

import datetime as dt

import pytest

from sendresolve.audit.models import AuditEvent
from sendresolve.cases.deadlines import deadlines_store
from sendresolve.cases.models import Case, CaseDeadline, CaseEvent
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import NotFound
from sendresolve.imports.generator import BAD_KINDS, as_csv, as_xlsx, generate
from sendresolve.imports.models import CaseImport, ImportedCase
from sendresolve.imports.reading import ImportFileError, file_read
from sendresolve.imports.services import cases_import
from sendresolve.imports.template import CASE_COLUMNS, EVENT_COLUMNS
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 11, 20)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2024, 11, 20, 9, tzinfo=LONDON), tick=False)


@pytest.fixture
def manager(world):
    user = UserFactory(username="manager@alpha.test")
    MembershipFactory(user=user, role=Role.PROVIDER_MANAGER, provider=world.provider)
    return user


def small(rows=200, bad=5):
    return generate(rows=rows, bad=bad, today=TODAY, local_authorities=["302"], seed=3)


def test_a_generated_file_reports_exactly_its_bad_rows_and_a_dry_run_writes_nothing(world, manager):
    generated = small()
    data = file_read(as_xlsx(generated), "cases.xlsx")
    audits = AuditEvent.objects.count()
    result = cases_import(
        actor=manager, provider=world.provider, data=data, file_name="cases.xlsx", dry_run=True
    )
    assert result.checked.bad_rows == set(generated.bad)
    assert len(result.checked.valid) == 195
    assert Case.objects.count() == 0
    assert CaseImport.objects.count() == 0
    assert AuditEvent.objects.count() == audits


def test_the_real_run_writes_the_good_cases_with_deadlines_and_a_second_run_changes_nothing(
    world, manager
):
    generated = small()
    data = file_read(as_xlsx(generated), "cases.xlsx")
    first = cases_import(actor=manager, provider=world.provider, data=data, file_name="cases.xlsx")
    assert first.created == 195
    assert Case.objects.filter(provider=world.provider).count() == 195
    # Every imported mediation case has the law's deadlines, stored with it, exactly as the
    # law adapter derives them: recomputing changes none.
    assert not Case.objects.filter(kind="mediation", deadlines__isnull=True).exists()
    assert sum(deadlines_store(case) for case in Case.objects.all()) == 0
    assert first.overdue_count > 0
    assert (
        first.overdue_count == CaseDeadline.objects.filter(state="open", due_on__lt=TODAY).count()
    )
    assert AuditEvent.objects.filter(action="case.import.create").count() == 195
    assert AuditEvent.objects.filter(action="import.cases").count() == 1
    rows = (
        CaseDeadline.objects.count(),
        CaseEvent.objects.count(),
        AuditEvent.objects.filter(action__startswith="case.").count(),
    )

    second = cases_import(actor=manager, provider=world.provider, data=data, file_name="cases.xlsx")
    assert (second.created, second.updated, second.unchanged) == (0, 0, 195)
    assert Case.objects.count() == 195
    assert rows == (
        CaseDeadline.objects.count(),
        CaseEvent.objects.count(),
        AuditEvent.objects.filter(action__startswith="case.").count(),
    )


def test_each_kind_of_bad_row_is_reported_with_its_column(world, manager):
    generated = generate(
        rows=60, bad=len(BAD_KINDS), today=TODAY, local_authorities=["302"], seed=5
    )
    data = file_read(as_xlsx(generated), "cases.xlsx")
    checked = cases_import(
        actor=manager, provider=world.provider, data=data, file_name="x", dry_run=True
    ).checked
    columns = {(e.sheet, e.row): e.column for e in checked.errors}
    expected = {
        "impossible_date": "opened_on",
        "future_date": "opened_on",
        "unknown_local_authority": "local_authority",
        "unknown_status": "status",
        "missing_child_name": "child_name",
        "duplicate_reference": "source_reference",
        "unknown_issue": "issues",
        "bad_email": "email",
        "status_not_matching_events": "status",
        "event_before_opening": "status",
    }
    assert {kind: columns[("Cases", row)] for row, kind in generated.bad.items()} == expected
    # The event's own row is named too.
    assert any(e.sheet == "Events" and e.column == "date" for e in checked.errors)
    # No reason repeats a name or an email address.
    assert not any("Child " in e.reason or "not-an-email" in e.reason for e in checked.errors)


def test_a_council_the_provider_is_not_commissioned_by_is_refused(world, manager):
    generated = generate(rows=3, bad=0, today=TODAY, local_authorities=["882"], seed=1)
    data = file_read(
        as_csv(generated.cases, CASE_COLUMNS),
        "c.csv",
        events=as_csv(generated.events, EVENT_COLUMNS),
    )
    checked = cases_import(
        actor=manager, provider=world.provider, data=data, file_name="c.csv", dry_run=True
    ).checked
    assert checked.bad_rows == {2, 3, 4}
    assert all(
        "not commissioned by Southend-on-Sea" in e.reason
        for e in checked.errors
        if e.sheet == "Cases"
    )


def test_a_changed_row_updates_its_case_and_never_duplicates_it(world, manager):
    generated = generate(rows=5, bad=0, today=TODAY, local_authorities=["302"], seed=2)
    first = generated.cases[0]
    first.update(status="enquiry", kind="mediation", dr_type="", issues="plan_provision")
    generated.events = [
        e for e in generated.events if e["source_reference"] != first["source_reference"]
    ]
    cases_import(
        actor=manager,
        provider=world.provider,
        data=file_read(as_xlsx(generated), "a.xlsx"),
        file_name="a",
    )
    case = ImportedCase.objects.get(source_reference=first["source_reference"]).case
    assert case.status == "enquiry"
    first["status"] = "advice_given"
    generated.events.append(
        {
            "source_reference": first["source_reference"],
            "event": "advice_given",
            "date": "2024-11-19",
        }
    )
    result = cases_import(
        actor=manager,
        provider=world.provider,
        data=file_read(as_xlsx(generated), "a.xlsx"),
        file_name="a",
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 4)
    assert Case.objects.count() == 5
    case.refresh_from_db()
    assert case.status == "advice_given"
    assert list(case.events.values_list("type", flat=True).order_by("occurred_on", "pk")) == [
        "case_opened",
        "advice_given",
    ]
    assert (
        AuditEvent.objects.filter(action="case.import.update", object_id=str(case.pk)).count() == 1
    )


def test_a_case_changed_in_send_resolve_since_is_not_overwritten(world, manager):
    from sendresolve.cases import services

    generated = generate(rows=2, bad=0, today=TODAY, local_authorities=["302"], seed=2)
    row = generated.cases[0]
    row.update(status="enquiry", kind="mediation", dr_type="", issues="plan_provision")
    generated.events = [
        e for e in generated.events if e["source_reference"] != row["source_reference"]
    ]
    cases_import(
        actor=manager,
        provider=world.provider,
        data=file_read(as_xlsx(generated), "a.xlsx"),
        file_name="a",
    )
    case = ImportedCase.objects.get(source_reference=row["source_reference"]).case
    services.advice_give(actor=world.users["provider_staff"], case=case, on=TODAY)
    row["child_name"] = "Another Name"
    checked = cases_import(
        actor=manager,
        provider=world.provider,
        data=file_read(as_xlsx(generated), "a.xlsx"),
        file_name="a",
        dry_run=True,
    ).checked
    assert checked.bad_rows == {2}
    assert "changed in SEND Resolve" in checked.errors[0].reason


def test_only_the_providers_own_manager_may_import(world, role_personas, manager):
    data = file_read(as_xlsx(small(rows=3, bad=0)), "a.xlsx")
    for user in (role_personas.users["adviser"], world.users["other_provider"]):
        with pytest.raises(NotFound):
            cases_import(
                actor=user, provider=world.provider, data=data, file_name="a", dry_run=True
            )
    with pytest.raises(NotFound):
        cases_import(
            actor=manager, provider=world.other_provider, data=data, file_name="a", dry_run=True
        )


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"PK\x03\x04 not a workbook", "a.xlsx", "cannot be read as an Excel"),
        (b"\xff\xfe\x00bad", "a.csv", "UTF-8"),
        (b"source_reference,kind\nA,mediation\n", "a.csv", "has no column local_authority"),
        (b"", "a.csv", "is empty"),
        (b"x", "a.pdf", "must be a .csv or .xlsx"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(content, name, message):
    with pytest.raises(ImportFileError, match=message):
        file_read(content, name)


@pytest.mark.parametrize(
    ("cases", "events"),
    [
        ("docs/import-template.xlsx", None),
        ("docs/import-template.csv", "docs/import-template-events.csv"),
    ],
)
def test_the_template_in_the_repository_has_the_columns_and_imports(world, manager, cases, events):
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    data = file_read(
        (root / cases).read_bytes(),
        cases,
        events=(root / events).read_bytes() if events else None,
    )
    assert list(data.cases[0].values) == [c.name for c in CASE_COLUMNS]
    assert list(data.events[0].values) == [c.name for c in EVENT_COLUMNS]
    checked = cases_import(
        actor=manager, provider=world.provider, data=data, file_name=cases, dry_run=True
    ).checked
    assert checked.errors == []
    assert [r.values["status"] for r in checked.valid] == ["la_informed"]
    docs = (root / "docs/import.md").read_text()
    assert all(f"| `{c.name}` |" in docs for c in CASE_COLUMNS + EVENT_COLUMNS)
