"""Council contacts, "no online service" and provider contact pages: tappable links, and never
a dead end when we hold nothing for a council."""

import datetime as dt

import pytest

from sendresolve.public.family import journey
from sendresolve.tenancy.tests.factories import LocalAuthorityFactory, ProviderFactory

pytestmark = pytest.mark.django_db

IASS_FINDER = (
    "https://councilfordisabledchildren.org.uk/information-advice-and-support-services-network/"
    "find-your-local-ias-service"
)
COUNCIL_FINDER = "https://www.gov.uk/find-local-council"
FINDER = 'href="/find/council/"'


@pytest.fixture
def bare_council(world):
    """A council with no provider here and no contacts held."""
    return LocalAuthorityFactory(dfe_code="874", gss_code="E06000031", name="Peterborough")


@pytest.fixture
def held_council(world):
    """A council with no provider here, but its SEND team and SENDIASS held."""
    return LocalAuthorityFactory(
        dfe_code="343",
        gss_code="E08000014",
        name="Sefton",
        send_team_phone="0151 934 0000",
        send_team_email="send@sefton.example",
        send_team_url="https://sefton.example/send",
        sendiass_name="Sefton SENDIASS",
        sendiass_phone="0151 934 1111",
        sendiass_email="iass@sefton.example",
        sendiass_url="https://iass.sefton.example/",
        contacts_source="https://sefton.example/send",
        contacts_checked_on=dt.date(2026, 12, 6),
    )


def no_service_page(client, council) -> str:
    session = client.session
    session[journey.SESSION_KEY] = {"request": "mediation", "local_authority": council.dfe_code}
    session.save()
    response = client.get("/request/no-online-service/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_council_with_nothing_held_links_to_the_national_directories(client, bare_council):
    html = client.get("/contacts/874/").content.decode()
    assert "We do not have details of the mediation service for Peterborough yet" in html
    assert "How to ask for mediation by phone or email" in html
    assert "must tell you who the mediation adviser is" in html
    assert IASS_FINDER in html and COUNCIL_FINDER in html
    assert FINDER in html
    assert "tel:" not in html and "mailto:" not in html


def test_a_council_with_contacts_held_shows_them_as_tappable_links(client, held_council):
    html = client.get("/contacts/343/").content.decode()
    for link in (
        'href="tel:01519340000"',
        'href="mailto:send@sefton.example"',
        'href="https://sefton.example/send"',
        'href="tel:01519341111"',
        'href="mailto:iass@sefton.example"',
        'href="https://iass.sefton.example/"',
    ):
        assert link in html
    # The way to ask by phone names the SEND team's own number and address.
    asking = html.split("How to ask for mediation by phone or email")[1].split("</ol>")[0]
    assert "tel:01519340000" in asking and "mailto:send@sefton.example" in asking
    assert "6 December 2026" in html
    assert "We do not hold contact details for Sefton" not in html
    # The directories stay on the page for anything else the family needs.
    assert IASS_FINDER in html and COUNCIL_FINDER in html


def test_a_sendiass_named_without_a_phone_or_email_still_leads_somewhere(client, bare_council):
    bare_council.sendiass_name = "Peterborough SENDIASS"
    bare_council.save()
    html = client.get("/contacts/874/").content.decode()
    assert "Peterborough SENDIASS" in html
    assert "We do not hold a phone number or email address for it yet" in html
    assert IASS_FINDER in html


def test_a_council_with_a_provider_shows_its_tappable_contacts_and_its_contact_page(client, world):
    world.provider.phone, world.provider.phone_alternative = "020 7946 0000", "0800 000 111"
    world.provider.email = "sen@alpha.example"
    world.provider.save()
    html = client.get("/contacts/302/").content.decode()
    assert 'href="tel:02079460000"' in html and 'href="tel:0800000111"' in html
    assert 'href="mailto:sen@alpha.example"' in html
    assert 'href="/contact/alpha-mediation/"' in html
    assert "How to ask for mediation by phone or email" not in html
    assert IASS_FINDER in html and FINDER in html


def test_no_online_service_with_nothing_held_never_dead_ends(client, bare_council):
    html = no_service_page(client, bare_council)
    assert "You cannot ask online for Peterborough yet" in html
    assert "How to ask for mediation by phone or email" in html
    assert IASS_FINDER in html and COUNCIL_FINDER in html
    assert "Your options and deadlines" in html and FINDER in html
    assert 'href="/contacts/874/"' in html


def test_no_online_service_shows_the_councils_contacts_as_links(client, held_council):
    html = no_service_page(client, held_council)
    assert 'href="tel:01519340000"' in html
    assert 'href="mailto:iass@sefton.example"' in html


def test_the_provider_contact_page_shows_how_to_reach_it_its_councils_and_how_to_complain(
    client, world
):
    provider = world.provider
    provider.phone, provider.email = "020 7946 0000", "sen@alpha.example"
    provider.website, provider.opening_hours = (
        "https://alpha.example/",
        "Monday to Friday, 9am to 5pm",
    )
    provider.save()
    response = client.get("/contact/alpha-mediation/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "Alpha Mediation</h1>" in html
    assert 'href="tel:02079460000"' in html
    assert 'href="mailto:sen@alpha.example"' in html
    assert 'href="https://alpha.example/"' in html
    assert "Monday to Friday, 9am to 5pm" in html
    assert 'href="/contacts/302/">Barnet</a>' in html
    assert "Southend-on-Sea" not in html  # served by the other provider
    assert "How to complain" in html and "Ombudsman" in html


def test_a_provider_with_no_contacts_or_councils_still_leads_somewhere(client, world):
    ProviderFactory(slug="gamma", name="Gamma Mediation", phone="", email="", website="")
    html = client.get("/contact/gamma/").content.decode()
    assert "We do not hold contact details for Gamma Mediation yet" in html
    assert "does not run the service for any council at the moment" in html
    assert 'href="/contacts/"' in html and IASS_FINDER in html


def test_an_unknown_provider_is_404(client, world):
    assert client.get("/contact/no-such-provider/").status_code == 404


def test_the_council_picker_is_marked_for_the_autocomplete(client, world):
    html = client.get("/contacts/").content.decode()
    assert 'data-module="app-autocomplete"' in html
    assert "accessible-autocomplete.min.js" in html and "accessible-autocomplete.min.css" in html
