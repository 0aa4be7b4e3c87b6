from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Challenges")

    def ready(self) -> None:
        from accounts.setup import SetupSection, register_setup_section
        from core.navigation import NavEntry, register_navigation

        from . import datapack, report_documents, start_page

        start_page.register()
        report_documents.register()
        datapack.register()

        register_navigation(
            NavEntry(
                label=_("Challenges"),
                url_name="challenges:list",
                order=45,
                permission="challenges.view_challenge_list",
                # The calendar (whoever sees a challenge has dates to show) is linked from
                # the list of challenges.
                section=("/challenges/", "/calendar/"),
            ),
        )
        register_setup_section(
            SetupSection(
                label=_("Matching weights"),
                url_name="matching:weights",
                order=80,
                description=_(
                    "How much the team matcher counts expertise, an even spread of reviews, "
                    "region, a mix of experience and few repeat pairings."
                ),
            ),
            SetupSection(
                label=_("Cycle planner"),
                url_name="challenges:plans",
                order=55,
                description=_(
                    "Where every member organisation delivers and receives a peer challenge: "
                    "who reviews whom across a cycle, in triads or rings, month by month."
                ),
            ),
        )
