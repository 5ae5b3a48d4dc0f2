"""Turn a certificate record into the document the family receives, and a meeting into its
calendar invitation."""

from django.conf import settings
from django.urls import reverse

from sendresolve.branding.selectors import letterhead
from sendresolve.cases.models import Certificate, Outcome, Session
from sendresolve.cases.permissions import sees_confidential
from sendresolve.cases.privacy import party_contact_visible
from sendresolve.cases.venues import joining_details
from sendresolve.cases.vocabulary import EventType, PartyRole, Requester
from sendresolve.documents.calendar_invites import session_invite_ics
from sendresolve.documents.certificates import CertificateData, render_certificate_pdf
from sendresolve.tenancy.actors import Who, as_actor
from sendresolve.verification.services import verification_code_issue

APPELLANT_ROLE: dict[str, str] = {
    Requester.PARENT: "parent",
    Requester.YOUNG_PERSON: "young person",
    Requester.REPRESENTATIVE: "representative of the young person",
}


def certificate_data(certificate: Certificate) -> CertificateData:
    case = certificate.case
    provider = case.provider
    held = tuple(
        case.events.filter(type=EventType.SESSION_HELD)
        .order_by("occurred_on")
        .values_list("occurred_on", flat=True)
    )
    la_informed = (
        case.events.filter(type=EventType.LA_INFORMED)
        .order_by("occurred_on")
        .values_list("occurred_on", flat=True)
        .first()
    )
    head = letterhead(provider)
    issuer = certificate.issued_by
    return CertificateData(
        number=certificate.number,
        kind=certificate.kind,
        issue_date=certificate.issued_on,
        issuer_name=issuer.get_full_name() or issuer.get_username(),
        provider_name=provider.name,
        provider_contact=", ".join(head.contact_lines),
        local_authority_name=case.local_authority.name,
        case_reference=case.reference,
        child_name=case.child_name,
        child_date_of_birth=case.child_date_of_birth,
        appellant_name=case.requester_name,
        appellant_role=APPELLANT_ROLE[case.requester],
        decision_description=certificate.decision_description,
        decision_letter_date=case.decision_letter_date,
        issues=tuple(certificate.issues),
        health_care_in_issue=case.health_care_in_issue,
        appeal_deadline=certificate.appeal_deadline,
        appeal_deadline_rule=certificate.appeal_deadline_rule,
        mediation_dates=held if certificate.kind == Certificate.Kind.MEDIATION_CONCLUDED else (),
        la_informed_date=la_informed,
        replaces_number=certificate.replaces_number,
        # Made on first rendering, in the issuing transaction (the same code ever after).
        verification_code=verification_code_issue(kind="certificate", number=certificate.number),
        verify_url=settings.SENDRESOLVE_BASE_URL + reverse("public:verify"),
        remaining_issues=_remaining_issues(certificate),
        provider_address=head.address,
        provider_logo=head.logo,
    )


def _remaining_issues(certificate: Certificate) -> tuple[str, ...]:
    """After mediation, the issues not agreed or agreed only in part (issue 21)."""
    if certificate.kind != Certificate.Kind.MEDIATION_CONCLUDED:
        return ()
    remaining = (Outcome.Result.NOT_AGREED, Outcome.Result.PARTLY_AGREED)
    issues = certificate.case.issues.filter(outcome__result__in=remaining).order_by("id")
    return tuple(issue.get_subject_display() for issue in issues)


def certificate_pdf(certificate: Certificate) -> bytes:
    """Render the certificate as an accessible tagged PDF (WeasyPrint, PDF/UA)."""
    return render_certificate_pdf(certificate_data(certificate))


def joins(reader: Who | None, session: Session) -> bool:
    """Whether the invitation may carry the meeting's joining link (issue 22): the copy sent to
    those invited (no reader), the provider's staff running it, and an LA's or health body's
    officer whose side is invited; no one else who can read the case."""
    if reader is None:
        return True
    actor = as_actor(reader)
    case = session.case
    if sees_confidential(actor, case):
        return True
    roles = {party.role for party in session.attendees.all()}
    if actor.is_officer_of(case.local_authority_id) and PartyRole.LA_OFFICER in roles:
        return True
    return bool(actor.commissioning_body_ids) and any(
        party.role == PartyRole.HEALTH
        and party.commissioning_body_id in actor.commissioning_body_ids
        for party in session.attendees.all()
    )


def session_invite(session: Session, *, domain: str, reader: Who | None = None) -> bytes:
    """The meeting's calendar invitation as it is now: the same ``UID`` for every version,
    its ``SEQUENCE`` raised by each rearrangement or cancellation, and ``METHOD:CANCEL`` once
    cancelled. Nothing confidential: the case reference, the time and the place only. For a
    ``reader`` (someone downloading it), only the attendees whose address they may see
    (privacy by stage: not the family side's for LA and health officers)."""
    case = session.case
    location = session.place
    return session_invite_ics(
        uid=f"session-{session.pk}@{domain}",
        start=session.starts_at,
        end=session.ends_at,
        summary=f"SEND mediation {case.reference}",
        location=location,
        description="\n\n".join(
            part
            for part in (
                "Mediation meeting. Please bring any papers you want to refer to.",
                joining_details(session) if joins(reader, session) else "",
            )
            if part
        ),
        organiser_email=case.provider.email or "no-reply@localhost",
        attendees=[
            (p.name, p.email)
            for p in session.attendees.all()
            if p.email and (reader is None or party_contact_visible(reader, case, p))
        ],
        sequence=session.sequence,
        cancelled=session.state == Session.State.CANCELLED,
    )
