"""A week of casework through the API alone (issue 18's acceptance): the same journey as
``tests/test_e2e_week.py``, every step an HTTP request made with the adviser's token.

A new case is listed as unassigned, is assigned, a call is logged, the letter date is corrected
(the appeal deadline moves and the event says why), a meeting is arranged, rearranged and
cancelled, and the case is withdrawn and reopened.
"""

import datetime as dt

import pytest

from sendresolve.core.clock import LONDON

pytestmark = pytest.mark.django_db


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def test_a_week_of_casework_through_the_api(api, time_machine):
    time_machine.move_to(dt.datetime(2024, 3, 20, 10, tzinfo=LONDON), tick=False)
    client = api("provider_staff")
    case = ok(
        client.post(
            "/api/v1/cases",
            {
                "provider": "alpha-mediation",
                "local_authority": "302",
                "child_name": "Ola Online",
                "requester": "parent",
                "requester_name": "Kim Example",
                "email": "kim@example.test",
                "decision_description": "Decision not to carry out an EHC needs assessment",
                "decision_letter_date": "2024-03-01",
                "opened_on": "2024-03-20",
                "issues": [{"subject": "refusal_to_assess"}],
            },
            format="json",
        ),
        201,
    )
    ref = case["reference"]
    base = f"/api/v1/cases/{ref}"

    def unassigned():
        listed = ok(client.get("/api/v1/cases", {"unassigned": "true"}))
        return {row["reference"] for row in listed["results"]}

    # Triage: listed as unassigned until it is assigned.
    assert ref in unassigned()
    assigned = ok(client.post(f"{base}/assignment", {"assignee": "adviser@alpha.test"}))
    assert assigned["assigned_to"] == "adviser@alpha.test"
    assert ref not in unassigned()

    # A call logged.
    call = ok(
        client.post(
            f"{base}/contacts",
            {
                "kind": "call",
                "direction": "out",
                "with_whom": "Kim Example (parent)",
                "occurred_at": "2024-03-20T09:30:00+00:00",
                "summary": "Explained mediation; Kim wants to go ahead.",
            },
            format="json",
        ),
        201,
    )
    assert [row["id"] for row in ok(client.get(f"{base}/contacts"))] == [call["id"]]

    # The letter date corrected: the appeal deadline moves, and the event says why.
    patched = ok(
        client.patch(
            base,
            {"decision_letter_date": "2024-03-08", "reason": "The letter is dated 8 March."},
            format="json",
        )
    )
    assert "The appeal deadline moved from 1 May 2024 to 8 May 2024." in patched["moved"]
    deadlines = {row["key"]: row for row in ok(client.get(f"{base}/deadlines"))}
    assert deadlines["appeal_registration"]["due_on"] == "2024-05-08"

    # Advice, the family's choice, the LA told; a meeting arranged.
    for action in ("advice_give", "mediation_request", "la_inform"):
        ok(client.post(f"{base}/actions", {"action": action, "on": "2024-03-20"}))
    session = ok(
        client.post(
            f"{base}/sessions",
            {
                "mode": "online",
                "starts_at": "2024-04-10T10:00:00+01:00",
                "ends_at": "2024-04-10T12:00:00+01:00",
                "on": "2024-03-20",
            },
            format="json",
        ),
        201,
    )
    meeting = f"{base}/sessions/{session['id']}"

    # Rearranged inside the 30 days (no warning), then cancelled by the family.
    moved = ok(
        client.post(
            f"{meeting}/rearrangement",
            {
                "mode": "online",
                "starts_at": "2024-04-12T14:00:00+01:00",
                "ends_at": "2024-04-12T16:00:00+01:00",
                "reason": "The LA officer is in court on the 10th.",
            },
            format="json",
        )
    )
    assert moved["sequence"] == 1
    assert moved["warnings"] == []
    cancelled = ok(
        client.post(
            f"{meeting}/cancellation",
            {"on": "2024-03-20", "cancelled_by": "family", "reason": "Child unwell."},
            format="json",
        )
    )
    assert (cancelled["state"], cancelled["sequence"]) == ("cancelled", 2)

    # Withdrawn, then reopened.
    withdrawn = ok(
        client.post(
            f"{base}/actions",
            {"action": "case_withdraw", "on": "2024-03-20", "reason": "Moved away."},
        )
    )
    assert withdrawn["status"] == "withdrawn"
    reopened = ok(
        client.post(f"{base}/actions", {"action": "case_reopen", "reason": "Kim rang back."})
    )
    assert reopened["status"] == "la_informed"

    types = [event["type"] for event in ok(client.get(f"{base}/events"))]
    for step in (
        "assigned",
        "contact_logged",
        "details_corrected",
        "session_rearranged",
        "session_cancelled",
        "case_withdrawn",
        "case_reopened",
    ):
        assert step in types, step
