"""Reads the API needs beyond ``cases.selectors``, each scoped to the acting user.

Reading a case resource or downloading a certificate through the API is audited here, so each
view still calls one function.
"""

from django.db.models import Prefetch, QuerySet

from sendresolve.audit.services import audit_record
from sendresolve.cases.models import AgreedAction, Case, Certificate, Session
from sendresolve.cases.selectors import case_get, cases_for
from sendresolve.cases.states import TERMINAL
from sendresolve.core.errors import NotFound
from sendresolve.tenancy.models import LocalAuthority


def cases_list(
    user, *, local_authority: str = "", status: str = "", unassigned: bool = False
) -> QuerySet[Case]:
    """The cases the user may see, newest first, optionally for one LA (DfE code) or status, or
    only the open ones no one is assigned to (the staff queue's "New and unassigned")."""
    queryset = cases_for(user).select_related("provider", "local_authority", "assigned_to")
    if unassigned:
        queryset = queryset.filter(assigned_to__isnull=True).exclude(status__in=TERMINAL)
    if local_authority:
        # The LA's id first, so the database plans with it and walks ``case_la_newest``,
        # newest first, stopping at a page; through a join on the code it sorted every one
        # of the LA's cases the user may see for each page (27 ms at 100,000 cases).
        la_id = (
            LocalAuthority.objects.filter(dfe_code=local_authority)
            .values_list("pk", flat=True)
            .first()
        )
        queryset = queryset.filter(local_authority_id=la_id) if la_id else queryset.none()
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-opened_on", "-id")


def case_read(user, *, reference: str, resource: str) -> Case:
    """Return a case the user may see (``NotFound`` otherwise) and audit the read."""
    case = case_get(user, reference=reference)
    audit_record(
        actor=user,
        action="api.case.read",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail={"resource": resource},
    )
    return case


def case_detail_get(user, *, reference: str, audit: bool = True) -> Case:
    """A case with everything its detail shows, prefetched; audited unless just written."""
    queryset = (
        cases_for(user)
        .select_related("provider", "local_authority", "commissioning_body", "assigned_to")
        .prefetch_related(
            "issues__outcome",
            "parties",
            Prefetch(
                "sessions",
                queryset=Session.objects.select_related("venue").prefetch_related("attendees"),
            ),
            "outcomes__issue",
            "actions",
        )
    )
    try:
        case = queryset.get(reference=reference)
    except Case.DoesNotExist:
        raise NotFound("No such case.") from None
    if audit:
        audit_record(
            actor=user,
            action="api.case.read",
            target=case,
            local_authority=case.local_authority,
            provider=case.provider,
            detail={"resource": "case"},
        )
    return case


def case_certificates(case: Case) -> QuerySet[Certificate]:
    return case.certificates.defer("pdf").order_by("issued_on", "id")


def certificate_download(user, *, number: str) -> Certificate:
    """A certificate of a case the user may see (``NotFound`` otherwise); the read is audited."""
    try:
        certificate = Certificate.objects.select_related(
            "case__local_authority", "case__provider"
        ).get(number=number, case__in=cases_for(user).values("pk"))
    except Certificate.DoesNotExist:
        raise NotFound("No such certificate.") from None
    audit_record(
        actor=user,
        action="api.certificate.download",
        target=certificate,
        local_authority=certificate.case.local_authority,
        provider=certificate.case.provider,
        detail={"case_id": certificate.case_id},
    )
    return certificate


# Ids beyond a 64-bit integer would overflow the database driver: they cannot exist.
MAX_ID = 2**63 - 1


def session_get(case: Case, *, session_id: int) -> Session:
    try:
        if not 0 < session_id <= MAX_ID:
            raise Session.DoesNotExist
        return case.sessions.select_related("case").get(pk=session_id)
    except Session.DoesNotExist:
        raise NotFound("No such session.") from None


def agreed_action_get(case: Case, *, action_id: int) -> AgreedAction:
    try:
        if not 0 < action_id <= MAX_ID:
            raise AgreedAction.DoesNotExist
        return case.actions.select_related("case", "agreement").get(pk=action_id)
    except AgreedAction.DoesNotExist:
        raise NotFound("No such agreed action.") from None


def case_status_locked(case: Case) -> str:
    """The case's status, its row locked until the caller's transaction ends: of parallel
    requests on one case, the later read it only once the earlier has committed."""
    return Case.objects.select_for_update().values_list("status", flat=True).get(pk=case.pk)
