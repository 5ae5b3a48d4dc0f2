"""Demo diary (``manage.py demo``): a record, councils, languages and weekday hours for every
demo provider's mediator, so ``make run`` shows mediators, week views and free slots.

Seed data written directly, as the rest of the demo is: there is no acting user, and running
it again changes nothing a coordinator has edited since (records and hours are only created
when missing).
"""

import datetime as dt

from sendresolve.core import clock
from sendresolve.diary.models import MediatorProfile, WeeklyHours
from sendresolve.tenancy.models import Membership
from sendresolve.tenancy.roles import Role

DEMO_LANGUAGES = (["English", "Polish"], ["English", "British Sign Language"], ["English"])


def diary_demo_seed() -> int:
    """Create the missing demo mediators' records and hours; return how many were created."""
    created = 0
    memberships = (
        Membership.objects.filter(role=Role.MEDIATOR, is_active=True, provider__isnull=False)
        .select_related("user", "provider")
        .order_by("pk")
    )
    today = clock.today()
    for n, membership in enumerate(memberships):
        provider = membership.provider
        if provider is None or MediatorProfile.objects.filter(user=membership.user).exists():
            continue
        profile = MediatorProfile.objects.create(
            user=membership.user,
            provider=provider,
            accreditation_body="cmc",
            registration_number=f"CMC-{4100 + n}",
            accredited_until=today + dt.timedelta(days=400 if n % 2 == 0 else 40),
            dbs_checked_on=today - dt.timedelta(days=500 if n % 2 == 0 else 1200),
            languages=DEMO_LANGUAGES[n % len(DEMO_LANGUAGES)],
        )
        profile.local_authorities.set(
            provider.commissions.values_list("local_authority_id", flat=True)
        )
        WeeklyHours.objects.bulk_create(
            WeeklyHours(mediator=profile, weekday=day, starts=dt.time(9, 30), ends=dt.time(16, 30))
            for day in range(5)
        )
        created += 1
    return created
