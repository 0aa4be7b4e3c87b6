from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People, organisations and programmes")

    def ready(self) -> None:
        from core.navigation import NavEntry, register_navigation

        from .services import register_emails
        from .setup import SetupSection, register_setup_section

        register_emails()

        # No "Home": the service's name in the header leads to the start page (GOV.UK service
        # navigation), and the navigation has room only for the sections.
        register_navigation(
            NavEntry(
                label=_("Set up"),
                url_name="programmes:programmes",
                order=80,
                permission="accounts.set_up_programmes",
                section=("/programmes/",),
            ),
            NavEntry(
                label=_("Admin"),
                url_name="admin:index",
                order=85,
                permission="accounts.use_admin",
                section=("/admin/",),
            ),
            NavEntry(
                label=_("Your profile"),
                url_name="accounts:profile",
                order=90,
                section=("/accounts/profile/",),
            ),
        )
        register_setup_section(
            SetupSection(
                label=_("People and their roles"),
                url_name="programmes:people",
                order=10,
                description=_("Coordinators and board members: add people and give roles."),
            ),
            SetupSection(
                label=_("Member organisations"),
                url_name="programmes:organisations",
                order=20,
                description=_(
                    "The services taking part, their records, service leads and improvement "
                    "board members."
                ),
            ),
        )
