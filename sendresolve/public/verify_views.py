"""Check a certificate: anyone with its verification code sees that it is genuine (issue 21).

The code alone finds a certificate (a number alone would let anyone list them); the answer shows
only what the certificate's reader already knows, with the child's initials, and says when it
was replaced. Every check is counted against the client's address (``verification.ratelimit``).
"""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sendresolve.public.family.forms import FamilyForm
from sendresolve.verification import ratelimit
from sendresolve.verification.codes import FORMATTED_LENGTH, code_normalise
from sendresolve.verification.selectors import document_check

TEMPLATES = "public/verify/"
NOT_FOUND = "We could not find a certificate with that code. Check the code and try again"


class VerifyForm(FamilyForm):
    code = forms.CharField(
        max_length=FORMATTED_LENGTH + 10,
        error_messages={
            "required": "Enter the verification code",
            "max_length": "Enter the verification code as shown, like 7KQ3-MX9D-H2PW",
        },
    )

    def clean_code(self) -> str:
        code = code_normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError("Enter the verification code as shown, like 7KQ3-MX9D-H2PW")
        return code


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = VerifyForm(request.POST)
        if not ratelimit.check_allowed(request):
            return render(request, TEMPLATES + "too_many.html", status=429)
        if form.is_valid():
            found = document_check(form.cleaned_data["code"])
            if found is not None:
                return render(request, TEMPLATES + "answer.html", {"document": found})
            form.add_error("code", NOT_FOUND)
            status = 404
        else:
            status = 400
    else:
        form = VerifyForm()
    return render(
        request,
        TEMPLATES + "verify.html",
        {"form": form, "page_has_errors": bool(form.errors)},
        status=status,
    )
