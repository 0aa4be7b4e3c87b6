from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = _("Offers, lines of enquiry and cycles")

    def ready(self) -> None:
        from accounts.setup import SetupSection, register_setup_section

        register_setup_section(
            SetupSection(
                label=_("Offers"),
                url_name="offers:offers",
                order=30,
                description=_(
                    "What services can apply for: days on site, the team each review needs, "
                    "its cost, and whether the report is published."
                ),
            ),
            SetupSection(
                label=_("Key lines of enquiry and golden threads"),
                url_name="offers:lines",
                order=40,
                description=_(
                    "The areas a service can ask its review to look at, and the themes every "
                    "review covers."
                ),
            ),
            SetupSection(
                label=_("Cycles"),
                url_name="offers:cycles",
                order=50,
                description=_(
                    "The programme's periods, each with the funding and reviewer-days it has "
                    "to spend, open or closed for applications."
                ),
            ),
        )
