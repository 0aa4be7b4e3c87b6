"""The offers, team places, lines of enquiry and cycles move here from `applications`, with
their historical tables. Only Django's picture of the models moves: the tables keep their
names (`applications_*`), so no row is copied and an existing database migrates in place. The
content types move with them, so permissions, admin history and any generic relation keep
pointing at the same rows."""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import rules.contrib.models
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from core.migration_operations import content_types_moved

MOVED = [
    "reviewtype",
    "teamplace",
    "lineofenquiry",
    "cycle",
    "historicalreviewtype",
    "historicalteamplace",
    "historicallineofenquiry",
    "historicalcycle",
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        # On a new database the tables are made by applications' first migration.
        ("applications", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HistoricalCycle",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                blank=True, editable=False, verbose_name="created"
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(
                                blank=True, editable=False, verbose_name="last changed"
                            ),
                        ),
                        (
                            "name",
                            models.CharField(
                                help_text="For example 2026 to 2027.",
                                max_length=100,
                                verbose_name="name",
                            ),
                        ),
                        ("starts_on", models.DateField(verbose_name="starts on")),
                        ("ends_on", models.DateField(verbose_name="ends on")),
                        (
                            "funding",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=10,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="funding available (£)",
                            ),
                        ),
                        (
                            "reviewer_days",
                            models.PositiveIntegerField(verbose_name="reviewer-days available"),
                        ),
                        (
                            "is_open",
                            models.BooleanField(
                                default=True,
                                help_text="Services can ask for a review window in open cycles only.",
                                verbose_name="open for applications",
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "programme",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="accounts.programme",
                                verbose_name="programme",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical cycle",
                        "verbose_name_plural": "historical cycles",
                        "db_table": "applications_historicalcycle",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalLineOfEnquiry",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                blank=True, editable=False, verbose_name="created"
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(
                                blank=True, editable=False, verbose_name="last changed"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("key_line", "Key line of enquiry"),
                                    ("golden_thread", "Golden thread"),
                                ],
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        (
                            "position",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="position in lists"
                            ),
                        ),
                        ("is_active", models.BooleanField(default=True, verbose_name="in use")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "programme",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="accounts.programme",
                                verbose_name="programme",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical key line of enquiry or golden thread",
                        "verbose_name_plural": "historical key lines of enquiry and golden threads",
                        "db_table": "applications_historicallineofenquiry",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalReviewType",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                blank=True, editable=False, verbose_name="created"
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(
                                blank=True, editable=False, verbose_name="last changed"
                            ),
                        ),
                        ("name", models.CharField(max_length=120, verbose_name="name")),
                        ("description", models.TextField(verbose_name="description")),
                        (
                            "days_on_site",
                            models.PositiveSmallIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(10),
                                ],
                                verbose_name="days on site",
                            ),
                        ),
                        (
                            "virtual_allowed",
                            models.BooleanField(
                                default=False, verbose_name="a virtual model is allowed"
                            ),
                        ),
                        (
                            "reviewer_days",
                            models.PositiveIntegerField(
                                help_text="Reviewer-days one review of this kind uses, preparation included.",
                                verbose_name="resource cost in reviewer-days",
                            ),
                        ),
                        (
                            "funding",
                            models.DecimalField(
                                decimal_places=2,
                                default=Decimal("0"),
                                help_text="What one review costs the programme, when it pays for it.",
                                max_digits=10,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="funding per review (£)",
                            ),
                        ),
                        (
                            "publication_rule",
                            models.CharField(
                                choices=[
                                    ("always_public", "The report is always published"),
                                    ("service_decides", "The receiving service decides"),
                                ],
                                max_length=20,
                                verbose_name="publication of the report",
                            ),
                        ),
                        (
                            "position",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="position in lists"
                            ),
                        ),
                        (
                            "is_active",
                            models.BooleanField(
                                default=True,
                                help_text="Services can apply only for offers that are open.",
                                verbose_name="open to applications",
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "programme",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="accounts.programme",
                                verbose_name="programme",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical offer",
                        "verbose_name_plural": "historical offers",
                        "db_table": "applications_historicalreviewtype",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="ReviewType",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="last changed"),
                        ),
                        ("name", models.CharField(max_length=120, verbose_name="name")),
                        ("description", models.TextField(verbose_name="description")),
                        (
                            "days_on_site",
                            models.PositiveSmallIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(10),
                                ],
                                verbose_name="days on site",
                            ),
                        ),
                        (
                            "virtual_allowed",
                            models.BooleanField(
                                default=False, verbose_name="a virtual model is allowed"
                            ),
                        ),
                        (
                            "reviewer_days",
                            models.PositiveIntegerField(
                                help_text="Reviewer-days one review of this kind uses, preparation included.",
                                verbose_name="resource cost in reviewer-days",
                            ),
                        ),
                        (
                            "funding",
                            models.DecimalField(
                                decimal_places=2,
                                default=Decimal("0"),
                                help_text="What one review costs the programme, when it pays for it.",
                                max_digits=10,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="funding per review (£)",
                            ),
                        ),
                        (
                            "publication_rule",
                            models.CharField(
                                choices=[
                                    ("always_public", "The report is always published"),
                                    ("service_decides", "The receiving service decides"),
                                ],
                                max_length=20,
                                verbose_name="publication of the report",
                            ),
                        ),
                        (
                            "position",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="position in lists"
                            ),
                        ),
                        (
                            "is_active",
                            models.BooleanField(
                                default=True,
                                help_text="Services can apply only for offers that are open.",
                                verbose_name="open to applications",
                            ),
                        ),
                        (
                            "programme",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="review_types",
                                to="accounts.programme",
                                verbose_name="programme",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "offer",
                        "verbose_name_plural": "offers",
                        "db_table": "applications_reviewtype",
                        "ordering": ["programme__name", "position", "name"],
                    },
                    bases=(rules.contrib.models.RulesModelMixin, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalTeamPlace",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("lead", "Lead"),
                                    ("co_lead", "Co-lead"),
                                    ("reviewer", "Peer reviewer"),
                                    ("senior_manager", "Senior manager"),
                                    ("specialist", "Specialist"),
                                    ("parent_carer", "Parent or carer"),
                                    ("young_ambassador", "Young ambassador"),
                                    ("shadow", "Shadowing trainee"),
                                ],
                                max_length=30,
                                verbose_name="role on the team",
                            ),
                        ),
                        (
                            "count",
                            models.PositiveSmallIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(20),
                                ],
                                verbose_name="how many",
                            ),
                        ),
                        (
                            "requirement",
                            models.CharField(
                                choices=[
                                    ("none", "No further requirement"),
                                    ("trained", "Trained"),
                                    ("fully_qualified", "Fully qualified"),
                                    (
                                        "director_level",
                                        "Director level (DCS or safeguarding partnership chair)",
                                    ),
                                    ("senior_manager", "Senior manager in children's services"),
                                    ("send_professional", "SEND professional"),
                                    ("lived_experience", "Lived experience of SEND"),
                                ],
                                default="none",
                                max_length=30,
                                verbose_name="requirement",
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "review_type",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="offers.reviewtype",
                                verbose_name="offer",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical team place",
                        "verbose_name_plural": "historical team composition",
                        "db_table": "applications_historicalteamplace",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="TeamPlace",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("lead", "Lead"),
                                    ("co_lead", "Co-lead"),
                                    ("reviewer", "Peer reviewer"),
                                    ("senior_manager", "Senior manager"),
                                    ("specialist", "Specialist"),
                                    ("parent_carer", "Parent or carer"),
                                    ("young_ambassador", "Young ambassador"),
                                    ("shadow", "Shadowing trainee"),
                                ],
                                max_length=30,
                                verbose_name="role on the team",
                            ),
                        ),
                        (
                            "count",
                            models.PositiveSmallIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(20),
                                ],
                                verbose_name="how many",
                            ),
                        ),
                        (
                            "requirement",
                            models.CharField(
                                choices=[
                                    ("none", "No further requirement"),
                                    ("trained", "Trained"),
                                    ("fully_qualified", "Fully qualified"),
                                    (
                                        "director_level",
                                        "Director level (DCS or safeguarding partnership chair)",
                                    ),
                                    ("senior_manager", "Senior manager in children's services"),
                                    ("send_professional", "SEND professional"),
                                    ("lived_experience", "Lived experience of SEND"),
                                ],
                                default="none",
                                max_length=30,
                                verbose_name="requirement",
                            ),
                        ),
                        (
                            "review_type",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="team_places",
                                to="offers.reviewtype",
                                verbose_name="offer",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "team place",
                        "verbose_name_plural": "team composition",
                        "db_table": "applications_teamplace",
                        "ordering": ["review_type", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Cycle",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="last changed"),
                        ),
                        (
                            "name",
                            models.CharField(
                                help_text="For example 2026 to 2027.",
                                max_length=100,
                                verbose_name="name",
                            ),
                        ),
                        ("starts_on", models.DateField(verbose_name="starts on")),
                        ("ends_on", models.DateField(verbose_name="ends on")),
                        (
                            "funding",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=10,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="funding available (£)",
                            ),
                        ),
                        (
                            "reviewer_days",
                            models.PositiveIntegerField(verbose_name="reviewer-days available"),
                        ),
                        (
                            "is_open",
                            models.BooleanField(
                                default=True,
                                help_text="Services can ask for a review window in open cycles only.",
                                verbose_name="open for applications",
                            ),
                        ),
                        (
                            "programme",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="cycles",
                                to="accounts.programme",
                                verbose_name="programme",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "cycle",
                        "verbose_name_plural": "cycles",
                        "db_table": "applications_cycle",
                        "ordering": ["programme__name", "starts_on"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("programme", "name"),
                                name="applications_cycle_unique_name",
                                violation_error_message="The programme already has a cycle with this name.",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("ends_on__gt", models.F("starts_on"))),
                                name="applications_cycle_ends_after_start",
                                violation_error_message="The cycle must end after it starts.",
                            ),
                        ],
                    },
                    bases=(rules.contrib.models.RulesModelMixin, models.Model),
                ),
                migrations.CreateModel(
                    name="LineOfEnquiry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="last changed"),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("key_line", "Key line of enquiry"),
                                    ("golden_thread", "Golden thread"),
                                ],
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        (
                            "position",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="position in lists"
                            ),
                        ),
                        ("is_active", models.BooleanField(default=True, verbose_name="in use")),
                        (
                            "programme",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="lines_of_enquiry",
                                to="accounts.programme",
                                verbose_name="programme",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "key line of enquiry or golden thread",
                        "verbose_name_plural": "key lines of enquiry and golden threads",
                        "db_table": "applications_lineofenquiry",
                        "ordering": ["programme__name", "kind", "position", "name"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("programme", "name"),
                                name="applications_lineofenquiry_unique_name",
                                violation_error_message="The programme already has one with this name.",
                            )
                        ],
                    },
                    bases=(rules.contrib.models.RulesModelMixin, models.Model),
                ),
                migrations.AddConstraint(
                    model_name="reviewtype",
                    constraint=models.UniqueConstraint(
                        fields=("programme", "name"),
                        name="applications_reviewtype_unique_name",
                        violation_error_message="The programme already has an offer with this name.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="teamplace",
                    constraint=models.UniqueConstraint(
                        fields=("review_type", "role", "requirement"),
                        name="applications_teamplace_unique_role",
                        violation_error_message="This role and requirement is already in the team.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="teamplace",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("count__gte", 1)),
                        name="applications_teamplace_count_positive",
                    ),
                ),
            ],
        ),
        content_types_moved(source="applications", target="offers", models=MOVED),
    ]
