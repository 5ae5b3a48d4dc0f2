"""The audit trail in words (issue 23): every code the code base writes has a sentence, and the
page reads "Asha Adviser read case SR-…", not codes, with its filters kept."""

import csv
import io

import pytest
from django.urls import reverse

from sendresolve.audit.models import AuditEvent
from sendresolve.audit.services import audit_record
from sendresolve.cases.actions import ACTIONS
from sendresolve.retention.policy import ACTIONS as RETENTION_ACTIONS
from sendresolve.staff.audit_sentences import phrase_for, sentence
from sendresolve.staff.tests import test_audit_pages as pages
from sendresolve.staff.tests.audit_codes import audit_codes

# The audit pages' fixtures: a manager per provider, and a whole mediated case.
managers = pages.managers
case = pages.case

# Codes with a part only known when the code runs, and where that part comes from.
WILDCARDS = {
    "*": "the catalogue entry's audit code (cases/actions.py), checked below",
    "case.*": "case.<step> for a step the recorder records outside the catalogue",
    "report.export.*": "report.export.csv and report.export.xlsx (reports/views.py)",
    "retention.*.*": "retention.<kind>.<action> from retention/policy.py",
    "export.*": "export.sen2 and export.case-events (exports/services.py KINDS)",
}


def test_every_audit_code_in_the_code_base_has_a_sentence():
    codes, steps = audit_codes()
    assert len(codes) > 60 and len(steps) > 40  # the source was read
    assert {c for c in codes if "*" in c} <= set(WILDCARDS)
    known = {c for c in codes if "*" not in c}
    known |= {action.audit for action in ACTIONS.values()}
    known |= {f"case.{step}" for step in steps if step != "*" and step not in ACTIONS}
    known |= {"report.export.csv", "report.export.xlsx"}
    known |= {f"retention.{kind}.{verb}" for kind, verb in RETENTION_ACTIONS.items()}
    known |= {"export.sen2", "export.case-events"}
    missing = sorted(code for code in known if phrase_for(code) is None)
    assert missing == [], "Add these to staff/audit_sentences.py SENTENCES"


def test_an_unknown_code_has_no_sentence():
    assert phrase_for("something.new") is None
    assert sentence("something.new", name="", reference="", detail={}).text == (
        "The system did something recorded as something.new."
    )


def test_sentences_name_the_member_of_staff_and_the_case():
    read = sentence("case.read.page", name="Asha Adviser", reference="SR-7K3M-Q9XD", detail={})
    assert read.text == "Asha Adviser read case SR-7K3M-Q9XD."
    assert 'href="/staff/cases/SR-7K3M-Q9XD/">SR-7K3M-Q9XD</a>' in read.html
    issued = sentence(
        "case.certificate_issue",
        name="Asha Adviser",
        reference="SR-7K3M-Q9XD",
        detail={"on": "2024-05-03", "event_id": 7, "type": "certificate_issued"},
    )
    assert issued.text == "Asha Adviser issued the certificate for case SR-7K3M-Q9XD on 3 May 2024."
    family = sentence("family.status.read", name="", reference="SR-7K3M-Q9XD", detail={})
    assert family.text == "The family looked at the status page of case SR-7K3M-Q9XD."
    report = sentence(
        "report.export.xlsx", name="Asha Adviser", reference="", detail={"report": "mediation"}
    )
    assert report.text == "Asha Adviser downloaded the mediation report as a spreadsheet."
    purge = sentence("retention.cases.anonymise", name="", reference="", detail={"count": 3})
    assert purge.text == "The system anonymised closed cases past the retention period."


def test_a_sentence_shows_nothing_of_the_detail_but_safe_values():
    words = sentence(
        "case.read.page",
        name="Asha Adviser",
        reference="SR-7K3M-Q9XD",
        detail={"note": "Sam Example's address", "on": "not a date"},
    )
    assert "Sam" not in words.text and "address" not in words.text
    escaped = sentence("case.read.page", name="<b>Eve</b>", reference="SR-7K3M-Q9XD", detail={})
    assert "<b>" not in escaped.html and "&lt;b&gt;Eve" in escaped.html


@pytest.mark.django_db
def test_the_page_reads_in_words_with_links_and_keeps_its_filters(as_persona, world, case):
    adviser = world.users["provider_staff"]
    adviser.first_name, adviser.last_name = "Asha", "Adviser"
    adviser.save()
    audit_record(
        actor=adviser,
        action="case.read.page",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
    )
    client = as_persona("manager")
    html = client.get(reverse("staff:audit")).content.decode()
    link = f'<a class="govuk-link app-reference" href="/staff/cases/{case.reference}/">'
    assert f"Asha Adviser read case {link}{case.reference}</a>." in html
    assert "issued the certificate for case" in html
    assert "<code>" not in html and "event_id" not in html
    assert "Sam Example" not in html and "alex@example.test" not in html  # the family's details
    filtered = client.get(
        reverse("staff:audit"), {"action": "case.read", "actor": "asha adv"}
    ).content.decode()
    assert '<option value="case.read" selected>Reading a case</option>' in filtered
    assert 'value="asha adv"' in filtered
    assert "1 event." in filtered
    codes = client.get(reverse("staff:audit"), {"action": "case.certificate"}).content.decode()
    assert "Events recorded as case.certificate…" in codes  # a start typed in is kept
    download = client.get(reverse("staff:audit-csv"), {"action": "case.read", "actor": "asha"})
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert rows[0][-1] == "What happened"
    assert [row[-1] for row in rows[1:]] == [f"Asha Adviser read case {case.reference}."]


@pytest.mark.django_db
def test_every_event_of_a_whole_case_reads_in_words(as_persona, world, case):
    html = as_persona("manager").get(reverse("staff:audit"), {"case_reference": case.reference})
    text = html.content.decode()
    events = AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk))
    assert events.count() > 5
    assert "did something recorded as" not in text
