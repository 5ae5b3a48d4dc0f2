"""What the retention policy has done to a case.

A case whose personal details have been anonymised has one ``Anonymisation``: the day it
happened and the closure date the policy counted from. The case keeps its statutory facts
(dates, statuses, deadlines, certificates' metadata, outcomes), so reports stay correct.
"""

from django.db import models


class Anonymisation(models.Model):
    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="anonymisation"
    )
    anonymised_on = models.DateField()
    closed_on = models.DateField(help_text="The closure the retention period counted from.")
    rule = models.JSONField(default=dict, help_text="The retention rule applied.")

    class Meta:
        ordering = ["anonymised_on", "id"]

    def __str__(self):
        return f"Case {self.case_id} anonymised on {self.anonymised_on}"
