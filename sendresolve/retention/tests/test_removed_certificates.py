"""After retention empties a certificate's PDF, downloads say so instead of serving nothing."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from sendresolve.api.services import api_token_create
from sendresolve.cases import services
from sendresolve.cases.models import Certificate
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.public.family import links

pytestmark = pytest.mark.django_db


def test_a_removed_pdf_is_410_on_pages_and_a_404_problem_in_the_api(world, client, time_machine):
    time_machine.move_to(dt.datetime(2024, 3, 11, 10, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(world)
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    certificate = services.certificate_issue(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    Certificate.objects.filter(pk=certificate.pk).update(pdf=b"")

    client.force_login(adviser)
    staff = client.get(f"/staff/cases/{case.reference}/certificates/{certificate.number}.pdf")
    assert staff.status_code == 410
    assert "removed under the retention policy" in staff.content.decode()
    client.logout()
    family = client.get(f"/your-case/{links.token_for(case)}/certificates/{certificate.number}.pdf")
    assert family.status_code == 410

    api = APIClient()
    _, token = api_token_create(actor=None, user=adviser, name="t")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = api.get(f"/api/v1/certificates/{certificate.number}.pdf")
    assert response.status_code == 404
    assert "retention" in response.json()["detail"]
