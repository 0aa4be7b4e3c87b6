from django.db import models
from django.utils.translation import gettext_lazy as _


class Rating(models.TextChoices):
    """A self-rating per section, in Ofsted's words."""

    OUTSTANDING = "outstanding", _("Outstanding")
    GOOD = "good", _("Good")
    REQUIRES_IMPROVEMENT = "requires_improvement", _("Requires improvement")
    INADEQUATE = "inadequate", _("Inadequate")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class NoteKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    QUESTION = "question", _("Challenge question")
