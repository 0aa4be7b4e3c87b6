from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = _("Performance")

    def ready(self) -> None:
        # No navigation entry (the roles' navigation stays on one line): the pages are
        # linked from the start page's tasks and from the programme dashboard.
        from . import start_page

        start_page.register()
