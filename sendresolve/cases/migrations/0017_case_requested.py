from django.db import migrations, models

# The values of ``cases.services.opening.OnlineRequest``, written out: a migration does not
# import today's code.
ADVICE = "mediation_advice"
MEDIATION = "mediation"
DISAGREEMENT_RESOLUTION = "disagreement_resolution"


def requested_backfill(apps, schema_editor):
    """What each existing case's family asked for: what their online request said (on the
    opening event), else what the case is (disagreement resolution, or mediation)."""
    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    Case.objects.filter(kind=DISAGREEMENT_RESOLUTION).update(requested=DISAGREEMENT_RESOLUTION)
    Case.objects.exclude(kind=DISAGREEMENT_RESOLUTION).update(requested=MEDIATION)
    advice = CaseEvent.objects.filter(type="case_opened", detail__request=ADVICE).values("case_id")
    Case.objects.filter(pk__in=advice).update(requested=ADVICE)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0016_receipts_for_case_opening"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="requested",
            field=models.CharField(blank=True, default="", max_length=24),
        ),
        migrations.RunPython(requested_backfill, migrations.RunPython.noop, elidable=True),
    ]
