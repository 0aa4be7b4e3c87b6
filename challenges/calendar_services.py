"""Writes for the calendars: making, and replacing, a person's secret feed address."""

import secrets

from django.db import transaction

from accounts.models import User

from .models import CalendarFeed

# 32 random bytes: 43 characters in the address, far beyond guessing.
TOKEN_BYTES = 32


@transaction.atomic
def calendar_feed_renew(*, user: User) -> CalendarFeed:
    """Give `user` a new secret feed address. Any address they had stops working at once:
    the token is replaced on their one row (locked, so two requests at once leave one)."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    if feed is None:
        feed, created = CalendarFeed.objects.get_or_create(user=user, defaults={"token": token})
        if created:
            return feed
    feed.token = token
    feed.save(update_fields=["token", "created_at"])
    return feed
