"""The health commissioning bodies on a case, and the health side's duties.

- Health care in issue: the LA must notify each relevant health body within 3 working days
  (MED-03); ``health_body_add`` adds one, ``commissioning_body_notify`` records each notice.
- Health only: the commissioning body arranges the mediation within 30 days of the LA's notice
  (MED-04); with other issues, the LA arranges one mediation with each health body (MED-05).
- After a mediation agreement the LA was not party to, the health body tells the LA within
  1 week (reg 42(4), AGR-03): ``agreement_la_notify``.
"""

import datetime as dt

from django.db import transaction

from sendresolve.cases.deadlines import deadlines_recompute
from sendresolve.cases.models import Agreement, Case, CaseHealthBody
from sendresolve.cases.recorder import action_require, date_check, event_record
from sendresolve.cases.states import TERMINAL
from sendresolve.cases.vocabulary import EventType
from sendresolve.core import clock
from sendresolve.core.errors import ValidationError
from sendresolve.tenancy.actors import Who
from sendresolve.tenancy.models import CommissioningBody


@transaction.atomic
def health_body_add(
    *, actor: Who, case: Case, commissioning_body: CommissioningBody
) -> CaseHealthBody:
    """Add a health commissioning body responsible for health care in issue on the case."""
    action_require(actor, case, "health_body_add")
    if case.status in TERMINAL:
        raise ValidationError("The case is closed.", field="commissioning_body")
    if not case.local_authority.commissioning_bodies.filter(pk=commissioning_body.pk).exists():
        raise ValidationError(
            f"{commissioning_body.name} does not cover {case.local_authority.name}.",
            field="commissioning_body",
        )
    link, created = CaseHealthBody.objects.get_or_create(
        case=case, commissioning_body=commissioning_body
    )
    if not created:
        raise ValidationError(
            f"{commissioning_body.name} is already on this case.", field="commissioning_body"
        )
    if case.commissioning_body_id is None:
        case.commissioning_body = commissioning_body
        case.save(update_fields=["commissioning_body", "updated_at"])
    event_record(
        case,
        actor=actor,
        event_type=EventType.HEALTH_BODY_ADDED,
        on=max(clock.today(), case.opened_on),
        action="health_body_add",
        detail={"commissioning_body_id": commissioning_body.pk},
    )
    deadlines_recompute(case)
    return link


@transaction.atomic
def agreement_la_notify(*, actor: Who, case: Case, on: dt.date) -> Agreement:
    """The health body told the LA about a mediation agreement the LA was not party to."""
    action_require(actor, case, "agreement_la_notify", owner="commissioning_body")
    agreement = Agreement.objects.filter(case=case).first()
    if agreement is None or agreement.la_was_party:
        raise ValidationError(
            "Only an agreement the local authority was not party to needs this.", field="on"
        )
    if agreement.la_notified_on is not None:
        raise ValidationError("The local authority was already told.", field="on")
    agreement.la_notified_on = date_check(
        on, "on", not_before=agreement.agreed_on, before_label="the agreement"
    )
    agreement.save(update_fields=["la_notified_on", "updated_at"])
    event_record(
        case,
        actor=actor,
        event_type=EventType.AGREEMENT_NOTIFIED_TO_LA,
        on=agreement.la_notified_on,
        action="agreement_la_notify",
    )
    deadlines_recompute(case)
    return agreement
