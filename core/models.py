from django.db import models
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
