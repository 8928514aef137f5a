"""Every command that talks to Kafka, with nothing listening at the bootstrap address: one line, no traceback."""

from __future__ import annotations

import socket
import time

import pytest

from streams.cli import main
from streams.clients.kafka import BrokerUnreachable, require_broker
from streams.ops.broker import free_port
from streams.runtime.settings import Settings

COMMANDS = [
    ["replay", "seeds"],
    ["replay", "seeds", "--rate", "5", "--loop"],
    ["ingest", "http://127.0.0.1:9/feed.rss", "--once"],
    ["tail", "alerts", "--follow"],
    ["subscribe", "--exec", "cat"],
    ["status"],
    ["status", "--json"],
    ["topics"],
    ["worker"],
    ["dashboard", "--port", "0"],
    ["demo"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(argv[:2]) for argv in COMMANDS])
def test_an_absent_broker_is_one_line_and_a_non_zero_exit(argv: list[str], monkeypatch: pytest.MonkeyPatch,
                                                          capfd: pytest.CaptureFixture[str]) -> None:
    address = f"127.0.0.1:{free_port()}"  # nothing listens there
    monkeypatch.delenv("WIREWATCH_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", address)
    started = time.monotonic()
    status = main(argv)
    elapsed = time.monotonic() - started
    out, err = capfd.readouterr()  # file descriptors: a library's log line or a traceback would show here too
    assert (status, out) == (2, "")
    assert err.splitlines() == [
        f"wirewatch: cannot reach Kafka at {address} (connection refused): check KAFKA_BOOTSTRAP_SERVERS"]
    assert elapsed < 15, elapsed  # a bound, not a speed target: the clients' own retries take minutes


def test_the_local_broker_gets_its_own_hint(monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    port = free_port()
    monkeypatch.delenv("WIREWATCH_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.setenv("WIREWATCH_BROKER_PORT", str(port))
    assert main(["tail", "alerts"]) == 2
    assert capfd.readouterr().err.splitlines() == [
        f"wirewatch: cannot reach Kafka at 127.0.0.1:{port} (connection refused): start the local one with "
        "`wirewatch broker start`"]


def test_one_listening_bootstrap_address_is_enough() -> None:
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        live = f"127.0.0.1:{listening.getsockname()[1]}"
        require_broker(Settings(bootstrap_servers=f"127.0.0.1:{free_port()},{live}"))


@pytest.mark.parametrize(("bootstrap", "reason"), [
    ("127.0.0.1", "'127.0.0.1' is not HOST:PORT"),
    ("127.0.0.1:notaport", "'127.0.0.1:notaport' is not HOST:PORT"),
])
def test_a_malformed_address_is_named(bootstrap: str, reason: str) -> None:
    with pytest.raises(BrokerUnreachable, match=f"cannot reach Kafka at {bootstrap} \\({reason}\\)"):
        require_broker(Settings(bootstrap_servers=bootstrap))
