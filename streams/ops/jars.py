"""The local broker's Kafka jars: fetched once with ``mvn`` and checked against the committed SHA-256 sums.

The jars are cached under ``<home>/kafka/<version>/libs``; every jar is checked against the sums committed in
``broker_files/jars.sha256`` after each fetch and before each start (see ``streams.ops.broker``).
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import re
import shutil
import subprocess
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

log = logging.getLogger("streams.ops.broker")  # the broker's logger: its messages keep their logger name

SUMS_FILE = "broker_files/jars.sha256"
SUMS_PATH = f"streams/ops/{SUMS_FILE}"  # as named in messages
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies"


class BrokerError(RuntimeError):
    """The local broker could not be fetched, started or stopped; the message says why and what to do."""


def _check_tool(name: str, hint: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BrokerError(f"{name} not found: {hint}")
    return path


def check_java() -> str:
    """Path of a Java 17+ runtime, or a BrokerError saying how to install one."""
    java = _check_tool("java", "install Java 17 or newer, e.g. `sudo apt-get install openjdk-17-jre-headless`")
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False).stderr  # noqa: S603
    m = re.search(r'version "(\d+)', out)
    if m and int(m.group(1)) < 17:
        raise BrokerError(f"Java {m.group(1)} found, Kafka 4 needs 17+: `sudo apt-get install openjdk-17-jre-headless`")
    return java


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
    result = subprocess.run(  # noqa: S603 - fixed mvn command line
        [mvn, "-q", "-B", DEPENDENCY_PLUGIN, "-DincludeScope=runtime", f"-DoutputDirectory={dest}"],
        cwd=dest.parent, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-15:])
        raise BrokerError(f"mvn could not fetch Kafka {kafka_version} jars:\n{tail}")



def expected_sums(kafka_version: str) -> dict[str, str]:
    """The committed sums, or a BrokerError when they are for another Kafka version."""
    committed = committed_sums()
    if committed.kafka_version != kafka_version:
        raise BrokerError(f"{SUMS_PATH} holds the sums of the Kafka {committed.kafka_version} jars, not "
                          f"{kafka_version}: set WIREWATCH_KAFKA_VERSION={committed.kafka_version}, or "
                          "regenerate the sums with streams/ops/broker_files/update_sums.sh")
    return committed.sums


def ensure_jars(home: Path, libs_dir: Path, kafka_version: str) -> Path:
    """Fetch the jars into ``libs_dir`` unless cached, check each against the committed sums; return the folder.

    Raises:
        BrokerError: as ``LocalBroker.ensure_jars`` says.
    """
    expected = expected_sums(kafka_version)
    root = libs_dir.parent
    home.mkdir(parents=True, exist_ok=True, mode=0o700)  # a new cache is yours alone: no one plants jars
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one fetch at a time (tests and demo may race)
        check = check_jars(libs_dir, expected)
        if check.extra or check.changed:
            raise BrokerError(f"the Kafka jars in {libs_dir} do not match {SUMS_PATH} ({check}); "
                              "not running them. Remove that folder and run `wirewatch broker fetch` again.")
        if check.missing:
            fetch_jars(root, libs_dir, kafka_version, expected)
    return libs_dir


def fetch_jars(root: Path, libs_dir: Path, kafka_version: str, expected: dict[str, str]) -> None:
    """Resolve the jars into a staging folder under ``root``, check them, then put them in ``libs_dir``."""
    staging = root / "libs.partial"
    log.info("fetching Apache Kafka %s jars from Maven Central into %s", kafka_version, libs_dir)
    resolve_jars(kafka_version, staging)
    check = check_jars(staging, expected)
    if not check.ok:
        shutil.rmtree(staging, ignore_errors=True)
        raise BrokerError(f"the jars mvn resolved for Kafka {kafka_version} do not match {SUMS_PATH} "
                          f"({check}): refusing them")
    shutil.rmtree(libs_dir, ignore_errors=True)
    staging.rename(libs_dir)
