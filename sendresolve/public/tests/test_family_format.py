"""Ask for this in another format: the request names its page and council and reaches the
provider that serves that council (issue 20)."""

import datetime as dt

import pytest
from django.urls import reverse

from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.feedback.models import FormatRequest
from sendresolve.public.family import links
from sendresolve.public.finder import answers as finder_answers
from sendresolve.tenancy.tests.factories import LocalAuthorityFactory

pytestmark = pytest.mark.django_db

FORM = {"format": "large_print", "name": "Pat Example", "email": "pat@example.test"}


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 7, 10, tzinfo=LONDON), tick=False)


def test_from_a_barnet_case_page_it_reaches_the_barnet_providers_queue_only(
    world, client, as_persona
):
    """The acceptance test: a request for a page of a Barnet case goes to Barnet's provider."""
    case = open_case(world)
    assert case.local_authority.name == "Barnet"
    token = links.token_for(case)
    client.get(reverse("public:family-status", args=[token]))
    form = client.get(reverse("public:family-format"), {"page": "/your-case/"}).content.decode()
    assert "Which council?" not in form
    assert "Barnet" in form and "The case&#39;s status page and certificates" in form
    response = client.post(reverse("public:family-format"), {**FORM, "page": "/your-case/"})
    assert response["Location"] == reverse("public:family-format-sent")
    stored = FormatRequest.objects.get()
    assert (stored.local_authority, stored.provider) == (world.local_authority, world.provider)
    assert stored.page == "/your-case/" and stored.due_on == dt.date(2026, 12, 21)

    queue = as_persona("provider_staff").get(reverse("staff:format-requests")).content.decode()
    assert f'data-format-request="{stored.pk}"' in queue
    assert "Pat Example" in queue and "The case&#39;s status page" in queue
    other = as_persona("other_provider").get(reverse("staff:format-requests")).content.decode()
    assert f'data-format-request="{stored.pk}"' not in other
    assert "Pat Example" not in other


def test_the_route_finders_council_is_carried(world, client):
    client.cookies[finder_answers.COOKIE] = finder_answers.seal({"council": "882"})
    form = client.get(reverse("public:family-format"), {"page": "/find/what-you-can-do/"})
    html = form.content.decode()
    assert "Which council?" not in html
    assert "Southend-on-Sea" in html
    assert "What you can do (the route finder&#39;s advice)" in html
    client.post(reverse("public:family-format"), {**FORM, "page": "/find/what-you-can-do/"})
    stored = FormatRequest.objects.get()
    assert stored.provider == world.other_provider
    assert stored.local_authority == world.other_local_authority


def test_with_no_council_known_it_asks_which_council(world, client):
    html = client.get(reverse("public:family-format"), {"page": "/"}).content.decode()
    assert "Which council?" in html
    assert 'data-module="app-autocomplete"' in html
    assert '<option value="302">Barnet</option>' in html
    refused = client.post(reverse("public:family-format"), {**FORM, "page": "/"})
    assert refused.status_code == 400
    summary = refused.content.decode().split('class="govuk-error-summary"')[1]
    assert "Select the council" in summary
    assert not FormatRequest.objects.exists()
    wrong = client.post(reverse("public:family-format"), {**FORM, "local_authority": "1"})
    assert wrong.status_code == 400 and not FormatRequest.objects.exists()
    client.post(reverse("public:family-format"), {**FORM, "page": "/", "local_authority": "302"})
    stored = FormatRequest.objects.get()
    assert (stored.local_authority, stored.provider) == (world.local_authority, world.provider)


def test_a_council_with_no_provider_goes_to_the_system_team(world, client, as_persona):
    LocalAuthorityFactory(dfe_code="999", gss_code="E06000999", name="Nowhere")
    client.post(reverse("public:family-format"), {**FORM, "page": "/", "local_authority": "999"})
    stored = FormatRequest.objects.get()
    assert stored.provider is None and stored.local_authority.name == "Nowhere"
    admin = as_persona("administrator").get(reverse("staff:format-requests")).content.decode()
    assert f'data-format-request="{stored.pk}"' in admin and "System team" in admin
    staff = as_persona("provider_staff").get(reverse("staff:format-requests")).content.decode()
    assert f'data-format-request="{stored.pk}"' not in staff
