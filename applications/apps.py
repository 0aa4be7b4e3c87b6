from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications and the programme board")

    def ready(self) -> None:
        from accounts.setup import SetupSection, register_setup_section
        from core.navigation import NavEntry, register_navigation

        from . import start_page

        start_page.register()
        register_navigation(
            NavEntry(
                label=_("Applications"),
                url_name="applications:list",
                order=20,
                permission="applications.view_application_list",
                section=("/applications/",),
            ),
            NavEntry(
                label=_("Board"),
                url_name="board:meetings",
                order=30,
                permission="applications.view_board",
                section=("/board/",),
            ),
        )
        register_setup_section(
            SetupSection(
                label=_("The board's terms of reference"),
                url_name="board:terms",
                order=25,
                description=_(
                    "Its quorum, its chair, and whether it may decide between meetings by "
                    "chair's action or written procedure."
                ),
            ),
        )
