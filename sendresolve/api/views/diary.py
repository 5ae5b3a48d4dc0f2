"""The diary (issue 22): mediators, their availability, slot proposals and booking."""

import datetime as dt

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from sendresolve.api import selectors as api_selectors
from sendresolve.api.serializers.cases import SessionSerializer
from sendresolve.api.serializers.diary import (
    AvailabilityReplaceSerializer,
    AvailabilitySerializer,
    BookingCreateSerializer,
    MediatorSerializer,
    ProposalQuerySerializer,
    ProposalSerializer,
)
from sendresolve.api.views.base import ApiView, problems, repeat
from sendresolve.core import clock
from sendresolve.core.errors import NotFound
from sendresolve.diary import selectors, services
from sendresolve.diary.proposals import slot_proposals


def _visible(request):
    if not selectors.sees_diary(request.actor):
        raise NotFound("No such mediator.")
    return selectors.mediators_for(request.actor).prefetch_related("local_authorities")


class MediatorListView(ApiView):
    serializer_class = MediatorSerializer

    @extend_schema(
        operation_id="mediators_list",
        summary="The mediators you may see",
        description="A coordinator or manager sees their provider's mediators; a mediator "
        "their own record; LA and health officers none.",
        responses={200: MediatorSerializer(many=True), **problems()},
        tags=["diary"],
    )
    def get(self, request):
        if not selectors.sees_diary(request.actor):
            return Response([])
        return Response(MediatorSerializer(_visible(request), many=True).data)


class MediatorDetailView(ApiView):
    serializer_class = MediatorSerializer

    @extend_schema(
        operation_id="mediators_detail",
        summary="One mediator",
        responses={200: MediatorSerializer, **problems()},
        tags=["diary"],
    )
    def get(self, request, mediator_id):
        profile = _visible(request).filter(pk=mediator_id).first()
        if profile is None:
            raise NotFound("No such mediator.")
        return Response(MediatorSerializer(profile).data)


class AvailabilityView(ApiView):
    serializer_class = AvailabilitySerializer

    def _profile(self, mediator_id):
        profile = _visible(self.request).filter(pk=mediator_id).first()
        if profile is None:
            raise NotFound("No such mediator.")
        return profile

    def get_object(self):
        """For OPTIONS (DRF's metadata asks for the object a PUT would change)."""
        profile = _visible(self.request).filter(pk=self.kwargs["mediator_id"]).first()
        if profile is None:
            raise Http404("No such mediator.")
        return profile

    def _answer(self, profile):
        return Response(
            AvailabilitySerializer(
                {
                    "hours": profile.hours.all(),
                    "exceptions": profile.exceptions.filter(on__gte=clock.today()),
                }
            ).data
        )

    @extend_schema(
        operation_id="mediators_availability",
        summary="A mediator's weekly hours and the days that differ",
        responses={200: AvailabilitySerializer, **problems()},
        tags=["diary"],
    )
    def get(self, request, mediator_id):
        return self._answer(self._profile(mediator_id))

    @extend_schema(
        operation_id="mediators_availability_replace",
        summary="Replace a mediator's weekly hours",
        description="The mediator themself, or the provider's coordinator or manager.",
        request=AvailabilityReplaceSerializer,
        responses={200: AvailabilitySerializer, **problems(403, 409, 415)},
        tags=["diary"],
    )
    def put(self, request, mediator_id):
        # The body first: a body too deep or too large is refused the same whoever it is for.
        hours = self.validated(AvailabilityReplaceSerializer).validated_data["hours"]
        profile = self._profile(mediator_id)
        services.availability_replace(
            actor=request.actor,
            mediator=profile,
            hours=[services.Hours(h["weekday"], h["starts"], h["ends"]) for h in hours],
        )
        return self._answer(profile)


class SlotProposalsView(ApiView):
    serializer_class = ProposalSerializer
    query_parameters = None  # the strict query serializer refuses unknown names

    @extend_schema(
        operation_id="cases_slot_proposals",
        summary="The first free slots for a meeting",
        description="Inside the 30-day window (the case's stored deadline for holding the "
        "mediation), with 5 working days' notice unless agreed shorter, where a mediator who "
        "covers the LA, has no conflict and speaks the family's language (unless an "
        "interpreter is booked) and, in person, a venue are free. At most one per day.",
        parameters=[ProposalQuerySerializer],
        responses={200: ProposalSerializer(many=True), **problems()},
        tags=["diary"],
    )
    def get(self, request, reference):
        case = api_selectors.case_read(request.actor, reference=reference, resource="slots")
        if not selectors.manages(request.actor, case.provider_id) and not request.actor.works_for(
            case.provider_id
        ):
            raise NotFound("No such case.")
        query = ProposalQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        data = query.validated_data
        proposals = slot_proposals(
            case,
            today=clock.today(),
            count=data["count"],
            duration=dt.timedelta(hours=data["hours"]),
            mode=data["mode"],
            shorter_notice_agreed=data["shorter_notice_agreed"],
            interpreter_booked=data["interpreter_booked"],
            language=selectors.language_needed(case),
        )
        return Response(ProposalSerializer(proposals, many=True).data)


class BookingCreateView(ApiView):
    serializer_class = SessionSerializer

    @extend_schema(
        operation_id="cases_bookings_create",
        summary="Arrange a meeting with a mediator",
        description="The meeting (as ``POST …/sessions``) and the mediator's booking in one "
        "step. A mediator with a declared conflict, or a mediator or venue already booked at "
        "that time, is refused (400) and nothing is arranged.",
        request=BookingCreateSerializer,
        responses={
            201: SessionSerializer,
            **repeat(SessionSerializer),
            **problems(400, 403, 409, 415),
        },
        tags=["diary"],
    )
    def post(self, request, reference):
        case = self.get_case(reference)
        serializer = self.validated(BookingCreateSerializer, case=case)
        kwargs = serializer.service_kwargs(serializer.validated_data)
        mediator = selectors.MediatorProfile.objects.filter(
            pk=kwargs.pop("mediator"), provider_id=case.provider_id
        ).first()
        if mediator is None:
            raise exceptions.ValidationError(
                {"mediator": ["Choose one of the provider's mediators."]}
            )
        session = self.perform_action("session_book", case, mediator=mediator, **kwargs)
        return Response(SessionSerializer(session).data, status=self.created_status())
