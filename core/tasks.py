"""Tasks every app uses."""

from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
    acks_late=True,
)
def send_email(*, subject: str, body: str, to: list[str], html_body: str | None = None) -> int:
    """Send one email: a plain-text body, with an HTML alternative when given.

    Queued with transaction.on_commit by the service that decides to send it, so a rolled-back
    change sends nothing. Transient SMTP faults (OSError) are retried with backoff.
    """
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()
