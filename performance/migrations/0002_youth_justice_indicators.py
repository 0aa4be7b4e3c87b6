"""The youth justice key indicators, as the Ministry of Justice publishes them: first-time
entrants, re-offending (a binary rate and a frequency rate) and the use of custody."""

from django.db import migrations

INDICATORS = [
    {
        "code": "yj-first-time-entrants",
        "name": "First-time entrants to the youth justice system",
        "short_name": "First-time entrants",
        "unit": "rate",
        "rate_base": 100_000,
        "population": "the 10 to 17 population",
        "period_kind": "twelve_months",
        "lag_months": 9,
        "decimal_places": 0,
        "order": 10,
        "description": (
            "Children aged 10 to 17 receiving their first youth caution or court conviction "
            "in 12 months, per 100,000 of the 10 to 17 population."
        ),
    },
    {
        "code": "yj-reoffending-binary",
        "name": "Re-offending: the binary rate",
        "short_name": "Re-offending (binary)",
        "unit": "percentage",
        "rate_base": None,
        "population": "the children in the cohort",
        "period_kind": "cohort_quarter",
        "lag_months": 21,
        "decimal_places": 1,
        "order": 20,
        "description": (
            "The percentage of the children in a quarter's cohort who committed a proven "
            "re-offence within a year."
        ),
    },
    {
        "code": "yj-reoffending-frequency",
        "name": "Re-offending: the frequency rate",
        "short_name": "Re-offending (frequency)",
        "unit": "number",
        "rate_base": None,
        "population": "the children in the cohort",
        "period_kind": "cohort_quarter",
        "lag_months": 21,
        "decimal_places": 2,
        "order": 30,
        "description": ("Proven re-offences within a year per child in a quarter's cohort."),
    },
    {
        "code": "yj-custody",
        "name": "Use of custody",
        "short_name": "Custody",
        "unit": "rate",
        "rate_base": 1_000,
        "population": "the 10 to 17 population",
        "period_kind": "twelve_months",
        "lag_months": 9,
        "decimal_places": 2,
        "order": 40,
        "description": (
            "Custodial sentences given to children aged 10 to 17 in 12 months, per 1,000 of "
            "the 10 to 17 population."
        ),
    },
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("performance", "Indicator")
    for data in INDICATORS:
        Indicator.objects.update_or_create(
            code=data["code"],
            defaults={**data, "sector": "youth_justice", "lower_is_better": True},
        )


def unseed(apps, schema_editor):
    Indicator = apps.get_model("performance", "Indicator")
    Indicator.objects.filter(code__in=[data["code"] for data in INDICATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
