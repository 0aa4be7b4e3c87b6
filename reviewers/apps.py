from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewersConfig(AppConfig):
    name = "reviewers"
    verbose_name = _("Reviewer pool and training")

    def ready(self) -> None:
        from . import documents, start_page

        start_page.register()
        documents.register()
