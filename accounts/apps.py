from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People, organisations and programmes")

    def ready(self) -> None:
        from core.navigation import NavEntry, register_navigation

        register_navigation(
            NavEntry(label=_("Home"), url_name="start", order=10),
            NavEntry(
                label=_("Manage programmes"),
                url_name="admin:index",
                order=80,
                permission="accounts.use_admin",
                section="/admin/",
            ),
            NavEntry(
                label=_("Your profile"),
                url_name="accounts:profile",
                order=90,
                section="/accounts/profile/",
            ),
        )
