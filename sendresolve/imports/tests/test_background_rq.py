"""Checking and importing on the Redis task queue (``TASKS_BACKEND=rq``): the same tasks, queued
after the page's transaction commits, run by a real RQ worker."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sendresolve.cases.models import Case
from sendresolve.core.clock import LONDON
from sendresolve.core.tests.rq import rq_tasks  # noqa: F401 - the fixture
from sendresolve.imports.generator import as_xlsx, generate
from sendresolve.imports.models import CaseImport
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = dt.date(2024, 11, 20)


def test_a_large_file_is_checked_and_imported_once_by_rq_workers(
    rq_tasks,  # noqa: F811 - the fixture
    client,
    world,
    time_machine,
    monkeypatch,
):
    time_machine.move_to(dt.datetime(2024, 11, 20, 9, tzinfo=LONDON), tick=False)
    manager = UserFactory(username="manager@alpha.test")
    MembershipFactory(user=manager, role=Role.PROVIDER_MANAGER, provider=world.provider)
    client.force_login(manager)
    monkeypatch.setattr("sendresolve.imports.views.CHECK_INLINE_BYTES", 10)
    generated = generate(rows=4, bad=1, today=TODAY, local_authorities=["302"], seed=9)
    upload = SimpleUploadedFile("cases.xlsx", as_xlsx(generated))
    client.post(reverse("staff:imports:upload"), {"provider": world.provider.pk, "file": upload})
    record = CaseImport.objects.get()
    assert record.state == "checking"
    assert rq_tasks.keys("rq:job:*"), "the check waits on Redis, not in the database"
    assert rq_tasks.work()
    record.refresh_from_db()
    assert (record.state, record.to_create, record.bad_rows) == ("validated", 3, 1)

    confirm = reverse("staff:imports:confirm", args=[record.pk])
    client.post(confirm)
    client.post(confirm)  # a double submission
    assert rq_tasks.work()
    record.refresh_from_db()
    assert (record.state, record.created) == ("imported", 3)
    assert Case.objects.count() == 3
    assert not rq_tasks.work()  # the second press queued nothing
