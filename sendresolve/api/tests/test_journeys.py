"""The two main journeys through the API alone, with the dates the law core must produce.

The same journeys as ``cases/tests/test_journeys.py``, but every step is an HTTP request made
with a token: nothing is set up through services or the ORM.
"""

import datetime as dt
from io import BytesIO

import pytest
from pypdf import PdfReader

from sendresolve.audit.models import AuditEvent
from sendresolve.core.clock import LONDON

pytestmark = pytest.mark.django_db

CONFIDENTIAL = "Parent open to a different school if therapy is funded."


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def deadlines(client, reference) -> dict:
    rows = ok(client.get(f"/api/v1/cases/{reference}/deadlines"))
    return {row["key"]: row for row in rows}


def act(client, reference, action, **body):
    return ok(client.post(f"/api/v1/cases/{reference}/actions", {"action": action, **body}))


def open_case(client, **extra):
    body = {
        "provider": "alpha-mediation",
        "local_authority": "302",
        "child_name": "Sam Example",
        "requester": "parent",
        "requester_name": "Alex Example",
        "email": "alex@example.test",
        "decision_description": "Decision not to carry out an EHC needs assessment",
        "issues": [{"subject": "refusal_to_assess"}],
        **extra,
    }
    response = client.post("/api/v1/cases", body)
    case = ok(response, 201)
    assert response["Location"] == f"/api/v1/cases/{case['reference']}"
    return case


def test_declined_before_easter_certificate_on_time_with_the_appeal_deadline(api, time_machine):
    time_machine.move_to(dt.datetime(2024, 3, 28, 10, tzinfo=LONDON), tick=False)
    adviser = api("provider_staff")
    case = open_case(adviser, opened_on="2024-03-05", decision_letter_date="2024-03-01")
    ref = case["reference"]
    assert case["status"] == "enquiry"
    assert case["allowed_actions"][0] == "advice_give"
    contact = deadlines(adviser, ref)["contact_mediation_adviser"]
    assert (contact["due_on"], contact["state"]) == ("2024-05-01", "met")

    act(adviser, ref, "advice_give", on="2024-03-28")
    case = act(adviser, ref, "mediation_decline", on="2024-03-28")
    assert case["status"] == "declined"
    due = deadlines(adviser, ref)["certificate_after_declining"]
    # Good Friday, the weekend and Easter Monday are not working days.
    assert (due["due_on"], due["state"]) == ("2024-04-04", "open")
    assert "SEND Regulations 2014 reg 34" in " ".join(due["legal_basis"])

    time_machine.move_to(dt.datetime(2024, 4, 4, 9, tzinfo=LONDON), tick=False)
    certificate = ok(adviser.post(f"/api/v1/cases/{ref}/certificates", {}), 201)
    assert certificate["kind"] == "declined"
    assert certificate["issued_on"] == "2024-04-04"
    # 1 month from 4 April is Sat 4 May; Mon 6 May is a bank holiday: Tue 7 May.
    assert certificate["appeal_deadline"] == "2024-05-07"
    # Idempotent: asking again gives the same certificate.
    again = ok(adviser.post(f"/api/v1/cases/{ref}/certificates", {}), 200)
    assert again["number"] == certificate["number"]
    listed = ok(adviser.get(f"/api/v1/cases/{ref}/certificates"))
    assert [c["number"] for c in listed] == [certificate["number"]]

    rows = deadlines(adviser, ref)
    assert rows["certificate_after_declining"]["state"] == "met"
    assert rows["appeal_registration"]["due_on"] == "2024-05-07"
    assert ok(adviser.get(f"/api/v1/cases/{ref}"))["status"] == "certificate_issued"

    response = adviser.get(certificate["pdf_url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert certificate["number"] in text
    assert "Tuesday 7 May 2024" in text
    # Mediation declined and nothing else: the case stays between the family and the
    # provider (privacy by stage), so the LA finds no such certificate.
    assert api("la_officer").get(certificate["pdf_url"]).status_code == 404
    assert AuditEvent.objects.filter(action="api.certificate.download").count() == 1


def test_mediation_over_christmas_partly_agreed_with_actions_tracked(api, time_machine):
    time_machine.move_to(dt.datetime(2025, 1, 20, 12, tzinfo=LONDON), tick=False)
    adviser, officer = api("provider_staff"), api("la_officer")
    case = open_case(
        adviser,
        opened_on="2024-12-02",
        decision_letter_date="2024-11-29",
        issues=[{"subject": "plan_needs"}, {"subject": "plan_provision"}],
    )
    ref = case["reference"]
    act(adviser, ref, "advice_give", on="2024-12-03")
    act(adviser, ref, "mediation_request", on="2024-12-09")
    assert act(adviser, ref, "la_inform", on="2024-12-10")["status"] == "la_informed"
    # 30 days with Christmas and New Year included.
    assert deadlines(adviser, ref)["mediation_held"]["due_on"] == "2025-01-09"

    session = ok(
        adviser.post(
            f"/api/v1/cases/{ref}/sessions",
            {
                "mode": "online",
                "starts_at": "2025-01-08T10:00:00+00:00",
                "ends_at": "2025-01-08T13:00:00+00:00",
                "on": "2024-12-20",
            },
        ),
        201,
    )
    # 5 clear working days before Wed 8 Jan, skipping Christmas, Boxing Day and New Year's Day.
    assert deadlines(adviser, ref)[f"mediation_notice:{session['id']}"]["due_on"] == "2024-12-30"
    sessions = f"/api/v1/cases/{ref}/sessions/{session['id']}"
    notice = ok(adviser.post(f"{sessions}/notice-sent", {"on": "2024-12-20"}))
    assert notice["notice_sent_on"] == "2024-12-20"
    assert ok(adviser.post(f"{sessions}/held"))["state"] == "held"
    rows = deadlines(adviser, ref)
    assert rows["mediation_held"]["state"] == "met"
    assert rows[f"mediation_notice:{session['id']}"]["state"] == "met"

    needs, provision = (issue["id"] for issue in ok(adviser.get(f"/api/v1/cases/{ref}"))["issues"])
    case = act(
        adviser,
        ref,
        "mediation_conclude",
        on="2025-01-08",
        outcomes=[
            {"issue": needs, "result": "agreed"},
            {"issue": provision, "result": "not_agreed"},
        ],
        agreement_text="Section B will be amended to describe the speech needs.",
        actions=[
            {"description": "Educational psychologist to visit", "owner": "local_authority"},
            {"description": "Amend section B", "owner": "local_authority", "clock": "amend_plan"},
        ],
        confidential_note=CONFIDENTIAL,
    )
    assert case["status"] == "concluded"
    assert case["agreement"]["text"].startswith("Section B will be amended")
    assert {o["issue"]: o["result"] for o in case["outcomes"]} == {
        needs: "agreed",
        provision: "not_agreed",
    }
    assert [n["text"] for n in case["confidential_notes"]] == [CONFIDENTIAL]
    assert deadlines(adviser, ref)["certificate_after_mediation"]["due_on"] == "2025-01-13"

    certificate = ok(adviser.post(f"/api/v1/cases/{ref}/certificates", {"on": "2025-01-10"}), 201)
    assert certificate["kind"] == "mediation_concluded"
    # Later of 29 Jan 2025 (2 months after the letter) and 10 Feb 2025 (1 month from issue).
    assert certificate["appeal_deadline"] == "2025-02-10"

    ep_visit, amend = (a["id"] for a in case["agreed_actions"])
    rows = deadlines(adviser, ref)
    assert rows[f"action:{ep_visit}"]["due_on"] == "2025-01-22"  # 2 weeks
    amend_rows = [row for key, row in rows.items() if key.startswith(f"action:{amend}:")]
    assert [row["due_on"] for row in amend_rows] == ["2025-02-12"]  # 5 weeks (reg 44)

    assert act(adviser, ref, "follow_up_start", on="2025-01-10")["status"] == "follow_up"
    done = ok(
        officer.post(
            f"/api/v1/cases/{ref}/agreed-actions/{ep_visit}/complete", {"on": "2025-01-20"}
        )
    )
    assert done["completed_on"] == "2025-01-20"
    assert deadlines(officer, ref)[f"action:{ep_visit}"]["state"] == "met"

    seen_by_la = officer.get(f"/api/v1/cases/{ref}")
    assert seen_by_la.json()["status"] == "follow_up"
    assert "confidential_notes" not in seen_by_la.json()
    assert CONFIDENTIAL.encode() not in seen_by_la.content
    events = [e["type"] for e in ok(officer.get(f"/api/v1/cases/{ref}/events"))]
    assert events[0] == "case_opened" and events[-1] == "action_completed"
    assert AuditEvent.objects.filter(action="case.action_complete").count() == 1
    assert AuditEvent.objects.filter(action="api.case.read").exists()
