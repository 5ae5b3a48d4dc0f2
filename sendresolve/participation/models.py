"""What each participant needs to take part, and the child's views in their own words.

``ParticipationNeeds`` is one per case: the family's answers from the online request, changed
since by staff or the family. The interpreter's language is blank when none is needed (one field,
so "an interpreter but no language" cannot be stored). A supporter the family names who will
attend is also a ``cases.Party`` (``supporter_party``), so meeting invitations reach them.

``ChildViews`` is confidential mediation material, kept like ``cases.ConfidentialNote``: only
the provider's own staff read it, until the family agrees to share it (``shared_on``); then the
LA's and health body's officers who see the case may read its text (never the tribunal: there is
no tribunal reader of a case).
"""

from django.conf import settings
from django.db import models

from sendresolve.core import clock
from sendresolve.participation.vocabulary import ChildWay


class ParticipationNeeds(models.Model):
    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="participation_needs"
    )
    interpreter_language = models.CharField(
        max_length=80, blank=True, help_text="The spoken language an interpreter is needed for."
    )
    bsl = models.BooleanField(default=False, help_text="A British Sign Language interpreter.")
    access = models.JSONField(
        default=list, blank=True, help_text="Access needs, as ``vocabulary.Access`` values."
    )
    access_other = models.CharField(max_length=500, blank=True)
    times = models.JSONField(
        default=list, blank=True, help_text="Preferred times, as ``vocabulary.Times`` values."
    )
    times_note = models.CharField(max_length=300, blank=True)
    child_ways = models.JSONField(
        default=list,
        blank=True,
        help_text="How the child or young person takes part, as ``vocabulary.ChildWay`` values.",
    )
    child_note = models.CharField(max_length=300, blank=True)
    supporter_name = models.CharField(max_length=150, blank=True)
    supporter_relationship = models.CharField(max_length=100, blank=True)
    supporter_contact = models.CharField(max_length=254, blank=True)
    supporter_attends = models.BooleanField(default=False)
    supporter_party = models.ForeignKey(
        "cases.Party", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=clock.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Blank when the family gave or changed them.",
    )

    class Meta:
        verbose_name_plural = "participation needs"

    def __str__(self) -> str:
        # Nothing about the family: __str__ ends up in admin history and log lines.
        return f"Participation needs on case {self.case_id}"


class ChildViews(models.Model):
    """The child or young person's views, in their own words, recorded with their consent."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="child_views")
    way = models.CharField(max_length=20, choices=ChildWay)
    text = models.TextField()
    consent_on = models.DateField(help_text="The day the child or young person agreed.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now)
    shared_on = models.DateField(
        null=True, blank=True, help_text="The day the family agreed to share them with the parties."
    )
    share_agreed_by = models.CharField(max_length=150, blank=True)
    share_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name_plural = "child's views"

    def __str__(self) -> str:
        return f"Child's views on case {self.case_id}"
