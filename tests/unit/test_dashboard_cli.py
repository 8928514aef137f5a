"""``wirewatch dashboard`` through main(): where it listens, and the token it asks for beyond loopback."""

from __future__ import annotations

import pytest

from streams.cli import main
from streams.clients.dashboard import server as dashboard_server
from streams.ops.broker import free_port


@pytest.fixture
def until_ctrl_c(monkeypatch: pytest.MonkeyPatch) -> list[dashboard_server.DashboardServer]:
    """Stand in for the user: once the server is up, press Ctrl-C. The servers seen are returned."""
    seen: list[dashboard_server.DashboardServer] = []

    def interrupt(self: dashboard_server.DashboardServer) -> None:
        seen.append(self)
        raise KeyboardInterrupt

    monkeypatch.setattr(dashboard_server.DashboardServer, "wait", interrupt)
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", f"127.0.0.1:{free_port()}")  # no broker: the page says stale
    # ... once it has started: at start an absent broker is one line and exit 2 (tests/unit/test_cli_unreachable.py).
    monkeypatch.setattr("streams.commands.require_broker", lambda settings: None)
    return seen


def test_on_loopback_no_token_is_asked(until_ctrl_c, capsys):
    assert main(["dashboard", "--port", "0"]) == 0
    err = capsys.readouterr().err
    assert "dashboard on http://127.0.0.1:" in err and "token" not in err
    assert until_ctrl_c[0].token is None


def test_beyond_loopback_a_token_is_generated_and_printed(until_ctrl_c, capsys):
    assert main(["dashboard", "--host", "0.0.0.0", "--port", "0"]) == 0  # noqa: S104 - bound, never reached
    err = capsys.readouterr().err
    token = until_ctrl_c[0].token
    assert token and f"?token={token}" in err and "generated for this run" in err


def test_a_token_from_the_environment_is_used_and_not_printed(until_ctrl_c, capsys, monkeypatch):
    monkeypatch.setenv("WIREWATCH_DASHBOARD_TOKEN", "from-the-environment-0123456789")
    assert main(["dashboard", "--host", "0.0.0.0", "--port", "0", "--allow-host", "dash.example.org"]) == 0  # noqa: S104
    err = capsys.readouterr().err
    server = until_ctrl_c[0]
    assert server.token == "from-the-environment-0123456789" and not server.token_generated  # noqa: S105
    assert "generated" not in err and server.gate.host_allowed("dash.example.org:443")
