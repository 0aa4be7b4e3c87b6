"""Pages built from data that changes rarely and is read often (the programme board's heat-map)
are cached as rendered HTML under the data's generation token: any change to the data writes a
new token, so a cached copy is never older than the data it shows. The token lives in the
database (CacheGeneration), so invalidation holds across web processes whatever CACHE_URL is;
the copies themselves go to the default cache."""

import hashlib
import uuid
from collections.abc import Callable, Hashable

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .models import CacheGeneration

# How long an unused copy stays in the cache; a change makes it unreachable long before.
CACHED_HTML_SECONDS = 60 * 60


def generation_bump(name: str) -> str:
    """Record that data cached under `name` changed: a fresh token, written in the caller's
    transaction (so readers see the new token and the new data together). A random token
    rather than a counter, so two changes at once can never leave the same value twice."""
    token = uuid.uuid4().hex
    if CacheGeneration.objects.filter(name=name).update(token=token):
        return token
    try:
        with transaction.atomic():
            CacheGeneration.objects.create(name=name, token=token)
    except IntegrityError:  # created meanwhile by another change
        CacheGeneration.objects.filter(name=name).update(token=token)
    return token


def cached_html(
    *, generation: str, key: tuple[Hashable, ...], build: Callable[[], str]
) -> SafeString:
    """The HTML `build()` makes, from the cache when it was built since the last change to
    `generation`. `key` names everything else the HTML depends on (who is asking, filters);
    the active language is added. The token is read before building, so a change made while
    building leaves newer HTML under the older token, never the reverse."""
    token = CacheGeneration.objects.filter(name=generation).values_list(
        "token", flat=True
    ).first() or generation_bump(generation)
    digest = hashlib.sha256(repr((key, get_language())).encode()).hexdigest()
    cache_key = f"html:{generation}:{token}:{digest}"
    html = cache.get(cache_key)
    if html is None:
        html = str(build())
        cache.set(cache_key, html, CACHED_HTML_SECONDS)
    # Our own template's output, stored as plain text in the cache.
    return mark_safe(html)  # noqa: S308
