"""Offers, team places, lines of enquiry and cycles moved to `offers` (see offers 0001):
applications point at them there, and they leave this app's picture of the models. Only
Django's picture changes; the tables and their rows stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
        ("offers", "0001_initial"),
        # Every other app points at the new models before the old ones leave.
        ("reviewers", "0002_expertise_from_offers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="application",
                    name="review_type",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="applications",
                        to="offers.reviewtype",
                        verbose_name="offer",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalapplication",
                    name="review_type",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="offers.reviewtype",
                        verbose_name="offer",
                    ),
                ),
                migrations.AlterField(
                    model_name="application",
                    name="cycle",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="applications",
                        to="offers.cycle",
                        verbose_name="cycle",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalapplication",
                    name="cycle",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="offers.cycle",
                        verbose_name="cycle",
                    ),
                ),
                migrations.AlterField(
                    model_name="application",
                    name="lines_of_enquiry",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="applications",
                        to="offers.lineofenquiry",
                        verbose_name="key lines of enquiry",
                    ),
                ),
                migrations.DeleteModel(name="HistoricalTeamPlace"),
                migrations.DeleteModel(name="HistoricalReviewType"),
                migrations.DeleteModel(name="HistoricalLineOfEnquiry"),
                migrations.DeleteModel(name="HistoricalCycle"),
                migrations.DeleteModel(name="TeamPlace"),
                migrations.DeleteModel(name="ReviewType"),
                migrations.DeleteModel(name="LineOfEnquiry"),
                migrations.DeleteModel(name="Cycle"),
            ],
        ),
    ]
