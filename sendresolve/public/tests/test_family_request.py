"""The online request journey through the Django test client."""

import datetime as dt

import pytest
from django.core.cache import cache

from sendresolve.cases import selectors
from sendresolve.cases.models import ActionReceipt, Case
from sendresolve.core.clock import LONDON
from sendresolve.notifications.models import OutboxMessage
from sendresolve.public.tests import participation_steps
from sendresolve.tenancy.tests.factories import LocalAuthorityFactory

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2025, 3, 10, 10, tzinfo=LONDON)
TAKING_PART = " ".join(participation_steps.STEPS)


@pytest.fixture(autouse=True)
def pinned(time_machine):
    cache.clear()
    time_machine.move_to(TODAY, tick=False)


def answers_for(request_type: str, **changes) -> dict:
    answers = {
        "what": {"request": request_type},
        "council": {"local_authority": "302"},
        "who": {"requester": "parent"},
        "child": {
            "child_name": "Robin Example",
            "child_date_of_birth_0": "4",
            "child_date_of_birth_1": "5",
            "child_date_of_birth_2": "2014",
        },
        "your-name": {"requester_name": "Jordan Example"},
        "contact": {"email": "jordan@example.test", "phone": "", "preferred_channel": "email"},
        "about": {"subjects": ["refusal_to_assess"], "decision_description": ""},
        "decision-date": {
            "decision_letter_date_0": "14",
            "decision_letter_date_1": "2",
            "decision_letter_date_2": "2025",
        },
        "health": {"health_care_in_issue": "no"},
        **participation_steps.SKIPPED,
    }
    answers.update(changes)
    return answers


def walk(client, answers: dict) -> list[str]:
    """Answer each question the journey asks, in the order it asks; return the steps seen."""
    seen = []
    location = client.get("/request/")["Location"]
    while location.startswith("/request/") and "check-your-answers" not in location:
        step = location.strip("/").split("/")[-1]
        seen.append(step)
        assert client.get(location).status_code == 200
        response = client.post(location, answers[step])
        assert response.status_code == 302, response.content.decode()[:2000]
        location = response["Location"]
    assert location == "/request/check-your-answers/"
    return seen


def send(client) -> Case:
    page = client.get("/request/check-your-answers/")
    assert page.status_code == 200
    token = client.session["family_request_submit"]
    response = client.post("/request/check-your-answers/", {"token": token})
    assert response["Location"] == "/request/sent/"
    return Case.objects.get()


@pytest.mark.parametrize(
    ("request_type", "kind", "steps"),
    [
        (
            "mediation_advice",
            "mediation",
            "what council who child your-name contact about decision-date health " + TAKING_PART,
        ),
        (
            "mediation",
            "mediation",
            "what council who child your-name contact about decision-date health " + TAKING_PART,
        ),
        (
            "disagreement_resolution",
            "disagreement_resolution",
            "what council who child your-name contact about " + TAKING_PART,
        ),
    ],
)
def test_each_request_opens_a_case_for_the_commissioned_provider(
    world, client, request_type, kind, steps
):
    answers = answers_for(request_type)
    if request_type == "disagreement_resolution":
        answers["about"] = {"subjects": ["provision_not_delivered", "delay"]}
    assert walk(client, answers) == steps.split()
    case = send(client)
    assert case.provider == world.provider
    assert case.local_authority == world.local_authority
    assert case.kind == kind
    assert case.requester_name == "Jordan Example"
    assert case.child_date_of_birth == dt.date(2014, 5, 4)
    assert case.events.get().detail == {"via": "online", "request": request_type}
    if request_type == "disagreement_resolution":
        assert sorted(case.issues.values_list("subject", flat=True)) == [
            "delay",
            "provision_not_delivered",
        ]
        assert case.decision_letter_date is None
    else:
        assert list(case.issues.values_list("subject", flat=True)) == ["refusal_to_assess"]
        assert case.decision_letter_date == dt.date(2025, 2, 14)
    queue = selectors.work_queue(world.users["provider_staff"], today=TODAY.date())
    assert list(queue) == [case]
    assert not selectors.work_queue(world.users["other_provider"], today=TODAY.date()).exists()


def test_the_confirmation_shows_the_reference_and_sends_the_messages(world, client):
    walk(client, answers_for("mediation_advice"))
    case = send(client)
    html = client.get("/request/sent/").content.decode()
    assert f"<strong>{case.reference}</strong>" in html
    assert "govuk-panel" in html
    assert "What happens next" in html
    assert "A mediation adviser from Alpha Mediation will contact you" in html
    templates = sorted(OutboxMessage.objects.values_list("template", flat=True))
    assert templates == ["case_opened", "status_link"]
    link = OutboxMessage.objects.get(template="status_link")
    assert link.to == "jordan@example.test"
    assert "http://testserver/your-case/" in link.body


def test_a_young_person_asking_for_themselves_is_not_asked_their_name_twice(world, client):
    answers = answers_for("mediation", who={"requester": "young_person"})
    assert "your-name" not in walk(client, answers)
    case = send(client)
    assert case.requester == "young_person"
    assert case.requester_name == "Robin Example"


def test_sending_twice_opens_one_case(world, client):
    walk(client, answers_for("mediation_advice"))
    client.get("/request/check-your-answers/")
    token = client.session["family_request_submit"]
    first = client.post("/request/check-your-answers/", {"token": token})
    second = client.post("/request/check-your-answers/", {"token": token})
    assert first["Location"] == second["Location"] == "/request/sent/"
    assert Case.objects.count() == 1


def test_a_duplicate_racing_on_another_worker_shows_the_same_confirmation(world, client):
    """Issue 19: two workers, no shared cache. The duplicate read the session before the first
    post saved it, and its worker's memory knows nothing of the first: the database receipt
    still stops a second case, and it is shown the first's confirmation."""
    walk(client, answers_for("mediation_advice"))
    client.get("/request/check-your-answers/")
    token = client.session["family_request_submit"]
    before = dict(client.session.items())  # what the racing duplicate read
    first = client.post("/request/check-your-answers/", {"token": token})
    case = Case.objects.get()
    session = client.session
    session.clear()
    session.update(before)
    session.save()
    cache.clear()  # the other worker's memory
    second = client.post("/request/check-your-answers/", {"token": token})
    assert first["Location"] == second["Location"] == "/request/sent/"
    assert Case.objects.count() == 1
    opened = OutboxMessage.objects.filter(template="case_opened", reference=case.reference)
    assert opened.count() == 1
    assert OutboxMessage.objects.filter(template="status_link").count() == 1
    assert f"<strong>{case.reference}</strong>" in client.get("/request/sent/").content.decode()
    receipt = ActionReceipt.objects.get()
    assert receipt.user is None and receipt.case == case
    assert token not in receipt.key  # a digest: the session's token is kept nowhere else


def test_a_request_refused_leaves_no_receipt_so_a_retry_can_go_on(world, client):
    walk(client, answers_for("mediation_advice"))
    client.get("/request/check-your-answers/")
    token = client.session["family_request_submit"]
    world.local_authority.commissions.update(covers_mediation=False)
    refused = client.post("/request/check-your-answers/", {"token": token})
    assert refused["Location"] == "/request/no-online-service/"
    assert not ActionReceipt.objects.exists()
    world.local_authority.commissions.update(covers_mediation=True)
    assert client.post("/request/check-your-answers/", {"token": token})["Location"] == (
        "/request/sent/"
    )
    assert Case.objects.count() == 1


def test_a_stale_token_sends_nothing(world, client):
    walk(client, answers_for("mediation_advice"))
    client.get("/request/check-your-answers/")
    response = client.post("/request/check-your-answers/", {"token": "not-the-token"})
    assert response["Location"] == "/request/check-your-answers/"
    assert Case.objects.count() == 0


def test_check_answers_lists_every_answer_with_change_links(world, client):
    walk(client, answers_for("mediation_advice"))
    html = client.get("/request/check-your-answers/").content.decode()
    for text in (
        "Mediation advice",
        "Barnet",
        "Robin Example",
        "4 May 2014",
        "jordan@example.test",
        "The council will not do an EHC needs assessment",
        "14 February 2025",
    ):
        assert text in html
    assert 'href="/request/contact/?change=1"' in html
    assert "Alpha Mediation" in html


def test_changing_an_answer_returns_to_check_answers(world, client):
    walk(client, answers_for("mediation_advice"))
    response = client.post("/request/your-name/?change=1", {"requester_name": "Sam Other"})
    assert response["Location"] == "/request/check-your-answers/"
    assert "Sam Other" in client.get("/request/check-your-answers/").content.decode()


def test_changing_to_mediation_asks_again_what_no_longer_fits(world, client):
    answers = answers_for("disagreement_resolution", about={"subjects": ["delay"]})
    walk(client, answers)
    response = client.post("/request/what/?change=1", {"request": "mediation"})
    # "delay" is not a decision that can go to mediation: the question is asked again.
    assert response["Location"] == "/request/about/?change=1"
    assert client.get("/request/check-your-answers/")["Location"] == "/request/about/"


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        ("what", {}, "Select what you want to ask for"),
        ("council", {"local_authority": ""}, "Select the council"),
        ("council", {"local_authority": "999"}, "Select the council"),
        ("child", {"child_name": ""}, "young person&#39;s full name"),
        (
            "child",
            {"child_name": "A", "child_date_of_birth_0": "31", "child_date_of_birth_1": "2"},
            "The date of birth must include a year",
        ),
        (
            "child",
            {
                "child_name": "A",
                "child_date_of_birth_0": "31",
                "child_date_of_birth_1": "2",
                "child_date_of_birth_2": "2015",
            },
            "The date of birth must be a real date",
        ),
        (
            "child",
            {
                "child_name": "A",
                "child_date_of_birth_0": "1",
                "child_date_of_birth_1": "1",
                "child_date_of_birth_2": "2026",
            },
            "The date of birth must be in the past",
        ),
        (
            "child",
            {
                "child_name": "A",
                "child_date_of_birth_0": "10",
                "child_date_of_birth_1": "3",
                "child_date_of_birth_2": "1999",
            },
            "This service is for children and young people aged 25 or under",
        ),
        ("contact", {"preferred_channel": "email"}, "Enter your email address"),
        ("contact", {"email": "nope", "preferred_channel": "email"}, "correct format"),
        ("contact", {"phone": "01632 960001", "preferred_channel": "sms"}, "UK mobile number"),
        ("contact", {"phone": "12345", "preferred_channel": "phone"}, "Enter a UK phone number"),
        ("about", {}, "Select what the disagreement is about"),
        ("about", {"subjects": ["exclusion"]}, "Select what the disagreement is about"),
        (
            "decision-date",
            {
                "decision_letter_date_0": "11",
                "decision_letter_date_1": "3",
                "decision_letter_date_2": "2025",
            },
            "must be today or in the past",
        ),
        ("decision-date", {}, "Enter the date on the decision letter"),
        ("health", {}, "Select yes if the disagreement is also about health care"),
    ],
)
def test_bad_answers_show_an_error_summary_and_keep_what_was_typed(
    world, client, step, data, message
):
    session = client.session
    session["family_request"] = {"request": "mediation_advice", "requester": "parent"}
    session.save()
    response = client.post(f"/request/{step}/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert message in html
    assert "<title>Error: " in html
    for name, value in data.items():
        if isinstance(value, str) and value and value != "999":  # not a choice to keep
            assert f'value="{value}"' in html or f">{value}<" in html, name


def test_one_submission_shows_the_email_error_and_the_missing_mobile_together(world, client):
    session = client.session
    session["family_request"] = {"request": "mediation_advice", "requester": "parent"}
    session.save()
    response = client.post("/request/contact/", {"email": "nope", "preferred_channel": "sms"})
    html = response.content.decode()
    assert response.status_code == 400
    summary = html[html.index("govuk-error-summary") :]
    summary = summary[: summary.index("</ul>")]
    assert "correct format" in summary
    assert "Enter a UK mobile number, like 07700 900 982, to get text messages" in summary


def test_an_error_loses_nothing_already_answered(world, client):
    answers = answers_for("mediation_advice")
    walk(client, answers)
    client.post("/request/contact/?change=1", {"email": "", "preferred_channel": "email"})
    html = client.get("/request/check-your-answers/").content.decode()
    assert "Robin Example" in html and "jordan@example.test" in html


def test_a_young_person_can_ask_on_the_last_day_before_their_26th_birthday(world, client):
    session = client.session
    session["family_request"] = {"request": "mediation_advice", "requester": "young_person"}
    session.save()
    born_day_after = {"child_name": "A", "child_date_of_birth_0": "11"}
    born_day_after |= {"child_date_of_birth_1": "3", "child_date_of_birth_2": "1999"}
    response = client.post("/request/child/", born_day_after)
    assert response.status_code == 302
    assert client.session["family_request"]["child_date_of_birth"] == "1999-03-11"


def test_a_council_no_longer_listed_goes_back_to_the_council_question(world, client):
    walk(client, answers_for("mediation_advice"))
    client.get("/request/check-your-answers/")
    token = client.session["family_request_submit"]
    session = client.session
    session["family_request"] = {**session["family_request"], "local_authority": "999"}
    session.save()
    assert client.get("/request/check-your-answers/")["Location"] == "/request/council/"
    response = client.post("/request/check-your-answers/", {"token": token})
    assert response["Location"] == "/request/council/"
    assert Case.objects.count() == 0


def test_a_council_with_no_online_service_shows_its_contacts(world, client):
    LocalAuthorityFactory(
        dfe_code="909",
        gss_code="E10000006",
        name="Nowhere",
        send_team_phone="01632 960 123",
    )
    client.post("/request/what/", {"request": "mediation"})
    response = client.post("/request/council/", {"local_authority": "909"})
    assert response["Location"] == "/request/no-online-service/"
    html = client.get("/request/no-online-service/").content.decode()
    assert "You cannot ask online for Nowhere yet" in html
    assert "01632 960 123" in html
    assert "SENDIASS" in html


def test_check_answers_before_answering_goes_to_the_first_question(world, client):
    assert client.get("/request/check-your-answers/")["Location"] == "/request/what/"


def test_an_unknown_question_is_404(world, client):
    assert client.get("/request/nothing/").status_code == 404


def test_confirmation_without_a_request_goes_to_the_start(world, client):
    assert client.get("/request/sent/")["Location"] == "/request/"


def test_mediation_is_offered_for_exactly_the_decisions_that_can_be_appealed():
    from sendresolve.cases.vocabulary import APPEALABLE_SUBJECTS, IssueSubject
    from sendresolve.public.family.forms import APPEAL_SUBJECTS, OTHER_SUBJECTS

    assert {value for value, _ in APPEAL_SUBJECTS} == APPEALABLE_SUBJECTS
    assert {value for value, _ in OTHER_SUBJECTS} <= set(IssueSubject.values)
