"""From the route finder into the online request: the mapping of the finder's answers, the
carried-over answers (only the missing questions asked) and the "no letter" path."""

import datetime as dt

import pytest
from django.core.cache import cache

from sendresolve.cases.models import Case
from sendresolve.core.clock import LONDON
from sendresolve.public import wording
from sendresolve.public.family import forms, handover
from sendresolve.public.finder import answers as kept_answers
from sendresolve.public.finder import steps
from sendresolve.public.tests.participation_steps import answer_skipping

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2024, 2, 5, 12, tzinfo=LONDON)
REFUSED_PLAN = {
    "council": "302",
    "who": "parent",
    "age": 9,
    "plan": "no",
    "with": ["local_authority"],
    "about": ["refusal_to_issue_plan"],
    "decision_letter": "2024-01-31",
    "progress": ["none"],
}
CHILD = {"child_name": "Robin Example", "child_date_of_birth_0": ""}
YOUR_NAME = {"requester_name": "Jordan Example"}
CONTACT = {"email": "jordan@example.test", "phone": "", "preferred_channel": "email"}


@pytest.fixture(autouse=True)
def pinned(time_machine):
    cache.clear()
    time_machine.move_to(TODAY, tick=False)


def finder_answers(client, answers: dict) -> None:
    client.cookies[kept_answers.COOKIE] = kept_answers.seal(answers)


def start(client, request: str) -> str:
    response = client.get(f"/request/from-the-finder/?request={request}")
    assert response.status_code == 302
    return response["Location"]


def send(client) -> Case:
    assert client.get("/request/check-your-answers/").status_code == 200
    token = client.session["family_request_submit"]
    response = client.post("/request/check-your-answers/", {"token": token})
    assert response["Location"] == "/request/sent/"
    return Case.objects.get()


# -- the mapping -------------------------------------------------------------------------------


def test_every_finder_subject_maps_to_a_request_subject_or_to_none():
    finder = {key for key, _ in steps.ABOUT_OPTIONS}
    assert set(handover.SUBJECT_MAP) == finder
    request = {key for key, _ in forms.APPEAL_SUBJECTS + forms.OTHER_SUBJECTS}
    for key, target in handover.SUBJECT_MAP.items():
        assert target is None or target in request, key
    assert handover.SUBJECT_MAP["exclusion"] is None
    assert handover.SUBJECT_MAP["disability_discrimination"] is None


def test_a_refused_plan_carries_council_who_subject_letter_date_and_health():
    answers = handover.request_answers(REFUSED_PLAN, request="mediation_advice")
    assert answers == {
        "request": "mediation_advice",
        "local_authority": "302",
        "requester": "parent",
        "subjects": ["refusal_to_issue_plan"],
        "decision_description": "",
        "decision_letter_date": "2024-01-31",
        "decision_letter_unknown": False,
        "health_care_in_issue": "no",
    }


def test_only_subjects_the_request_offers_are_carried_in_the_requests_order():
    about = ["exclusion", "delay", "support_without_plan", "refusal_to_assess"]
    finder = {**REFUSED_PLAN, "about": about}
    dr = handover.request_answers(finder, request="disagreement_resolution")
    assert dr["subjects"] == ["support_without_plan", "delay"]
    assert "decision_letter_date" not in dr and "health_care_in_issue" not in dr
    advice = handover.request_answers(finder, request="mediation_advice")
    assert advice["subjects"] == ["refusal_to_assess"]
    nothing = handover.request_answers(
        {**finder, "about": ["provision_not_delivered"]}, request="mediation"
    )
    assert "subjects" not in nothing  # the request asks


@pytest.mark.parametrize(
    ("with_", "about", "expected"),
    [
        (["local_authority", "health"], ["plan_needs"], "yes"),
        (["local_authority"], ["health_services"], "yes"),
        (["local_authority"], ["plan_health_or_social_care"], None),
        (["local_authority"], ["plan_needs"], "no"),
        ([], [], None),
    ],
)
def test_health_care_is_carried_only_when_the_answers_say_it(with_, about, expected):
    assert handover.health_care_in_issue({"with": with_, "about": about}) == expected


def test_no_letter_in_the_finder_becomes_no_letter_in_the_request():
    finder = {**REFUSED_PLAN, "decision_letter": steps.UNKNOWN_DATE}
    answers = handover.request_answers(finder, request="mediation")
    assert answers["decision_letter_date"] == ""
    assert answers["decision_letter_unknown"] is True


def test_an_unknown_request_is_refused():
    with pytest.raises(ValueError):
        handover.request_answers(REFUSED_PLAN, request="tribunal_appeal")


# -- the pages ---------------------------------------------------------------------------------


def test_the_advice_page_starts_the_request_when_a_provider_takes_it(world, client):
    finder_answers(client, REFUSED_PLAN)
    html = client.get("/find/what-you-can-do/").content.decode()
    assert 'href="/request/from-the-finder/?request=mediation_advice"' in html
    assert "Ask for mediation advice online" in html
    assert "Ask for disagreement resolution online" in html
    assert html.index("Your deadlines") < html.index("Your next step") < html.index("1. Talk")
    assert 'href="https://www.gov.uk/special-educational-needs-disability-tribunal"' in html
    assert "appeal-to-the-send-tribunal-form-send35" in html
    assert 'href="tel:01325289350"' in html


def test_the_advice_page_without_a_provider_says_how_to_ask_by_phone_or_email(world, client):
    world.other_local_authority.commissions.all().delete()
    la = world.other_local_authority
    la.send_team_phone, la.send_team_email = "01702 215 000", "send@southend.test"
    la.save()
    finder_answers(client, {**REFUSED_PLAN, "council": "882"})
    html = client.get("/find/what-you-can-do/").content.decode()
    assert "/request/from-the-finder/" not in html
    assert "You can ask by phone or email instead" in html
    assert 'href="tel:01702215000"' in html
    assert 'href="mailto:send@southend.test"' in html
    assert "Southend-on-Sea SEND team" in html
    assert "Your deadlines" in html  # the routes and deadlines are still given


def test_carried_answers_skip_to_the_first_missing_question_and_open_the_case(world, client):
    finder_answers(client, REFUSED_PLAN)
    assert start(client, "mediation_advice") == "/request/child/"
    first = client.get("/request/child/").content.decode()
    assert "We have used the answers you gave" in first
    assert "We have used the answers you gave" not in client.get("/request/child/").content.decode()
    assert client.post("/request/child/", CHILD)["Location"] == "/request/your-name/"
    assert client.post("/request/your-name/", YOUR_NAME)["Location"] == "/request/contact/"
    response = client.post("/request/contact/", CONTACT)
    # What it is about, the letter's date and health care were carried: not asked again; the
    # questions about taking part (issue 22) come next.
    assert response["Location"] == "/request/interpreter/"
    assert answer_skipping(client, response["Location"]) == "/request/check-your-answers/"
    page = client.get("/request/decision-date/?change=1").content.decode()
    assert 'value="31"' in page  # shown as given, if the family wants to change it
    check = client.get("/request/check-your-answers/").content.decode()
    for shown in (
        "Mediation advice",
        "Barnet",
        wording.WHO_LABELS["parent"],
        wording.SUBJECT_LABELS["refusal_to_issue_plan"],
        "31 January 2024",
        'href="/request/council/?change=1"',
        'href="/request/decision-date/?change=1"',
    ):
        assert shown in check, shown
    case = send(client)
    assert case.provider == world.provider
    assert case.decision_letter_date == dt.date(2024, 1, 31)
    assert list(case.issues.values_list("subject", flat=True)) == ["refusal_to_issue_plan"]
    assert case.requester == "parent"
    assert case.health_care_in_issue is False


def test_everything_carried_goes_straight_to_the_first_personal_question(world, client):
    finder_answers(client, REFUSED_PLAN)
    start(client, "mediation_advice")
    answers = client.session["family_request"]
    for key in ("request", "local_authority", "requester", "subjects", "decision_letter_date"):
        assert key in answers, key
    assert "child_name" not in answers


def test_without_finder_answers_or_with_a_bad_request_the_request_starts_afresh(world, client):
    assert start(client, "mediation_advice") == "/request/"
    finder_answers(client, REFUSED_PLAN)
    assert start(client, "nonsense") == "/request/"
    assert start(client, "") == "/request/"


def test_a_council_with_no_provider_goes_to_its_contacts_not_a_dead_end(world, client):
    world.other_local_authority.commissions.all().delete()
    finder_answers(client, {**REFUSED_PLAN, "council": "882"})
    assert start(client, "mediation_advice") == "/request/no-online-service/"


def test_no_letter_in_the_request_opens_a_case_without_a_date_and_says_what_happens(world, client):
    finder_answers(client, REFUSED_PLAN)
    start(client, "mediation")
    client.post("/request/child/", CHILD)
    client.post("/request/your-name/", YOUR_NAME)
    answer_skipping(client, client.post("/request/contact/", CONTACT)["Location"])
    response = client.post("/request/decision-date/?change=1", {"decision_letter_unknown": "on"})
    assert response.status_code == 302
    check = client.get("/request/check-your-answers/").content.decode()
    assert wording.NO_LETTER_SUMMARY in check
    case = send(client)
    assert case.decision_letter_date is None
    sent = client.get("/request/sent/").content.decode()
    assert "ask the council&#39;s SEND team for a copy of the letter" in sent


def test_the_letter_date_and_no_letter_together_is_an_error(world, client):
    finder_answers(client, REFUSED_PLAN)
    start(client, "mediation")
    data = {
        "decision_letter_date_0": "31",
        "decision_letter_date_1": "1",
        "decision_letter_date_2": "2024",
        "decision_letter_unknown": "on",
    }
    response = client.post("/request/decision-date/", data)
    assert response.status_code == 400
    assert "not both" in response.content.decode()
    response = client.post("/request/decision-date/", {})
    assert response.status_code == 400
    assert "or select that you do not have the letter" in response.content.decode()


def test_no_letter_in_the_finder_gives_advice_and_a_request_without_a_date(world, client):
    finder_answers(client, {k: v for k, v in REFUSED_PLAN.items() if k != "decision_letter"})
    response = client.post("/find/letter-date/", {"decision_letter_unknown": "on"})
    assert response.status_code == 302
    kept = kept_answers.unseal(client.cookies[kept_answers.COOKIE].value)
    assert kept["decision_letter"] == steps.UNKNOWN_DATE
    check = client.get("/find/check-your-answers/").content.decode()
    assert wording.NO_LETTER_SUMMARY in check
    advice = client.get("/find/what-you-can-do/").content.decode()
    assert ">You do not have the decision letter</p>" in advice
    assert "&lt;p" not in advice  # the inset's markup is markup, not text
    assert "ask the council&#39;s SEND team for a copy of the letter" in advice
    start(client, "mediation_advice")
    client.post("/request/child/", CHILD)
    client.post("/request/your-name/", YOUR_NAME)
    response = client.post("/request/contact/", CONTACT)
    assert answer_skipping(client, response["Location"]) == "/request/check-your-answers/"
    assert send(client).decision_letter_date is None
