"""What the reviewers' forms create is created once per form (core.once): each such row keeps
the creation token of the form that made it. Dates away are kept once per person and dates: a
second row of the same dates meant nothing, so those already recorded more than once are
first reduced to the oldest (keeping a reason if only a later one gave it)."""

from django.db import migrations, models
from django.db.models import Count


def keep_the_oldest_of_the_same_dates_away(apps, schema_editor):
    unavailability = apps.get_model("reviewers", "Unavailability")
    rows = unavailability.objects.using(schema_editor.connection.alias)
    repeated = list(
        rows.values("reviewer_id", "starts_on", "ends_on")
        .annotate(copies=Count("pk"))
        .filter(copies__gt=1)
        .values("reviewer_id", "starts_on", "ends_on")
    )
    for dates in repeated:
        kept, *others = rows.filter(**dates).order_by("created_at", "pk")
        if not kept.reason:
            kept.reason = next((other.reason for other in others if other.reason), "")
            kept.save(update_fields=["reason"])
        rows.filter(pk__in=[other.pk for other in others]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviewers", "0003_completed_reviews"),
    ]

    operations = [
        migrations.AddField(
            model_name="booking",
            name="creation_token",
            field=models.UUIDField(blank=True, editable=False, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="completedreview",
            name="creation_token",
            field=models.UUIDField(blank=True, editable=False, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="conflictofinterest",
            name="creation_token",
            field=models.UUIDField(blank=True, editable=False, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="previousemployment",
            name="creation_token",
            field=models.UUIDField(blank=True, editable=False, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="trainingsession",
            name="creation_token",
            field=models.UUIDField(blank=True, editable=False, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="unavailability",
            name="creation_token",
            field=models.UUIDField(blank=True, editable=False, null=True, unique=True),
        ),
        # The rows removed were copies: going back does not bring them back.
        migrations.RunPython(
            keep_the_oldest_of_the_same_dates_away, migrations.RunPython.noop, elidable=True
        ),
        migrations.AddConstraint(
            model_name="unavailability",
            constraint=models.UniqueConstraint(
                fields=("reviewer", "starts_on", "ends_on"),
                name="reviewers_unavailability_once",
                violation_error_message="These dates away have already been added.",
            ),
        ),
    ]
