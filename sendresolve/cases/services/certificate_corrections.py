"""Corrected certificates: a certificate already issued is never rewritten.

When a correction (``cases.services.corrections``) changed what a certificate in force says
(``cases.certificate_check``), ``certificate_correct`` issues a corrected certificate: a new
number, saying which number it replaces; the old one is kept, marked superseded on the day and
pointing to its replacement. Both stay downloadable.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sendresolve import law
from sendresolve.cases import messages
from sendresolve.cases.certificate_check import certificate_changes
from sendresolve.cases.models import Certificate
from sendresolve.cases.recorder import Step, action_require, case_step_record
from sendresolve.cases.services.casework import certificate_number
from sendresolve.cases.vocabulary import EventType
from sendresolve.core import clock
from sendresolve.core.errors import ValidationError
from sendresolve.law.dates import long_date
from sendresolve.tenancy.actors import Who, author_of


@transaction.atomic
def certificate_correct(
    *, actor: Who, certificate: Certificate, on: dt.date | None = None
) -> Certificate:
    """Issue a corrected certificate replacing ``certificate``, which is kept and marked
    superseded. The appeal deadline it prints counts from the first certificate's date of
    issue (the family has had a certificate since then)."""
    case = certificate.case
    action_require(actor, case, "certificate_correct")
    if certificate.superseded_on is not None:
        raise ValidationError(
            "This certificate was replaced already: correct the newest one.", field="certificate"
        )

    def apply(step: Step) -> Certificate:
        old = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if old.superseded_on is not None:
            raise ValidationError("This certificate was replaced already.", field="certificate")
        locked = step.case
        first = _first_issued_on(old)
        if not certificate_changes(locked, old, first_issued_on=first):
            raise ValidationError(
                "The certificate still says what the case says: nothing to correct.",
                field="certificate",
            )
        appeal = law.appeal_deadline(locked.decision_letter_date, first, certificate_required=True)
        if appeal.date < step.on:
            raise ValidationError(
                "The appeal deadline this certificate would print "
                f"({long_date(appeal.date, weekday=False)}) has passed. Speak to your manager "
                "before issuing it: the family may ask the tribunal to accept a late appeal.",
                field="certificate",
            )
        old.superseded_on = step.on
        old.save(update_fields=["superseded_on", "updated_at"])
        new = Certificate(
            case=locked,
            number=certificate_number(step.on),
            kind=old.kind,
            issued_on=step.on,
            issued_by=author_of(actor),
            decision_description=locked.decision_description,
            issues=[issue.get_subject_display() for issue in locked.issues.all()],
            appeal_deadline=appeal.date,
            appeal_deadline_rule=appeal.rule,
            replaces_number=old.number,
        )
        from sendresolve.cases.documents import certificate_pdf

        new.pdf = certificate_pdf(new)
        new.save()
        old.superseded_by = new
        old.save(update_fields=["superseded_by", "updated_at"])
        step.detail.update(certificate_id=new.pk, replaces=old.number, number=new.number)
        return new

    corrected = case_step_record(
        actor=actor,
        case=case,
        action="certificate_correct",
        event_type=EventType.CERTIFICATE_CORRECTED,
        on=on or clock.today(),
        apply=apply,
        not_before=None,
    )
    messages.certificate_message(corrected)  # the family gets the new number (after commit)
    return corrected


def _first_issued_on(certificate: Certificate) -> dt.date:
    """The date of issue of the first certificate in a chain of corrections."""
    first = certificate.issued_on
    number = certificate.replaces_number
    while number:
        earlier = (
            Certificate.objects.filter(number=number)
            .values_list("issued_on", "replaces_number")
            .first()
        )
        if earlier is None:
            break
        first, number = earlier
    return first
