from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfAssessmentConfig(AppConfig):
    name = "selfassessment"
    verbose_name = _("Self-assessment")

    def ready(self) -> None:
        from accounts.setup import SetupSection, register_setup_section

        from . import rules, start_page  # noqa: F401 - registers the permissions

        start_page.register()
        register_setup_section(
            SetupSection(
                label=_("Self-assessment rounds"),
                url_name="selfassessment:rounds",
                order=90,
                description=_(
                    "The annual self-assessment: its sections, opening date and deadline, "
                    "who has submitted, and the triads that scrutinise each other."
                ),
            ),
        )
