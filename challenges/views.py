"""The challenge pages (being written: each answers 404 until then)."""

from django.http import Http404


def _not_yet(*args, **kwargs):
    raise Http404


challenge_list = challenge_export = challenge_new = challenge_detail = _not_yet
challenge_dates = challenge_team = member_remove = invitation = milestones = _not_yet
milestone_new = milestone_edit = challenge_move = _not_yet
