"""Access cases for the email outbox in the admin: merged into the main MATRIX. Technical
staff read it ("was it sent?") and may delete a row; nobody adds or changes one by hand."""

from types import SimpleNamespace

from .matrix import Case, superuser_admin_cases

CASES: dict[str, Case] = {
    **superuser_admin_cases("core_outboxemail", obj=lambda w: w.outbox_email.pk),
}


def world(base: SimpleNamespace) -> dict:
    """One sent email."""
    from core.models import EmailState, OutboxEmail

    email = OutboxEmail.objects.create(
        subject="Your application was approved",
        body="The board approved your application.",
        to=["lead@example.org"],
        state=EmailState.SENT,
    )
    return {"outbox_email": email}
