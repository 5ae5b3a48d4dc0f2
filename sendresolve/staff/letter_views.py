"""The decision-letter page: the mediation paragraph an LA's decision letter must contain
(SEND Regulations 2014 reg 32), for one local authority and letter date, on the page and as PDF.

LA officers use it for their own LA, provider staff for the LAs their provider serves, and
administrators for any LA. Everyone else gets 404, as for another tenant's object. The
paragraph is public information (dates, the provider's published contacts, the LA's contact),
so only the PDF download is audited.
"""

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from sendresolve.audit.services import audit_record
from sendresolve.core import clock
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.core.forms import EmailField, Form, GovDateField
from sendresolve.core.templating import choice_items
from sendresolve.documents import decision_letter as letters
from sendresolve.staff.decorators import tenant_404
from sendresolve.tenancy import selectors
from sendresolve.tenancy.actors import ActorRequest
from sendresolve.tenancy.models import LocalAuthority
from sendresolve.tenancy.roles import LOCAL_AUTHORITY_ROLES, PROVIDER_ROLES

# Part 3 of the Children and Families Act 2014 and the SEND Regulations came into force then.
FIRST_LETTER_DATE = dt.date(2014, 9, 1)
# Letters can be prepared ahead, but not this far ahead.
MAX_DAYS_AHEAD = 366

# The PDF link's query parameters -> the form's fields.
PDF_PARAMETERS = {
    "decision": "decision",
    "name": "contact_person",
    "phone": "contact_phone",
    "email": "contact_email",
}


class DecisionLetterForm(Form):
    letter_date = GovDateField(label="Date of the letter")
    decision = forms.ChoiceField(
        choices=[(kind.key, kind.label) for kind in letters.DECISION_KINDS.values()],
        error_messages={
            "required": "Choose what the decision is about",
            "invalid_choice": "Choose what the decision is about",
        },
    )
    contact_person = forms.CharField(max_length=150, required=False)
    contact_phone = forms.CharField(max_length=40, required=False)
    contact_email = EmailField(
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )

    def clean_letter_date(self):
        day = self.cleaned_data["letter_date"]
        if day < FIRST_LETTER_DATE:
            raise forms.ValidationError(
                "The date of the letter must be on or after 1 September 2014"
            )
        if day > clock.today() + dt.timedelta(days=MAX_DAYS_AHEAD):
            raise forms.ValidationError("The date of the letter must be within the next year")
        return day


def can_write_decision_letters(user, local_authority: LocalAuthority, *, on: dt.date) -> bool:
    """True for administrators, the LA's own officers and staff of a provider the LA
    commissions on ``on``. Health commissioners see the LA but do not send its letters."""
    if selectors.is_global(user):
        return True
    memberships = selectors.memberships_of(user)
    if any(
        m.role in LOCAL_AUTHORITY_ROLES and m.local_authority_id == local_authority.pk
        for m in memberships
    ):
        return True
    provider_ids = [
        m.provider_id for m in memberships if m.role in PROVIDER_ROLES and m.provider_id is not None
    ]
    return (
        selectors.commissions_for_local_authority(local_authority, on=on)
        .filter(provider_id__in=provider_ids)
        .exists()
    )


def _local_authority(request: ActorRequest, dfe_code: str, today: dt.date) -> LocalAuthority:
    local_authority = selectors.local_authority_get(request.actor, dfe_code=dfe_code, on=today)
    if not can_write_decision_letters(request.actor, local_authority, on=today):
        raise NotFound(f"No decision letters for {dfe_code!r} for this user.")
    return local_authority


def _letter(form: DecisionLetterForm, local_authority: LocalAuthority):
    """Build the letter from a valid form; put a rule it breaks on the form and return None."""
    data = form.cleaned_data
    try:
        return letters.decision_letter_for(
            local_authority=local_authority,
            letter_date=data["letter_date"],
            decision=data["decision"],
            contact_person=data["contact_person"],
            contact_phone=data["contact_phone"],
            contact_email=data["contact_email"],
            extra_holidays=getattr(settings, "SENDRESOLVE_EXTRA_BANK_HOLIDAYS", ()),
        )
    except ValidationError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return None


def _pdf_url(local_authority: LocalAuthority, form: DecisionLetterForm) -> str:
    data = form.cleaned_data
    query = {"date": data["letter_date"].isoformat()}
    query.update({param: data[name] for param, name in PDF_PARAMETERS.items() if data.get(name)})
    return (
        reverse("staff:decision-letter-pdf", kwargs={"dfe_code": local_authority.dfe_code})
        + "?"
        + urlencode(query)
    )


def _render(request, local_authority, form, letter=None) -> HttpResponse:
    decision_items = []
    for item in choice_items(form, "decision"):
        hint = letters.DECISION_KINDS[item["value"]].hint
        decision_items.append({**item, "hint": {"text": hint}} if hint else item)
    context = {
        "local_authority": local_authority,
        "form": form,
        "page_has_errors": bool(form.errors),
        "decision_items": decision_items,
        "letter": letter,
    }
    if letter is not None:
        context.update(
            {
                "sections": letters.letter_sections(letter),
                "text": letters.render_decision_letter_text(letter),
                "legal_basis": letters.legal_basis(letter),
                "emphasise_dates": letters.emphasise_dates,
                "pdf_url": _pdf_url(local_authority, form),
            }
        )
    return render(
        request, "staff/decision_letter.html", context, status=400 if form.errors else 200
    )


def _initial(request, local_authority: LocalAuthority, today: dt.date) -> dict:
    own_officer = any(
        m.role in LOCAL_AUTHORITY_ROLES and m.local_authority_id == local_authority.pk
        for m in selectors.memberships_of(request.actor)
    )
    return {
        "letter_date": today,
        "contact_person": request.actor.user.get_full_name() if own_officer else "",
        "contact_phone": local_authority.send_team_phone,
        "contact_email": local_authority.send_team_email,
    }


@login_required
@require_GET
@tenant_404
def decision_letter(request: ActorRequest, dfe_code: str) -> HttpResponse:
    """The form (letter date, decision), then the paragraph with a PDF link and copyable text.

    The form is sent by GET: it changes nothing, and the page can be bookmarked or shared.
    """
    today = clock.today()
    local_authority = _local_authority(request, dfe_code, today)
    submitted = any(name in request.GET for name in ("letter_date_0", "decision"))
    form = DecisionLetterForm(
        request.GET if submitted else None, initial=_initial(request, local_authority, today)
    )
    letter = _letter(form, local_authority) if submitted and form.is_valid() else None
    return _render(request, local_authority, form, letter)


def _form_data_from_query(query: QueryDict) -> dict[str, str]:
    """Turn the PDF link's ``date=YYYY-MM-DD`` and other parameters into the form's fields."""
    parts = (query.get("date", "").strip().split("-") + ["", "", ""])[:3]
    year, month, day = parts
    data = {"letter_date_0": day, "letter_date_1": month, "letter_date_2": year}
    data.update({name: query.get(param, "") for param, name in PDF_PARAMETERS.items()})
    return data


@login_required
@require_GET
@tenant_404
def decision_letter_pdf(request: ActorRequest, dfe_code: str) -> HttpResponse:
    """The paragraph as a tagged PDF; bad parameters show the form with what is wrong (400)."""
    today = clock.today()
    local_authority = _local_authority(request, dfe_code, today)
    form = DecisionLetterForm(_form_data_from_query(request.GET))
    letter = _letter(form, local_authority) if form.is_valid() else None
    if letter is None:
        return _render(request, local_authority, form)
    audit_record(
        actor=request.actor,
        action="decision_letter.download",
        target=local_authority,
        local_authority=local_authority,
        detail={
            "letter_date": letter.letter_date.isoformat(),
            "decision": letter.decision.key,
        },
    )
    response = HttpResponse(
        letters.render_decision_letter_pdf(letter), content_type="application/pdf"
    )
    filename = f"mediation-paragraph-{local_authority.dfe_code}-{letter.letter_date.isoformat()}"
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response
