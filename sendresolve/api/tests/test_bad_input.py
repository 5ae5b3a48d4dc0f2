"""Hostile input to the API (issue 19): deep or large bodies, dates outside the calendar, paging
beyond 64 bits, control and bidi characters in text. Each is a 4xx problem or harmless, never a
500, and nothing is half-saved."""

import datetime as dt
import json

import pytest
from rest_framework import serializers

from sendresolve.api.serializers.common import (
    CalendarDateField,
    CalendarDateTimeField,
    StrictSerializer,
)
from sendresolve.api.tests.sweeps import body_serializers, strict_serializers
from sendresolve.cases import services
from sendresolve.cases.models import Case, CaseEvent, ConfidentialNote
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
VALID = {
    "local_authority": "302",
    "child_name": "Sam",
    "requester": "parent",
    "requester_name": "Alex",
    "email": "alex@example.test",
    "issues": [{"subject": "refusal_to_assess"}],
}


@pytest.fixture
def case(world, time_machine):
    time_machine.move_to(dt.datetime(2024, 3, 28, 10, tzinfo=LONDON), tick=False)
    return open_case(world)


@pytest.fixture
def client(api):
    """The adviser's client, answering a server error with its 500 page instead of raising."""
    client = api("provider_staff")
    client.raise_request_exception = False
    return client


def problem(response, status, slug):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["type"] == f"/api/v1/docs#problem-{slug}"
    return body


def rows():
    return Case.objects.count(), CaseEvent.objects.count()


def post_raw(client, url, text):
    return client.generic("POST", url, text, content_type="application/json")


# -- Depth and size -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,  # deeper than Python's recursion limit
        '{"a":' * 5_000 + "1" + "}" * 5_000,
        json.dumps(
            {**VALID, "issues": [{"subject": "refusal_to_assess", "x": [[[[[[]]]]]]}]}
        ).replace("[[[[[[]]]]]]", "[" * 40 + "]" * 40),  # a little too deep, inside a real body
    ],
    ids=["array-100000", "object-5000", "array-40-inside-a-case"],
)
def test_a_deeply_nested_body_is_a_malformed_request_and_saves_nothing(client, case, text):
    before = rows()
    body = problem(post_raw(client, "/api/v1/cases", text), 400, "malformed-request")
    assert "deep" in body["detail"]
    assert rows() == before


def test_a_body_nested_to_the_limit_is_read(client, case):
    # 32 levels is the limit: a list of 31 nested lists under "issues" goes on to validation.
    text = json.dumps({**VALID, "issues": "X"}).replace('"X"', "[" * 31 + "]" * 31)
    body = problem(post_raw(client, "/api/v1/cases", text), 400, "validation-error")
    assert list(body["errors"]) == ["issues.0.non_field_errors"]


def test_a_body_over_the_size_limit_is_413_payload_too_large(client, case, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, 2.5 MB
    before = rows()
    text = json.dumps({**VALID, "address": "x" * 3_000_000})
    body = problem(post_raw(client, "/api/v1/cases", text), 413, "payload-too-large")
    assert "2.5 MB" in body["detail"]
    assert rows() == before
    # The same on an action and a correction.
    for method, url in [
        ("POST", f"/api/v1/cases/{case.reference}/actions"),
        ("PATCH", f"/api/v1/cases/{case.reference}"),
    ]:
        response = client.generic(method, url, text, content_type="application/json")
        problem(response, 413, "payload-too-large")


# -- Dates outside the calendar ------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "1000-06-30", "1899-12-31"])
@pytest.mark.parametrize(
    "field",
    ["decision_letter_date", "opened_on", "child_date_of_birth", "referral_consent_on"],
)
def test_a_date_before_1900_on_a_new_case_is_a_field_error(client, case, field, day):
    body = {**VALID, field: day}
    if field == "referral_consent_on":
        body["referred_by"] = "school"
    before = rows()
    problem_ = problem(client.post("/api/v1/cases", body, format="json"), 400, "validation-error")
    assert problem_["errors"] == {field: ["Enter a date between 1900 and 2100."]}
    assert rows() == before


@pytest.mark.parametrize("field", ["decision_letter_date", "child_date_of_birth"])
def test_a_correction_to_year_one_is_a_field_error(client, case, field):
    url = f"/api/v1/cases/{case.reference}"
    body = problem(
        client.patch(url, {field: "0001-01-01", "reason": "typo"}, format="json"),
        400,
        "validation-error",
    )
    assert list(body["errors"]) == [field]
    case.refresh_from_db()
    assert (case.decision_letter_date, case.child_date_of_birth) == (dt.date(2024, 3, 1), None)


def test_dates_in_actions_and_report_filters_are_checked_too(client, world, case):
    adviser = world.users["provider_staff"]
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.certificate_issue(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    url = f"/api/v1/cases/{case.reference}/actions"
    body = {"action": "proceeding_record", "kind": "tribunal_appeal", "started_on": "0001-01-01"}
    assert list(problem(client.post(url, body), 400, "validation-error")["errors"]) == [
        "started_on"
    ]
    for query, field in [
        ("date_from=0001-01-01&date_to=2024-01-01", "date_from"),
        ("date_from=2024-01-01&date_to=9999-12-31", "date_to"),
    ]:
        errors = problem(client.get(f"/api/v1/reports/mediation?{query}"), 400, "validation-error")
        assert list(errors["errors"]) == [field]
    contact = {
        "occurred_at": "0001-01-01T00:00:00+00:00",
        "kind": "call",
        "direction": "out",
        "with_whom": "Alex",
        "summary": "Called",
    }
    response = client.post(f"/api/v1/cases/{case.reference}/contacts", contact)
    assert "occurred_at" in problem(response, 400, "validation-error")["errors"]


def test_1900_and_2100_themselves_are_inside_the_range(client, case):
    response = client.post(
        "/api/v1/cases",
        {**VALID, "decision_letter_date": "1900-01-01"},
        format="json",
    )
    assert response.status_code == 201, response.content
    # 2100 is in range, so the answer is the service's own rule, not the range.
    body = problem(
        client.post("/api/v1/cases", {**VALID, "opened_on": "2100-12-31"}, format="json"),
        400,
        "validation-error",
    )
    assert body["errors"] == {"opened_on": ["The date cannot be in the future."]}


def test_every_date_field_a_client_sends_is_range_checked():
    """A sweep: every date and date-time field of every input serializer is the API's own."""
    checked = 0
    for cls in body_serializers() | strict_serializers():
        assert issubclass(cls, StrictSerializer), cls
        for name, field in cls._declared_fields.items():
            field = getattr(field, "child", field)
            if isinstance(field, serializers.DateTimeField):
                assert isinstance(field, CalendarDateTimeField), f"{cls.__name__}.{name}"
                checked += 1
            elif isinstance(field, serializers.DateField):
                assert isinstance(field, CalendarDateField), f"{cls.__name__}.{name}"
                checked += 1
    assert checked > 20


# -- Paging --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "limit=99999999999999999999999",
        "limit=9223372036854775808",
        "limit=-3",
        "limit=%00",
        "limit=1e400",
    ],
)
def test_a_limit_beyond_64_bits_or_garbage_is_clamped(client, case, query):
    response = client.get(f"/api/v1/cases?{query}")
    assert response.status_code == 200, response.content
    page = response.json()
    assert [c["reference"] for c in page["results"]] == [case.reference]
    assert page["next"] is None and page["previous"] is None


@pytest.mark.parametrize(
    "cursor", ["x", "cD0yMDI1LTAxLTAx" * 40, "cj0xJnA9eA==", "cD05OTk5OTk5OTk5OTk5OTk5OTk5OTk5"]
)
def test_a_cursor_not_from_the_list_is_a_400_problem(client, case, cursor):
    response = client.get(f"/api/v1/cases?cursor={cursor}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert "cursor" in response.json()["errors"]


def test_offset_paging_is_gone_and_says_so(client, case):
    response = client.get("/api/v1/cases?offset=1")
    assert response.status_code == 400
    assert "offset" in response.json()["errors"]


def test_following_next_walks_every_case_once_newest_first(client, world, case):
    for _ in range(4):
        open_case(world)
    seen, url, pages = [], "/api/v1/cases?limit=2", 0
    while url:
        page = client.get(url).json()
        seen += [c["reference"] for c in page["results"]]
        url, pages = page["next"], pages + 1
    assert pages == 3 and len(seen) == 5 and len(set(seen)) == 5
    everything = client.get("/api/v1/cases?limit=200").json()["results"]
    assert seen == [c["reference"] for c in everything]
    assert seen == list(Case.objects.order_by("-id").values_list("reference", flat=True))
    # And back again from the second page.
    second = client.get(client.get("/api/v1/cases?limit=2").json()["next"]).json()
    back = client.get(second["previous"]).json()
    assert [c["reference"] for c in back["results"]] == seen[:2]


# -- Control and bidi characters -----------------------------------------------------------------


def test_names_lose_bidi_overrides_and_control_characters(client, case):
    response = client.post(
        "/api/v1/cases",
        {
            **VALID,
            "child_name": "Sam\u202eelpmaxE",
            "requester_name": "Alex\u2066 \u200fSmith\x1b[31m",
            "address": "1 High Street\r\nLondon\u202d\x07",
            "issues": [{"subject": "refusal_to_assess", "description": "Line 1\nLine\u2067 2"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    created = Case.objects.get(reference=response.json()["reference"])
    assert created.child_name == "SamelpmaxE"
    assert response.json()["requester_name"] == "Alex Smith[31m"
    assert response.json()["address"] == "1 High Street\r\nLondon"
    assert created.issues.get().description == "Line 1\nLine 2"


def test_a_name_of_only_invisible_characters_is_blank(client, case):
    before = rows()
    body = problem(
        client.post("/api/v1/cases", {**VALID, "child_name": "\u202e\u2066\x1b"}, format="json"),
        400,
        "validation-error",
    )
    assert list(body["errors"]) == ["child_name"]
    assert rows() == before


def test_notes_and_corrections_are_cleaned(client, case):
    url = f"/api/v1/cases/{case.reference}"
    response = client.post(f"{url}/notes", {"text": "Called\u202e twice\nNo\x1b answer"})
    assert response.status_code == 201, response.content
    assert ConfidentialNote.objects.get(case=case).text == "Called twice\nNo answer"
    response = client.patch(url, {"child_name": "Sam\u200e Example\t2", "reason": "typo"})
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert case.child_name == "Sam Example 2"


def test_every_text_field_a_client_sends_is_cleaned():
    """A sweep: every request body is read by a ``StrictSerializer``, which cleans its text."""
    found = body_serializers()
    assert len(found) > 30
    assert all(issubclass(cls, StrictSerializer) for cls in found)


@pytest.mark.parametrize("email", ['"alex x"@example.test', "alex\\x@example.test"])
def test_an_email_address_with_a_quoted_part_is_a_field_error_and_opens_nothing(
    client, case, email
):
    before = rows()
    body = problem(
        client.post("/api/v1/cases", {**VALID, "email": email}, format="json"),
        400,
        "validation-error",
    )
    assert list(body["errors"]) == ["email"]
    assert email not in json.dumps(body)
    assert rows() == before


def test_a_number_where_text_is_documented_is_a_field_error_and_saves_nothing(client, case):
    before = ConfidentialNote.objects.count()
    body = problem(
        client.post(f"/api/v1/cases/{case.reference}/notes", {"text": 0}, format="json"),
        400,
        "validation-error",
    )
    assert body["errors"] == {"text": ["Enter text (a JSON string)."]}
    assert ConfidentialNote.objects.count() == before
    opened = client.post("/api/v1/cases", {**VALID, "child_name": 7}, format="json")
    assert problem(opened, 400, "validation-error")["errors"] == {
        "child_name": ["Enter text (a JSON string)."]
    }


def test_an_empty_filter_is_refused_not_read_as_absent(client, case):
    problem(client.get("/api/v1/cases?status="), 400, "validation-error")
    assert client.get("/api/v1/cases?status=enquiry").status_code == 200


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("confidential", "true", "Enter true or false."),
        ("confidential", 1, "Enter true or false."),
        ("party", "1", "Enter a whole number."),
        ("party", True, "Enter a whole number."),
        ("summary", ["a"], "Enter text (a JSON string)."),
    ],
)
def test_each_json_type_is_the_documented_one(client, case, field, value, message):
    body = {
        "kind": "phone",
        "direction": "in",
        "occurred_at": "2024-03-28T09:00:00Z",
        "summary": "Rang about the meeting",
        field: value,
    }
    response = client.post(f"/api/v1/cases/{case.reference}/contacts", body, format="json")
    assert problem(response, 400, "validation-error")["errors"] == {field: [message]}


def test_an_undocumented_query_parameter_is_refused(client, world, case):
    services.advice_give(actor=world.users["provider_staff"], case=case, on=dt.date(2024, 3, 28))
    body = problem(client.get("/api/v1/cases?stauts=enquiry"), 400, "validation-error")
    assert body["errors"] == {"stauts": ["Unknown query parameter."]}
    problem(client.get(f"/api/v1/cases/{case.reference}?x=1"), 400, "validation-error")
    problem(client.get(f"/api/v1/cases/{case.reference}/events?{{=true"), 400, "validation-error")
    listed = client.get("/api/v1/cases?status=advice_given&limit=10")
    assert listed.status_code == 200
    assert [c["reference"] for c in listed.json()["results"]] == [case.reference]
