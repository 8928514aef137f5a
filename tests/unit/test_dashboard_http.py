"""The dashboard over HTTP, with no broker (a consumer that reads nothing): Host check, token, headers,
content types, the files it serves and the cap on event streams."""

from __future__ import annotations

import http.client
import re
import time
from collections.abc import Iterator
from importlib import resources

import pytest

from streams.clients.dashboard import DashboardServer
from streams.runtime.settings import Settings

EVERYWHERE = "0.0.0.0"  # noqa: S104 - the tests bind it to check what is refused; they connect on loopback


class NoRecords:
    """A consumer that reads nothing: these tests are about the server, not Kafka."""

    def poll(self, timeout_ms: int = 500) -> dict:
        time.sleep(timeout_ms / 1000)
        return {}

    def close(self) -> None:
        pass


@pytest.fixture
def serve() -> Iterator:
    started: list[DashboardServer] = []

    def start(host: str = "127.0.0.1", **kwargs) -> DashboardServer:
        settings = Settings(app_id="ww-http-test", bootstrap_servers="127.0.0.1:9",
                            dashboard_max_streams=kwargs.pop("max_streams", 16))
        server = DashboardServer(settings, host, 0, consumer_factory=lambda topics: NoRecords(), **kwargs).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def get(server: DashboardServer, path: str = "/", host: str | None = None,
        headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    """GET ``path`` on loopback, with ``host`` as the Host header (None: the real address, "": none)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
    host = f"127.0.0.1:{server.port}" if host is None else host
    if host:
        conn.putheader("Host", host)
    for name, value in (headers or {}).items():
        conn.putheader(name, value)
    conn.endheaders()
    response = conn.getresponse()
    if response.getheader("Content-Type", "").startswith("text/event-stream"):
        return response  # left open: the caller reads or closes it
    response.read()
    conn.close()
    return response


@pytest.mark.parametrize(("host", "status"), [
    ("127.0.0.1:{port}", 200), ("localhost:{port}", 200), ("LOCALHOST.:{port}", 200), ("[::1]:{port}", 200),
    ("evil.example", 421), ("evil.example:{port}", 421), ("127.0.0.1.evil.example:{port}", 421),
    ("localhost.evil.example", 421), ("192.0.2.7:{port}", 421),
])
def test_on_loopback_only_loopback_names_are_answered(serve, host, status):
    server = serve()
    assert get(server, host=host.format(port=server.port)).status == status


def test_a_request_without_host_is_refused(serve):
    assert get(serve(), host="").status in {400, 421}  # aiohttp refuses HTTP/1.1 without Host itself


@pytest.mark.parametrize(("host", "status"), [
    ("192.0.2.7:{port}", 200), ("[2001:db8::7]:{port}", 200), ("localhost:{port}", 200),
    ("dash.example.org", 200), ("evil.example:{port}", 421),
])
def test_on_every_interface_addresses_and_named_hosts_are_answered(serve, host, status):
    server = serve(EVERYWHERE, allow_hosts=("dash.example.org",))
    auth = {"Authorization": f"Bearer {server.token}"}
    assert get(server, host=host.format(port=server.port), headers=auth).status == status


def test_beyond_loopback_a_token_is_generated_and_required(serve):
    server = serve(EVERYWHERE)
    assert server.token_generated and len(server.token or "") >= 32
    assert any(server.token in line for line in server.banner())
    for path in ("/", "/api/recent", "/events", "/static/dashboard.js"):
        assert get(server, path).status == 401
    assert get(server, "/api/recent", headers={"Authorization": "Bearer wrong"}).status == 401
    assert get(server, "/api/recent?token=wrong").status == 401
    assert get(server, "/api/recent", headers={"Authorization": f"Bearer {server.token}"}).status == 200


def test_the_page_trades_the_token_in_its_address_for_a_cookie(serve):
    server = serve(EVERYWHERE)
    first = get(server, f"/?token={server.token}")
    cookie = first.getheader("Set-Cookie", "")
    assert first.status == 303 and first.getheader("Location") == "/"
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert get(server, "/api/recent", headers={"Cookie": cookie.split(";")[0]}).status == 200


def test_on_loopback_a_given_token_is_required_too(serve):
    assert get(serve()).status == 200
    server = serve(token="s3cret-token")  # noqa: S106 - a test token
    assert (get(server).status, get(server, headers={"Authorization": "Bearer s3cret-token"}).status) == (401, 200)


@pytest.mark.parametrize(("path", "content_type"), [
    ("/", "text/html; charset=utf-8"), ("/static/dashboard.js", "text/javascript; charset=utf-8"),
    ("/static/map.js", "text/javascript; charset=utf-8"),
    ("/static/dashboard.css", "text/css; charset=utf-8"), ("/static/world.json", "application/json; charset=utf-8"),
    ("/api/recent", "application/json; charset=utf-8"), ("/events", "text/event-stream; charset=utf-8"),
])
def test_each_route_says_what_it_sends_and_forbids_framing_sniffing_and_other_origins(serve, path, content_type):
    response = get(serve(), path)
    csp = response.getheader("Content-Security-Policy", "")
    assert response.status == 200 and response.getheader("Content-Type") == content_type
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "http" not in csp
    assert response.getheader("X-Frame-Options") == "DENY"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    response.close()


@pytest.mark.parametrize("path", ["/static/dashboard.html", "/static/worldmap.py", "/static/..%2fcli.py",
                                  "/static/../dashboard/server.py", "/nothing"])
def test_only_the_pages_own_files_are_served_and_errors_carry_the_headers_too(serve, path):
    response = get(serve(), path)
    assert response.status == 404 and response.getheader("X-Frame-Options") == "DENY"


def test_the_page_has_no_inline_code_and_names_no_other_origin():
    static = resources.files("streams.clients").joinpath("static")
    html = static.joinpath("dashboard.html").read_text("utf-8")
    assert re.findall(r"<script[^>]*>", html) == ['<script type="module" src="/static/dashboard.js">']
    assert "<style" not in html and not re.search(r"\son\w+=", html)
    for name in ("dashboard.html", "dashboard.js", "map.js", "dashboard.css"):
        text = static.joinpath(name).read_text("utf-8").replace("http://www.w3.org/2000/svg", "")
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", text), name


def test_event_streams_are_capped_and_a_closed_one_frees_its_place(serve):
    server = serve(max_streams=2)
    open_streams = [get(server, "/events") for _ in range(2)]
    assert [s.status for s in open_streams] == [200, 200]
    assert all(s.readline() == b"retry: 3000\n" for s in open_streams)  # each is being served
    refused = get(server, "/events")
    assert refused.status == 503 and refused.getheader("Retry-After") == "10"
    open_streams.pop().close()
    deadline = time.monotonic() + 5  # the server looks at its connections every second
    while (again := get(server, "/events")).status != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert again.status == 200
    again.close()
    for stream in open_streams:
        stream.close()
