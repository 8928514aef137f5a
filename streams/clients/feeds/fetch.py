"""HTTP GET for feeds and pages: conditional, time-boxed, size-capped, and http(s) only, redirects included.

The standard library's client (urllib), so that ingestion adds no HTTP dependency. Its socket timeout
bounds each read; the whole request is bounded too, so a server that trickles bytes cannot hold a poll.
"""

from __future__ import annotations

import email.utils
import http.client
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

USER_AGENT = "wirewatch-ingest/0.1"
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
               "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5")
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
_CHUNK = 65_536


class FetchError(Exception):
    """A request that gave no usable response; ``retry_after`` is the server's Retry-After, in seconds."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


@dataclass(frozen=True)
class Response:
    """A 200 with its body, or a 304 Not Modified (empty body); the validators to send next time."""

    status: int
    url: str
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """True for 304 Not Modified: nothing changed since the validators that were sent."""
        return self.status == 304


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host: the only kind ingestion ever requests."""
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in SCHEMES and bool(parts.netloc)


class _WebRedirectsOnly(urllib.request.HTTPRedirectHandler):
    """Follow at most MAX_REDIRECTS redirects, and only to http(s): never to file:, ftp: or data: URLs."""

    max_redirections = MAX_REDIRECTS

    def http_error_302(self, req: Any, fp: IO[bytes], code: int, msg: str, headers: Any) -> Any:
        # urllib refuses a redirect to file: itself, but as a bare "HTTP 302"; name the reason instead.
        location = headers.get("Location") or headers.get("URI")
        if location and not is_web_url(urljoin(req.full_url, location)):
            fp.close()
            raise FetchError(f"redirect to a non-http URL refused: {location[:200]}")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req: Any, fp: IO[bytes], code: int, msg: str, headers: Any,
                         newurl: str) -> urllib.request.Request | None:
        if not is_web_url(newurl):
            fp.close()
            raise FetchError(f"redirect to a non-http URL refused: {newurl[:200]}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when.astimezone(UTC) - datetime.now(UTC)).total_seconds()) if when.tzinfo else None


@dataclass(frozen=True)
class Fetcher:
    """GET with a total time limit and a size cap (applied after decompression too)."""

    timeout_s: float
    max_bytes: int

    def get(self, url: str, *, accept: str = FEED_ACCEPT, etag: str | None = None,
            modified: str | None = None) -> Response:
        """Fetch ``url``, sending ``etag`` and ``modified`` as If-None-Match and If-Modified-Since.

        Raises:
            FetchError: for a URL that is not http(s), a network error, a timeout, an HTTP error status,
                a redirect off the web, or a body over ``max_bytes``.
        """
        if not is_web_url(url):
            raise FetchError(f"not an http(s) URL: {url[:200]}")
        headers = {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "gzip"}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        deadline = time.monotonic() + self.timeout_s
        opener = urllib.request.build_opener(_WebRedirectsOnly)
        try:
            # The scheme is checked above and on every redirect: only http(s) is ever opened.
            with opener.open(urllib.request.Request(url, headers=headers), timeout=self.timeout_s) as resp:  # noqa: S310
                body = self._read(resp, deadline)
                return Response(resp.status, resp.geturl(), body, resp.headers.get("Content-Type", ""),
                                resp.headers.get("ETag"), resp.headers.get("Last-Modified"))
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 304:
                return Response(304, url, etag=exc.headers.get("ETag") or etag,
                                last_modified=exc.headers.get("Last-Modified") or modified)
            raise FetchError(f"HTTP {exc.code}", _retry_after(exc.headers.get("Retry-After"))) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise FetchError(f"timed out after {self.timeout_s:g}s") from exc
            raise FetchError(f"cannot connect: {exc.reason}") from exc
        except TimeoutError as exc:
            raise FetchError(f"timed out after {self.timeout_s:g}s") from exc
        except (http.client.HTTPException, OSError, ValueError) as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}") from exc

    def _read(self, resp: Any, deadline: float) -> bytes:
        length = resp.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            raise FetchError(f"response of {int(length):,} bytes, over ingest_max_bytes {self.max_bytes:,}")
        chunks, size = [], 0
        while chunk := resp.read1(_CHUNK):
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"response over ingest_max_bytes {self.max_bytes:,}")
            if time.monotonic() > deadline:
                raise FetchError(f"timed out after {self.timeout_s:g}s")
            chunks.append(chunk)
        body = b"".join(chunks)
        if resp.headers.get("Content-Encoding", "").strip().lower() == "gzip":
            return self._gunzip(body)
        return body

    def _gunzip(self, body: bytes) -> bytes:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            data = inflater.decompress(body, self.max_bytes + 1)
        except zlib.error as exc:
            raise FetchError(f"bad gzip body: {exc}") from exc
        if len(data) > self.max_bytes or inflater.unconsumed_tail:
            raise FetchError(f"response over ingest_max_bytes {self.max_bytes:,} once decompressed")
        return data
