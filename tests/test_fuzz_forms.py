"""Fuzz every form on the staff and family pages with Hypothesis (issue 19).

The forms are found, not listed: the demo's cases (every status, both kinds, a tribunal order)
are seeded once; each staff persona (adviser, provider manager, LA officer, ICB commissioner, a
user between the two sign-in steps, anonymous) walks the staff pages from the work queue and
every case page it can open, and the family walks the family pages (the route finder's
questions with answers kept, the online request's questions with the earlier ones answered,
check your answers, a new link, feedback, another format, the status page of a real link).
Every ``<form>`` found is read with an HTML5 parser (``tests/fuzzing.py``), and every link with
a query string (paging, filters) counts as a GET form of its parameters. Each distinct form (the
same on another case is the same form) gets the issue's reported inputs as explicit examples
(31/12/9999 and a 20-digit year in every date, 2**64 in every field, bidi overrides and control
characters in every free-text field) and a few Hypothesis-drawn submissions.

For every submission: no server error (no exception, no status >= 500, nor on the page a
successful one redirects to, which shows what was saved); an answer that re-renders the form
(200, 400, 422) carries the GOV.UK error summary; an answer that is not a redirect saved nothing
(cases, case events, audit events other than reads, messages, meetings and certificates counted
before and after). Each submission runs in a savepoint rolled back afterwards, so every one
meets the same cases. Problems are collected, not raised one by one, so a run names all of them
(each distinct cause once per form); bounded and repeatable: few examples per form,
derandomized, no example database. The figures are printed at the end, pass or fail:
``every staff form: N forms on N pages, N submissions, N server errors, N without an error
summary, N half-saved (answers: …)`` and the same for the family's forms.
"""

import copy
import dataclasses
from collections import Counter, deque
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, Phase, example, given, settings

from sendresolve.audit.models import AuditEvent
from sendresolve.cases import services
from sendresolve.cases.actions import ACTIONS, FORM
from sendresolve.cases.models import Case, CaseEvent, Certificate, Session
from sendresolve.core import clock
from sendresolve.demo.services import demo_seed
from sendresolve.notifications.models import OutboxMessage
from sendresolve.public.family import links
from sendresolve.public.finder import answers as kept_answers
from sendresolve.public.finder.steps import STEPS as FINDER_STEPS
from sendresolve.public.tests.test_family_request import answers_for
from sendresolve.public.tests.test_finder import REFUSED_PLAN
from sendresolve.staff.tests.otp import StaffClient
from sendresolve.tenancy.models import Provider
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory
from tests import fuzzing
from tests.figures import record as figures_record

pytestmark = pytest.mark.django_db

# Route-finder answers under which every question of the finder applies (with REFUSED_PLAN's).
EVERY_QUESTION = {
    "council": "302",
    "who": "parent",
    "age": 9,
    "plan": "yes",
    "with": ["local_authority", "school", "health", "social_care"],
    "school_type": "academy",
    "about": ["plan_needs", "disability_discrimination"],
    "decision_letter": "2024-01-31",
    "progress": ["declined", "mediation_wanted", "mediation_ended", "certificate"],
    "recommendation": "yes",
    **dict.fromkeys(
        (
            "adviser_informed_declined",
            "la_informed_mediation_wanted",
            "mediation_ended",
            "certificate_issued",
            "recommendation_made",
            "discrimination_act",
        ),
        "2024-02-01",
    ),
}
EXAMPLES = 5  # drawn submissions per distinct form (the first is the sanest), beside edges
PAGE_LIMIT = 250  # pages each walk may open
# What a refused submission must leave as it was. Reading a case page is itself audited
# ("case.read…"), and a form shown again with its errors is a case page read.
COUNTED = {
    "Case": lambda: Case.objects.count(),
    "CaseEvent": lambda: CaseEvent.objects.count(),
    "AuditEvent": lambda: AuditEvent.objects.exclude(action__startswith="case.read").count(),
    "OutboxMessage": lambda: OutboxMessage.objects.count(),
    "Session": lambda: Session.objects.count(),
    "Certificate": lambda: Certificate.objects.count(),
}
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
    # (kind, form and persona, cause) -> the first submission that showed it
    problems: dict = dataclasses.field(default_factory=dict)
    missed: list = dataclasses.field(default_factory=list)  # catalogue actions not reached

    def problem(self, kind: str, where: str, detail: str, cause: str = "") -> None:
        self.problems.setdefault((kind, where, cause), detail)

    def figures(self) -> str:
        kinds = Counter(kind for kind, _, _ in self.problems)
        line = (
            f"{self.name}: {len(self.forms)} forms on {len(self.pages)} pages, "
            f"{self.statuses.total()} submissions, {kinds['server error']} server errors, "
            f"{kinds['no error summary']} without an error summary, "
            f"{kinds['half-saved']} half-saved "
            f"(answers: {', '.join(f'{s} x{n}' for s, n in sorted(self.statuses.items()))})"
        )
        if self.missed:
            line += f"; catalogue actions with no form found: {', '.join(self.missed)}"
        details = [f"  {k}: {w}: {c} {d}" for (k, w, c), d in sorted(self.problems.items())]
        return "\n".join([line, *details])


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module and rolled back at its end (seeding is slow).

    Its certificates' PDFs are stubs (WeasyPrint took most of the seeding's time); those the
    fuzzed forms issue are real."""
    stub = mock.patch(
        "sendresolve.cases.documents.render_certificate_pdf", return_value=b"%PDF-1.7 stub"
    )
    with django_db_blocker.unblock(), transaction.atomic(), stub:
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
    return tuple(count() for count in COUNTED.values())


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
            run.problem("server error", f"GET {shape} as {persona}", "", fuzzing.where(exc))
            continue
        if response.status_code >= 500:
            run.problem("server error", f"GET {shape} as {persona}", str(response.status_code))
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        run.pages.add(shape)
        root = fuzzing.parse(response.content.decode())
        for form in fuzzing.forms_on(root, url):
            if allowed(form.action) and not fuzzing.NOT_PAGES.search(form.action):
                run.forms.setdefault(form.key, (persona, client, form))
        found = [link for link in fuzzing.links_on(root, url) if allowed(link)]
        for form in fuzzing.link_forms(found, url):
            run.forms.setdefault(form.key, (persona, client, form))
        queue.extend(found)


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
            if form.method == "post" and response.status_code in (301, 302, 303):
                # What was saved is shown next (the case page, the next question): it must
                # show, whatever was typed.
                shown_next = response["Location"]
                next_page = client.get(shown_next)
                if next_page.status_code >= 500:
                    run.problem("server error", where, f"then GET {shown_next}", "")
            transaction.set_rollback(True)
    except Exception as exc:  # noqa: BLE001 (the test client re-raises the view's exception)
        run.statuses[500] += 1
        run.problem("server error", where, f"with {fuzzing.shown(data)}", fuzzing.where(exc))
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
        changed = [m for m, b, a in zip(COUNTED, before, after, strict=True) if b != a]
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

    for edge in fuzzing.edges(form):
        one = example(edge)(one)
    one()


def catalogue_missed(run: Run) -> list[str]:
    """Case actions (cases/actions.py) whose staff form the walk did not find."""
    reached = set()
    for _, _, form in run.forms.values():
        try:
            match = resolve(urlsplit(form.action).path)
        except Resolver404:
            continue
        reached.add(f"{match.namespace}:{match.url_name}")
        reached.add(match.kwargs.get("action", ""))
    return sorted(
        action.name
        for action in ACTIONS.values()
        if (action.name if action.page == FORM else action.url) not in reached
    )


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
    # A new user, who sets up an authenticator app after the password.
    newcomer = UserFactory(username="newcomer@global.demo")
    MembershipFactory(
        user=newcomer, role=Role.ADVISER, provider=Provider.objects.get(slug="global-mediation")
    )
    clients["new_user"] = StaffClient()
    clients["new_user"].force_login(newcomer, verified=False)
    clients["anonymous"] = StaffClient()

    def staff(url: str) -> bool:
        return url.startswith("/staff/") and not fuzzing.NOT_PAGES.search(url)

    # The demo has no tasks: one open and one done, for their buttons.
    adviser = users.get(username="adviser@global.demo")
    open_case = Case.objects.filter(provider__slug="global-mediation", closed_on=None).first()
    for description in ("Ring the school", "Send the summary"):
        task = services.task_add(
            actor=adviser,
            case=open_case,
            description=description,
            owner=adviser,
            due_on=clock.today(),
        )
    services.task_done(actor=adviser, task=task)
    # The adviser opens every case (what a case offers depends on more than its status); the LA
    # and ICB officers one case of each kind in each status (the demo has them all).
    references = Case.objects.order_by("pk").values_list("reference", "kind", "status")
    one_each = {(kind, status): ref for ref, kind, status in references}
    every_case = [f"/staff/cases/{ref}/" for ref, _, _ in references]
    case_pages = [f"/staff/cases/{ref}/" for ref in sorted(set(one_each.values()))]
    seeds = {
        "adviser": ["/staff/", "/staff/cases/new/", "/staff/feedback/", *every_case],
        # The adviser now gives advice only (cases/actions.py ADVICE); the manager, who may do
        # everything, opens every case too, for the other steps' pages.
        "manager": [
            "/staff/audit/",
            "/staff/reports/",
            "/staff/reports/annual-return/",
            *every_case,
        ],
        "la_officer": ["/staff/", *case_pages],
        "icb": ["/staff/", *case_pages],
        "password_only": ["/staff/sign-in/code/"],
        "new_user": ["/staff/sign-in/set-up/"],
        "anonymous": ["/staff/sign-in/"],
    }
    for persona, client in clients.items():
        crawl(run, persona, client, seeds[persona], staff)
    # Every generic action page is found; a page of its own or a button may need a case the
    # demo does not have (the figures name them).
    run.missed = catalogue_missed(run)
    assert not [name for name in run.missed if ACTIONS[name].page == FORM], run.missed
    fuzz_all(run)
    assert_clean(run, at_least=45)


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
    finder = [f"/find/{step.slug}/" for step in FINDER_STEPS] + ["/find/check-your-answers/"]
    for answers in (REFUSED_PLAN, EVERY_QUESTION):
        client.cookies[kept_answers.COOKIE] = kept_answers.seal(answers)
        crawl(run, "family", client, finder, family)
    # The online request's questions, with the earlier ones answered, then check your answers.
    answers = answers_for("mediation")
    for step, data in answers.items():
        url = f"/request/{step}/"
        crawl(run, "family", client, [url], family)
        assert client.post(url, data).status_code == 302, step
    crawl(run, "family", client, ["/request/check-your-answers/"], family)
    fuzz_all(run)
    assert_clean(run, at_least=28)
