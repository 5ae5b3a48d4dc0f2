"""A local authority's own term dates: its terms (with their half-term breaks) and the days
its schools are closed to pupils in term (INSET days).

The shipped, published dates are the law core's data (``law/term_dates.yaml``); these rows,
where an LA has entered any, are counted instead (``schoolterms.selectors.own_school_terms``).
"""

from django.conf import settings
from django.db import models

from sendresolve.core.models import BaseModel
from sendresolve.tenancy.models import LocalAuthority


class SchoolTerm(BaseModel):
    """One term of an LA's school year, first to last day inclusive, with its half term."""

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="school_terms"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    half_term_starts_on = models.DateField(null=True, blank=True)
    half_term_ends_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["local_authority", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="school_term_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["local_authority", "starts_on"], name="one_school_term_per_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.local_authority_id} {self.starts_on} to {self.ends_on}"


class SchoolClosureDay(BaseModel):
    """A weekday in term when the LA's schools are closed to pupils (a training or INSET day)."""

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="school_closure_days"
    )
    day = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["local_authority", "day"]
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "day"], name="one_closure_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.local_authority_id} {self.day}"
