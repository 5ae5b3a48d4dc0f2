"""KPI targets: rated from the report's own figures; set by the provider's managers only."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sendresolve.api.services import api_token_create
from sendresolve.audit.models import AuditEvent
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import NotFound
from sendresolve.quality import services
from sendresolve.quality.models import KpiTarget
from sendresolve.quality.targets import AMBER, GREEN, NONE, RED, commission_targets, rag
from sendresolve.quality.tests.helpers import concluded, quality_people
from sendresolve.reports import figures
from sendresolve.tenancy.models import Commission

pytestmark = pytest.mark.django_db

FY = {"date_from": dt.date(2024, 4, 1), "date_to": dt.date(2024, 12, 10)}


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2024, 12, 10, 9, tzinfo=LONDON), tick=False)


@pytest.fixture
def people(world):
    return quality_people(world)


@pytest.fixture
def commission(world):
    return Commission.objects.get(provider=world.provider, local_authority=world.local_authority)


@pytest.mark.parametrize(
    ("actual", "target", "rating"),
    [
        (90.0, 90, GREEN),  # meets the target
        (100.0, 90, GREEN),
        (89.9, 90, AMBER),  # just below
        (85.0, 90, AMBER),  # 5 points below: still amber
        (84.9, 90, RED),  # more than 5 points below
        (0.0, 0, GREEN),
        (None, 90, NONE),  # nothing counted in the period
        (75.0, None, None),  # no target, no rating
    ],
)
def test_rag_boundaries(actual, target, rating):
    assert rag(actual, target) == rating


def test_actual_figures_are_the_reports_own(world, commission, people):
    # Two mediations held (one inside 30 days of the LA being told, one late), both agreed on
    # one issue, one not agreed.
    concluded(world, opened_on=dt.date(2024, 10, 1), held_on=dt.date(2024, 10, 15))
    concluded(
        world, opened_on=dt.date(2024, 9, 2), held_on=dt.date(2024, 11, 20), result="not_agreed"
    )
    services.targets_set(
        actor=people["manager"],
        commission_id=commission.pk,
        certificates_on_time=None,
        held_within_30_days=90,
        agreement_rate=50,
    )
    result = {k.key: k for k in commission_targets(commission, **FY).kpis}
    filters = figures.ReportFilters(**FY, local_authority="302", provider="alpha-mediation")
    cases = figures.scoped_cases(world.users["administrator"], filters)
    by_la = figures.mediation_by_la(cases, filters).total
    outcomes = figures.outcomes_by_issue(cases, filters).total
    assert result["held_within_30_days"].actual == by_la["held_within_30_days_pct"] == 50.0
    assert result["held_within_30_days"].rating == RED
    assert result["agreement_rate"].actual == outcomes["agreed_pct"] == 50.0
    assert result["agreement_rate"].rating == GREEN
    assert result["certificates_on_time"].rating is None
    assert result["certificates_on_time"].rating_label == "No target"


def test_only_the_providers_manager_sets_targets(world, role_personas, commission, people):
    for who in (people["other_manager"], people["finance"], role_personas.users["adviser"]):
        with pytest.raises(NotFound):
            services.targets_set(actor=who, commission_id=commission.pk, agreement_rate=70)
    target = services.targets_set(
        actor=people["manager"], commission_id=commission.pk, agreement_rate=70
    )
    assert KpiTarget.objects.get().agreement_rate == 70
    assert AuditEvent.objects.filter(action="quality.targets.set", object_id=str(target.pk))


def test_the_targets_page_is_the_managers_and_shows_errors(
    world, role_personas, client, commission, people
):
    url = reverse("staff:quality-targets", args=[commission.pk])
    for who in (
        role_personas.users["adviser"],
        world.users["colleague"],
        world.users["la_officer"],
        people["finance"],
        world.users["administrator"],
    ):
        client.force_login(who)
        assert client.get(url).status_code == 404
        assert client.get(reverse("staff:quality")).status_code == 404
    client.force_login(people["other_manager"])
    assert client.get(url).status_code == 404  # another provider's commission
    client.force_login(people["manager"])
    bad = client.post(url, {"certificates_on_time": "120", "held_within_30_days": "ninety"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "govuk-error-summary" in body and "Enter a target from 0 to 100" in body
    good = client.post(
        url, {"certificates_on_time": "95", "held_within_30_days": "", "agreement_rate": "60"}
    )
    assert good.status_code == 302
    target = KpiTarget.objects.get(commission=commission)
    assert (target.certificates_on_time, target.held_within_30_days, target.agreement_rate) == (
        95,
        None,
        60,
    )
    home = client.get(reverse("staff:quality")).content.decode()
    assert "Certificates issued within 3 working days" in home
    assert "No figures" in home  # nothing counted yet: said in words


def test_the_report_page_rates_each_target_in_words(world, client, commission, people):
    concluded(world, opened_on=dt.date(2024, 10, 1), held_on=dt.date(2024, 10, 15))
    services.targets_set(
        actor=people["manager"], commission_id=commission.pk, held_within_30_days=90
    )
    for who in (world.users["provider_staff"], world.users["la_officer"]):
        client.force_login(who)
        body = client.get(reverse("reports:report")).content.decode()
        assert 'data-rag="green"' in body and ">Green<" in body
    client.force_login(world.users["other_la"])
    body = client.get(reverse("reports:report")).content.decode()
    assert "data-rag" not in body  # another LA's commission: not shown


def _api(user):
    client = APIClient()
    _, token = api_token_create(actor=None, user=user, name="quality tests")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_the_api_gives_the_targets_to_the_provider_and_the_la_only(world, commission, people):
    concluded(world, opened_on=dt.date(2024, 10, 1), held_on=dt.date(2024, 10, 15))
    services.targets_set(
        actor=people["manager"], commission_id=commission.pk, held_within_30_days=90
    )
    url = f"/api/v1/commissions/{commission.pk}/targets?date_from=2024-04-01&date_to=2024-12-10"
    for who in ("provider_staff", "la_officer", "administrator"):
        response = _api(world.users[who]).get(url)
        assert response.status_code == 200, who
        kpis = {k["key"]: k for k in response.json()["kpis"]}
        assert kpis["held_within_30_days"] == {
            "key": "held_within_30_days",
            "name": "Mediations held within 30 days",
            "target_percent": 90,
            "actual_percent": 100.0,
            "rating": "green",
            "rating_label": "Green",
        }
    for who in (world.users["other_la"], world.users["other_provider"], people["finance"]):
        assert _api(who).get(url).status_code == 404
    bad = _api(world.users["la_officer"]).get(
        f"/api/v1/commissions/{commission.pk}/targets?date_from=2024-12-10&date_to=2024-04-01"
    )
    assert bad.status_code == 400
