from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementConfig(AppConfig):
    name = "improvement"
    verbose_name = _("Improvement plans")

    def ready(self) -> None:
        from . import documents, signals, start_page

        start_page.register()
        documents.register()
        signals.connect()
