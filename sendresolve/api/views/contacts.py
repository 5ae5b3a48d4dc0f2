"""The case's contact log and tasks."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from sendresolve.api import selectors as api_selectors
from sendresolve.api.serializers.contacts import (
    CaseTaskSerializer,
    ContactCreateSerializer,
    ContactEntrySerializer,
    TaskCreateSerializer,
)
from sendresolve.api.views.base import ApiView, problems, repeat
from sendresolve.cases.contact_selectors import contact_entries_for, task_get, tasks_for


class ContactListView(ApiView):
    serializer_class = ContactEntrySerializer

    @extend_schema(
        operation_id="cases_contacts_list",
        summary="The case's contact log, newest first",
        description="The provider's own record: listed for the provider's staff only (an LA or "
        "health body's officer gets an empty list); entries marked confidential only for those "
        "who may read confidential content.",
        responses={200: ContactEntrySerializer(many=True), **problems()},
        tags=["contact log and tasks"],
    )
    def get(self, request, reference):
        case = api_selectors.case_read(request.actor, reference=reference, resource="contacts")
        entries = contact_entries_for(request.actor, case)
        return Response(ContactEntrySerializer(entries, many=True).data)

    @extend_schema(
        operation_id="cases_contacts_create",
        summary="Log a contact",
        description="A call, email, letter, meeting or text message about the case (the "
        "provider's staff). Send an ``Idempotency-Key`` header to make a retry safe.",
        request=ContactCreateSerializer,
        responses={
            201: ContactEntrySerializer,
            **repeat(ContactEntrySerializer),
            **problems(400, 403, 415),
        },
        tags=["contact log and tasks"],
    )
    def post(self, request, reference):
        case = self.get_case(reference)
        data = self.validated(ContactCreateSerializer, case=case).validated_data
        entry = self.perform_action("contact_log", case, **data)
        return Response(ContactEntrySerializer(entry).data, status=self.created_status())


class TaskListView(ApiView):
    serializer_class = CaseTaskSerializer

    @extend_schema(
        operation_id="cases_tasks_list",
        summary="The case's tasks",
        description="Open tasks first, by due date; then those done. The provider's staff only "
        "(an LA or health body's officer gets an empty list).",
        responses={200: CaseTaskSerializer(many=True), **problems()},
        tags=["contact log and tasks"],
    )
    def get(self, request, reference):
        case = api_selectors.case_read(request.actor, reference=reference, resource="tasks")
        return Response(CaseTaskSerializer(tasks_for(request.actor, case), many=True).data)

    @extend_schema(
        operation_id="cases_tasks_create",
        summary="Add a task",
        description="For a member of the provider's staff; it shows in their work queue.",
        request=TaskCreateSerializer,
        responses={
            201: CaseTaskSerializer,
            **repeat(CaseTaskSerializer),
            **problems(400, 403, 415),
        },
        tags=["contact log and tasks"],
    )
    def post(self, request, reference):
        case = self.get_case(reference)
        data = self.validated(TaskCreateSerializer).validated_data
        task = self.perform_action("task_add", case, **data)
        return Response(CaseTaskSerializer(task).data, status=self.created_status())


class TaskDoneView(ApiView):
    serializer_class = CaseTaskSerializer
    action_name = "task_done"

    @extend_schema(
        operation_id="cases_tasks_done",
        summary="Mark a task done (today)",
        description="No body. 409 if it is already done.",
        request=None,
        responses={200: CaseTaskSerializer, **problems(403, 409)},
        tags=["contact log and tasks"],
    )
    def post(self, request, reference, task_id):
        case = self.get_case(reference)
        task = task_get(case, task_id=task_id)
        task = self.perform_action(self.action_name, case, task=task)
        return Response(CaseTaskSerializer(task).data)


class TaskReopenView(TaskDoneView):
    action_name = "task_reopen"

    @extend_schema(
        operation_id="cases_tasks_reopen",
        summary="Reopen a task marked done",
        description="No body. 409 if it is not done.",
        request=None,
        responses={200: CaseTaskSerializer, **problems(403, 409)},
        tags=["contact log and tasks"],
    )
    def post(self, request, reference, task_id):
        return super().post(request, reference, task_id)
