"""GeneratedDocument leaves core for the documents app (see documents/migrations/0001_initial.py):
core forgets the model in Django's state only; its table, rows, indexes and constraints stay
as they are, now the documents app's."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_cache_generation"),
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="GeneratedDocument")],
            database_operations=[],
        ),
    ]
