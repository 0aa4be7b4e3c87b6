"""The youth justice key indicators (performance.indicators)."""

from django.db import migrations

from performance.indicators import YOUTH_JUSTICE_INDICATORS, youth_justice_indicators_ensure


def seed(apps, schema_editor):
    youth_justice_indicators_ensure(apps.get_model("performance", "Indicator"))


def unseed(apps, schema_editor):
    """Backwards: the indicators go, and the figures kept for them (the tables go next)."""
    Indicator = apps.get_model("performance", "Indicator")
    IndicatorValue = apps.get_model("performance", "IndicatorValue")
    codes = [data["code"] for data in YOUTH_JUSTICE_INDICATORS]
    IndicatorValue.objects.filter(indicator__code__in=codes).delete()
    Indicator.objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
