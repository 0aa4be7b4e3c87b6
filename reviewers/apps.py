from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewersConfig(AppConfig):
    name = "reviewers"
    verbose_name = _("Reviewer pool and training")

    def ready(self) -> None:
        from core.navigation import NavEntry, register_navigation

        from . import documents, start_page

        start_page.register()
        documents.register()
        register_navigation(
            NavEntry(
                label=_("Reviewer pool"),
                url_name="reviewers:list",
                order=50,
                permission="reviewers.view_directory",
                section="/reviewers/",
            ),
            NavEntry(
                label=_("Training"),
                url_name="training:courses",
                order=60,
                permission="reviewers.manage_training",
                section="/training/",
            ),
        )
