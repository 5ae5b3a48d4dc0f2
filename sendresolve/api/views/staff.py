"""Staff and roles (issue 23): list the provider's staff, invite someone, change someone's
roles, suspend them. The provider's managers (and administrators) only; anyone else gets 404,
as for another tenant's objects. ``?provider=<slug>`` picks the provider for someone who
manages more than one (else their first)."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from sendresolve.api.serializers.staff import (
    InviteCreateSerializer,
    InviteSerializer,
    RolesSerializer,
    StaffMemberSerializer,
)
from sendresolve.api.views.base import ApiView, problems
from sendresolve.core.errors import NotFound
from sendresolve.tenancy import staffing

PROVIDER = OpenApiParameter(
    "provider", str, description="The provider's slug, for someone who manages more than one."
)
TAGS = ["staff"]


class StaffApiView(ApiView):
    query_parameters = frozenset({"provider"})

    def provider(self):
        slug = self.request.query_params.get("provider") or None
        return staffing.managed_provider(self.request.actor, slug=slug)


class StaffListView(StaffApiView):
    serializer_class = StaffMemberSerializer

    @extend_schema(
        operation_id="staff_list",
        summary="The provider's staff",
        description="Everyone on the provider's staff, with their roles, status, last sign-in "
        "and whether they have set up an authenticator app. Managers only.",
        parameters=[PROVIDER],
        responses={200: StaffMemberSerializer(many=True), **problems()},
        tags=TAGS,
    )
    def get(self, request):
        members = staffing.staff_list(request.actor, self.provider())
        return Response(StaffMemberSerializer(members, many=True).data)


class StaffInviteView(StaffApiView):
    serializer_class = InviteCreateSerializer

    @extend_schema(
        operation_id="staff_invitations_create",
        summary="Invite someone to the staff",
        description="Emails a single-use link, valid for 7 days: they choose a password and "
        "set up an authenticator app, then have the roles given. The same invitation sent "
        "again within 10 minutes is answered with the first (200) and sends no second email.",
        parameters=[PROVIDER],
        request=InviteCreateSerializer,
        responses={201: InviteSerializer, 200: InviteSerializer, **problems(400, 415)},
        tags=TAGS,
    )
    def post(self, request):
        provider = self.provider()
        data = self.validated(InviteCreateSerializer).validated_data
        invite, token = staffing.staff_invite(
            actor=request.actor,
            provider=provider,
            email=data["email"],
            roles=data["roles"],
            base_url=request.build_absolute_uri("/"),
        )
        code = status.HTTP_201_CREATED if token else status.HTTP_200_OK
        return Response(InviteSerializer(invite).data, status=code)


class StaffRolesView(StaffApiView):
    serializer_class = RolesSerializer

    def get_object(self):
        """The member whose roles change: DRF's OPTIONS answer asks for it before describing
        PUT (a GenericAPIView with no queryset would otherwise fail: a 500)."""
        try:
            return staffing.staff_member(
                self.request.actor, self.provider(), int(self.kwargs["user_id"])
            )
        except NotFound:
            raise Http404("No such member of staff.") from None

    @extend_schema(
        operation_id="staff_roles_update",
        summary="Change someone's roles",
        description="Gives them exactly these roles at the provider. The provider's last "
        "manager cannot lose the manager role (400).",
        parameters=[PROVIDER],
        request=RolesSerializer,
        responses={200: StaffMemberSerializer, **problems(400, 415)},
        tags=TAGS,
    )
    def put(self, request, user_id):
        provider = self.provider()
        data = self.validated(RolesSerializer).validated_data
        staffing.staff_roles_change(
            actor=request.actor, provider=provider, user_id=user_id, roles=data["roles"]
        )
        member = staffing.staff_member(request.actor, provider, user_id)
        return Response(StaffMemberSerializer(member).data)


class StaffSuspensionView(StaffApiView):
    serializer_class = StaffMemberSerializer

    @extend_schema(
        operation_id="staff_suspension_create",
        summary="Suspend someone",
        description="They cannot sign in and their sessions end, until reactivated on the "
        "staff pages. The provider's last manager cannot be suspended (400).",
        parameters=[PROVIDER],
        request=None,
        responses={200: StaffMemberSerializer, **problems(400)},
        tags=TAGS,
    )
    def post(self, request, user_id):
        provider = self.provider()
        staffing.staff_suspend(actor=request.actor, provider=provider, user_id=user_id)
        member = staffing.staff_member(request.actor, provider, user_id)
        return Response(StaffMemberSerializer(member).data)
