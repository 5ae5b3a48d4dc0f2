"""A concluded mediation sends its satisfaction survey once the step commits.

``cases`` knows nothing of this app: the receiver watches for the ``mediation_concluded`` case
event being written inside the step's transaction and queues the sending with
``transaction.on_commit`` (robust: a failure is logged and the step stands), so a step that
rolls back sends nothing."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from sendresolve.cases.models import CaseEvent
from sendresolve.cases.vocabulary import EventType


@receiver(post_save, sender=CaseEvent, dispatch_uid="quality_survey_on_conclusion")
def case_event_saved(sender, instance: CaseEvent, created: bool, raw: bool = False, **kwargs):
    if not created or raw or instance.type != EventType.MEDIATION_CONCLUDED:
        return
    case_id = instance.case_id

    def survey_send() -> None:  # named, so a failure's log line says what failed
        from sendresolve.quality.survey import survey_invitations_send

        survey_invitations_send(case_id)

    transaction.on_commit(survey_send, robust=True)
