"""The only way a PDF being rendered can load anything: the project's own static files and
`data:` URLs. No network (not even localhost), no `file:` paths, no redirects — so markup
or CSS that a user typed can never make the renderer fetch, probe or embed anything."""

import logging
import mimetypes
import posixpath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Relative URLs in a PDF template (and {% static %} when STATIC_URL is a path) resolve against
# this address. The .invalid domain never resolves (RFC 2606), and the fetcher below answers
# for it from disk, so nothing is ever looked up or requested.
BASE_URL = "https://documents.invalid/"

# Large enough for any logo, stylesheet or font we ship; a guard against a runaway file.
MAX_ASSET_BYTES = 10 * 2**20


class URLRefusedError(ValueError):
    """A URL the PDF renderer may not load. WeasyPrint logs it and renders without it."""


class StaticAssetsURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves static assets from disk and `data:` URLs, and
    refuses every other URL. What it served and what it refused are kept in `loaded` and
    `refused`, in order."""

    def __init__(self) -> None:
        # Only data: ever reaches urllib (WeasyPrint's own handler), without redirects; every
        # other scheme is answered, or refused, by fetch() below.
        super().__init__(allowed_protocols=("data",), allow_redirects=False, fail_on_errors=False)
        self.loaded: list[str] = []
        self.refused: list[str] = []
        self._static_prefix = urljoin(BASE_URL, settings.STATIC_URL)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        try:
            scheme = urlsplit(url).scheme.lower()
        except ValueError:  # not even a URL (e.g. an unclosed IPv6 address)
            scheme = ""
        if url.startswith(self._static_prefix):
            response = self._static(url)
        elif scheme == "data":
            response = super().fetch(url, headers)
        else:
            raise self._refuse(url, "not a static asset of the service")
        self.loaded.append(url)
        return response

    def _static(self, url: str) -> URLFetcherResponse:
        path = unquote(urlsplit(url[len(self._static_prefix) :]).path)
        name = posixpath.normpath(path) if path else ""
        if not name or name.startswith(("/", "../")) or name == ".." or "\x00" in name:
            raise self._refuse(url, "not a static file name")
        try:
            content = _read_static(name)
        except (SuspiciousFileOperation, OSError, ValueError):
            content = None
        if content is None:
            raise self._refuse(url, "no such static file")
        if len(content) > MAX_ASSET_BYTES:
            raise self._refuse(url, "too large")
        mime_type, _encoding = mimetypes.guess_type(name)
        return URLFetcherResponse(
            url, content, {"Content-Type": mime_type or "application/octet-stream"}
        )

    def _refuse(self, url: str, reason: str) -> URLRefusedError:
        self.refused.append(url)
        # The URL is the user's text: logged for whoever investigates, never fetched.
        logger.warning("PDF rendering refused to load %.200r: %s", url, reason)
        return URLRefusedError(f"Refused to load {url[:200]!r}: {reason}")


def _read_static(name: str) -> bytes | None:
    """A static file's bytes, from the source folders (development, tests) or from
    STATIC_ROOT after collectstatic (production, where {% static %} names hashed copies)."""
    found = finders.find(name)
    if found:
        with open(found, "rb") as source:
            return source.read(MAX_ASSET_BYTES + 1)
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name, "rb") as source:
            return source.read(MAX_ASSET_BYTES + 1)
    return None
