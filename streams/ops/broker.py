"""An embedded single-node Apache Kafka broker (KRaft, broker+controller) run from the official jars.

The jars come once from Maven Central through ``mvn`` and are cached under ``<home>/kafka/<version>/libs``
(``home`` is the per-user cache of the Settings); every jar is checked against the SHA-256 sums committed in
``broker_files/jars.sha256`` after each fetch and before each start. Each broker keeps its config, log, pid file
and data under its own data folder, and is only ever signalled when its pid names the process it started (same
command line, same start time). Used by ``wirewatch broker``, ``wirewatch demo`` and the integration tests when
no bootstrap address is configured.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from streams.ops.jars import DEPENDENCY_PLUGIN as DEPENDENCY_PLUGIN
from streams.ops.jars import SUMS_FILE as SUMS_FILE
from streams.ops.jars import SUMS_PATH as SUMS_PATH
from streams.ops.jars import BrokerError as BrokerError
from streams.ops.jars import JarCheck as JarCheck
from streams.ops.jars import JarSums as JarSums
from streams.ops.jars import check_jars as check_jars
from streams.ops.jars import check_java as check_java
from streams.ops.jars import committed_sums as committed_sums
from streams.ops.jars import ensure_jars
from streams.ops.jars import resolve_jars as resolve_jars
from streams.ops.pidfile import alive, is_ours, read_pid_record
from streams.ops.pidfile import process_identity as process_identity

log = logging.getLogger(__name__)

READY_LINE = "Kafka Server started"
MAIN_CLASS = "kafka.Kafka"
JVM_FLAGS = [
    "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35",
    "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true",
]


@dataclass(frozen=True)
class BrokerStatus:
    """Where a local broker runs, if it does."""

    running: bool
    pid: int | None
    address: str
    data_dir: Path
    log_file: Path


def new_cluster_id() -> str:
    """16 random bytes, URL-safe base64 without padding, not starting with '-' (as StorageTool wants)."""
    while True:
        cid = base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")
        if not cid.startswith("-"):
            return cid


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    """True when something already listens on host:port."""
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def free_port() -> int:
    """A TCP port free on the loopback right now."""
    return free_ports(1)[0]


def free_ports(count: int) -> list[int]:
    """``count`` distinct TCP ports free on the loopback right now.

    All sockets stay bound until every port is chosen: two calls of :func:`free_port` in a row can return the
    same port (the first is released before the second is asked for).
    """
    with contextlib.ExitStack() as stack:
        ports = []
        for _ in range(count):
            sock = stack.enter_context(socket.socket())
            sock.bind(("127.0.0.1", 0))
            ports.append(int(sock.getsockname()[1]))
        return ports



class LocalBroker:
    """A local Kafka broker on 127.0.0.1.

    Args:
        home: cache folder (jars under ``kafka/<version>``).
        port: client port; the controller listens on ``controller_port`` (default port + 1).
        data_dir: config, log and data of this broker (default ``<home>/broker-<port>``).
    """

    def __init__(self, home: Path, port: int, *, kafka_version: str = "4.1.1", heap: str = "512m",
                 controller_port: int | None = None, data_dir: Path | None = None) -> None:
        self.home = Path(home).resolve()
        self.port = port
        self.controller_port = controller_port or port + 1
        if self.controller_port == port:
            raise BrokerError(f"the broker's client and controller ports are both {port}: set "
                              "WIREWATCH_CONTROLLER_PORT to another port (default: the client port + 1)")
        self.kafka_version = kafka_version
        self.heap = heap
        self.data_dir = Path(data_dir).resolve() if data_dir else self.home / f"broker-{port}"
        self._proc: subprocess.Popen[bytes] | None = None

    @classmethod
    def on_free_ports(cls, home: Path, *, data_dir: Path | None = None, **options: str) -> LocalBroker:
        """A broker on two distinct ports free right now (tests, benchmarks)."""
        port, controller_port = free_ports(2)
        return cls(home, port, controller_port=controller_port, data_dir=data_dir, **options)

    @property
    def address(self) -> str:
        """The bootstrap address clients use."""
        return f"127.0.0.1:{self.port}"

    @property
    def libs_dir(self) -> Path:
        """Folder of the broker's jars."""
        return self.home / "kafka" / self.kafka_version / "libs"

    @property
    def log_file(self) -> Path:
        """The broker's own log."""
        return self.data_dir / "broker.log"

    @property
    def pid_file(self) -> Path:
        """Pid of the running broker."""
        return self.data_dir / "broker.pid"

    @property
    def config_file(self) -> Path:
        """The broker's server.properties; its path is part of the broker's command line."""
        return self.data_dir / "server.properties"

    def ensure_jars(self) -> Path:
        """Fetch the Kafka jars with mvn unless cached, check each against the committed sums; return their folder.

        Raises:
            BrokerError: naming every jar that is changed or not in the sums (the cache was tampered with or is
                stale), or when mvn resolves a set that differs from the sums. Missing jars are fetched again.
        """
        return ensure_jars(self.home, self.libs_dir, self.kafka_version)

    def _write_config(self) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        props = {
            "process.roles": "broker,controller",
            "node.id": "1",
            "controller.quorum.voters": f"1@127.0.0.1:{self.controller_port}",
            "listeners": f"PLAINTEXT://127.0.0.1:{self.port},CONTROLLER://127.0.0.1:{self.controller_port}",
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{self.port}",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
            "log.dirs": str(self.data_dir / "data"),
            "offsets.topic.replication.factor": "1",
            "offsets.topic.num.partitions": "1",
            "transaction.state.log.replication.factor": "1",
            "transaction.state.log.min.isr": "1",
            "group.initial.rebalance.delay.ms": "0",
            "num.partitions": "1",
            "auto.create.topics.enable": "true",
        }
        self.config_file.write_text("".join(f"{k}={v}\n" for k, v in props.items()))
        return self.config_file

    def _java(self, *args: str, heap: str | None = None) -> list[str]:
        log4j = resources.files("streams.ops").joinpath("broker_files/log4j2.properties")
        flags = [f"-Xms{heap}", f"-Xmx{heap}", *JVM_FLAGS] if heap else []
        return [check_java(), *flags, f"-Dlog4j2.configurationFile={log4j}", "-cp", f"{self.libs_dir}/*", *args]

    def _format_storage(self, config: Path) -> None:
        if (self.data_dir / "data" / "meta.properties").exists():
            return
        cmd = self._java("kafka.tools.StorageTool", "format", "-t", new_cluster_id(), "-c", str(config),
                         "--ignore-formatted")
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BrokerError(f"formatting Kafka storage failed:\n{result.stdout}{result.stderr}")

    def _pid_record(self) -> tuple[int, str | None] | None:
        """(pid, start time) from the pid file; no start time in a file that ``start`` did not write."""
        return read_pid_record(self.pid_file)

    def _is_ours(self, pid: int, start: str | None) -> bool:
        return is_ours(pid, start, f" {MAIN_CLASS} {self.config_file}")

    def status(self) -> BrokerStatus:
        """Whether this broker runs, and where (a pid file naming any other process does not count)."""
        record = self._pid_record()
        running = record is not None and alive(record[0]) and self._is_ours(*record)
        pid = record[0] if running and record else None
        return BrokerStatus(running, pid, self.address, self.data_dir, self.log_file)

    def last_log_lines(self, count: int = 25) -> str:
        """The end of the broker's log, for error messages."""
        if not self.log_file.exists():
            return "(no broker log)"
        return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-count:])

    def start(self, timeout_s: float = 120.0) -> BrokerStatus:
        """Start the broker and return once it logs that it is started.

        Raises:
            BrokerError: with the broker's last log lines when it exits or does not get ready in time.
        """
        current = self.status()
        if current.running:
            return current
        for port in (self.port, self.controller_port):
            if port_in_use(port):
                raise BrokerError(f"port {port} is already in use: another Kafka? Choose another with "
                                  "WIREWATCH_BROKER_PORT, or point wirewatch at it with KAFKA_BOOTSTRAP_SERVERS")
        self.ensure_jars()
        config = self._write_config()
        self._format_storage(config)
        with open(self.log_file, "wb") as out:
            self._proc = subprocess.Popen(  # noqa: S603 - fixed java command line
                self._java(MAIN_CLASS, str(config), heap=self.heap),
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            )
        identity = process_identity(self._proc.pid)  # the start time tells this process from a later reuse of its pid
        self.pid_file.write_text(json.dumps({"pid": self._proc.pid, "start": identity[0] if identity else None}))
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise BrokerError(f"Kafka exited with code {self._proc.returncode}; its last lines:\n"
                                  f"{self.last_log_lines()}")
            if READY_LINE in self.log_file.read_text(errors="replace"):
                return self.status()
            time.sleep(0.25)
        self.stop()
        raise BrokerError(f"Kafka was not ready after {timeout_s:.0f}s; its last lines:\n{self.last_log_lines()}")

    def stop(self, grace_s: float = 20.0) -> bool:
        """Stop the broker: SIGTERM, then SIGKILL after ``grace_s``. Returns False when it was not running.

        Raises:
            BrokerError: when the pid file names a live process that is not this broker (another command line or
                start time: a reused pid, or a file someone else wrote). That process is not signalled; the stale
                pid file is removed.
        """
        record = self._pid_record()
        if record is None or not alive(record[0]):
            self.pid_file.unlink(missing_ok=True)
            return False
        pid, start = record
        if not self._is_ours(pid, start):
            self.pid_file.unlink(missing_ok=True)
            raise BrokerError(f"{self.pid_file} names pid {pid}, which is not the Kafka broker started with "
                              f"{self.config_file} (its command line or start time differ): not signalling it. "
                              "Removed the stale pid file.")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace_s
        while time.monotonic() < deadline and self._running(pid):
            time.sleep(0.2)
        if self._running(pid):
            log.warning("broker %s did not stop in %.0fs, killing it", pid, grace_s)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            while self._running(pid):
                time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)
        return True

    def _running(self, pid: int) -> bool:
        if self._proc is not None and self._proc.pid == pid:
            return self._proc.poll() is None
        return alive(pid)


def local_broker(settings: object) -> LocalBroker:
    """The local broker described by wirewatch settings."""
    from streams.runtime.settings import Settings

    assert isinstance(settings, Settings)  # noqa: S101 - typed helper
    return LocalBroker(settings.home, settings.broker_port, kafka_version=settings.kafka_version,
                       heap=settings.broker_heap, controller_port=settings.controller_port)
