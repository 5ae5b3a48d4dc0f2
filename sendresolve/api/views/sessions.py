"""Sessions (mediation meetings), agreed actions done, and confidential notes."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from sendresolve.api import selectors as api_selectors
from sendresolve.api.serializers.cases import (
    AgreedActionSerializer,
    ConfidentialNoteSerializer,
    SessionSerializer,
)
from sendresolve.api.serializers.sessions import (
    ActionCompleteSerializer,
    NoteCreateSerializer,
    NoticeSentSerializer,
    SessionCancellationSerializer,
    SessionRearrangedSerializer,
    SessionRearrangeSerializer,
    SessionScheduleSerializer,
)
from sendresolve.api.views.base import ApiView, problems, repeat
from sendresolve.cases.meeting_rules import meeting_warnings
from sendresolve.core import clock


class SessionListView(ApiView):
    serializer_class = SessionSerializer

    @extend_schema(
        operation_id="cases_sessions_list",
        summary="The case's meetings",
        responses={200: SessionSerializer(many=True), **problems()},
        tags=["sessions"],
    )
    def get(self, request, reference):
        case = api_selectors.case_read(request.actor, reference=reference, resource="sessions")
        sessions = case.sessions.select_related("venue").prefetch_related("attendees")
        return Response(SessionSerializer(sessions, many=True).data)

    @extend_schema(
        operation_id="cases_sessions_create",
        summary="Arrange a meeting",
        request=SessionScheduleSerializer,
        responses={
            201: SessionSerializer,
            **repeat(SessionSerializer),
            **problems(400, 403, 409, 415),
        },
        tags=["sessions"],
    )
    def post(self, request, reference):
        case = self.get_case(reference)
        serializer = self.validated(SessionScheduleSerializer, case=case)
        session = self.perform_action(
            "session_schedule", case, **serializer.service_kwargs(serializer.validated_data)
        )
        return Response(SessionSerializer(session).data, status=self.created_status())


class SessionHeldView(ApiView):
    serializer_class = SessionSerializer

    @extend_schema(
        operation_id="cases_sessions_held",
        summary="Record that a meeting took place",
        description="The meeting is recorded as held on the day it started. No body.",
        request=None,
        responses={200: SessionSerializer, **problems(400, 403, 409)},
        tags=["sessions"],
    )
    def post(self, request, reference, session_id):
        case = self.get_case(reference)
        session = api_selectors.session_get(case, session_id=session_id)
        session = self.perform_action("session_hold", case, session=session)
        return Response(SessionSerializer(session).data)


class SessionNoticeSentView(ApiView):
    serializer_class = SessionSerializer

    @extend_schema(
        operation_id="cases_sessions_notice_sent",
        summary="Record that the family was sent the date and place",
        request=NoticeSentSerializer,
        responses={200: SessionSerializer, **problems(400, 403, 409, 415)},
        tags=["sessions"],
    )
    def post(self, request, reference, session_id):
        case = self.get_case(reference)
        session = api_selectors.session_get(case, session_id=session_id)
        on = self.validated(NoticeSentSerializer).validated_data["on"]
        session = self.perform_action("session_notice_send", case, session=session, on=on)
        return Response(SessionSerializer(session).data)


class SessionRearrangementView(ApiView):
    serializer_class = SessionRearrangedSerializer

    @extend_schema(
        operation_id="cases_sessions_rearrange",
        summary="Rearrange a meeting",
        description="A new date, time or place for an arranged meeting, with the reason. The "
        "family and everyone invited are told, and the calendar invitation keeps its UID with "
        "a higher SEQUENCE. A date after the 30-day limit or with less than 5 working days' "
        "notice is not refused: ``warnings`` says which rule it breaks. Send an "
        "``Idempotency-Key`` header to make a retry safe.",
        request=SessionRearrangeSerializer,
        responses={200: SessionRearrangedSerializer, **problems(400, 403, 409, 415)},
        tags=["sessions"],
    )
    def post(self, request, reference, session_id):
        case = self.get_case(reference)
        session = api_selectors.session_get(case, session_id=session_id)
        serializer = self.validated(SessionRearrangeSerializer, case=case)
        kwargs = serializer.service_kwargs(serializer.validated_data)
        session = self.perform_action("session_rearrange", case, session=session, **kwargs)
        session.refresh_from_db()
        warnings = meeting_warnings(
            case,
            starts_at=session.starts_at,
            shorter_notice_agreed=session.shorter_notice_agreed,
            today=clock.today(),
        )
        body = {**SessionSerializer(session).data}
        body["warnings"] = [{"code": w.code, "text": w.text} for w in warnings]
        return Response(body)


class SessionCancellationView(ApiView):
    serializer_class = SessionSerializer

    @extend_schema(
        operation_id="cases_sessions_cancel",
        summary="Cancel a meeting",
        description="Record who called an arranged meeting off, when and why. The family and "
        "everyone invited are told, and the calendar invitation becomes a cancellation "
        "(METHOD:CANCEL, STATUS:CANCELLED) with a higher SEQUENCE. Send an ``Idempotency-Key`` "
        "header to make a retry safe.",
        request=SessionCancellationSerializer,
        responses={200: SessionSerializer, **problems(400, 403, 409, 415)},
        tags=["sessions"],
    )
    def post(self, request, reference, session_id):
        case = self.get_case(reference)
        session = api_selectors.session_get(case, session_id=session_id)
        data = self.validated(SessionCancellationSerializer).validated_data
        session = self.perform_action("session_cancel", case, session=session, **data)
        session.refresh_from_db()
        return Response(SessionSerializer(session).data)


class AgreedActionCompleteView(ApiView):
    serializer_class = AgreedActionSerializer

    @extend_schema(
        operation_id="cases_agreed_actions_complete",
        summary="Record that an agreed action was done",
        description="LA officers may record the LA's actions; health commissioners theirs.",
        request=ActionCompleteSerializer,
        responses={200: AgreedActionSerializer, **problems(400, 403, 409, 415)},
        tags=["agreed actions"],
    )
    def post(self, request, reference, action_id):
        case = self.get_case(reference)
        action = api_selectors.agreed_action_get(case, action_id=action_id)
        on = self.validated(ActionCompleteSerializer).validated_data["on"]
        action = self.perform_action("action_complete", case, action=action, on=on)
        return Response(AgreedActionSerializer(action).data)


class NoteCreateView(ApiView):
    serializer_class = ConfidentialNoteSerializer

    @extend_schema(
        operation_id="cases_notes_create",
        summary="Add a confidential note",
        description="The provider's own staff only; LA and health users get 403.",
        request=NoteCreateSerializer,
        responses={
            201: ConfidentialNoteSerializer,
            **repeat(ConfidentialNoteSerializer),
            **problems(400, 403, 415),
        },
        tags=["cases"],
    )
    def post(self, request, reference):
        case = self.get_case(reference)
        text = self.validated(NoteCreateSerializer).validated_data["text"]
        note = self.perform_action("note_add", case, text=text)
        return Response(ConfidentialNoteSerializer(note).data, status=self.created_status())
