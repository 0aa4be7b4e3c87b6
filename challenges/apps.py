from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Challenges")

    def ready(self) -> None:
        from core.navigation import NavEntry, register_navigation

        register_navigation(
            NavEntry(
                label=_("Challenges"),
                url_name="challenges:list",
                order=45,
                permission="challenges.view_challenge_list",
                section="/challenges/",
            ),
        )
        # The calendar: whoever sees a challenge has dates to show.
        register_navigation(
            NavEntry(
                label=_("Calendar"),
                url_name="calendar:month",
                order=47,
                permission="challenges.view_challenge_list",
                section="/calendar/",
            ),
        )
