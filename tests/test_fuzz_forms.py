"""Fuzz every form on the staff and family pages with Hypothesis (issue 19).

The forms are found, not listed: the demo's cases (every status, both kinds, a tribunal order)
are seeded once; each staff persona (adviser, provider manager, LA officer, ICB commissioner, a
user between the two sign-in steps, anonymous) walks the staff pages from the work queue and
every case page it can open, and the family walks the family pages (the route finder's
questions with answers kept, the online request's questions with the earlier ones answered,
check your answers, a new link, feedback, another format, the status page of a real link).
Every ``<form>`` found is read with an HTML5 parser (``tests/fuzzing.py``) and each distinct
form (the same on another case is the same form) gets a few Hypothesis submissions.

For every submission: no server error (no exception, no status >= 500); an answer that
re-renders the form (200, 400, 422) carries the GOV.UK error summary; an answer that is not a
redirect saved nothing (case, case events, audit events, messages, meetings and certificates
counted before and after). Each submission runs in a savepoint rolled back afterwards, so every
one meets the same cases. Problems are collected, not raised one by one, so a run names all of
them; bounded and repeatable: few examples per form, derandomized, no example database.
The figures are printed at the end, pass or fail:
``form fuzz: N forms on N pages, N submissions, N server errors, N without an error summary, …``.
"""

import copy
import dataclasses
from collections import Counter, deque

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings

from sendresolve.audit.models import AuditEvent
from sendresolve.cases.models import Case, CaseEvent, Certificate, Session
from sendresolve.demo.services import demo_seed
from sendresolve.notifications.models import OutboxMessage
from sendresolve.public.family import links
from sendresolve.public.finder import answers as kept_answers
from sendresolve.public.finder.steps import STEPS as FINDER_STEPS
from sendresolve.public.tests.test_family_request import answers_for
from sendresolve.public.tests.test_finder import REFUSED_PLAN
from sendresolve.staff.tests.otp import StaffClient
from tests import fuzzing
from tests.figures import record as figures_record

pytestmark = pytest.mark.django_db

EXAMPLES = 6  # submissions per distinct form (the first is the sanest)
PAGE_LIMIT = 250  # pages each walk may open
COUNTED = (Case, CaseEvent, AuditEvent, OutboxMessage, Session, Certificate)
SUMMARY = b"govuk-error-summary"
RE_RENDERS = (200, 400, 422)
STAFF = {
    "adviser": "adviser@global.demo",
    "manager": "manager@global.demo",
    "la_officer": "officer@barnet.demo",
    "icb": "commissioner@ncl-icb.demo",
}


@dataclasses.dataclass
class Run:
    """What one test did and found, for its figures line and its assertion."""

    name: str
    pages: set = dataclasses.field(default_factory=set)
    forms: dict = dataclasses.field(default_factory=dict)  # key -> (persona, client, Form)
    statuses: Counter = dataclasses.field(default_factory=Counter)
    problems: dict = dataclasses.field(default_factory=dict)  # (kind, form key) -> example

    def problem(self, kind: str, where: str, detail: str) -> None:
        self.problems.setdefault((kind, where), detail)

    def figures(self) -> str:
        kinds = Counter(kind for kind, _ in self.problems)
        line = (
            f"{self.name}: {len(self.forms)} forms on {len(self.pages)} pages, "
            f"{self.statuses.total()} submissions, {kinds['server error']} server errors, "
            f"{kinds['no error summary']} without an error summary, "
            f"{kinds['half-saved']} half-saved "
            f"(answers: {', '.join(f'{s} x{n}' for s, n in sorted(self.statuses.items()))})"
        )
        details = [f"  {k}: {w}: {d}" for (k, w), d in sorted(self.problems.items())]
        return "\n".join([line, *details])


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module and rolled back at its end (seeding is slow)."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_seed()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def run(request):
    """The test's findings; its figures are printed past pytest's capture, pass or fail."""
    found = Run(name=request.node.name.removeprefix("test_").replace("_", " "))
    yield found
    text = found.figures()
    figures_record(found.name, text)
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line("")
            for line in text.splitlines():
                reporter.write_line(line)


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in COUNTED)


def crawl(run: Run, persona: str, client, seeds: list[str], allowed) -> None:
    """Open the seeds and every page they lead to (each page shape once), keeping their forms."""
    queue = deque(seeds)
    opened = set()
    while queue and len(opened) < PAGE_LIMIT:
        url = queue.popleft()
        shape = fuzzing.shape(url)
        if url in opened or (url not in seeds and shape in run.pages):
            continue
        opened.add(url)
        try:
            response = client.get(url)
        except Exception as exc:  # noqa: BLE001 (a server error is what the walk reports)
            run.problem("server error", f"GET {shape} as {persona}", fuzzing.where(exc))
            continue
        if response.status_code >= 500:
            run.problem("server error", f"GET {shape} as {persona}", str(response.status_code))
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        run.pages.add(shape)
        html = response.content.decode()
        for form in fuzzing.forms_on(html, url):
            if allowed(form.action) and not fuzzing.NOT_PAGES.search(form.action):
                run.forms.setdefault(form.key, (persona, client, form))
        queue.extend(link for link in fuzzing.links_on(html, url) if allowed(link))


def submit(run: Run, persona: str, client, form: fuzzing.Form, data: dict) -> None:
    """Send one submission in a savepoint rolled back afterwards, and check the answer."""
    where = f"{form.method.upper()} {fuzzing.shape(form.action)} as {persona}"
    try:
        with transaction.atomic():
            before = counts()
            if form.method == "post":
                response = client.post(form.action, data)
            else:
                response = client.get(form.action.split("?")[0], data)
            after = counts()
            transaction.set_rollback(True)
    except Exception as exc:  # noqa: BLE001 (the test client re-raises the view's exception)
        run.statuses[500] += 1
        run.problem("server error", where, f"{fuzzing.where(exc)} with {fuzzing.shown(data)}")
        return
    status = response.status_code
    run.statuses[status] += 1
    if status >= 500:
        run.problem("server error", where, f"{status} with {fuzzing.shown(data)}")
        return
    html = "html" in response.get("Content-Type", "")
    redirect = 300 <= status < 400
    errors_expected = status == 400 or (form.method == "post" and status in RE_RENDERS)
    if html and errors_expected and SUMMARY not in response.content:
        run.problem("no error summary", where, f"{status} with {fuzzing.shown(data)}")
    if form.method == "post" and not redirect and before != after:
        changed = [m.__name__ for m, b, a in zip(COUNTED, before, after, strict=True) if b != a]
        run.problem("half-saved", where, f"{status}, {changed} with {fuzzing.shown(data)}")


def fuzz_all(run: Run) -> None:
    """A few Hypothesis submissions for every distinct form found."""
    every_choice = tuple(
        sorted({o for _, _, form in run.forms.values() for f in form.fields for o in f.options})
    )
    cookies = {id(client): copy.deepcopy(client.cookies) for _, client, _ in run.forms.values()}
    for _, (persona, client, form) in sorted(run.forms.items()):
        fuzz_one(run, persona, client, form, every_choice, cookies[id(client)])


def fuzz_one(run: Run, persona: str, client, form: fuzzing.Form, every_choice, cookies) -> None:
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=list(HealthCheck),
    )
    @given(fuzzing.submissions(form, every_choice))
    def one(data):
        cache.clear()  # rate limits and double-submission locks start afresh
        client.cookies = copy.deepcopy(cookies)  # the finder's answers, too
        submit(run, persona, client, form, data)

    one()


def assert_clean(run: Run, *, at_least: int) -> None:
    assert len(run.forms) >= at_least, sorted(run.forms)
    assert run.problems == {}, "\n" + run.figures()


def test_every_staff_form(seeded, run):
    users = get_user_model().objects
    clients = {}
    for persona, username in STAFF.items():
        clients[persona] = StaffClient()
        clients[persona].force_login(users.get(username=username))
    # Between the password and the code; and no one signed in.
    clients["password_only"] = StaffClient()
    clients["password_only"].force_login(users.get(username="adviser@global.demo"), verified=False)
    clients["anonymous"] = StaffClient()

    def staff(url: str) -> bool:
        return url.startswith("/staff/") and not fuzzing.NOT_PAGES.search(url)

    # One case of each kind in each status (the demo has them all).
    one_each = {
        (kind, status): ref
        for ref, kind, status in Case.objects.order_by("pk").values_list(
            "reference", "kind", "status"
        )
    }
    case_pages = [f"/staff/cases/{ref}/" for ref in sorted(set(one_each.values()))]
    seeds = {
        "adviser": ["/staff/", "/staff/cases/new/", *case_pages],
        "manager": ["/staff/audit/", "/staff/reports/", "/staff/reports/annual-return/"],
        "la_officer": ["/staff/", *case_pages],
        "icb": ["/staff/", *case_pages],
        "password_only": ["/staff/sign-in/code/", "/staff/sign-in/set-up/"],
        "anonymous": ["/staff/sign-in/"],
    }
    for persona, client in clients.items():
        crawl(run, persona, client, seeds[persona], staff)
    fuzz_all(run)
    assert_clean(run, at_least=40)


def test_every_family_form(seeded, run, client):
    def family(url: str) -> bool:
        return not url.startswith(("/staff/", "/api/", "/admin/")) and not (
            fuzzing.NOT_PAGES.search(url)
        )

    case = Case.objects.exclude(email="").order_by("pk").first()
    status_page = f"/your-case/{links.token_for(case)}/"
    crawl(run, "family", client, ["/", "/contacts/", "/your-case/new-link/", status_page], family)
    crawl(run, "family", client, ["/feedback/", "/another-format/"], family)
    # The route finder's questions, each with the answers before it kept in the browser.
    client.cookies[kept_answers.COOKIE] = kept_answers.seal(REFUSED_PLAN)
    finder = [f"/find/{step.slug}/" for step in FINDER_STEPS] + ["/find/check-your-answers/"]
    crawl(run, "family", client, finder, family)
    # The online request's questions, with the earlier ones answered, then check your answers.
    answers = answers_for("mediation")
    for step, data in answers.items():
        url = f"/request/{step}/"
        crawl(run, "family", client, [url], family)
        assert client.post(url, data).status_code == 302, step
    crawl(run, "family", client, ["/request/check-your-answers/"], family)
    fuzz_all(run)
    assert_clean(run, at_least=15)
