"""The youth justice key indicators (performance.indicators)."""

from django.db import migrations

from performance.indicators import YOUTH_JUSTICE_INDICATORS, youth_justice_indicators_ensure


def seed(apps, schema_editor):
    youth_justice_indicators_ensure(apps.get_model("performance", "Indicator"))


def unseed(apps, schema_editor):
    Indicator = apps.get_model("performance", "Indicator")
    Indicator.objects.filter(code__in=[data["code"] for data in YOUTH_JUSTICE_INDICATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
