"""Deliver one alert to a webhook (HTTP POST of its JSON) or to a command (its JSON on standard input).

A webhook delivery succeeds only on a 2xx answer to the POST itself. Redirects are not followed:
urllib would re-send a 301/302/303 as a GET without the body, which no receiver can use, and a
delivery must not count as done when the alert never arrived. A 3xx is a permanent failure (point the
webhook at its final URL), as is any 4xx except 408, 425 and 429; those, 5xx answers, network errors and
timeouts are retried. A command succeeds when it exits with 0 within its timeout; when the time is up
its whole process group is terminated (then killed), so a hung script cannot block the subscriber.

Every delivery of one alert carries the same idempotency key (:func:`idempotency_key`): in the
``Idempotency-Key`` header of a webhook's POST, and in ``WIREWATCH_IDEMPOTENCY_KEY`` for a command.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import logging
import os
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_ENV = "WIREWATCH_IDEMPOTENCY_KEY"
RETRYABLE_4XX = frozenset({408, 425, 429})

Deliver = Callable[[dict[str, Any], str], None]
"""Deliver ``(alert, idempotency_key)``; raise :class:`DeliveryError` when it did not arrive."""


class DeliveryError(RuntimeError):
    """An alert was not delivered; ``permanent`` when trying again cannot help (a redirect, a 404)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def idempotency_key(alert: dict[str, Any]) -> str:
    """The key every delivery of ``alert`` carries: the same for a redelivery, different for another alert.

    The pipeline raises one alert per article, kind and (actor, target) pair, so these identify it. They
    are hashed because an article id or a name can hold characters an HTTP header cannot.
    """
    identity = "\x1f".join(str(alert.get(field) or "") for field in ("article_id", "kind", "actor", "target"))
    return "ww1-" + hashlib.sha256(identity.encode("utf-8", "backslashreplace")).hexdigest()[:32]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args: Any, **_kwargs: Any) -> None:
        return None  # urllib then raises the 3xx as an HTTPError


def check_webhook_url(url: str) -> str:
    """``url`` when it is an http(s) URL with a host.

    Raises:
        ValueError: for any other URL (``file:``, ``ftp:``, a bare path).
    """
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ValueError(f"the webhook must be an http:// or https:// URL with a host, not {url!r}")
    return url


def post_json(url: str, payload: dict[str, Any], key: str, timeout_s: float = 10.0) -> int:
    """POST ``payload`` as JSON with the idempotency ``key``; return the 2xx status.

    Raises:
        DeliveryError: on any other answer (permanent for 3xx and most 4xx), a network error or a timeout.
    """
    request = urllib.request.Request(  # noqa: S310 - check_webhook_url allows http(s) only
        check_webhook_url(url), data=json.dumps(payload).encode("utf-8"), method="POST",
        headers={"Content-Type": "application/json", IDEMPOTENCY_HEADER: key, "User-Agent": "wirewatch-subscribe"})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout_s) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        exc.close()
        if 300 <= exc.code < 400:
            raise DeliveryError(f"webhook answered {exc.code} (redirect to {exc.headers.get('Location')!r}, not "
                                "followed: use the final URL)", permanent=True) from None
        permanent = 400 <= exc.code < 500 and exc.code not in RETRYABLE_4XX
        raise DeliveryError(f"webhook answered {exc.code} {exc.reason}", permanent=permanent) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        raise DeliveryError(f"webhook did not answer: {getattr(exc, 'reason', None) or exc!r}") from None


def webhook(url: str, timeout_s: float = 10.0) -> Deliver:
    """A :data:`Deliver` that POSTs to ``url`` (checked now: ValueError for a URL that is not http(s))."""
    check_webhook_url(url)

    def deliver(alert: dict[str, Any], key: str) -> None:
        post_json(url, alert, key, timeout_s)

    return deliver


def _stop_group(process: subprocess.Popen[bytes], grace_s: float = 2.0) -> None:
    """Terminate the command's process group; kill what is still there after ``grace_s``."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline:
        process.poll()  # reaps the shell, which would otherwise still count as a member of the group
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def run_command(command: str, payload: dict[str, Any], key: str, timeout_s: float = 30.0) -> None:
    """Run ``command`` through the shell with the alert JSON on standard input and the key in the environment.

    Raises:
        DeliveryError: when it exits with another status than 0 or runs over ``timeout_s`` (it is then stopped,
            with every process it started).
    """
    env = {**os.environ, IDEMPOTENCY_ENV: key}
    # Its own session: the timeout can stop the whole group (a shell's children too), and Ctrl-C reaches
    # the subscriber, which stops the command itself.
    process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env,  # noqa: S602 - the user's command
                               start_new_session=True)
    try:
        process.communicate(json.dumps(payload).encode("utf-8"), timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _stop_group(process)
        raise DeliveryError(f"command still running after {timeout_s:g} s: stopped") from None
    except BaseException:
        _stop_group(process)
        raise
    if process.returncode != 0:
        raise DeliveryError(f"command exited with {process.returncode}")


def command(cmd: str, timeout_s: float = 30.0) -> Deliver:
    """A :data:`Deliver` that runs ``cmd`` for each alert."""

    def deliver(alert: dict[str, Any], key: str) -> None:
        run_command(cmd, alert, key, timeout_s)

    return deliver


def deliver_with_retries(attempt_once: Callable[[], None], *, attempts: int = 5, backoff_s: float = 1.0,
                         sleep: Callable[[float], None] = time.sleep) -> int:
    """Call ``attempt_once`` until it succeeds, backing off exponentially; return the attempts it took.

    Raises:
        DeliveryError: the last error, after ``attempts`` or at the first permanent one.
    """
    for attempt in range(1, attempts + 1):
        try:
            attempt_once()
            return attempt
        except DeliveryError as exc:
            if exc.permanent or attempt == attempts:
                raise DeliveryError(f"{exc} (attempt {attempt} of {attempts})", permanent=exc.permanent) from exc
            wait = backoff_s * 2 ** (attempt - 1)
            log.warning("delivery failed (%s); retry %d of %d in %.1f s", exc, attempt, attempts - 1, wait)
            sleep(wait)
    raise DeliveryError("no attempt made (attempts < 1)", permanent=True)
