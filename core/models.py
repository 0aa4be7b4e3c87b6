from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Base for every domain model: when a row was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True, editable=False)

    class Meta:
        abstract = True


class CreatedOnce(models.Model):
    """Base for a row that a form creates: the form carries a creation token
    (`core.forms.CreateOnceForm`) and the service saves the row through `core.once.create_once`,
    so the same form sent again (a double click, a page sent twice, twenty tabs at once) gives
    back the row it made the first time instead of making another. Rows made otherwise (demo
    data, the admin, other apps' services) have none. The token is plumbing, not a fact about
    the row: leave it out of history (`HistoricalRecords(excluded_fields=["creation_token"])`)."""

    creation_token = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class CacheGeneration(models.Model):
    """A token per kind of data that cached pages are built from. Every change to that data
    writes a fresh token (core.caching.generation_bump, in the change's transaction); cached
    copies are stored under the token they were built with, so a change makes every older copy
    unreachable. Kept in the database, so that every web process sees a change at once whatever
    the cache backend."""

    name = models.CharField(max_length=50, primary_key=True)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("cache generation")
        verbose_name_plural = _("cache generations")

    def __str__(self) -> str:
        return f"{self.name} {self.token}"


class EmailState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    NOTHING_TO_SEND = "nothing_to_send", _("Nothing to send")
    EXPIRED = "expired", _("Not sent: its link had expired")
    FAILED = "failed", _("Not sent: gave up")


class OutboxEmail(models.Model):
    """An email the service has decided to send, recorded in the same transaction as the
    change that causes it, and delivered once that has committed (core.outbox). A written
    message keeps its subject, body and addresses; an email carrying a sign-in link (its
    `kind` names the builder that writes it) keeps only what is needed to write it at delivery,
    never the link's token."""

    kind = models.CharField(_("kind"), max_length=60, blank=True)
    params = models.JSONField(_("what it is written from"), default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("body"), blank=True)
    to = models.JSONField(_("to"), default=list, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=EmailState.choices, default=EmailState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="core_outbox_due"),
            models.Index(fields=["state", "created_at"], name="core_outbox_kept"),
        ]

    def __str__(self) -> str:
        return self.subject or self.kind
