"""Local broker pieces that need no JVM: ids, ports, config, status of a broker that is not running."""

from __future__ import annotations

import socket

import pytest

from streams.ops.broker import BrokerError, LocalBroker, free_port, free_ports, new_cluster_id, port_in_use


def test_cluster_ids_are_22_url_safe_chars_not_starting_with_dash():
    ids = {new_cluster_id() for _ in range(200)}
    assert len(ids) == 200
    assert all(len(i) == 22 and not i.startswith("-") and "=" not in i for i in ids)


def test_config_is_a_single_kraft_node_on_loopback(tmp_path):
    broker = LocalBroker(tmp_path, 30001, data_dir=tmp_path / "b")
    props = dict(line.split("=", 1) for line in broker._write_config().read_text().splitlines())
    assert props["process.roles"] == "broker,controller"
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:30001,CONTROLLER://127.0.0.1:30002"
    assert props["controller.quorum.voters"] == "1@127.0.0.1:30002"
    assert props["offsets.topic.replication.factor"] == "1"


def test_status_and_stop_of_a_broker_that_never_started(tmp_path):
    broker = LocalBroker(tmp_path, free_port())
    assert not broker.status().running
    assert broker.stop() is False


def test_start_refuses_a_port_in_use(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        assert port_in_use(port)
        with pytest.raises(BrokerError, match="already in use"):
            LocalBroker(tmp_path, port).start()


def test_missing_java_is_one_clear_line(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    broker = LocalBroker(tmp_path, free_port())
    with pytest.raises(BrokerError, match="install"):
        broker.ensure_jars()


def test_free_ports_are_distinct_and_free():
    ports = free_ports(8)
    assert len(set(ports)) == 8
    assert not any(port_in_use(port) for port in ports)


def test_one_port_for_client_and_controller_is_one_clear_line(tmp_path, monkeypatch, capsys):
    from streams.cli import main

    port = free_port()
    with pytest.raises(BrokerError, match="WIREWATCH_CONTROLLER_PORT"):
        LocalBroker(tmp_path, port, controller_port=port)
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.delenv("WIREWATCH_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.setenv("WIREWATCH_HOME", str(tmp_path))
    monkeypatch.setenv("WIREWATCH_BROKER_PORT", str(port))
    monkeypatch.setenv("WIREWATCH_CONTROLLER_PORT", str(port))
    assert main(["broker", "start"]) == 2
    err = capsys.readouterr().err
    assert "WIREWATCH_CONTROLLER_PORT" in err and "Traceback" not in err
