"""The retention settings: defaults, overrides, and bad values stopping start-up."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_json_object
from sendresolve.retention.checks import check_retention_settings
from sendresolve.retention.policy import DEFAULTS, retention_policy, years_before


def test_the_defaults():
    policy = retention_policy({})
    assert {kind: rule.years for kind, rule in policy.items()} == {
        "cases": 6,
        "confidential_notes": 1,
        "outbox_messages": 1,
        "feedback": 2,
        "format_requests": 1,
        "audit_events": 7,
        "saved_requests": 0,
        "survey_comments": 1,
        "survey_invitations": 0,
        "provider_complaints": 6,
        "webhook_deliveries": 0,
        "unconfirmed_imports": 0,
    }
    assert {kind: rule.days for kind, rule in policy.items() if rule.days} == {
        "saved_requests": 7,
        "survey_invitations": 90,
        "webhook_deliveries": 90,
        "unconfirmed_imports": 7,
    }
    assert policy["saved_requests"].days == 7 and policy["saved_requests"].action == "delete"
    assert policy["cases"].action == "anonymise" and policy["cases"].until_age is None
    assert policy["outbox_messages"].action == "redact"
    assert DEFAULTS["cases"]["years_after_closure"] == 6


def test_settings_override_kind_by_kind(settings):
    settings.SENDRESOLVE_RETENTION = {"cases": {"until_age": 25}, "feedback": {"years": 3}}
    policy = retention_policy()
    assert policy["cases"].years == 6 and policy["cases"].until_age == 25
    assert policy["feedback"].years == 3
    assert policy["audit_events"].years == 7


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"case": {"years_after_closure": 6}}, "unknown kinds: case"),
        ({"cases": {"years": 6}}, "cases has unknown keys: years"),
        ({"cases": {"years_after_closure": 0}}, "from 1 to 100"),
        ({"cases": {"years_after_closure": "6"}}, "whole number"),
        ({"cases": {"years_after_closure": True}}, "whole number"),
        ({"cases": {"until_age": 12}}, "until_age must be a whole number from 18"),
        ({"audit_events": {"years": 1}}, "from 2 to 100"),
        ({"feedback": 2}, "feedback must be a JSON object"),
        ({"saved_requests": {"days": 0}}, "saved_requests.days must be a whole number from 1"),
        (
            {"webhook_deliveries": {"days": 3}},
            "webhook_deliveries.days must be a whole number from 7 to 365",
        ),
        ({"survey_invitations": {"days": 400}}, "from 30 to 365"),
        (
            {"unconfirmed_imports": {"days": 31}},
            "unconfirmed_imports.days must be a whole number from 1 to 30",
        ),
        ({"saved_requests": {"days": 31}}, "from 1 to 30"),
        ({"saved_requests": {"years": 1}}, "saved_requests has unknown keys: years"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(overrides, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        retention_policy(overrides)


def test_a_bad_setting_fails_the_system_check(settings):
    settings.SENDRESOLVE_RETENTION = {"audit_events": {"years": 0}}
    (error,) = check_retention_settings()
    assert error.id == "retention.E001" and "audit_events.years" in error.msg
    settings.SENDRESOLVE_RETENTION = {}
    assert check_retention_settings() == []


def test_the_environment_variable_is_a_json_object(monkeypatch):
    monkeypatch.setenv("SENDRESOLVE_RETENTION", '{"feedback": {"years": 3}}')
    assert env_json_object("SENDRESOLVE_RETENTION") == {"feedback": {"years": 3}}
    monkeypatch.setenv("SENDRESOLVE_RETENTION", "")
    assert env_json_object("SENDRESOLVE_RETENTION") == {}
    monkeypatch.setenv("SENDRESOLVE_RETENTION", "[1]")
    with pytest.raises(ImproperlyConfigured, match="must be a JSON object"):
        env_json_object("SENDRESOLVE_RETENTION")
    monkeypatch.setenv("SENDRESOLVE_RETENTION", "{years: 3}")
    with pytest.raises(ImproperlyConfigured, match="SENDRESOLVE_RETENTION must be a JSON"):
        env_json_object("SENDRESOLVE_RETENTION")


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (dt.date(2029, 6, 30), 6, dt.date(2023, 6, 30)),
        (dt.date(2028, 2, 29), 1, dt.date(2027, 2, 28)),
        (dt.date(2028, 2, 29), 4, dt.date(2024, 2, 29)),
        (dt.date(2025, 3, 1), 1, dt.date(2024, 3, 1)),
    ],
)
def test_years_before(day, years, expected):
    assert years_before(day, years) == expected
