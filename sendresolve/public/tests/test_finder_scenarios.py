"""Every seed scenario answered through the route finder's pages gives the scenario's situation,
and the advice page and PDF show the law core's routes and deadlines."""

import datetime as dt
import io

import pytest
import time_machine
from pypdf import PdfReader

from sendresolve import law
from sendresolve.core.clock import LONDON
from sendresolve.law.dates import long_date
from sendresolve.law.tests._data import seed_scenarios
from sendresolve.public.finder.forms import data_for
from sendresolve.public.finder.steps import PROGRESS_CHOICES, STEPS, build_situation
from sendresolve.public.tests.test_finder import stored

SCENARIOS = seed_scenarios()
BY_ID = {s["id"]: s for s in SCENARIOS}
COUNCIL = "302"  # Barnet in the test world, served by Alpha Mediation
PROGRESS_DATES = {
    "declined": "adviser_informed_declined",
    "mediation_wanted": "la_informed_mediation_wanted",
    "mediation_ended": "mediation_ended",
    "certificate": "certificate_issued",
}


def answers_for(situation: dict) -> dict:
    """The answers a family in this situation gives, as the finder stores them."""
    dates = situation.get("dates", {})
    who = situation["requester"]
    if situation.get("young_person_lacks_capacity"):
        who = "representative"
    progress = [value for value, _ in PROGRESS_CHOICES if PROGRESS_DATES.get(value) in dates]
    return {
        "council": COUNCIL,
        "who": who,
        "age": situation["age"],
        "plan": "yes" if situation["has_ehc_plan"] else "no",
        "with": list(situation["with"]),
        "school_type": situation.get("school_type", "not_sure"),
        "about": list(situation["about"]),
        "progress": progress or ["none"],
        "recommendation": "yes" if "recommendation_made" in dates else "no",
        **dates,
    }


def pages_for(situation: dict) -> list[tuple[str, dict[str, list[str]]]]:
    """The question pages this family sees, in order, with what they enter on each."""
    answers = answers_for(situation)
    return [
        (step.slug, dict(data_for(step, answers[step.key]).lists()))
        for step in STEPS
        if step.applies(answers)
    ]


def moment(scenario) -> dt.datetime:
    return dt.datetime.combine(
        dt.date.fromisoformat(scenario["situation"]["today"]), dt.time(12), LONDON
    )


def normalised(situation: dict) -> dict:
    return {**situation, "with": sorted(situation["with"]), "about": sorted(situation["about"])}


def expected_advice(scenario) -> dict:
    situation = scenario["situation"]
    return law.advise(situation, today=dt.date.fromisoformat(situation["today"]))


def walk(client, scenario) -> None:
    """Answer every question with the Django test client, following the redirects."""
    pages = pages_for(scenario["situation"])
    response = client.get("/find/council/")
    assert response.status_code == 200
    for index, (slug, data) in enumerate(pages):
        response = client.post(f"/find/{slug}/", data)
        following = "/find/check-your-answers/"
        if index + 1 < len(pages):
            following = f"/find/{pages[index + 1][0]}/"
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
        assert response["Location"] == following


@pytest.mark.django_db
@pytest.mark.parametrize("scenario_id", sorted(BY_ID))
def test_answers_through_the_pages_build_the_scenarios_situation(world, client, scenario_id):
    scenario = BY_ID[scenario_id]
    with time_machine.travel(moment(scenario), tick=False):
        walk(client, scenario)
        answers = stored(client)
        today = dt.date.fromisoformat(scenario["situation"]["today"])
        built = build_situation(answers, today=today)
        assert normalised(built) == normalised(scenario["situation"])
        response = client.get("/find/check-your-answers/")
        assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("scenario_id", sorted(BY_ID))
def test_advice_page_shows_the_law_cores_routes_in_order_and_deadline_dates(
    world, client, scenario_id
):
    scenario = BY_ID[scenario_id]
    advice = expected_advice(scenario)
    with time_machine.travel(moment(scenario), tick=False):
        walk(client, scenario)
        html = client.get("/find/what-you-can-do/").content.decode()
    positions = [html.index(f'id="{route["id"]}"') for route in advice["routes"]]
    assert positions == sorted(positions)
    for route in advice["routes"]:
        assert f'id="{route["id"]}"' in html
    for route_id in scenario["expect"].get("routes_exclude", []):
        assert f'id="{route_id}"' not in html
    for deadline_id, day in scenario["expect"].get("deadlines", {}).items():
        assert long_date(dt.date.fromisoformat(day)) in html, deadline_id
    assert "Alpha Mediation" in html
    assert "Beta Mediation" not in html


@pytest.mark.django_db
def test_advice_page_for_a_refused_plan(world, client):
    scenario = BY_ID["seed-refused-plan"]
    with time_machine.travel(moment(scenario), tick=False):
        walk(client, scenario)
        html = client.get("/find/what-you-can-do/").content.decode()
    assert "Sunday 31 March 2024" in html
    assert "Aim to act by <strong>Thursday 28 March 2024</strong>" in html
    assert "Tuesday 2 April 2024</strong> by 5pm" in html
    assert "You need a mediation certificate before you can appeal" in html
    assert "Appeal to the SEND Tribunal" in html
    assert "01325 289 350" in html  # the tribunal, as published (seed 000)
    assert "Children and Families Act 2014 s.51(2)" in html


@pytest.mark.django_db
def test_advice_page_for_placement_only_says_no_certificate_is_needed(world, client):
    scenario = BY_ID["seed-placement-only"]
    with time_machine.travel(moment(scenario), tick=False):
        walk(client, scenario)
        html = client.get("/find/what-you-can-do/").content.decode()
    assert "You do not need a mediation certificate before you go to the tribunal" in html
    assert "Monday 2 September 2024" in html
    assert 'id="mediation_advice"' not in html


@pytest.mark.django_db
def test_advice_page_without_an_appeal_has_no_tribunal_contact(world, client):
    scenario = BY_ID["seed-no-plan-school-not-helping"]
    with time_machine.travel(moment(scenario), tick=False):
        walk(client, scenario)
        html = client.get("/find/what-you-can-do/").content.decode()
    assert "none of them is an appeal to the tribunal" in html
    assert "01325 289 350" not in html
    assert "Your deadlines" not in html


@pytest.mark.django_db
def test_advice_pdf_is_tagged_and_contains_the_deadline_dates(world, client):
    scenario = BY_ID["seed-certificate-extends-appeal"]
    with time_machine.travel(moment(scenario), tick=False):
        walk(client, scenario)
        response = client.get("/find/what-you-can-do.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="send-advice-2024-03-15.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = " ".join(text.split())
    for day in ("Monday 15 April 2024", "Friday 15 March 2024", "Sunday 31 March 2024"):
        assert day in text
    assert "Alpha Mediation" in text
    assert reader.metadata.title == "What you can do about your disagreement"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


@pytest.mark.django_db
def test_advice_pdf_keeps_each_contact_whole_on_one_page(world, client):
    from sendresolve.tenancy.tests.factories import CommissionFactory, ProviderFactory

    for n in range(10):
        CommissionFactory(
            provider=ProviderFactory(
                name=f"Provider {n:02d} Mediation", phone=f"0300 000 00{n:02d}", email=f"{n}@p.test"
            ),
            local_authority=world.local_authority,
            starts_on=dt.date(2020, 1, 1),
        )
    scenario = BY_ID["seed-certificate-extends-appeal"]
    with time_machine.travel(moment(scenario), tick=False):
        walk(client, scenario)
        response = client.get("/find/what-you-can-do.pdf")
    pages = [
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(response.content)).pages
    ]
    on_page = {}
    for n in range(10):
        name = f"Provider {n:02d} Mediation"
        (page,) = [i for i, text in enumerate(pages) if name in text]
        assert f"0300 000 00{n:02d}" in pages[page] and f"{n}@p.test" in pages[page], name
        on_page[name] = page
    assert len(set(on_page.values())) > 1  # the contacts do run across a page break
