"""The route finder: one question per page, check your answers, then the advice.

Answers are kept in the family's browser, encrypted (``answers``). A stored answer counts only
if it is still valid given the answers before it (for example the subjects offered depend on
whether there is an EHC plan), so changing an earlier answer sends the family to any question
that now needs answering again, and nothing already entered is lost.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from markupsafe import Markup

from sendresolve import law
from sendresolve.core import clock
from sendresolve.core.templating import choice_items
from sendresolve.documents.advice import render_advice_pdf
from sendresolve.public import wording
from sendresolve.public.finder import answers as kept_answers
from sendresolve.public.finder import page_cache
from sendresolve.public.finder.forms import (
    StepForm,
    council_form,
    data_for,
    initial_for,
    unknown_key,
)
from sendresolve.public.finder.presenters import advice_document
from sendresolve.public.finder.steps import (
    STEPS,
    STEPS_BY_SLUG,
    UNKNOWN_DATE,
    Step,
    answer_text,
    build_situation,
)
from sendresolve.schoolterms.selectors import own_school_terms
from sendresolve.tenancy.models import LocalAuthority
from sendresolve.tenancy.selectors import commissions_for_local_authority


class Flow:
    """The family's answers so far and what they mean for the order of the questions."""

    def __init__(self, request: HttpRequest):
        self.request = request
        self.answers: dict = kept_answers.read(request)
        self.changed = False
        self.today = clock.today()
        self._councils = None

    @property
    def councils(self):
        """Every council's ``dfe_code`` and ``name``, by name (plain rows: a quarter of the
        cost of model instances, on every question page)."""
        if self._councils is None:
            self._councils = list(
                LocalAuthority.objects.order_by("name").values_list("dfe_code", "name", named=True)
            )
        return self._councils

    def form(self, step: Step, data=None) -> StepForm:
        initial = {step.key: initial_for(step, self.answers.get(step.key))}
        if step.unknown_label:
            initial[unknown_key(step)] = self.answers.get(step.key) == UNKNOWN_DATE
        form = StepForm(data, step=step, answers=self.answers, today=self.today, initial=initial)
        return council_form(form, self.councils) if step.kind == "select" else form

    def answered(self, step: Step) -> bool:
        if step.key not in self.answers:
            return False
        return self.form(step, data_for(step, self.answers[step.key])).is_valid()

    def first_unanswered(self, *, before: Step | None = None) -> Step | None:
        for step in STEPS:
            if step is before:
                return None
            if step.applies(self.answers) and not self.answered(step):
                return step
        return None

    def save(self, step: Step, value) -> None:
        self.answers[step.key] = value
        self.changed = True

    def keep(self, response: HttpResponse) -> HttpResponse:
        """The response, carrying the answers if they changed."""
        if self.changed:
            kept_answers.write(response, self.answers)
        return response

    def neighbour(self, step: Step, direction: int) -> Step | None:
        index = STEPS.index(step) + direction
        while 0 <= index < len(STEPS):
            if STEPS[index].applies(self.answers):
                return STEPS[index]
            index += direction
        return None

    def council(self) -> LocalAuthority:
        return LocalAuthority.objects.get(dfe_code=self.answers["council"])

    def summary(self) -> list[tuple[Step, str]]:
        name = next(
            (la.name for la in self.councils if la.dfe_code == self.answers.get("council")), ""
        )
        return [
            (step, answer_text(step, self.answers, council_name=name))
            for step in STEPS
            if step.applies(self.answers)
        ]


def component_items(form: StepForm, step: Step) -> list[dict]:
    """The ``items`` of the GOV.UK radios or checkboxes: choices with their hints, and an "or"
    divider before a "None of these" (exclusive) or "I'm not sure" answer."""
    if step.kind not in ("radios", "checkboxes"):
        return []
    items = []
    for item in choice_items(form, step.key, multiple=step.kind == "checkboxes"):
        if item["value"] in ("none", "not_sure"):
            items.append({"divider": "or"})
            if item["value"] == "none":
                item["behaviour"] = "exclusive"
        if item["value"] in step.choice_hints:
            item["hint"] = {"text": step.choice_hints[item["value"]]}
        items.append(item)
    return items


def question_url(step: Step, *, change: bool = False) -> str:
    url = reverse("public:finder-question", kwargs={"step": step.slug})
    return f"{url}?change=1" if change else url


@never_cache
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, step: str) -> HttpResponse:
    this = STEPS_BY_SLUG.get(step)
    if this is None:
        raise Http404("No such question")
    flow = Flow(request)
    change = request.GET.get("change") == "1"
    earlier = flow.first_unanswered(before=this)
    if earlier is not None:
        return redirect(question_url(earlier, change=change))
    if not this.applies(flow.answers):
        following = flow.neighbour(this, +1)
        return redirect(question_url(following) if following else "public:finder-check")

    if request.method == "POST":
        form = flow.form(this, request.POST)
        if form.is_valid():
            flow.save(this, form.stored_value())
            if change:
                missing = flow.first_unanswered()
                return flow.keep(
                    redirect(
                        question_url(missing, change=True) if missing else "public:finder-check"
                    )
                )
            following = flow.neighbour(this, +1)
            return flow.keep(
                redirect(question_url(following) if following else "public:finder-check")
            )
    else:
        form = flow.form(this)

    previous = flow.neighbour(this, -1)
    if change:
        back = reverse("public:finder-check")
    elif previous is not None:
        back = question_url(previous)
    else:
        back = reverse("public:start")
    return render(
        request,
        "public/finder/question.html",
        {
            "step": this,
            "form": form,
            "items": component_items(form, this),
            "back_url": back,
            "action": question_url(this, change=change),
            "page_has_errors": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@require_GET
def check(request: HttpRequest) -> HttpResponse:
    flow = Flow(request)
    missing = flow.first_unanswered()
    if missing is not None:
        return redirect(question_url(missing))
    rows = [
        {
            "key": {"text": step.summary},
            "value": {"html": Markup("<br>").join(text.split("\n"))},
            "actions": {
                "items": [
                    {
                        "href": question_url(step, change=True),
                        "text": "Change",
                        "visuallyHiddenText": step.summary.lower(),
                    }
                ]
            },
        }
        for step, text in flow.summary()
    ]
    last = next(step for step in reversed(STEPS) if step.applies(flow.answers))
    return render(
        request,
        "public/finder/check.html",
        {"rows": rows, "back_url": question_url(last)},
    )


def _document(flow: Flow, *, local_authority: LocalAuthority | None = None, commissions=None):
    situation = build_situation(flow.answers, today=flow.today)
    if local_authority is None:
        local_authority = flow.council()
    terms = None
    if "board_decision" in situation["dates"]:
        # Exclusion clocks count school days: in the council's own term dates where it set
        # them (schoolterms), else in its published ones shipped with the law core.
        situation["local_authority"] = local_authority.name
        terms = own_school_terms(local_authority)
    advice = law.advise(situation, today=flow.today, terms=terms)
    if commissions is None:
        commissions = commissions_for_local_authority(local_authority, on=flow.today)
    return advice_document(
        advice,
        local_authority=local_authority,
        commissions=commissions,
        answers=[(step.summary, text) for step, text in flow.summary()],
        made_on=flow.today,
        no_letter=any(
            step.key == "decision_letter" and flow.answers.get(step.key) == UNKNOWN_DATE
            for step, _ in flow.summary()
        ),
    )


@never_cache
@require_GET
def advice(request: HttpRequest) -> HttpResponse:
    """The advice for the family's answers, kept once rendered (``page_cache``): the same
    answers, council details and day give the same page, served without building it again."""
    kept = page_cache.advice_kept(request, answers=kept_answers.read(request), today=clock.today())
    if kept is not None:
        return HttpResponse(kept)
    flow = Flow(request)
    missing = flow.first_unanswered()
    if missing is not None:
        return redirect(question_url(missing))
    local_authority = flow.council()
    commissions = list(commissions_for_local_authority(local_authority, on=flow.today))
    document = _document(flow, local_authority=local_authority, commissions=commissions)
    response = render(
        request,
        "public/finder/advice.html",
        {"d": document, "local_authority": local_authority, "wording": wording},
    )
    page_cache.advice_keep(
        request,
        response.content.decode(),
        answers=flow.answers,
        today=flow.today,
        contacts=page_cache.contacts_of(local_authority, commissions),
    )
    return response


@never_cache
@require_GET
def advice_pdf(request: HttpRequest) -> HttpResponse:
    flow = Flow(request)
    missing = flow.first_unanswered()
    if missing is not None:
        return redirect(question_url(missing))
    response = HttpResponse(render_advice_pdf(_document(flow)), content_type="application/pdf")
    filename = f"send-advice-{flow.today.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
