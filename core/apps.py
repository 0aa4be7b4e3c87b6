from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models import ForeignObject, IntegerField

        from .lookups import IntegerFieldIn, RelatedIntegerExact
        from .middleware import session_clock_start

        user_logged_in.connect(session_clock_start, dispatch_uid="core.session_clock_start")
        # Ids beyond what the column holds match no row instead of failing (see lookups.py).
        IntegerField.register_lookup(IntegerFieldIn)
        ForeignObject.register_lookup(RelatedIntegerExact)
