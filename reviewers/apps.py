from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewersConfig(AppConfig):
    name = "reviewers"
    verbose_name = _("Reviewer pool and training")

    def ready(self) -> None:
        from accounts.setup import SetupSection, register_setup_section
        from core.navigation import NavEntry, register_navigation

        from . import documents, start_page

        start_page.register()
        documents.register()
        register_navigation(
            NavEntry(
                label=_("Reviewers"),
                url_name="reviewers:list",
                order=50,
                permission="reviewers.view_directory",
                # Training (for the same people) is linked from the reviewer pool's page.
                section=("/reviewers/", "/training/"),
            ),
        )
        register_setup_section(
            SetupSection(
                label=_("Eligibility rules"),
                url_name="eligibility:rules",
                order=60,
                description=_("The job roles that can join the programme's reviewer pool."),
            ),
            SetupSection(
                label=_("Courses and sessions"),
                url_name="training:programme_courses",
                order=70,
                description=_(
                    "Reviewer training: the courses, their sessions and the people waiting."
                ),
            ),
        )
