"""Delivering one alert: a webhook on a local server, a command, retries with back-off."""

from __future__ import annotations

import json
import shlex
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from streams.clients.delivery import DeliveryError, deliver_with_retries, post_json, run_command, webhook
from streams.ops.broker import free_port

Answer = Callable[[str], tuple[int, dict[str, str]]]


@pytest.fixture
def hook() -> Iterator[Callable[[Answer], tuple[str, list[dict]]]]:
    """Start a local HTTP server answering each request with ``answer(path)``; its URL and the requests seen."""
    servers: list[tuple[ThreadingHTTPServer, threading.Thread]] = []

    def start(answer: Answer) -> tuple[str, list[dict]]:
        seen: list[dict] = []

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                seen.append({"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body})
                status, headers = answer(self.path)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = _answer  # noqa: N815 - http.server's names

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_address[1]}/hook", seen

    yield start
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join()


def test_a_2xx_answer_is_delivered_with_the_json_and_the_idempotency_key(hook):
    url, seen = hook(lambda path: (204, {}))
    assert post_json(url, {"article_id": "a1"}, "ww1-key") == 204
    [request] = seen
    assert (request["method"], json.loads(request["body"])) == ("POST", {"article_id": "a1"})
    assert request["headers"]["Idempotency-Key"] == "ww1-key"
    assert request["headers"]["Content-Type"] == "application/json"


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_not_followed_and_not_a_delivery(hook, status):
    url, seen = hook(lambda path: (status, {"Location": "/elsewhere"}) if path == "/hook" else (200, {}))
    with pytest.raises(DeliveryError, match=f"answered {status} .*redirect to '/elsewhere'") as failed:
        post_json(url, {"article_id": "a1"}, "k")
    assert failed.value.permanent
    assert [(r["method"], r["path"]) for r in seen] == [("POST", "/hook")]


@pytest.mark.parametrize(("status", "permanent"), [(500, False), (503, False), (429, False), (408, False),
                                                   (404, True), (400, True), (410, True)])
def test_an_error_answer_fails_and_says_whether_a_retry_can_help(hook, status, permanent):
    url, _seen = hook(lambda path: (status, {}))
    with pytest.raises(DeliveryError, match=f"answered {status}") as failed:
        post_json(url, {}, "k")
    assert failed.value.permanent is permanent


def test_an_unreachable_webhook_is_a_failure_to_retry():
    with pytest.raises(DeliveryError, match="webhook did not answer: .*Connection refused") as failed:
        post_json(f"http://127.0.0.1:{free_port()}/hook", {}, "k", timeout_s=2)  # nothing listens there
    assert not failed.value.permanent


def test_a_webhook_slower_than_the_timeout_is_a_failure_to_retry(hook):
    release = threading.Event()
    url, _seen = hook(lambda path: (release.wait(30), (204, {}))[1])
    try:
        with pytest.raises(DeliveryError, match="webhook did not answer: .*timed out") as failed:
            post_json(url, {}, "k", timeout_s=0.3)
    finally:
        release.set()  # lets the server's handler thread finish before the server stops
    assert not failed.value.permanent


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/", "/just/a/path", "http://"])
def test_a_webhook_must_be_an_http_url(url):
    with pytest.raises(ValueError, match="http:// or https://"):
        webhook(url)


def test_retries_back_off_then_give_up_with_the_last_error():
    waits: list[float] = []

    def fail() -> None:
        raise DeliveryError("webhook answered 500")

    with pytest.raises(DeliveryError, match=r"answered 500 \(attempt 4 of 4\)"):
        deliver_with_retries(fail, attempts=4, backoff_s=0.5, sleep=waits.append)
    assert waits == [0.5, 1.0, 2.0]


def test_a_permanent_failure_is_not_retried():
    calls: list[int] = []

    def redirected() -> None:
        calls.append(1)
        raise DeliveryError("webhook answered 302", permanent=True)

    with pytest.raises(DeliveryError, match=r"\(attempt 1 of 5\)"):
        deliver_with_retries(redirected, attempts=5, sleep=lambda s: None)
    assert calls == [1]


def test_a_success_after_failures_returns_the_attempts_it_took():
    outcomes = [DeliveryError("down"), DeliveryError("down"), None]

    def flaky() -> None:
        outcome = outcomes.pop(0)
        if outcome:
            raise outcome

    assert deliver_with_retries(flaky, attempts=5, sleep=lambda s: None) == 3


def test_a_command_gets_the_alert_on_stdin_and_the_key_in_its_environment(tmp_path):
    out = tmp_path / "out"
    run_command(f'{{ cat; echo; echo "$WIREWATCH_IDEMPOTENCY_KEY"; }} > {shlex.quote(str(out))}',
                {"article_id": "a1"}, "ww1-key")
    body, key = out.read_text().splitlines()
    assert (json.loads(body), key) == ({"article_id": "a1"}, "ww1-key")


def test_a_failing_command_is_a_failure():
    with pytest.raises(DeliveryError, match="exited with 3"):
        run_command("exit 3", {}, "k")


def _running(pid: int) -> bool:
    """True while ``pid`` is a live process (a zombie waiting for its parent to reap it is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_a_hung_command_is_stopped_with_its_children_after_the_timeout(tmp_path):
    pid_file = tmp_path / "pid"
    started = time.monotonic()
    with pytest.raises(DeliveryError, match="still running after 0.5 s: stopped"):
        run_command(f"sleep 300 & echo $! > {shlex.quote(str(pid_file))}; wait", {}, "k", timeout_s=0.5)
    assert time.monotonic() - started < 10
    assert not _running(int(pid_file.read_text()))


def test_a_command_that_ignores_sigterm_is_killed(tmp_path):
    pid_file = tmp_path / "pid"
    with pytest.raises(DeliveryError, match="stopped"):
        run_command(f"trap '' TERM; echo $$ > {shlex.quote(str(pid_file))}; while :; do sleep 0.1; done", {}, "k",
                    timeout_s=0.5)
    assert not _running(int(pid_file.read_text()))
