"""The dashboard's gate: which Host names it answers, the token it asks for, the headers it always sends.

* **Host.** A page from another site can make its own name resolve to 127.0.0.1 (DNS rebinding) and then
  read the dashboard as same-origin. Browsers always send the name they resolved in ``Host``, so a request
  whose Host is not a name the dashboard is known by is refused (421). Known: the loopback names, the
  address it is bound to, this machine's host name when bound to every interface, ``--allow-host`` names,
  and any IP literal when bound to every interface (reaching a server by address cannot be a rebinding).
* **Token.** Bound to anything but loopback, every request needs the token: ``?token=`` (the page then
  keeps it in an HttpOnly, SameSite=Strict cookie and drops it from the address bar), a
  ``Authorization: Bearer`` header, or that cookie. On loopback a token is asked only when one was given.
* **Headers.** A Content-Security-Policy that allows the page's own script, style and data only (no inline
  code, no other origin, no framing), ``X-Frame-Options: DENY``, ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy: no-referrer``, on every response, errors included.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import socket
from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import urlencode

from aiohttp import web

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "Cross-Origin-Opener-Policy": "same-origin",
           "Cross-Origin-Resource-Policy": "same-origin"}
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})  # noqa: S104 - names of "every interface", compared, not bound
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and the loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    """A fresh random token (32 URL-safe characters)."""
    return secrets.token_urlsafe(24)


def host_name(header: str) -> str:
    """The name part of a Host header, lower case: ``"[::1]:8765"`` -> ``"::1"``, ``"a.b.:80"`` -> ``"a.b"``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return (header.rsplit(":", 1)[0] if header.count(":") == 1 else header).rstrip(".")


class Gate:
    """Host check, token check and security headers for one bound address."""

    def __init__(self, bind_host: str, token: str | None, allow_hosts: Iterable[str] = ()) -> None:
        self.bind_host, self.token = bind_host.strip("[]").lower(), token
        self.cookie = "wirewatch-dashboard"  # the server adds its port: cookies ignore ports
        self.wildcard = self.bind_host in WILDCARDS
        names = set(LOOPBACK_NAMES) | {host_name(h) for h in allow_hosts} | {self.bind_host}
        if self.wildcard:
            names.add(socket.gethostname().lower())
        self.names = frozenset(names - {""})

    def host_allowed(self, header: str | None) -> bool:
        """True when a request's Host header names this dashboard."""
        if not header:
            return False
        name = host_name(header)
        if name in self.names:
            return True
        if self.wildcard:
            try:
                ipaddress.ip_address(name)
                return True
            except ValueError:
                return False
        return False

    def _token_of(self, request: web.Request) -> str | None:
        auth = request.headers.get("Authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip()
        return request.query.get("token") or request.cookies.get(self.cookie)

    def authorised(self, request: web.Request) -> bool:
        """True when no token is needed or the request carries the right one."""
        if self.token is None:
            return True
        given = self._token_of(request)
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse a foreign Host (421) or a missing token (401); trade a ``?token=`` page load for a cookie."""
        if not self.host_allowed(request.headers.get("Host")):
            raise web.HTTPMisdirectedRequest(text="this dashboard does not answer to that Host name\n")
        if not self.authorised(request):
            raise web.HTTPUnauthorized(
                text="a token is needed: open the address `wirewatch dashboard` printed, "
                     "or send Authorization: Bearer TOKEN\n", headers={"WWW-Authenticate": "Bearer"})
        if self.token is not None and request.method == "GET" and request.path == "/" and "token" in request.query:
            rest = {k: v for k, v in request.query.items() if k != "token"}
            response = web.Response(status=303, headers={"Location": "/" + ("?" + urlencode(rest) if rest else "")})
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict", path="/")
            return response
        return await handler(request)

    @staticmethod
    async def add_headers(_request: web.Request, response: web.StreamResponse) -> None:
        """``on_response_prepare``: the security headers on every response."""
        response.headers.update(HEADERS)
