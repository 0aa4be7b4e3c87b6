"""The data pack's one action, on the challenge's page: "Produce the data pack" (POST). The
page shows the latest pack's state (`datapack_panel`), its own page (documents) polls it."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.models import DocumentStatus

from . import selectors
from .datapack import REQUEST_DATA_PACK, VIEW_DATA_PACK, data_packs_of
from .datapack_services import data_pack_request


@login_required
@require_POST
def data_pack_produce(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = selectors.challenge_for_user(user=request.user, pk=pk)
    # Asked of `rules` itself: Django's has_perm says yes to a superuser whatever the phase.
    if not rules.has_perm(REQUEST_DATA_PACK, request.user, challenge):
        raise PermissionDenied
    document = data_pack_request(challenge=challenge, by=request.user)
    if document.status != DocumentStatus.READY:
        messages.success(
            request,
            _("The data pack is being prepared. This page shows when it is ready."),
        )
    return redirect(reverse("challenges:detail", args=[challenge.pk]) + "#data-pack")


def datapack_panel(user, challenge) -> dict | None:
    """What the challenge's page shows of its data pack, for those who may see it: the latest
    pack (being prepared, ready or failed), the latest ready one when that is older, and
    whether this person may ask for one. None for everyone else."""
    if not rules.has_perm(VIEW_DATA_PACK, user, challenge):
        return None
    packs = data_packs_of(challenge)
    latest = packs.first()
    ready = latest
    if latest is not None and latest.status != DocumentStatus.READY:
        ready = packs.filter(status=DocumentStatus.READY).first()
    return {
        "latest": latest,
        "ready": ready,
        "may_request": rules.has_perm(REQUEST_DATA_PACK, user, challenge),
    }
