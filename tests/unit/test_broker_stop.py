"""`wirewatch broker stop` signals only the broker it started: same command line, same start time."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest

from streams.cli import main
from streams.ops.broker import LocalBroker, free_port, process_identity

SLEEP = [sys.executable, "-c", "import time; time.sleep(120)"]


@pytest.fixture
def broker(tmp_path, monkeypatch) -> LocalBroker:
    """The local broker that ``wirewatch broker`` commands see, in a tmp cache (never started here)."""
    port = free_port()
    for name in ("KAFKA_BOOTSTRAP_SERVERS", "WIREWATCH_BOOTSTRAP_SERVERS", "WIREWATCH_CONTROLLER_PORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WIREWATCH_HOME", str(tmp_path))
    monkeypatch.setenv("WIREWATCH_BROKER_PORT", str(port))
    local = LocalBroker(tmp_path, port)
    local.data_dir.mkdir(parents=True)
    return local


@pytest.fixture
def spawn() -> Iterator[Callable[[list[str]], subprocess.Popen[bytes]]]:
    """Start harmless processes in their own session; each is killed when the test ends."""
    started: list[subprocess.Popen[bytes]] = []

    def run(argv: list[str]) -> subprocess.Popen[bytes]:
        started.append(subprocess.Popen(argv, start_new_session=True))
        return started[-1]

    yield run
    for proc in started:
        proc.kill()
        proc.wait()


def _start_time(pid: int) -> str:
    identity = process_identity(pid)
    assert identity is not None
    return identity[0]


@pytest.mark.parametrize("pid_file", ["bare_pid", "right_start_time_wrong_command"])
def test_stop_refuses_a_process_that_is_not_the_broker(broker, spawn, capsys, pid_file):
    sleeper = spawn(["sleep", "120"])
    record = ({"pid": sleeper.pid, "start": _start_time(sleeper.pid)} if pid_file != "bare_pid" else sleeper.pid)
    broker.pid_file.write_text(json.dumps(record))
    assert main(["broker", "stop"]) == 2
    assert "not the Kafka broker" in capsys.readouterr().err
    assert sleeper.poll() is None  # not signalled
    assert not broker.pid_file.exists()
    assert main(["broker", "status"]) == 3


def test_stop_refuses_the_broker_command_line_with_another_start_time(broker, spawn, capsys):
    lookalike = spawn([*SLEEP, "kafka.Kafka", str(broker.config_file)])  # e.g. a reused pid
    broker.pid_file.write_text(json.dumps({"pid": lookalike.pid, "start": "1"}))
    assert main(["broker", "stop"]) == 2
    assert lookalike.poll() is None


def test_stop_signals_the_process_it_recorded(broker, spawn, capsys):
    started = spawn([*SLEEP, "kafka.Kafka", str(broker.config_file)])
    broker.pid_file.write_text(json.dumps({"pid": started.pid, "start": _start_time(started.pid)}))
    assert main(["broker", "status"]) == 0
    assert main(["broker", "stop"]) == 0
    assert "stopped" in capsys.readouterr().out
    assert started.wait(timeout=10) is not None
    assert not broker.pid_file.exists()


def test_a_pid_file_naming_a_finished_process_is_removed(broker, spawn):
    finished = spawn(["true"])
    finished.wait()
    broker.pid_file.write_text(str(finished.pid))
    assert main(["broker", "stop"]) == 0  # "no local broker was running"
    assert not broker.pid_file.exists()
