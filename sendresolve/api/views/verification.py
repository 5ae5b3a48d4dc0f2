"""Check a certificate by its verification code: public, like the /verify/ page."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from sendresolve.api.serializers.common import ProblemSerializer
from sendresolve.api.serializers.verification import (
    VerifiedDocumentSerializer,
    VerifyRequestSerializer,
)
from sendresolve.api.views.base import PROBLEM, ApiView, problems
from sendresolve.verification import ratelimit
from sendresolve.verification.selectors import document_check


class VerifyView(ApiView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    serializer_class = VerifyRequestSerializer

    @extend_schema(
        operation_id="verify",
        summary="Check a certificate by its verification code",
        description=(
            "Public: no token. Answers the certificate's number, kind, date of issue, provider, "
            "appeal deadline and the child's initials, and whether it was replaced. A code that "
            "is not one answers 404. Each address may check a limited number of codes an hour "
            "(429 past it)."
        ),
        request=VerifyRequestSerializer,
        responses={
            200: VerifiedDocumentSerializer,
            **problems(415),
            (429, PROBLEM): OpenApiResponse(ProblemSerializer, description="Too many checks."),
        },
        auth=[],
        tags=["verification"],
    )
    def post(self, request):
        if not ratelimit.check_allowed(request._request):
            raise exceptions.Throttled(detail="Too many checks from this address: try later.")
        data = self.validated(VerifyRequestSerializer).validated_data
        found = document_check(data["code"])
        if found is None:
            raise exceptions.NotFound("We could not find a certificate with that code.")
        return Response(VerifiedDocumentSerializer(found).data)
