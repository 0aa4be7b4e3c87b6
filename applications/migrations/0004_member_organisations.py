"""Organisations that have applied to a programme take part in it: make them its member
organisations, so that its coordinators look after their records and service leads."""

from django.db import migrations


def members_from_applications(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    MemberOrganisation = apps.get_model("accounts", "MemberOrganisation")
    pairs = Application.objects.order_by().values_list("programme_id", "organisation_id").distinct()
    MemberOrganisation.objects.bulk_create(
        [
            MemberOrganisation(programme_id=programme_id, organisation_id=organisation_id)
            for programme_id, organisation_id in pairs
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_national_coordinator_and_member_organisations"),
        ("applications", "0003_board_governance"),
    ]

    operations = [migrations.RunPython(members_from_applications, migrations.RunPython.noop)]
