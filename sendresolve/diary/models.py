"""Mediators, their availability and their bookings (issue 22).

A ``Booking`` allocates a mediator (and, in person, a venue) to a ``cases.Session`` without
changing the session itself. Double booking is refused by the database, not only by a form:
every 15-minute slot a booked meeting covers is one ``BookedSlot`` row for its mediator and one
for its venue, unique per (mediator, slot) and per (venue, slot), written in the booking's
transaction. A unique index works the same on SQLite and PostgreSQL and under any number of
parallel writers: the second insert of a slot fails whoever commits first.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from sendresolve.core.models import BaseModel

SLOT_MINUTES = 15
# A DBS check older than this is flagged for renewal (provider policy, not law).
DBS_RENEW_AFTER = dt.timedelta(days=3 * 365)
# Accreditation expiring within this many days is flagged.
EXPIRY_WARNING = dt.timedelta(days=60)


class AccreditationBody(models.TextChoices):
    CMC = "cmc", "Civil Mediation Council"
    COLLEGE = "college", "College of Mediators"
    OTHER = "other", "Other"


class MediatorProfile(BaseModel):
    """A provider's mediator: accreditation, checks, councils and languages covered."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mediator_profile"
    )
    provider = models.ForeignKey(
        "tenancy.Provider", on_delete=models.PROTECT, related_name="mediator_profiles"
    )
    accreditation_body = models.CharField(
        max_length=12, choices=AccreditationBody, default=AccreditationBody.CMC
    )
    registration_number = models.CharField(max_length=40, blank=True)
    accredited_until = models.DateField(null=True, blank=True)
    dbs_checked_on = models.DateField("DBS checked on", null=True, blank=True)
    local_authorities = models.ManyToManyField(
        "tenancy.LocalAuthority", blank=True, related_name="mediator_profiles"
    )
    # Language names as people say them ("English", "Polish", "British Sign Language").
    languages = models.JSONField(default=list, blank=True)
    # The iCalendar feed's secret: a SHA-256 digest of the token in the URL, never the token.
    feed_digest = models.CharField(max_length=64, blank=True, db_index=True)
    feed_created_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user__first_name", "user__last_name", "user__username"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    def speaks(self, language: str) -> bool:
        wanted = language.strip().casefold()
        return any(spoken.strip().casefold() == wanted for spoken in self.languages)

    def warnings(self, today: dt.date) -> list[str]:
        """What a coordinator must renew: accreditation and DBS check, expired or due."""
        found = []
        if self.accredited_until is None:
            found.append("Accreditation date not recorded")
        elif self.accredited_until < today:
            found.append(f"Accreditation expired on {self.accredited_until:%-d %B %Y}")
        elif self.accredited_until - today <= EXPIRY_WARNING:
            found.append(f"Accreditation expires on {self.accredited_until:%-d %B %Y}")
        if self.dbs_checked_on is None:
            found.append("DBS check not recorded")
        elif today - self.dbs_checked_on > DBS_RENEW_AFTER:
            found.append(f"DBS check is more than 3 years old ({self.dbs_checked_on:%-d %B %Y})")
        return found


class Conflict(BaseModel):
    """A declared conflict of interest: the mediator may not mediate a case it touches."""

    mediator = models.ForeignKey(
        MediatorProfile, on_delete=models.CASCADE, related_name="conflicts"
    )
    local_authority = models.ForeignKey(
        "tenancy.LocalAuthority", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # An organisation (a school, a trust) or a person linked to the mediator.
    name = models.CharField(max_length=150, blank=True)
    reason = models.CharField(max_length=300)
    declared_on = models.DateField()

    class Meta:
        ordering = ["declared_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(local_authority__isnull=False) | ~Q(name=""),
                name="diary_conflict_names_someone",
            )
        ]

    def __str__(self) -> str:
        return self.name or str(self.local_authority)


class WeeklyHours(BaseModel):
    """Recurring hours a mediator is available on one weekday (0 Monday … 6 Sunday)."""

    mediator = models.ForeignKey(MediatorProfile, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField()
    starts = models.TimeField()
    ends = models.TimeField()

    class Meta:
        ordering = ["weekday", "starts"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="diary_hours_order"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="diary_hours_weekday"),
        ]


class AvailabilityException(BaseModel):
    """One day that differs from the weekly hours: away all day or for some hours, or extra
    hours (e.g. working on a bank holiday)."""

    class Kind(models.TextChoices):
        UNAVAILABLE = "unavailable", "Not available"
        EXTRA = "extra", "Extra hours"

    mediator = models.ForeignKey(
        MediatorProfile, on_delete=models.CASCADE, related_name="exceptions"
    )
    on = models.DateField()
    kind = models.CharField(max_length=12, choices=Kind)
    # Empty for a whole day away; extra hours always have times.
    starts = models.TimeField(null=True, blank=True)
    ends = models.TimeField(null=True, blank=True)

    class Meta:
        ordering = ["on", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(starts__isnull=True) & Q(ends__isnull=True) & Q(kind="unavailable"))
                | Q(ends__gt=F("starts")),
                name="diary_exception_times",
            )
        ]


class Booking(BaseModel):
    """The mediator (and venue, in person) allocated to a meeting."""

    session = models.OneToOneField(
        "cases.Session", on_delete=models.CASCADE, related_name="booking"
    )
    mediator = models.ForeignKey(MediatorProfile, on_delete=models.PROTECT, related_name="bookings")
    venue = models.ForeignKey(
        "cases.Venue", on_delete=models.PROTECT, null=True, blank=True, related_name="bookings"
    )

    def __str__(self) -> str:
        return f"{self.session_id} {self.mediator_id}"


class BookedSlot(models.Model):
    """One 15-minute slot a booked meeting holds for one mediator or one venue."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="slots")
    mediator = models.ForeignKey(
        MediatorProfile, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    venue = models.ForeignKey(
        "cases.Venue", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    slot_start = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mediator", "slot_start"], name="diary_mediator_slot_once"
            ),
            models.UniqueConstraint(fields=["venue", "slot_start"], name="diary_venue_slot_once"),
            models.CheckConstraint(
                condition=Q(mediator__isnull=True, venue__isnull=False)
                | Q(mediator__isnull=False, venue__isnull=True),
                name="diary_slot_one_holder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mediator_id or self.venue_id} {self.slot_start:%Y-%m-%d %H:%M}"
