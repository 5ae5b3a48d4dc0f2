"""The national data generator writes cases the rest of the product treats as real ones."""

import datetime as dt
import hashlib
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from sendresolve.billing.models import ContractTerms
from sendresolve.casefiles.models import CaseFile
from sendresolve.cases.contact_models import CaseTask, ContactEntry
from sendresolve.cases.deadlines import deadlines_recompute
from sendresolve.cases.models import Case, CaseDeadline, CaseEvent, Certificate
from sendresolve.cases.states import OPEN, TERMINAL
from sendresolve.cases.vocabulary import CaseKind, EventType
from sendresolve.core.converters import CertificateNumberConverter
from sendresolve.core.errors import NotAllowed
from sendresolve.demo.national import national_generate
from sendresolve.tenancy.models import Commission, LocalAuthority

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 2)


@pytest.fixture
def generated():
    return national_generate(cases=400, today=TODAY, seed=3, batch_size=150)


def test_it_writes_what_it_says(generated):
    assert generated.cases == Case.objects.count() == 400
    assert generated.events == CaseEvent.objects.count()
    assert generated.deadlines == CaseDeadline.objects.count()
    assert generated.open_cases == Case.objects.filter(status__in=OPEN).count() > 0
    # About ten events a case, as a national history of 5 million events for 500,000 cases.
    assert 5 <= generated.events / generated.cases <= 12
    # Spread over every kind, most LAs and ten years, growing year on year.
    kinds = Counter(Case.objects.values_list("kind", flat=True))
    assert kinds[CaseKind.MEDIATION] > kinds[CaseKind.DISAGREEMENT_RESOLUTION] > 0
    assert kinds[CaseKind.HEALTH_ONLY_MEDIATION] > 0
    assert Case.objects.values("local_authority").distinct().count() > 100
    years = Counter(d.year for d in Case.objects.values_list("opened_on", flat=True))
    assert min(years) <= 2017 and max(years) == 2026
    assert years[2025] > years[2018]  # volumes grow year on year
    assert LocalAuthority.objects.count() == 153
    # Work queues have something to show: overdue deadlines and deadlines still to come.
    open_deadlines = CaseDeadline.objects.filter(state="open").exclude(responsible="family")
    assert open_deadlines.filter(due_on__lt=TODAY).exists()
    assert open_deadlines.filter(due_on__gte=TODAY).exists()


def test_every_case_is_what_case_work_would_have_stored(generated, world, client):
    for case in Case.objects.prefetch_related("events"):
        events = list(case.events.all())
        assert events[0].type == EventType.CASE_OPENED
        assert events[0].occurred_on == case.opened_on
        assert max(e.occurred_on for e in events) <= TODAY
        assert [e.occurred_on for e in events] == sorted(e.occurred_on for e in events)
        assert events[-1].to_status == case.status
        assert (case.closed_on is not None) == (case.status in TERMINAL)
    # Recomputing the deadlines through the path every service uses changes nothing.
    assert sum(deadlines_recompute(case) for case in Case.objects.all()[:150]) == 0
    certificate = Certificate.objects.filter(kind="mediation_concluded").first()
    deadline = CaseDeadline.objects.get(case=certificate.case, deadline_id="appeal_registration")
    assert certificate.appeal_deadline == deadline.due_on
    assert certificate.appeal_deadline > certificate.issued_on
    # Every number is one the product's URLs accept: the case page links each certificate.
    numbers = Certificate.objects.values_list("number", flat=True)
    assert all(re.fullmatch(CertificateNumberConverter.regex, n) for n in numbers)
    case = certificate.case
    client.force_login(world.users["administrator"])
    assert client.get(reverse("staff:case", args=[case.reference])).status_code == 200


def test_cases_come_with_their_casework_and_commissions_with_prices(generated):
    """Issue 26: contact logs, tasks, documents (a few real files) and priced contracts."""
    contacts = ContactEntry.objects.count()
    assert 2 * 400 <= contacts <= 5 * 400
    assert 0 < ContactEntry.objects.filter(confidential=True).count() < contacts / 4
    tasks = CaseTask.objects.all()
    assert tasks.exists() and not tasks.filter(case__status__in=TERMINAL).exists()
    files = CaseFile.objects.all()
    assert 400 / 6 < files.count() < 400
    assert generated.casework == contacts + tasks.count() + files.count()
    stored = [f for f in files if f.file.storage.exists(f.file.name)]
    assert 0 < len(stored) < files.count()
    with stored[0].file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == stored[0].sha256
    assert not Commission.objects.filter(contract_terms__isnull=True).exists()
    assert ContractTerms.objects.filter(price_mediation_case__gt=0).count() == (
        Commission.objects.count()
    )


def test_the_same_seed_makes_the_same_data_and_a_second_run_adds_more():
    national_generate(cases=50, today=TODAY, seed=9)
    first = sorted(Case.objects.values_list("opened_on", "status", "kind"))
    Certificate.objects.all().delete()
    Case.objects.all().delete()
    national_generate(cases=50, today=TODAY, seed=9)
    assert sorted(Case.objects.values_list("opened_on", "status", "kind")) == first
    national_generate(cases=30, today=TODAY, seed=10)
    assert Case.objects.count() == 80


def test_the_command_prints_its_figures(capsys):
    call_command("generate_national", cases=40, today="2026-12-02")
    out = capsys.readouterr().out
    assert out.startswith("Added 40 cases (") and "events" in out and "deadlines" in out


@pytest.mark.parametrize(
    ("options", "message"),
    [({"cases": 0}, "at least 1"), ({"cases": 5, "today": "2026-13-01"}, "--today")],
)
def test_the_command_refuses_bad_options(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_national", **options)


@override_settings(DEVELOPMENT=False)
def test_it_never_runs_in_production():
    with pytest.raises(NotAllowed):
        national_generate(cases=5, today=TODAY)
