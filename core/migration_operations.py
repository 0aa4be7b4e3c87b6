"""Operations for migrations that move models from one app to another by Django's picture
alone (SeparateDatabaseAndState, the tables keeping their names)."""

from django.db import migrations


def content_types_moved(*, source: str, target: str, models: list[str]) -> migrations.RunPython:
    """Move the models' content types from app `source` to app `target` (and back when the
    migration is reversed), keeping their ids, so that permissions, the admin's history and
    generic relations keep pointing at the same rows.

    A new database has none yet (post_migrate makes them after the migrations). A model whose
    content type already exists under `target` (a database migrated by hand to between two
    apps' migrations) is left alone: its old one is for remove_stale_contenttypes."""

    def move(apps, schema_editor, *, source: str, target: str) -> None:
        content_types = apps.get_model("contenttypes", "ContentType").objects.using(
            schema_editor.connection.alias
        )
        present = set(
            content_types.filter(app_label=target, model__in=models).values_list("model", flat=True)
        )
        content_types.filter(app_label=source, model__in=set(models) - present).update(
            app_label=target
        )

    def forwards(apps, schema_editor) -> None:
        move(apps, schema_editor, source=source, target=target)

    def backwards(apps, schema_editor) -> None:
        move(apps, schema_editor, source=target, target=source)

    return migrations.RunPython(forwards, backwards)
