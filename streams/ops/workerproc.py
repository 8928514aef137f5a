"""Run ``wirewatch worker`` as a child process (for the demo and the integration tests) and stop it cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from pydantic import AliasChoices

from streams.runtime.settings import Settings


def settings_env(settings: Settings) -> dict[str, str]:
    """Environment variables that reproduce ``settings`` in a child process: every field that is not None.

    Each field goes by the name Settings reads it from (``WIREWATCH_<FIELD>``, or its alias), so a new
    setting reaches child workers without being listed here. The broker address is always given.
    """
    env: dict[str, str] = {}
    for name, field in Settings.model_fields.items():
        value = getattr(settings, name)
        if value is not None:
            env[env_name(name, field.validation_alias)] = env_value(value)
    env["KAFKA_BOOTSTRAP_SERVERS"] = settings.bootstrap
    return env


def env_name(field: str, alias: object) -> str:
    """The environment variable Settings reads ``field`` from: its first alias, else ``WIREWATCH_<FIELD>``."""
    if isinstance(alias, AliasChoices) and isinstance(alias.choices[0], str):
        return alias.choices[0]
    if isinstance(alias, str):
        return alias
    return f"WIREWATCH_{field.upper()}"


def env_value(value: object) -> str:
    """A setting's value as pydantic-settings parses it back: JSON for containers and booleans."""
    if isinstance(value, dict | list | tuple | bool):
        return json.dumps(value)
    return str(value)


class WorkerProcess:
    """A ``wirewatch worker`` child process writing its log to ``log_file``."""

    def __init__(self, settings: Settings, log_file: Path, loglevel: str = "info") -> None:
        self.settings = settings
        self.log_file = Path(log_file)
        self.loglevel = loglevel
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> WorkerProcess:
        """Start the worker; it joins its consumer group on its own."""
        # Only these settings: a WIREWATCH_ variable of this process that they do not set must not leak in.
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("WIREWATCH_")}
        env = {**inherited, **settings_env(self.settings), "PYTHONUNBUFFERED": "1"}
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_file, "ab") as out:
            self.proc = subprocess.Popen(  # noqa: S603 - our own CLI under this interpreter
                [sys.executable, "-m", "streams.cli", "worker", "--loglevel", self.loglevel],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True,
            )
        return self

    @property
    def running(self) -> bool:
        """True while the child process lives."""
        return self.proc is not None and self.proc.poll() is None

    def stop(self, grace_s: float = 30.0) -> int | None:
        """SIGTERM (Faust shuts down cleanly and commits), then SIGKILL after ``grace_s``."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(grace_s)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        return self.proc.returncode

    def kill(self) -> None:
        """SIGKILL at once, as a crash would."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def log_tail(self, lines: int = 30) -> str:
        """The end of the worker's log."""
        if not self.log_file.exists():
            return ""
        return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
