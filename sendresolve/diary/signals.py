"""Booked slots follow their meeting (``services.booking_follow``) whenever a ``Session`` is
saved: ``cases`` knows nothing of the diary, and its rearrange and cancel services save the
session inside their step's transaction, so the slots move or go in the same transaction."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from sendresolve.cases.models import Session


@receiver(post_save, sender=Session, dispatch_uid="diary_booking_follow")
def session_saved(sender, instance: Session, created: bool, raw: bool = False, **kwargs) -> None:
    if created or raw:
        return  # a new meeting is booked by ``session_book`` after it is written
    from sendresolve.diary.services import booking_follow

    booking_follow(instance)
