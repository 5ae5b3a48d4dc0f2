"""Triage in the staff pages: the queue's "New and unassigned" section and its count, assigning
in bulk and from the case page, referrals when opening a case."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from sendresolve.audit.models import AuditEvent
from sendresolve.cases import services
from sendresolve.cases.models import Case, CaseEvent
from sendresolve.cases.services import IssueInput
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.staff.case_views import QUEUE_PAGE_SIZE
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 24, 10, tzinfo=LONDON), tick=False)


def online_request(world, request="disagreement_resolution", child_name="Ola Online"):
    return services.case_request_online(
        local_authority=world.local_authority,
        request=request,
        child_name=child_name,
        requester="parent",
        requester_name="Kim Example",
        email="kim@example.test",
        issues=[IssueInput("plan_provision")],
    )


def assigned_cases(world, count):
    """Open cases someone already has, each with an earlier deadline than a new request."""
    adviser = world.users["provider_staff"]
    cases = []
    for n in range(count):
        case = open_case(
            world,
            opened_on=dt.date(2026, 11, 2),
            decision_letter_date=dt.date(2026, 11, 2),
            child_name=f"Child {n}",
            assigned_to=adviser,
        )
        services.advice_give(actor=adviser, case=case, on=dt.date(2026, 11, 2))
        services.mediation_decline(actor=adviser, case=case, on=dt.date(2026, 11, 2))
        cases.append(case)
    return cases


def section(html):
    start = html.index('id="new-and-unassigned"')
    return html[start : html.index("</table>", start)]


def test_a_new_online_request_is_at_the_top_of_the_first_page(world, as_persona, today):
    assigned_cases(world, QUEUE_PAGE_SIZE)  # a full page of overdue certificates
    request = online_request(world)
    client = as_persona("provider_staff")
    html = client.get(reverse("staff:home")).content.decode()
    # In the queue itself it would be on page 2: every assigned case is overdue.
    assert request.reference not in html.split('class="govuk-table app-queue"')[1]
    assert html.index('id="new-and-unassigned"') < html.index('class="app-queue-filters"')
    # The queue's own rows can be ticked too: their boxes belong to the section's form.
    queue = html.split('class="govuk-table app-queue"')[1]
    assert queue.count('form="bulk-assign"') == QUEUE_PAGE_SIZE
    top = section(html)
    assert "New and unassigned (1)" in html
    assert f'data-triage-case="{request.reference}"' in top
    assert "Disagreement resolution" in top  # what the family asked for
    assert "24 Dec 2026" in top  # when it came in
    assert "Barnet" in top
    assert "30 Dec 2026" in top  # first contact due: 2 working days after, over Christmas
    assert "Provider&#39;s service standard: first contact within 2 working days" in top
    assert "None open" not in top
    # The count is in the service navigation, linking to the section.
    nav = html[html.index("govuk-service-navigation") :]
    assert re.search(r'href="/staff/#new-and-unassigned"[^>]*>\s*New and unassigned \(1\)', nav)
    page_two = client.get(reverse("staff:home") + "?page=2").content.decode()
    assert 'id="new-and-unassigned"' not in page_two
    assert request.reference in page_two


def test_the_section_says_what_the_family_chose_online(world, as_persona, today):
    advice = online_request(world, request="mediation_advice", child_name="Advice Only")
    html = as_persona("colleague").get(reverse("staff:home")).content.decode()
    top = section(html)
    row = top[top.index(advice.reference) :]
    assert "Mediation advice (before an appeal)" in row[: row.index("</tr>")]


@pytest.mark.parametrize("persona", ["la_officer", "icb_officer", "administrator"])
def test_only_provider_staff_have_the_section(world, as_persona, today, persona):
    online_request(world)
    html = as_persona(persona).get(reverse("staff:home")).content.decode()
    assert "New and unassigned" not in html
    assert 'name="cases"' not in html


def test_other_providers_staff_do_not_count_anothers_requests(world, as_persona, today):
    online_request(world)
    html = as_persona("other_provider").get(reverse("staff:home")).content.decode()
    assert "New and unassigned (0)" in html


def bulk(client, references, assignee, key="a" * 32):
    return client.post(
        reverse("staff:queue-assign"),
        {"cases": references, "assignee": assignee, "submission_key": key},
    )


def test_bulk_assign_performs_once_per_case_and_audits(world, as_persona, today):
    requests = [online_request(world, child_name=f"Child {n}") for n in range(3)]
    references = [case.reference for case in requests]
    colleague = world.users["colleague"]
    colleague.first_name, colleague.last_name = "Sam", "Adviser"
    colleague.save()
    client = as_persona("provider_staff")
    response = bulk(client, references, str(colleague.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:home")
    page = client.get(response["Location"]).content.decode()
    assert "3 cases assigned to Sam Adviser." in page
    assert "New and unassigned (0)" in page
    assert set(Case.objects.filter(assigned_to=colleague).values_list("reference", flat=True)) == (
        set(references)
    )
    assert CaseEvent.objects.filter(type="assigned").count() == 3
    audited = AuditEvent.objects.filter(action="case.case_assign")
    assert sorted(audited.values_list("object_id", flat=True)) == sorted(
        str(case.pk) for case in requests
    )
    # The same form sent again (a double click) assigns nothing more.
    assert bulk(client, references, str(colleague.pk)).status_code == 302
    assert CaseEvent.objects.filter(type="assigned").count() == 3


def coordinates(world, persona="colleague"):
    """Make the persona (a mediator) a coordinator too: assigning is the coordinator's and the
    manager's (issue 23)."""
    MembershipFactory(user=world.users[persona], role=Role.COORDINATOR, provider=world.provider)


def test_bulk_assign_to_me_and_unassign(world, as_persona, today):
    case = online_request(world)
    me = world.users["colleague"]
    coordinates(world)
    client = as_persona("colleague")
    bulk(client, [case.reference], str(me.pk), key="b" * 32)
    case.refresh_from_db()
    assert case.assigned_to == me
    bulk(client, [case.reference], "none", key="c" * 32)
    case.refresh_from_db()
    assert case.assigned_to is None


def test_bulk_assign_needs_cases_and_someone(world, as_persona, today):
    online_request(world)
    response = bulk(as_persona("provider_staff"), [], "")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#bulk_cases">Select the cases to assign' in html
    assert 'href="#bulk_assignee">Choose who to assign the cases to' in html
    assert 'id="bulk_cases"' in html and 'id="bulk_assignee"' in html
    assert not CaseEvent.objects.filter(type="assigned").exists()


def test_bulk_assign_offers_only_active_colleagues(world, as_persona, today):
    case = online_request(world)
    outsider = world.users["other_provider"]
    response = bulk(as_persona("provider_staff"), [case.reference], str(outsider.pk))
    assert response.status_code == 400
    assert "Choose who to assign the cases to" in response.content.decode()
    case.refresh_from_db()
    assert case.assigned_to is None


def test_bulk_assign_cannot_reach_another_providers_case(world, as_persona, today):
    theirs = open_case(world, opened_on=dt.date(2026, 12, 24), decision_letter_date=None)
    theirs.provider = world.other_provider
    theirs.local_authority = world.other_local_authority
    theirs.save()
    ours = online_request(world)
    me = world.users["provider_staff"]
    response = bulk(as_persona("provider_staff"), [ours.reference, theirs.reference], str(me.pk))
    assert response.status_code == 400
    assert f"{theirs.reference}: no such case of yours" in response.content.decode()
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.assigned_to == me and theirs.assigned_to is None


def test_la_officers_cannot_assign_from_the_queue(world, as_persona, today):
    case = online_request(world)
    response = bulk(as_persona("la_officer"), [case.reference], "none")
    assert response.status_code == 404


def test_assign_to_me_on_the_case_page(world, as_persona, today):
    case = online_request(world)
    coordinates(world)
    client = as_persona("colleague")
    url = reverse("staff:case", args=[case.reference])
    html = client.get(url).content.decode()
    assert "Assign to me" in html
    assert "Provider&#39;s service standard: first contact within 2 working days" in html
    response = client.post(
        reverse("staff:case-assign-me", args=[case.reference]), {"submission_key": "d" * 32}
    )
    assert response.status_code == 302
    assert response["Location"] == url
    # The next page shown says so (whichever page draws the banner).
    queue = client.get(reverse("staff:home")).content.decode()
    assert f"{case.reference} is assigned to you." in queue
    case.refresh_from_db()
    assert case.assigned_to == world.users["colleague"]
    assert "Assign to me" not in client.get(url).content.decode()
    assert CaseEvent.objects.filter(case=case, type="assigned").count() == 1


def test_la_officers_do_not_get_assign_to_me(world, as_persona, today):
    case = online_request(world)
    client = as_persona("la_officer")
    assert (
        "Assign to me"
        not in client.get(reverse("staff:case", args=[case.reference])).content.decode()
    )
    response = client.post(reverse("staff:case-assign-me", args=[case.reference]))
    assert response.status_code == 404


OPEN_FORM = {
    "local_authority": "302",
    "kind": "mediation",
    "child_name": "Jo Referred",
    "requester": "parent",
    "requester_name": "Pat Example",
    "email": "pat@example.test",
    "preferred_channel": "email",
    "subjects": ["refusal_to_assess"],
    "opened_on_0": "24",
    "opened_on_1": "12",
    "opened_on_2": "2026",
    "referred_by": "sendiass",
    "referrer_organisation": "Barnet SENDIASS",
    "referrer_name": "Pat Officer",
}


def test_a_referral_without_consent_is_refused_with_a_clear_error(world, as_persona, today):
    response = as_persona("provider_staff").post(reverse("staff:case-new"), OPEN_FORM)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_referral_consent_on_0">Enter the date the family gave consent' in html
    assert not Case.objects.exists()


def test_a_referrer_named_without_who_referred_is_refused(world, as_persona, today):
    form = {**OPEN_FORM, "referred_by": ""}
    response = as_persona("provider_staff").post(reverse("staff:case-new"), form)
    assert response.status_code == 400
    assert 'href="#id_referred_by">Choose who referred the family' in response.content.decode()


def test_a_referral_with_consent_is_shown_on_the_case_page(world, as_persona, today):
    form = {
        **OPEN_FORM,
        "referral_consent_on_0": "23",
        "referral_consent_on_1": "12",
        "referral_consent_on_2": "2026",
        "referral_consent_note": "Agreed by phone",
    }
    client = as_persona("provider_staff")
    response = client.post(reverse("staff:case-new"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(child_name="Jo Referred")
    assert case.referred_by == "sendiass"
    html = client.get(response["Location"]).content.decode()
    assert "Barnet SENDIASS, Pat Officer" in html
    assert "Given Wednesday 23 December 2026: Agreed by phone" in html
    assert case.deadlines.get(key="first_contact").due_on == dt.date(2026, 12, 30)


def test_referral_errors_come_after_the_others_in_the_summary(world, as_persona, today):
    form = {**OPEN_FORM, "child_name": ""}
    html = as_persona("provider_staff").post(reverse("staff:case-new"), form).content.decode()
    assert html.index('href="#id_child_name"') < html.index('href="#id_referral_consent_on_0"')
