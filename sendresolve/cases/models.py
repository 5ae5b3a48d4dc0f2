"""Mediation and disagreement-resolution cases and everything recorded on them.

A case belongs to one provider (who does the work) and one LA (whose case it is). Its status
changes only through ``cases.services`` (see ``states.py``). Deadlines are derived from its
dates by the law core and stored in ``CaseDeadline`` for querying.

Confidential mediation content (``ConfidentialNote``) is kept apart from the shareable written
agreement, so no query for LA or health users ever needs to exclude fields.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from sendresolve.cases.states import Status
from sendresolve.cases.venue_links import venue_link_validate
from sendresolve.cases.vocabulary import (
    Body,
    CancelledBy,
    CaseKind,
    Channel,
    DrType,
    EventType,
    IssueSubject,
    Participation,
    PartyRole,
    ProceedingKind,
    ReferrerKind,
    Requester,
)
from sendresolve.core import clock
from sendresolve.core.models import BaseModel
from sendresolve.law import appeals

# No 0/O, 1/I/L: references are read out on the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference() -> str:
    """Return a random case reference such as ``SR-7K3M-Q9XD`` (not derivable from others)."""
    token = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"SR-{token[:4]}-{token[4:]}"


class Case(BaseModel):
    reference = models.CharField(max_length=12, unique=True, default=new_reference)
    provider = models.ForeignKey("tenancy.Provider", on_delete=models.PROTECT, related_name="cases")
    local_authority = models.ForeignKey(
        "tenancy.LocalAuthority", on_delete=models.PROTECT, related_name="cases"
    )
    commissioning_body = models.ForeignKey(
        "tenancy.CommissioningBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    kind = models.CharField(max_length=24, choices=CaseKind, default=CaseKind.MEDIATION)
    dr_type = models.CharField(
        "kind of disagreement resolution", max_length=32, choices=DrType, blank=True
    )
    has_ehc_plan = models.BooleanField(
        "has an EHC plan",
        null=True,
        blank=True,
        help_text="Not needed for disagreement resolution.",
    )
    status = models.CharField(max_length=24, choices=Status, default=Status.ENQUIRY)
    opened_on = models.DateField(help_text="The day the family first contacted the provider.")
    closed_on = models.DateField(null=True, blank=True)

    child_name = models.CharField(max_length=150)
    child_date_of_birth = models.DateField(null=True, blank=True)
    requester = models.CharField(max_length=16, choices=Requester)
    requester_name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    preferred_channel = models.CharField(max_length=8, choices=Channel, default=Channel.EMAIL)

    # What the family asked for, in the values of ``services.opening.OnlineRequest`` (mediation
    # advice, mediation, disagreement resolution): ``kind`` says what the case is, this says
    # what they asked, so their status page answers in their words. No choices here, so a change
    # of wording needs no migration; the opening services check the value.
    requested = models.CharField(max_length=24, blank=True, default="")
    decision_description = models.CharField(max_length=300, blank=True)
    decision_letter_date = models.DateField(null=True, blank=True)
    health_care_in_issue = models.BooleanField(default=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    # The earliest open deadline that anyone but the family owes (by due date, then id), a
    # projection kept by ``projections.next_deadline_keep`` after every step commits: provider
    # staff's and administrators' work queue orders and counts by it without looking at every
    # deadline.
    next_deadline_on = models.DateField(null=True, blank=True, editable=False)
    next_deadline_title = models.CharField(max_length=150, blank=True, editable=False)

    # -- triage: a referral made on the family's behalf, with their consent -------------------
    referred_by = models.CharField(
        "referred by", max_length=16, choices=ReferrerKind, blank=True, default=""
    )
    referrer_organisation = models.CharField(max_length=150, blank=True, default="")
    referrer_name = models.CharField(max_length=150, blank=True, default="")
    referral_consent_on = models.DateField(
        "family's consent given on",
        null=True,
        blank=True,
        help_text="The day the family agreed to the referral (required when referred).",
    )
    referral_consent_note = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["provider", "status"]),
            models.Index(fields=["local_authority", "status"]),
            models.Index(fields=["assigned_to", "status"]),
            # Administrators' queue: the few thousand open cases among half a million.
            models.Index(fields=["status"], name="case_status"),
            # Queue summary counts by the kept next deadline, from the index alone.
            models.Index(fields=["provider", "status", "next_deadline_on"], name="case_next_due"),
            models.Index(fields=["status", "next_deadline_on"], name="case_status_next_due"),
            # The API's cursor-paged case list (issue 26): newest first within a provider or an
            # LA, so each page is an index range, never a sort of the whole caseload.
            models.Index(fields=["provider", "-id"], name="case_provider_newest"),
            models.Index(fields=["local_authority", "-id"], name="case_la_newest"),
            # ... and a provider's staff filtering by one LA (``?local_authority=``): both
            # columns matched, then newest first (38 ms to 1 ms at 100,000 cases).
            models.Index(
                fields=["local_authority", "provider", "-id"], name="case_la_provider_newest"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def has_family_party(self) -> bool:
        """False only for disagreement resolution between an LA and a health body."""
        return self.dr_type != DrType.LA_HEALTH

    @property
    def is_disagreement_resolution(self) -> bool:
        return self.kind == CaseKind.DISAGREEMENT_RESOLUTION

    def certificate_required(self, subjects: set[str] | None = None) -> bool | None:
        """Whether an appeal needs a mediation certificate (None if nothing is appealable).

        The law core decides (:func:`sendresolve.law.appeals.certificate_required`): an appeal
        only about the school named in the plan needs none (CFA 2014 s.55; law.md §3.4).
        Disagreement resolution leads to no appeal, so the answer is None. ``subjects`` avoids a
        query when the caller already has the issues.
        """
        if subjects is None:
            subjects = set(self.issues.values_list("subject", flat=True))
        if self.kind == CaseKind.DISAGREEMENT_RESOLUTION:
            return None
        return appeals.certificate_required(subjects)


class Issue(BaseModel):
    """One issue in dispute, with its subject from the contract vocabulary."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="issues")
    subject = models.CharField(max_length=40, choices=IssueSubject)
    with_body = models.CharField(
        "disagreement with",
        max_length=16,
        choices=Body,
        blank=True,
        help_text="Which service the issue is with (a case can cover several).",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.get_subject_display()

    @property
    def appealable(self) -> bool:
        return appeals.is_appealable(self.subject)


class Party(BaseModel):
    """Someone taking part: the family, supporters, the child, the LA, health, school."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(max_length=16, choices=PartyRole)
    name = models.CharField(max_length=150)
    organisation = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    has_authority_to_agree = models.BooleanField(default=False)
    views_gathered_how = models.CharField(
        max_length=300, blank=True, help_text="For the child: how their views were gathered."
    )
    commissioning_body = models.ForeignKey(
        "tenancy.CommissioningBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a health representative: the body they speak for.",
    )
    participation = models.CharField(
        max_length=10, choices=Participation, default=Participation.PENDING
    )
    participation_on = models.DateField(null=True, blank=True)
    access_needs = models.TextField(
        blank=True,
        help_text="What the person needs to take part: an interpreter, step-free access, breaks.",
    )

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "parties"

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class CaseHealthBody(models.Model):
    """A health commissioning body responsible for health care in issue on the case.

    The LA must notify each one within 3 working days of being told the mediation issues
    include health care (MED-03), so each has its own notification date.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="health_bodies")
    commissioning_body = models.ForeignKey(
        "tenancy.CommissioningBody", on_delete=models.PROTECT, related_name="case_links"
    )
    notified_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "commissioning_body"], name="one_link_per_health_body"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.commissioning_body_id}"


class RelatedProceeding(BaseModel):
    """A complaint or appeal running alongside the case (DR can run before, alongside or after
    complaints, and while an appeal is pending)."""

    class State(models.TextChoices):
        ONGOING = "ongoing", "Ongoing"
        FINISHED = "finished", "Finished"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="proceedings")
    kind = models.CharField(max_length=32, choices=ProceedingKind)
    started_on = models.DateField()
    state = models.CharField(max_length=10, choices=State, default=State.ONGOING)
    reference = models.CharField(max_length=60, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on}"


class CaseEvent(models.Model):
    """Something that happened to a case: who recorded it, when, and on what date it happened."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=32, choices=EventType)
    occurred_on = models.DateField()
    recorded_at = models.DateTimeField(default=clock.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=24, choices=Status, blank=True)
    to_status = models.CharField(max_length=24, choices=Status, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["occurred_on", "recorded_at", "id"]
        indexes = [
            models.Index(fields=["case", "type"]),
            # A case's newest event (its last step, on every case page): without it PostgreSQL
            # walks the primary key backwards through every newer case's events (156 ms at
            # 32,000 cases, seconds at 500,000, for an old case).
            models.Index(fields=["case", "id"], name="case_event_case_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.type} {self.occurred_on}"


class Venue(BaseModel):
    """A neutral place (or online / telephone) where an LA's mediations can be held."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online (video)"
        TELEPHONE = "telephone", "Telephone"

    # The LA the venue was first set up for. Which LAs it serves now is ``serves`` (issue 22);
    # this stays because older code and records name it.
    local_authority = models.ForeignKey(
        "tenancy.LocalAuthority",
        on_delete=models.PROTECT,
        related_name="venues",
        help_text="The local authority it was first set up for.",
    )
    name = models.CharField(max_length=150)
    address = models.TextField(blank=True)
    mode = models.CharField(max_length=12, choices=Mode, default=Mode.IN_PERSON)
    accessible = models.BooleanField(default=True, help_text="Step-free access.")
    is_active = models.BooleanField(default=True)
    # -- Managed by the provider in the staff pages (issue 22; ``cases.venues``) --
    provider = models.ForeignKey(
        "tenancy.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="venues",
        help_text="The provider that manages it. Empty: set up by an administrator before "
        "providers managed their own venues.",
    )
    serves = models.ManyToManyField(
        "tenancy.LocalAuthority",
        blank=True,
        related_name="venues_served",
        help_text="The local authorities whose meetings may be held here.",
    )
    hearing_loop = models.BooleanField(default=False)
    quiet_room = models.BooleanField(default=False, help_text="A quiet or breakout room.")
    parking = models.BooleanField(default=False)
    transport_notes = models.TextField(
        blank=True, help_text="Public transport: nearest stations and bus routes."
    )
    joining_link = models.URLField(
        max_length=500,
        blank=True,
        validators=[venue_link_validate],
        help_text="Online meetings: the https link participants join by.",
    )
    joining_instructions = models.TextField(blank=True)
    dial_in = models.CharField(
        "dial-in number", max_length=40, blank=True, help_text="Telephone meetings."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Session(BaseModel):
    """A mediation (or disagreement-resolution) meeting."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", "Arranged"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    mode = models.CharField(max_length=12, choices=Venue.Mode)
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    attendees = models.ManyToManyField(Party, blank=True, related_name="sessions")
    state = models.CharField(max_length=12, choices=State, default=State.SCHEDULED)
    notice_sent_on = models.DateField(null=True, blank=True)
    shorter_notice_agreed = models.BooleanField(
        default=False,
        help_text="The family agreed to less than 5 working days' notice.",
    )
    # Rearranging and cancelling (issue 18): the calendar invitation's SEQUENCE (RFC 5545),
    # raised by one each time the meeting is rearranged or cancelled, and who cancelled it.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    cancelled_by = models.CharField(max_length=16, choices=CancelledBy, blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def place(self) -> str:
        """Where the meeting is, as every page and message says it: the venue of a meeting in
        person; how it is held otherwise (the ``Venue.Mode`` label, whatever the LA calls its
        online or telephone "venue")."""
        if self.mode == Venue.Mode.IN_PERSON and self.venue is not None:
            return self.venue.name
        return self.get_mode_display()


class Outcome(BaseModel):
    """The result of mediation for one issue."""

    class Result(models.TextChoices):
        AGREED = "agreed", "Agreed"
        PARTLY_AGREED = "partly_agreed", "Partly agreed"
        NOT_AGREED = "not_agreed", "Not agreed"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcomes")
    issue = models.OneToOneField(Issue, on_delete=models.CASCADE, related_name="outcome")
    result = models.CharField(max_length=16, choices=Result)

    def __str__(self) -> str:
        return f"{self.issue}: {self.get_result_display()}"


class Agreement(BaseModel):
    """The written mediation agreement: shareable with every party (SEND Regs reg 42)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="agreement")
    agreed_on = models.DateField()
    text = models.TextField()
    la_was_party = models.BooleanField(default=True)
    different_timescale = models.CharField(
        max_length=300,
        blank=True,
        help_text="A different timescale the parties agreed in writing (reg 42(5)).",
    )
    la_notified_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the LA was not a party: the day the health body told it (reg 42(4)).",
    )

    def __str__(self) -> str:
        return f"Agreement for {self.case_id} on {self.agreed_on}"


class AgreedAction(BaseModel):
    """Something a party agreed to do, with its owner and due date."""

    class Owner(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        COMMISSIONING_BODY = "commissioning_body", "Health commissioning body"
        SCHOOL = "school", "School or college"
        FAMILY = "family", "Family"
        OTHER = "other", "Other"

    class Clock(models.TextChoices):
        """Which time limit applies (SEND Regs reg 42 and, through it, reg 44)."""

        NON_APPEALABLE = "non_appealable", "Not appealable: within 2 weeks (reg 42(3))"
        ASSESS = "assess", "Carry out an assessment (reg 44 clocks)"
        MAKE_PLAN = "make_plan", "Make and maintain a plan (reg 44 clocks)"
        AMEND_PLAN = "amend_plan", "Amend the plan (reg 44: 5 weeks)"
        SCHOOL_ONLY = "school_only", "Change only the school named (reg 44: 2 weeks)"
        AGREED_DATE = "agreed_date", "A different date agreed in writing (reg 42(5))"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.CharField(max_length=20, choices=Owner)
    clock = models.CharField(max_length=16, choices=Clock, default=Clock.NON_APPEALABLE)
    agreed_due_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description


class ConfidentialNote(models.Model):
    """The mediator's confidential, without-prejudice notes. Never shown to LA or health users,
    never in exports or their API responses."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="confidential_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)
    text = models.TextField()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Confidential note on {self.case_id}"


class Certificate(BaseModel):
    """A mediation certificate (CFA 2014 s.55): the family needs it to appeal."""

    class Kind(models.TextChoices):
        DECLINED = "declined", "Mediation advice given; mediation declined"
        MEDIATION_CONCLUDED = "mediation_concluded", "Mediation has taken place"
        NOT_ARRANGED = "not_arranged", "Mediation not arranged within 30 days"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField(max_length=24, unique=True)
    kind = models.CharField(max_length=20, choices=Kind)
    issued_on = models.DateField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision_description = models.CharField(max_length=300, blank=True)
    issues = models.JSONField(default=list)
    appeal_deadline = models.DateField()
    appeal_deadline_rule = models.TextField()
    pdf = models.BinaryField(editable=False)
    # Corrections (``cases.services.corrections``): an issued certificate is never rewritten. A
    # corrected one is a new certificate that says which number it replaces; the old one is
    # kept, marked superseded on the day, and points to its replacement.
    replaces_number = models.CharField(max_length=24, blank=True)
    superseded_on = models.DateField(null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces"
    )

    class Meta:
        ordering = ["issued_on", "id"]
        constraints = [
            # One certificate of each kind in force; superseded ones are kept beside it.
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(superseded_on__isnull=True),
                name="one_certificate_per_kind",
            )
        ]

    def __str__(self) -> str:
        return self.number


RESPONSIBLE_LABELS = {
    "family": "Family",
    "provider": "Mediation provider",
    "local_authority": "Local authority",
    "commissioning_body": "Health commissioning body",
    "school": "School or college",
    "other": "Other",
}


class CaseDeadline(models.Model):
    """A deadline derived from the case's dates by the law core, stored for querying."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        MET = "met", "Met"
        BREACHED = "breached", "Missed"
        NOT_NEEDED = "not_needed", "No longer needed"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    key = models.CharField(max_length=64)
    deadline_id = models.CharField(max_length=40)
    rule_id = models.CharField(max_length=12)
    title = models.CharField(max_length=150)
    due_on = models.DateField()
    practical_due_on = models.DateField(null=True, blank=True)
    later_due_on = models.DateField(null=True, blank=True)
    due_time = models.CharField(max_length=5, blank=True)
    trigger_date = models.DateField(null=True, blank=True)
    rule = models.TextField()
    legal_basis = models.JSONField(default=list)
    duty_holder = models.CharField(max_length=80)
    responsible = models.CharField(max_length=20)
    # The named organisation that must act, shown on every screen and reminder.
    responsible_name = models.CharField(max_length=150, blank=True)
    responsible_body = models.ForeignKey(
        "tenancy.CommissioningBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The health body that must act, where that is a health body.",
    )
    verification = models.CharField(max_length=1)
    state = models.CharField(max_length=12, choices=State, default=State.OPEN)
    met_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="one_deadline_per_key")]
        indexes = [
            # Reminders and reports: open deadlines by due date, across cases.
            models.Index(fields=["state", "due_on"]),
            # The work queue's "next open deadline" of each case: without it the planner walks
            # every open deadline in the country for each case (minutes at national scale).
            models.Index(fields=["case", "state", "due_on"], name="deadline_case_next_due"),
            # The report's list of late certificates, by the day they were issued (the
            # report's counts read ReportFact).
            models.Index(fields=["deadline_id", "met_on"], name="deadline_kind_met"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.key} {self.due_on}"

    @property
    def responsible_label(self) -> str:
        return self.responsible_name or RESPONSIBLE_LABELS.get(self.responsible, self.responsible)


class ReportFact(models.Model):
    """One thing a case counts for in the reports, on the day it counts (kept by
    ``cases.facts``, rebuilt whenever the case's deadlines are, never edited by hand).

    Reports aggregate these rows by their own index, with the case's LA and provider copied
    in, instead of joining hundreds of thousands of certificates, deadlines and events back to
    their cases: at national scale (500,000 cases) that join is what made a ten-year report
    take seconds. Nothing here is personal: a case, an LA, a day, a kind, a result.
    """

    class Measure(models.TextChoices):
        ADVICE_REQUEST = "advice_request", "Request for mediation advice"  # on: opened
        CERTIFICATE = "certificate", "Certificate issued"  # category: kind; days: from opened
        CERTIFICATE_DEADLINE = "certificate_deadline", "Certificate time limit done"
        MEDIATION_HELD = "mediation_held", "Mediation held"  # state: within 30 days or not
        MEDIATION_CONCLUDED = "mediation_concluded", "Mediation concluded"  # flag: appealed
        MEDIATION_OUTCOME = "mediation_outcome", "Issue result, mediation"  # on: concluded
        DR_REQUEST = "dr_request", "Disagreement resolution request"  # flag: meeting held
        DR_OUTCOME = "dr_outcome", "Issue result, disagreement resolution"  # on: opened
        AGREED_ACTION = "agreed_action", "Agreed action"  # on: due; category: who must act
        # on: the event's day; category: the case's kind; state: the event's type
        BILLABLE_EVENT = "billable_event", "Event an LA may be billed for"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="report_facts")
    # Copies of the case's, so reports group and scope without joining the case; no index of
    # their own (the report index below covers them).
    local_authority = models.ForeignKey(
        "tenancy.LocalAuthority", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    provider = models.ForeignKey(
        "tenancy.Provider", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    measure = models.CharField(max_length=24, choices=Measure)
    on = models.DateField()
    # What kind (certificate kind, issue subject, DR kind, who must act), the result or
    # deadline state, a yes/no (appealed; meeting held) and a number of days, by measure.
    category = models.CharField(max_length=40, blank=True)
    state = models.CharField(max_length=20, blank=True)
    flag = models.BooleanField(default=False)
    days = models.IntegerField(null=True, blank=True)

    class Meta:
        # Every report query reads one measure over a date range, scoped by LA, provider or
        # case, and groups by LA or by category. One partial index per measure (and grouping),
        # led by what it groups by and holding every column the query reads (``measure`` too:
        # SQLite checks a bound parameter against it, not the condition): SQLite skips
        # through it group by group within the dates, with no table row and no sort (for ten
        # national years, 40 ms where one (measure, day) index took 200-400 ms a query).
        indexes = [
            *(
                models.Index(
                    fields=[
                        "local_authority",
                        "on",
                        "provider",
                        "category",
                        "state",
                        "flag",
                        "case",
                        "measure",
                    ],
                    condition=Q(measure=measure),
                    name=f"fact_la_{measure}"[:30],
                )
                for measure in (
                    "advice_request",
                    "certificate",
                    "certificate_deadline",
                    "mediation_held",
                    "mediation_concluded",
                )
            ),
            *(
                models.Index(
                    fields=[
                        "category",
                        "on",
                        "local_authority",
                        "provider",
                        "state",
                        "flag",
                        "case",
                        "measure",
                    ],
                    condition=Q(measure=measure),
                    name=f"fact_cat_{measure}"[:30],
                )
                for measure in ("mediation_outcome", "dr_request", "dr_outcome", "agreed_action")
            ),
            models.Index(  # days from first contact to certificate, by kind
                fields=["category", "days", "on", "local_authority", "provider", "case", "measure"],
                condition=Q(measure="certificate"),
                name="fact_days_certificate",
            ),
            models.Index(  # a commission's billable events in its contract year (billing.volume)
                fields=[
                    "provider",
                    "local_authority",
                    "on",
                    "case",
                    "category",
                    "state",
                    "flag",
                    "days",
                    "measure",
                ],
                condition=Q(measure="billable_event"),
                name="fact_billable_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} on {self.on}"


class ActionReceipt(models.Model):
    """That one submission of an action was performed (``cases.recorder.action_perform``).

    A submission key (a form's hidden key, an API ``Idempotency-Key`` or a digest of an API body)
    is unique per user, so a repeated submission finds the first's receipt and its result
    instead of performing the action again. Receipts hold no personal data and are kept a day.

    Opening a case (``cases.recorder.case_create_once``) writes its receipt before the case, with
    no case yet, so a parallel duplicate stops at the unique key; a family's online request has
    no user, and its key (a digest of the session's token) is unique among those without one.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    key = models.CharField(max_length=80)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", null=True)
    action = models.CharField(max_length=40)
    result_type = models.CharField(max_length=60, blank=True)
    result_id = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="action_receipt_one_per_key"),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(user__isnull=True),
                name="action_receipt_one_per_anonymous_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} on case {self.case_id}"


# -- The contact log and tasks (issue 18): their own module, kept apart from the above. --------
from sendresolve.cases.contact_models import CaseTask as CaseTask  # noqa: E402
from sendresolve.cases.contact_models import ContactEntry as ContactEntry  # noqa: E402
