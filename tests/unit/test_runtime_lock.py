"""The Docker image installs the runtime dependencies only (issue 14, point 7).

`requirements.lock` (pyproject with the dev extra) is what `make` installs; `requirements-runtime.lock`
(pyproject without extras, compiled with `requirements.lock` as a constraint) is what the image installs.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RUNTIME_LOCK = REPO / "requirements-runtime.lock"
FULL_LOCK = REPO / "requirements.lock"

DEV_TOOLS = {"pytest", "mypy", "ruff", "testcontainers", "hypothesis", "scikit-learn"}
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lock: Path) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in lock.read_text().splitlines():
        match = _PIN.match(line)
        if match:
            pins[_normalise(match.group(1))] = match.group(2)
    return pins


def _hashes(lock: Path) -> dict[str, set[str]]:
    hashes: dict[str, set[str]] = {}
    current = None
    for line in lock.read_text().splitlines():
        match = _PIN.match(line)
        if match:
            current = _normalise(match.group(1))
            hashes[current] = set()
        if current is not None:
            hashes[current].update(re.findall(r"--hash=(sha256:[0-9a-f]{64})", line))
    return hashes


def _dockerfile() -> str:
    """The Dockerfile's instructions, without its comments."""
    lines = (REPO / "Dockerfile").read_text().splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("#"))


def test_dockerfile_installs_the_runtime_lock_not_the_full_one():
    dockerfile = _dockerfile()
    assert "COPY requirements-runtime.lock" in dockerfile
    assert "--require-hashes -r requirements-runtime.lock" in dockerfile
    assert not re.search(r"(?<![\w-])requirements\.lock", dockerfile), "the image must not install the dev lock"


def test_runtime_lock_names_no_dev_tool():
    pins = _pins(RUNTIME_LOCK)
    assert pins, "requirements-runtime.lock pins nothing"
    leaked = {name for name in pins if name in DEV_TOOLS or name.startswith("types-")}
    assert not leaked, f"dev tools in the runtime lock: {sorted(leaked)}"


def test_runtime_lock_pins_the_same_versions_and_hashes_as_the_full_lock():
    runtime, full = _pins(RUNTIME_LOCK), _pins(FULL_LOCK)
    missing = sorted(name for name in runtime if name not in full)
    assert not missing, f"pinned in the runtime lock but not in requirements.lock: {missing}"
    differ = {name: (version, full[name]) for name, version in runtime.items() if full[name] != version}
    assert not differ, f"runtime lock and requirements.lock disagree (runtime, full): {differ}"
    runtime_hashes, full_hashes = _hashes(RUNTIME_LOCK), _hashes(FULL_LOCK)
    for name, hashes in runtime_hashes.items():
        assert hashes, f"{name} has no hash in the runtime lock"
        assert hashes == full_hashes[name], f"{name}: hashes differ from requirements.lock"


def test_every_runtime_dependency_of_pyproject_is_in_the_runtime_lock():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    runtime = _pins(RUNTIME_LOCK)
    names = [_NAME.match(dep).group(1) for dep in project["dependencies"]]  # type: ignore[union-attr]
    assert names
    missing = sorted(name for name in names if _normalise(name) not in runtime)
    assert not missing, f"[project].dependencies missing from requirements-runtime.lock: {missing}"


def test_runtime_lock_was_compiled_without_the_dev_extra():
    header = "\n".join(line for line in RUNTIME_LOCK.read_text().splitlines() if line.startswith("#"))
    assert "pip-compile" in header and "--generate-hashes" in header
    assert "--extra" not in header and "--all-extras" not in header
    assert "--output-file=requirements-runtime.lock" in header
