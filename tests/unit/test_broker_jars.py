"""The broker's jars: the committed SHA-256 sums, and a cache that differs from them is never run."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from streams.ops import broker as broker_module
from streams.ops import jars as jars_module
from streams.ops.broker import BrokerError, JarSums, LocalBroker, check_jars, committed_sums, free_port
from streams.runtime.settings import Settings

FAKE_JARS = {"kafka_2.13-4.1.1.jar": b"kafka", "commons-beanutils-1.11.0.jar": b"beans", "re2j-1.8.jar": b"re2j"}


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", text))


def _resolved(artifact: str) -> list[str]:
    """Versions of ``artifact`` among the committed jars (``<artifact>-<version>.jar``)."""
    pattern = re.compile(rf"{re.escape(artifact)}-(\d[\w.\-]*)\.jar")
    return [m.group(1) for name in committed_sums().sums if (m := pattern.fullmatch(name))]


def test_the_sums_are_for_the_default_kafka_and_sorted():
    committed = committed_sums()
    assert committed.kafka_version == Settings().kafka_version
    assert list(committed.sums) == sorted(committed.sums)
    assert all(re.fullmatch(r"[0-9a-f]{64}", digest) for digest in committed.sums.values())
    assert "kafka_2.13-4.1.1.jar" in committed.sums


@pytest.mark.parametrize(("artifact", "fixed_in", "advisory"), [
    ("commons-beanutils", "1.11.0", "CVE-2025-48734"),
    ("commons-validator", "1.10.0", "carries commons-beanutils 1.9.4"),
    ("jackson-core", "2.21.4", "GHSA-72hv-8253-57qq, GHSA-r7wm-3cxj-wff9"),
    ("jackson-databind", "2.21.5", "CVE-2026-54515"),
    ("lz4-java", "1.11.2", "CVE-2025-12183, CVE-2025-66566, CVE-2026-59949"),
    ("zstd-jni", "1.5.7.14", "CVE-2026-87795 and four more"),
    ("log4j-core", "2.25.5", "CVE-2025-68161, CVE-2026-34477, CVE-2026-49844"),
    ("log4j-1.2-api", "2.25.5", "CVE-2026-34479"),
    ("snappy-java", "1.1.10.4", "CVE-2023-43642"),
    ("jose4j", "0.9.6", "CVE-2024-29371"),
])
def test_no_resolved_jar_is_older_than_its_fix(artifact, fixed_in, advisory):
    versions = _resolved(artifact)
    assert versions, f"{artifact} is not among the resolved jars"
    assert all(_version(v) >= _version(fixed_in) for v in versions), f"{artifact} {versions}: {advisory}"


@pytest.fixture
def fake_sums(monkeypatch) -> dict[str, str]:
    """Commit sums for a three-jar fake set, so no mvn or JVM is needed."""
    sums = {name: hashlib.sha256(body).hexdigest() for name, body in FAKE_JARS.items()}
    monkeypatch.setattr(jars_module, "committed_sums", lambda: JarSums("4.1.1", sums))
    return sums


def _fill(libs: Path) -> Path:
    libs.mkdir(parents=True, exist_ok=True)
    for name, body in FAKE_JARS.items():
        (libs / name).write_bytes(body)
    return libs


def test_check_names_every_changed_extra_and_missing_jar(tmp_path, fake_sums):
    libs = _fill(tmp_path / "libs")
    assert check_jars(libs, fake_sums).ok
    with open(libs / "re2j-1.8.jar", "ab") as jar:
        jar.write(b"\0")
    (libs / "evil-1.0.jar").write_bytes(b"x")
    (libs / "commons-beanutils-1.11.0.jar").unlink()
    check = check_jars(libs, fake_sums)
    assert (check.changed, check.extra, check.missing) == (["re2j-1.8.jar"], ["evil-1.0.jar"],
                                                           ["commons-beanutils-1.11.0.jar"])


@pytest.mark.parametrize("tamper", ["append_byte", "add_jar", "link_jar"])
def test_a_tampered_cache_is_refused_before_start(tmp_path, fake_sums, monkeypatch, tamper):
    broker = LocalBroker.on_free_ports(tmp_path)
    libs = _fill(broker.libs_dir)
    if tamper == "append_byte":
        with open(libs / "kafka_2.13-4.1.1.jar", "ab") as jar:
            jar.write(b"\0")
    elif tamper == "add_jar":
        (libs / "planted-1.0.jar").write_bytes(b"x")
    else:
        (libs / "re2j-1.8.jar").unlink()
        (libs / "re2j-1.8.jar").symlink_to(tmp_path / "elsewhere.jar")
    monkeypatch.setattr(broker_module, "check_java", lambda: pytest.fail("java must not run"))
    monkeypatch.setattr(jars_module, "check_java", lambda: pytest.fail("java must not run"))
    with pytest.raises(BrokerError, match=r"kafka_2\.13-4\.1\.1\.jar|planted-1\.0\.jar|re2j-1\.8\.jar"):
        broker.start()
    assert not broker.pid_file.exists()


def test_missing_jars_are_fetched_again_and_checked(tmp_path, fake_sums, monkeypatch):
    monkeypatch.setattr(jars_module, "resolve_jars", lambda _version, dest: _fill(dest))
    broker = LocalBroker(tmp_path, free_port())
    assert check_jars(broker.ensure_jars(), fake_sums).ok  # nothing cached yet
    (broker.libs_dir / "re2j-1.8.jar").unlink()
    assert check_jars(broker.ensure_jars(), fake_sums).ok


def test_a_resolved_set_that_differs_from_the_sums_is_refused(tmp_path, fake_sums, monkeypatch):
    def resolve_with_an_extra_jar(_version: str, dest: Path) -> None:
        _fill(dest)
        (dest / "commons-beanutils-1.9.4.jar").write_bytes(b"old")

    monkeypatch.setattr(jars_module, "resolve_jars", resolve_with_an_extra_jar)
    broker = LocalBroker(tmp_path, free_port())
    with pytest.raises(BrokerError, match=r"commons-beanutils-1\.9\.4\.jar"):
        broker.ensure_jars()
    assert not broker.libs_dir.exists()


def test_a_kafka_version_without_committed_sums_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(jars_module, "resolve_jars", lambda *_: pytest.fail("nothing may be fetched"))
    with pytest.raises(BrokerError, match="WIREWATCH_KAFKA_VERSION=4.1.1"):
        LocalBroker(tmp_path, free_port(), kafka_version="3.9.1").ensure_jars()
