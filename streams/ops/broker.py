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
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)

READY_LINE = "Kafka Server started"
MAIN_CLASS = "kafka.Kafka"
SUMS_FILE = "broker_files/jars.sha256"
SUMS_PATH = f"streams/ops/{SUMS_FILE}"  # as named in messages
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies"
JVM_FLAGS = [
    "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35",
    "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true",
]


class BrokerError(RuntimeError):
    """The local broker could not be fetched, started or stopped; the message says why and what to do."""


@dataclass(frozen=True)
class BrokerStatus:
    """Where a local broker runs, if it does."""

    running: bool
    pid: int | None
    address: str
    data_dir: Path
    log_file: Path


def _check_tool(name: str, hint: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BrokerError(f"{name} not found: {hint}")
    return path


def check_java() -> str:
    """Path of a Java 17+ runtime, or a BrokerError saying how to install one."""
    java = _check_tool("java", "install Java 17 or newer, e.g. `sudo apt-get install openjdk-17-jre-headless`")
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False).stderr
    m = re.search(r'version "(\d+)', out)
    if m and int(m.group(1)) < 17:
        raise BrokerError(f"Java {m.group(1)} found, Kafka 4 needs 17+: `sudo apt-get install openjdk-17-jre-headless`")
    return java


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
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    return True


@dataclass(frozen=True)
class JarSums:
    """The committed SHA-256 sum of every jar that the pom resolves for one Kafka version."""

    kafka_version: str
    sums: dict[str, str]

    @classmethod
    def parse(cls, text: str) -> JarSums:
        """Read ``sha256sum`` lines; a ``# kafka <version>`` comment names the Kafka version they are for."""
        version, sums = "", {}
        for line in text.splitlines():
            if line.startswith("# kafka "):
                version = line.split()[2]
            elif line.strip() and not line.startswith("#"):
                digest, name = line.split(maxsplit=1)
                sums[name.strip().lstrip("*")] = digest.lower()
        return cls(version, sums)


def committed_sums() -> JarSums:
    """The sums committed in the repository (``streams/ops/broker_files/jars.sha256``)."""
    return JarSums.parse(resources.files("streams.ops").joinpath(SUMS_FILE).read_text("utf-8"))


def _sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


@dataclass(frozen=True)
class JarCheck:
    """How a jar folder differs from the committed sums; empty lists mean it matches."""

    missing: list[str]
    extra: list[str]
    changed: list[str]

    @property
    def ok(self) -> bool:
        """True when the folder holds exactly the committed jars, byte for byte."""
        return not (self.missing or self.extra or self.changed)

    def __str__(self) -> str:
        parts = [f"{what}: {', '.join(names)}" for what, names in
                 (("changed", self.changed), ("not in the sums", self.extra), ("missing", self.missing)) if names]
        return "; ".join(parts) or "all jars match"


def check_jars(libs: Path, expected: dict[str, str]) -> JarCheck:
    """Hash every file in ``libs`` and compare with ``expected`` (file name -> SHA-256)."""
    present = {p.name: p for p in libs.iterdir()} if libs.is_dir() else {}
    changed = [name for name in sorted(set(present) & set(expected))  # a link or folder in a jar's place is a change
               if present[name].is_symlink() or not present[name].is_file()
               or _sha256(present[name]) != expected[name]]
    return JarCheck(sorted(set(expected) - set(present)), sorted(set(present) - set(expected)), changed)


def resolve_jars(kafka_version: str, dest: Path) -> None:
    """Copy every runtime jar that ``broker_files/pom.xml`` resolves for ``kafka_version`` into ``dest`` (with mvn).

    The jars are not checked here: ``LocalBroker.ensure_jars`` does that, and ``update_sums.sh`` uses this to
    write the sums after a change to the pom.
    """
    mvn = _check_tool("mvn", "install Maven, e.g. `sudo apt-get install maven` (it fetches Kafka's jars once)")
    check_java()
    pom = resources.files("streams.ops").joinpath("broker_files/pom.xml").read_text("utf-8")
    dest.parent.mkdir(parents=True, exist_ok=True)
    (dest.parent / "pom.xml").write_text(pom.replace("@KAFKA_VERSION@", kafka_version))
    shutil.rmtree(dest, ignore_errors=True)
    result = subprocess.run(
        [mvn, "-q", "-B", DEPENDENCY_PLUGIN, "-DincludeScope=runtime", f"-DoutputDirectory={dest}"],
        cwd=dest.parent, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-15:])
        raise BrokerError(f"mvn could not fetch Kafka {kafka_version} jars:\n{tail}")


def process_identity(pid: int) -> tuple[str, str] | None:
    """(start time, command line) of a live process, or None; the pair tells a process from a later reuse of its pid."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        return stat.rsplit(")", 1)[1].split()[19], " ".join(a.decode(errors="replace") for a in argv if a)
    except (OSError, IndexError):
        pass
    if not Path("/proc/self").exists() and (ps := shutil.which("ps")):  # no procfs (macOS, BSD)
        out = [subprocess.run([ps, "-o", f"{field}=", "-p", str(pid)], capture_output=True, text=True,
                              check=False).stdout.strip() for field in ("lstart", "args")]
        return (out[0], out[1]) if all(out) else None
    return None


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
        self.kafka_version = kafka_version
        self.heap = heap
        self.data_dir = Path(data_dir).resolve() if data_dir else self.home / f"broker-{port}"
        self._proc: subprocess.Popen[bytes] | None = None

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
        expected = self._expected_sums()
        root = self.libs_dir.parent
        self.home.mkdir(parents=True, exist_ok=True, mode=0o700)  # a new cache is yours alone: no one plants jars
        root.mkdir(parents=True, exist_ok=True)
        with open(root / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one fetch at a time (tests and demo may race)
            check = check_jars(self.libs_dir, expected)
            if check.extra or check.changed:
                raise BrokerError(f"the Kafka jars in {self.libs_dir} do not match {SUMS_PATH} ({check}); "
                                  "not running them. Remove that folder and run `wirewatch broker fetch` again.")
            if check.missing:
                self._fetch(root, expected)
        return self.libs_dir

    def _expected_sums(self) -> dict[str, str]:
        committed = committed_sums()
        if committed.kafka_version != self.kafka_version:
            raise BrokerError(f"{SUMS_PATH} holds the sums of the Kafka {committed.kafka_version} jars, not "
                              f"{self.kafka_version}: set WIREWATCH_KAFKA_VERSION={committed.kafka_version}, or "
                              "regenerate the sums with streams/ops/broker_files/update_sums.sh")
        return committed.sums

    def _fetch(self, root: Path, expected: dict[str, str]) -> None:
        staging = root / "libs.partial"
        log.info("fetching Apache Kafka %s jars from Maven Central into %s", self.kafka_version, self.libs_dir)
        resolve_jars(self.kafka_version, staging)
        check = check_jars(staging, expected)
        if not check.ok:
            shutil.rmtree(staging, ignore_errors=True)
            raise BrokerError(f"the jars mvn resolved for Kafka {self.kafka_version} do not match {SUMS_PATH} "
                              f"({check}): refusing them")
        shutil.rmtree(self.libs_dir, ignore_errors=True)
        staging.rename(self.libs_dir)

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
        try:
            text = self.pid_file.read_text().strip()
            record = json.loads(text)
            start = record.get("start")
            return int(record["pid"]), start if isinstance(start, str) else None
        except OSError:
            return None
        except (ValueError, KeyError, TypeError, AttributeError):
            return (int(text), None) if text.isdigit() else None

    def _is_ours(self, pid: int, start: str | None) -> bool:
        identity = process_identity(pid)
        return (identity is not None and start is not None and identity[0] == start
                and identity[1].endswith(f" {MAIN_CLASS} {self.config_file}"))

    def status(self) -> BrokerStatus:
        """Whether this broker runs, and where (a pid file naming any other process does not count)."""
        record = self._pid_record()
        running = record is not None and _alive(record[0]) and self._is_ours(*record)
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
        if record is None or not _alive(record[0]):
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
        return _alive(pid)


def local_broker(settings: object) -> LocalBroker:
    """The local broker described by wirewatch settings."""
    from streams.runtime.settings import Settings

    assert isinstance(settings, Settings)  # noqa: S101 - typed helper
    return LocalBroker(settings.home, settings.broker_port, kafka_version=settings.kafka_version,
                       heap=settings.broker_heap, controller_port=settings.controller_port)
