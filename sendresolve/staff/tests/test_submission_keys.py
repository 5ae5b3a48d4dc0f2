"""Every staff form that writes carries a hidden submission key, and the write path uses it.

The sweeps read the templates and the views' source, so a new form or a new write added
without the key fails here; the behaviour tests show a resent "Open a case" form opens one case.
"""

import ast
import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse

from sendresolve.cases import services
from sendresolve.cases.models import ActionReceipt, Case, Certificate
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.notifications.models import OutboxMessage

STAFF = Path(__file__).resolve().parents[1]
TEMPLATES = STAFF / "jinja2"
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.DOTALL | re.IGNORECASE)
POST = re.compile(r"""method=["']post["']""", re.IGNORECASE)
# Forms that change no case: signing in and out (their own CSRF and two-factor checks).
NOT_CASE_WRITES = {"sign_in.html", "sign_in_code.html", "sign_in_set_up.html"} | {
    # Staff and roles (issue 23): no case is written; a repeat is answered by the service
    # (the same invitation within 10 minutes is the first; roles set twice are set once; a
    # second suspension or removal is refused with the page saying why).
    "staff_invite.html",
    "staff_member.html",
    "invite_accept.html",
}
SIGN_OUT = "url('staff:sign-out')"
KEY = "0123456789abcdef0123456789abcdef"


def _post_forms():
    for template in sorted(TEMPLATES.rglob("*.html")):
        for match in FORM.finditer(template.read_text()):
            if POST.search(match.group(1)):
                yield template, match.group(1), match.group(2)


def test_the_sweep_finds_the_staff_forms():
    names = {template.name for template, _, _ in _post_forms()}
    assert {"case.html", "case_new.html", "action.html", "certificate_check.html"} <= names


def test_every_staff_form_that_writes_carries_a_submission_key():
    missing = [
        f"{template.relative_to(TEMPLATES)}: <form{attributes}>"
        for template, attributes, body in _post_forms()
        if template.name not in NOT_CASE_WRITES
        and SIGN_OUT not in attributes
        and "submission_key()" not in body
    ]
    assert missing == []


def _calls(name: str):
    for module in sorted(STAFF.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == name:
                yield module.name, node


def test_every_staff_write_passes_the_forms_key():
    """Staff views write through ``action_run`` (which passes the key), ``action_perform``
    with ``submission_key=``, or ``case_create_once`` for a new case; none calls a case
    service directly."""
    performs = list(_calls("action_perform"))
    assert performs, "the sweep found no calls"
    for module, call in performs + list(_calls("case_create_once")):
        keywords = {k.arg for k in call.keywords}
        assert "submission_key" in keywords, f"{module}:{call.lineno}"
    for module in sorted(STAFF.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and getattr(node.func.value, "id", None) == "services"
                and node.func.attr != "IssueInput"
            ):
                # The one direct call is the case opening inside ``case_create_once``.
                assert (module.name, node.func.attr) == ("opening_views.py", "case_open")


OPEN_FORM = {
    "local_authority": "302",
    "kind": "mediation",
    "child_name": "Jo Example",
    "requester": "parent",
    "requester_name": "Pat Example",
    "email": "pat@example.test",
    "preferred_channel": "email",
    "subjects": ["refusal_to_assess"],
    "opened_on_0": "24",
    "opened_on_1": "12",
    "opened_on_2": "2026",
    "submission_key": KEY,
}


@pytest.fixture
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 24, 10, tzinfo=LONDON), tick=False)


@pytest.mark.django_db
def test_the_open_a_case_form_has_a_key_and_resent_opens_one_case(world, as_persona, today):
    client = as_persona("provider_staff")
    page = client.get(reverse("staff:case-new")).content.decode()
    assert re.search(r'name="submission_key" value="[0-9a-f]{32}"', page)
    first = client.post(reverse("staff:case-new"), OPEN_FORM)
    again = client.post(reverse("staff:case-new"), OPEN_FORM)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    case = Case.objects.get()
    assert OutboxMessage.objects.filter(reference=case.reference).count() == 1
    assert ActionReceipt.objects.get().case == case
    # A new form (a new key) is a new case.
    client.post(reverse("staff:case-new"), {**OPEN_FORM, "submission_key": "f" * 32})
    assert Case.objects.count() == 2


@pytest.mark.django_db
def test_an_open_a_case_form_with_errors_leaves_its_key_free(world, as_persona, today):
    client = as_persona("provider_staff")
    # The service refuses a referral without the family's consent: the case's transaction,
    # and the receipt in it, roll back.
    referred = {"referred_by": "sendiass", "referrer_organisation": "Barnet SENDIASS"}
    refused = client.post(reverse("staff:case-new"), {**OPEN_FORM, **referred})
    assert refused.status_code == 400
    assert "Enter the date the family gave consent" in refused.content.decode()
    assert not ActionReceipt.objects.exists()
    assert client.post(reverse("staff:case-new"), OPEN_FORM).status_code == 302
    assert Case.objects.count() == 1


@pytest.fixture
def declined(world, time_machine):
    time_machine.move_to(dt.datetime(2024, 4, 10, 12, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(world)
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 4, 1))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 4, 8))
    return case


@pytest.mark.django_db
def test_a_certificate_form_sent_again_after_it_was_issued_is_answered_as_the_first(
    declined, as_persona
):
    """The second click lands after the first committed: the action is no longer offered, but
    the form's receipt is found, so it gets the case page, not a 404."""
    client = as_persona("provider_staff")
    url = reverse("staff:certificate-check", args=[declined.reference])
    data = {"on_0": "10", "on_1": "4", "on_2": "2024", "submission_key": KEY}
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    case_page = reverse("staff:case", args=[declined.reference])
    assert first.status_code == 302 and first["Location"] == case_page
    assert second.redirect_chain == [(case_page, 302)]
    assert "This form had already been sent, so it was done only once." in second.content.decode()
    assert Certificate.objects.filter(case=declined).count() == 1
    # Another form (another key) for an action no longer offered is still a 404.
    assert client.post(url, {**data, "submission_key": "e" * 32}).status_code == 404
    # Another user's receipt is not theirs to replay.
    assert as_persona("colleague").post(url, data).status_code == 404


@pytest.mark.django_db
def test_a_step_form_sent_twice_records_the_step_once(world, as_persona, declined):
    case = open_case(world)
    client = as_persona("provider_staff")
    url = reverse("staff:case-action", args=[case.reference, "advice_give"])
    data = {"on_0": "10", "on_1": "4", "on_2": "2024", "submission_key": KEY}
    answers = [client.post(url, data) for _ in range(2)]
    assert [a.status_code for a in answers] == [302, 302]
    assert case.events.filter(type="advice_given").count() == 1


@pytest.mark.django_db
def test_receipts_older_than_a_day_are_cleared_by_the_next_submission(world, as_persona, declined):
    case = open_case(world)
    client = as_persona("provider_staff")
    adviser = world.users["provider_staff"]
    stale = ActionReceipt.objects.create(user=adviser, key="old", case=case, action="advice_give")
    ActionReceipt.objects.filter(pk=stale.pk).update(
        created_at=dt.datetime(2024, 4, 9, 11, tzinfo=LONDON)  # a day and an hour ago
    )
    recent = ActionReceipt.objects.create(
        user=world.users["colleague"], key="other", case=case, action="advice_give"
    )
    ActionReceipt.objects.filter(pk=recent.pk).update(
        created_at=dt.datetime(2024, 4, 9, 11, tzinfo=LONDON)  # another user's: left alone
    )
    url = reverse("staff:case-action", args=[case.reference, "advice_give"])
    client.post(url, {"on_0": "10", "on_1": "4", "on_2": "2024", "submission_key": KEY})
    keys = set(ActionReceipt.objects.values_list("key", flat=True))
    assert keys == {"other", KEY}
