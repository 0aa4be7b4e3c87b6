"""The client's address, as far as we can trust it."""

from django.conf import settings
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    """The address of whoever connected to the outermost of our own proxies.

    With TRUSTED_PROXY_COUNT = 0 the web server faces the internet and X-Forwarded-For is
    ignored: anyone can write it. With N trusted proxies, each appends the address it saw, so
    the Nth entry from the right was written by our outermost proxy; entries further left came
    from the client and are never believed. django-axes keys lockouts on this address.
    """
    remote_addr = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote_addr
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        # Fewer hops than proxies we run: the request did not come through all of them.
        return remote_addr
    return forwarded[-proxies]
