from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementConfig(AppConfig):
    name = "improvement"
    verbose_name = _("Improvement plans")

    def ready(self) -> None:
        from core.navigation import NavEntry, register_navigation

        from . import documents, signals, start_page

        start_page.register()
        documents.register()
        signals.connect()
        register_navigation(
            NavEntry(
                label=_("Plans"),
                url_name="improvement:plans",
                order=55,
                permission="improvement.view_plans",
                # The dashboards are linked from the list of plans.
                section=("/plans/", "/dashboards/"),
            )
        )
