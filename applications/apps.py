from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications and the programme board")

    def ready(self) -> None:
        from . import start_page

        start_page.register()
