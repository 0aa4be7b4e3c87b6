from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = _("Performance")

    def ready(self) -> None:
        # No navigation entry (the roles' navigation stays on one line): the pages are
        # linked from the start page's tasks and from the programme dashboard.
        from accounts.setup import SetupSection, register_setup_section

        from . import import_rules, start_page  # noqa: F401 - import_rules adds permissions

        start_page.register()
        register_setup_section(
            SetupSection(
                label=_("Comparator families"),
                url_name="performance_families:families",
                order=95,
                description=_(
                    "Groups of member services whose figures each member's performance is "
                    "compared with, beside the national and regional figures."
                ),
            ),
        )
