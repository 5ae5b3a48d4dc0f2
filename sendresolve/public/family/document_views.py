"""The family's documents, through their status link: the documents shared with them, and
sending one to the mediation provider.

The link is the family's permission (``public/family/links.py``): a link we did not issue for
the case answers 404, an old one 410, as the status page does. What they see is
``casefiles.selectors.family_documents``; what they send is seen by them and the provider only,
who may share it further. Uploads are rate-limited per case.
"""

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sendresolve.audit.services import audit_record
from sendresolve.casefiles.content import ALLOWED_WORDS
from sendresolve.casefiles.http import document_response
from sendresolve.casefiles.models import Kind
from sendresolve.casefiles.selectors import family_document_get, family_documents
from sendresolve.casefiles.services import document_add_by_family, document_opened
from sendresolve.casefiles.uploads import max_words, upload_too_large
from sendresolve.core import ratelimit
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.core.forms import Form
from sendresolve.public.family.pages import case_or_error_page, private_response

TEMPLATES = "public/family/status/"
UPLOADS_PER_DAY = 20
# The kinds a family sends: an agreement comes from the mediator.
FAMILY_KINDS = [
    (Kind.DECISION_LETTER.value, "A letter from the council about its decision"),
    (Kind.EHC_PLAN.value, "An education, health and care (EHC) plan"),
    (Kind.REPORT.value, "A report from a professional, such as a doctor or therapist"),
    (Kind.EVIDENCE.value, "Something else that shows what you are asking for"),
    (Kind.OTHER.value, "Another document"),
]


class FamilyDocumentForm(Form):
    file = forms.FileField(
        label="Upload a file",
        required=False,
        error_messages={
            "empty": "The selected file is empty",
            "invalid": "Select a file",
            "max_length": "The file's name must be 255 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="What is it?",
        choices=FAMILY_KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the document is"},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def documents(request: HttpRequest, token: str) -> HttpResponse:
    case = case_or_error_page(request, token)
    if isinstance(case, HttpResponse):
        return case
    form = FamilyDocumentForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if upload_too_large(request):
            form.add_error("file", f"The selected file must be smaller than {max_words()}")
        elif form.is_valid():
            if not ratelimit.hit(
                f"family-upload|{case.pk}", limit=UPLOADS_PER_DAY, window=24 * 3600
            ):
                status = 429
                form.add_error(
                    "file",
                    f"You can send up to {UPLOADS_PER_DAY} documents a day. Try again tomorrow, "
                    "or contact the mediation service",
                )
            else:
                try:
                    document_add_by_family(
                        case=case,
                        upload=form.cleaned_data["file"],
                        kind=form.cleaned_data["kind"],
                    )
                except ValidationError as error:
                    field = error.field if error.field in form.fields else None
                    form.add_error(field, str(error).rstrip("."))
                else:
                    return redirect(f"{request.path}?sent=1")
    else:
        audit_record(
            actor=None,
            action="family.documents.read",
            target=case,
            local_authority=case.local_authority,
            provider=case.provider,
        )
    return private_response(
        render(
            request,
            TEMPLATES + "documents.html",
            {
                "case": case,
                "token": token,
                "documents": list(family_documents(case)),
                "form": form,
                "page_has_errors": bool(form.errors),
                "sent": request.GET.get("sent") == "1" and not form.errors,
                "provider": case.provider,
                "max_words": max_words(),
                "allowed_words": ALLOWED_WORDS,
                "feedback_page": "/your-case/",
            },
            status=status,
        ),
        referrer="same-origin",
    )


@never_cache
@require_GET
def document(request: HttpRequest, token: str, document_id: int) -> HttpResponseBase:
    case = case_or_error_page(request, token)
    if isinstance(case, HttpResponse):
        return case
    try:
        found = family_document_get(case, document_id=document_id)
    except NotFound:
        raise Http404("No such document") from None
    document_opened(actor=None, document=found, via="family")
    return private_response(document_response(found))


# Included under /your-case/<token>/documents/ (``public/family/urls.py``).
urlpatterns = [
    path("", documents, name="family-documents"),
    path("<int:document_id>/", document, name="family-document"),
]
