"""`wirewatch broker start|status|stop` on its own port and data folder."""

from __future__ import annotations

import shutil

from streams.cli import main
from streams.ops.broker import free_ports
from streams.runtime.settings import Settings


def test_broker_start_status_stop(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.delenv("WIREWATCH_BOOTSTRAP_SERVERS", raising=False)
    port, controller_port = free_ports(2)  # distinct: two free_port() calls can return the same port
    monkeypatch.setenv("WIREWATCH_BROKER_PORT", str(port))
    monkeypatch.setenv("WIREWATCH_CONTROLLER_PORT", str(controller_port))
    home = Settings().home  # the per-user cache that `make jars` fills
    monkeypatch.setenv("WIREWATCH_HOME", str(home))
    try:
        assert main(["broker", "start"]) == 0
        assert "running at 127.0.0.1" in capsys.readouterr().out
        assert main(["broker", "status"]) == 0
        assert main(["topics"]) == 0
        assert "articles.raw.v1  (created)" in capsys.readouterr().out
    finally:
        stopped = main(["broker", "stop"])
        shutil.rmtree(home / f"broker-{port}", ignore_errors=True)
    assert stopped == 0
    assert "stopped" in capsys.readouterr().out
    assert main(["broker", "status"]) == 3
