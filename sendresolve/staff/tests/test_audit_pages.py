"""The audit trail page, its CSV, and the subject access download, persona by persona.

The shared ``world`` has no provider manager: these tests add one for each provider.
"""

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse

from sendresolve.audit.models import AuditEvent
from sendresolve.audit.services import audit_record
from sendresolve.core.clock import LONDON
from sendresolve.retention.tests.factories import _at, mediated_case
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN = 302
PERSONAS = [
    "manager",
    "other_manager",
    "provider_staff",
    "colleague",
    "other_provider",
    "la_officer",
    "other_la",
    "icb_officer",
    "administrator",
    "anonymous",
]
ONLY_MANAGERS = {p: 404 for p in PERSONAS} | {
    "manager": 200,
    "provider_staff": 200,  # the world's adviser manages their provider too (conftest)
    "other_manager": 200,  # their own (empty) trail
    "administrator": 200,
    "anonymous": SIGN_IN,
}
URL_RULES = {
    "staff:audit": ONLY_MANAGERS,
    "staff:audit-csv": ONLY_MANAGERS,
    # The case belongs to the manager's provider: another provider's manager finds nothing.
    "staff:subject-access": ONLY_MANAGERS | {"other_manager": 404},
}


@pytest.fixture
def managers(world):
    def manager(username, provider):
        user = UserFactory(username=username)
        MembershipFactory(user=user, role=Role.PROVIDER_MANAGER, provider=provider)
        return user

    world.users["manager"] = manager("manager@alpha.test", world.provider)
    world.users["other_manager"] = manager("manager@beta.test", world.other_provider)
    return world.users["manager"], world.users["other_manager"]


@pytest.fixture
def case(world, managers, time_machine):
    case = mediated_case(world, time_machine, opened_on=dt.date(2024, 1, 8))
    _at(time_machine, dt.date(2024, 3, 1))
    return case


def _url(name, case):
    if name == "staff:subject-access":
        return reverse(name, args=[case.reference])
    return reverse(name)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(URL_RULES))
def test_each_persona_gets_what_its_rule_says(as_persona, case, name, persona):
    response = as_persona(persona).get(_url(name, case))
    assert response.status_code == URL_RULES[name][persona]


def test_the_navigation_links_the_audit_trail_only_for_those_who_can_use_it(as_persona, case):
    link = f'href="{reverse("staff:audit")}"'
    assert link in as_persona("manager").get(reverse("staff:home")).content.decode()
    assert link in as_persona("administrator").get(reverse("staff:home")).content.decode()
    assert link not in as_persona("colleague").get(reverse("staff:home")).content.decode()
    assert link not in as_persona("la_officer").get(reverse("staff:home")).content.decode()


def test_the_page_lists_events_newest_first_fifty_a_page(as_persona, case, world, time_machine):
    for minute in range(55):
        time_machine.move_to(dt.datetime(2024, 3, 1, 10, minute, tzinfo=LONDON), tick=False)
        audit_record(
            actor=world.users["provider_staff"],
            action=f"case.read.test{minute:02d}",
            target=case,
            local_authority=case.local_authority,
            provider=case.provider,
        )
    client = as_persona("manager")
    first = client.get(reverse("staff:audit"), {"action": "case.read.test"}).content.decode()
    assert "55 events" in first
    assert first.count('class="govuk-table__row"') == 51  # the header and 50 rows
    assert first.index("case.read.test54") < first.index("case.read.test53")
    assert "case.read.test04" not in first
    second = client.get(reverse("staff:audit"), {"action": "case.read.test", "page": 2})
    text = second.content.decode()
    assert "case.read.test04" in text and "case.read.test00" in text
    assert "case.read.test05" not in text
    assert case.reference in text  # the "about" column links the case


def test_the_page_filters_by_case_and_date(as_persona, case, world):
    audit_record(actor=world.users["provider_staff"], action="report.export.csv")
    client = as_persona("manager")
    assert 'data-audit-code="report.' in client.get(reverse("staff:audit")).content.decode()
    page = client.get(reverse("staff:audit"), {"case_reference": case.reference.lower()})
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-audit-code="case.case_open"' in text and 'data-audit-code="report.' not in text
    empty = client.get(
        reverse("staff:audit"), {"date_to_0": "1", "date_to_1": "1", "date_to_2": "2024"}
    )
    assert "0 events" in empty.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"case_reference": "nonsense"}, "Enter a case reference like SR-7K3M-Q9XD"),
        ({"action": "DROP TABLE"}, "Enter the start of an action in lower case"),
        ({"date_from_0": "31", "date_from_1": "2", "date_from_2": "2024"}, "must be a real date"),
        (
            {
                "date_from_0": "2",
                "date_from_1": "2",
                "date_from_2": "2024",
                "date_to_0": "1",
                "date_to_1": "2",
                "date_to_2": "2024",
            },
            "The end date must be the same as or after the start date",
        ),
    ],
)
def test_bad_filters_are_explained(as_persona, case, query, message):
    response = as_persona("manager").get(reverse("staff:audit"), query)
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text and message in text
    assert as_persona("manager").get(reverse("staff:audit-csv"), query).status_code == 400


def test_the_csv_download_is_the_filtered_list_and_is_audited(as_persona, case, world):
    audit_record(
        actor=world.users["provider_staff"],
        action="case.read.page",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail={"note": "=HYPERLINK(1)"},
    )
    response = as_persona("manager").get(
        reverse("staff:audit-csv"), {"case_reference": case.reference}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="sendresolve-audit-')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["When (UK time)", "Who", "Action"]
    expected = AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk))
    assert len(rows) - 1 == expected.count()
    assert rows[1][2] == "case.read.page"  # newest first
    assert rows[1][5] == "302" and rows[1][6] == "alpha-mediation"
    export = AuditEvent.objects.get(action="audit.export.csv")
    assert export.actor == world.users["manager"] and export.provider == world.provider
    assert export.detail["filters"]["case_reference"] == case.reference
    assert export.detail["rows"] == expected.count()


def test_csv_cells_cannot_run_as_formulas(as_persona, case, world):
    user = UserFactory(username="=cmd@alpha.test")
    MembershipFactory(user=user, role=Role.ADVISER, provider=world.provider)
    audit_record(actor=user, action="report.export.csv")
    response = as_persona("manager").get(reverse("staff:audit-csv"), {"action": "report."})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][1] == "'=cmd@alpha.test"


def test_the_subject_access_download(as_persona, case, world):
    client = as_persona("manager")
    response = client.get(reverse("staff:subject-access", args=[case.reference]))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="subject-access-{case.reference}.json"'
    )
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    document = json.loads(response.content)
    assert document["cases"][0]["child"]["name"] == "Sam Example"
    assert b"SECRET-NOTE" not in response.content
    with_notes = client.get(
        reverse("staff:subject-access", args=[case.reference]), {"include_confidential": "1"}
    )
    assert b"SECRET-NOTE" in with_notes.content
    events = AuditEvent.objects.filter(action="case.subject_access_export").order_by("id")
    assert [e.detail["include_confidential"] for e in events] == [False, True]
    assert all(e.actor == world.users["manager"] for e in events)


def test_other_tenants_get_404_and_nothing_is_audited(as_persona, case):
    for persona in ("other_manager", "colleague", "la_officer"):
        response = as_persona(persona).get(
            reverse("staff:subject-access", args=[case.reference]), {"include_confidential": "1"}
        )
        assert response.status_code == 404
        assert b"SECRET-NOTE" not in response.content
    assert not AuditEvent.objects.filter(action="case.subject_access_export").exists()
