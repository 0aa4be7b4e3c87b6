"""The youth justice key indicators, as the Ministry of Justice publishes them: first-time
entrants, re-offending (a binary rate and a frequency rate) and the use of custody. Put in
place by a migration (0002), and again by the demo (a test that empties the tables, as a
transactional test does, removes what migrations wrote)."""

YOUTH_JUSTICE_INDICATORS = [
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


def youth_justice_indicators_ensure(indicator_model=None) -> None:
    """Create or update the youth justice key indicators. `indicator_model` is the migration's
    historical model when a migration calls it, else the app's."""
    if indicator_model is None:
        from .models import Indicator

        indicator_model = Indicator
    for data in YOUTH_JUSTICE_INDICATORS:
        indicator_model.objects.update_or_create(
            code=data["code"],
            defaults={**data, "sector": "youth_justice", "lower_is_better": True},
        )
