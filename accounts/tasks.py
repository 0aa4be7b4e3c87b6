"""Tasks for people's accounts."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def send_password_reset(*, email: str, base_url: str) -> None:
    """Email a password-reset link to the account with this address, if there is one: queued by
    the reset page after its response (accounts.forms.PasswordResetRequestForm)."""
    services.user_send_password_reset(email=email, base_url=base_url)
