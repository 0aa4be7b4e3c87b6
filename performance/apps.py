from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = _("Performance")

    def ready(self) -> None:
        from . import import_rules  # noqa: F401 - registers the import permissions
