"""Past reviews become completed reviews with where they were recorded from: typed by a
coordinator (every existing row), or recorded by the app that ran the review, with its own
reference so that recording it twice keeps one row."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviewers", "0002_expertise_from_offers"),
    ]

    operations = [
        migrations.RenameModel(old_name="PastReview", new_name="CompletedReview"),
        migrations.RenameModel(
            old_name="HistoricalPastReview", new_name="HistoricalCompletedReview"
        ),
        migrations.AlterModelOptions(
            name="completedreview",
            options={
                "ordering": ["-completed_on"],
                "verbose_name": "completed review",
                "verbose_name_plural": "completed reviews",
            },
        ),
        migrations.AlterModelOptions(
            name="historicalcompletedreview",
            options={
                "get_latest_by": ("history_date", "history_id"),
                "ordering": ("-history_date", "-history_id"),
                "verbose_name": "historical completed review",
                "verbose_name_plural": "historical completed reviews",
            },
        ),
        migrations.AlterField(
            model_name="completedreview",
            name="reviewer",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="completed_reviews",
                to="reviewers.reviewer",
            ),
        ),
        migrations.AddField(
            model_name="completedreview",
            name="source",
            field=models.CharField(
                choices=[
                    ("recorded", "Recorded by a coordinator"),
                    ("challenge", "Peer challenge run in this service"),
                ],
                default="recorded",
                max_length=20,
                verbose_name="recorded from",
            ),
        ),
        migrations.AddField(
            model_name="historicalcompletedreview",
            name="source",
            field=models.CharField(
                choices=[
                    ("recorded", "Recorded by a coordinator"),
                    ("challenge", "Peer challenge run in this service"),
                ],
                default="recorded",
                max_length=20,
                verbose_name="recorded from",
            ),
        ),
        migrations.AddField(
            model_name="completedreview",
            name="reference",
            field=models.CharField(blank=True, default="", max_length=64, verbose_name="reference"),
        ),
        migrations.AddField(
            model_name="historicalcompletedreview",
            name="reference",
            field=models.CharField(blank=True, default="", max_length=64, verbose_name="reference"),
        ),
        migrations.AddConstraint(
            model_name="completedreview",
            constraint=models.UniqueConstraint(
                condition=models.Q(("reference", ""), _negated=True),
                fields=("reviewer", "source", "reference"),
                name="reviewers_completedreview_once",
                violation_error_message="This review is already recorded for this person.",
            ),
        ),
    ]
