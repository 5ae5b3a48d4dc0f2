import factory

from sendresolve.notifications.models import Channel, OutboxMessage, Status

CASE_OPENED = {
    "name": "Sam Parent",
    "case_reference": "MED-2025-0001",
    "provider_name": "Alpha Mediation",
    "provider_phone": "020 7946 0001",
}


class OutboxMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboxMessage

    template = "case_opened"
    channel = Channel.EMAIL
    to = factory.Sequence(lambda n: f"parent{n}@example.test")
    personalisation = factory.LazyFunction(lambda: dict(CASE_OPENED))
    subject = "Your mediation case reference is MED-2025-0001"
    body = "Dear Sam Parent,"
    reference = "MED-2025-0001"
    status = Status.QUEUED
