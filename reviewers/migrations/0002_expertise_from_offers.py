"""Lines of enquiry moved to `offers` (see offers 0001): a reviewer's areas of expertise point
at them there. Only Django's picture changes; the table and its rows stay as they are."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0001_initial"),
        ("reviewers", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="reviewer",
                    name="expertise",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="reviewers",
                        to="offers.lineofenquiry",
                        verbose_name="areas of expertise",
                    ),
                ),
            ],
        ),
    ]
