"""The real jars of the local broker: what mvn resolved, and a tampered copy that must not run."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from streams.ops.broker import BrokerError, LocalBroker, check_jars, committed_sums, free_port
from streams.runtime.settings import Settings


@pytest.fixture(scope="module")
def cached_libs() -> Path:
    """The checked jars of the per-user cache (fetched by `make jars`, or here on first use)."""
    return LocalBroker(Settings().home, free_port()).ensure_jars()


def test_the_resolved_set_is_exactly_the_committed_one_without_old_beanutils(cached_libs):
    assert check_jars(cached_libs, committed_sums().sums).ok
    beanutils = [(int(m.group(1)), int(m.group(2))) for jar in cached_libs.iterdir()
                 if (m := re.fullmatch(r"commons-beanutils-(\d+)\.(\d+)\.\d+\.jar", jar.name))]
    assert beanutils and all(version >= (1, 11) for version in beanutils)  # CVE-2025-48734


def test_a_tampered_copy_of_the_jars_is_refused_before_start(cached_libs, tmp_path):
    broker = LocalBroker.on_free_ports(tmp_path)
    shutil.copytree(cached_libs, broker.libs_dir)
    with open(broker.libs_dir / "kafka-server-4.1.1.jar", "ab") as jar:
        jar.write(b"\0")
    with pytest.raises(BrokerError, match=r"changed: kafka-server-4\.1\.1\.jar"):
        broker.start()
    assert not broker.pid_file.exists() and not broker.log_file.exists()
