import datetime as dt

import pytest

from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON

pytestmark = pytest.mark.django_db


def test_admin_shows_cases_read_only_without_the_childs_details(world, client, time_machine):
    time_machine.move_to(dt.datetime(2024, 4, 10, 12, tzinfo=LONDON), tick=False)
    case = open_case(world)
    admin = world.users["administrator"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    listing = client.get("/admin/cases/case/")
    assert case.reference in listing.content.decode()
    page = client.get(f"/admin/cases/case/{case.pk}/change/").content.decode()
    assert "Sam Example" not in page
    assert "alex@example.test" not in page
    assert client.post(f"/admin/cases/case/{case.pk}/delete/").status_code == 403
    assert client.get("/admin/cases/confidentialnote/").status_code == 404
