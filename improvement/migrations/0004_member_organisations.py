"""Services with a plan after a programme's peer review take part in that programme: make
them its member organisations."""

from django.db import migrations


def members_from_plans(apps, schema_editor):
    ImprovementPlan = apps.get_model("improvement", "ImprovementPlan")
    MemberOrganisation = apps.get_model("accounts", "MemberOrganisation")
    pairs = (
        ImprovementPlan.objects.filter(programme__isnull=False)
        .order_by()
        .values_list("programme_id", "organisation_id")
        .distinct()
    )
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
        ("improvement", "0003_action_events"),
    ]

    operations = [migrations.RunPython(members_from_plans, migrations.RunPython.noop)]
