"""Run ``wirewatch worker`` as a child process (for the demo and the integration tests) and stop it cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from streams.runtime.settings import Settings


def settings_env(settings: Settings) -> dict[str, str]:
    """Environment variables that reproduce ``settings`` in a child process."""
    env = {
        "WIREWATCH_APP_ID": settings.app_id,
        "WIREWATCH_TOPIC_PREFIX": settings.topic_prefix,
        "WIREWATCH_HOME": str(settings.home),
        "WIREWATCH_BROKER_PORT": str(settings.broker_port),
        "WIREWATCH_DEFAULT_PARTITIONS": str(settings.default_partitions),
        "WIREWATCH_DEDUP_WINDOW_DAYS": str(settings.dedup_window_days),
        "WIREWATCH_CORROBORATION_WINDOW_HOURS": str(settings.corroboration_window_hours),
        "WIREWATCH_SESSION_TIMEOUT_S": str(settings.session_timeout_s),
        "KAFKA_BOOTSTRAP_SERVERS": settings.bootstrap,
    }
    if settings.metrics_port is not None:
        env["WIREWATCH_METRICS_PORT"] = str(settings.metrics_port)
        env["WIREWATCH_METRICS_HOST"] = settings.metrics_host
        env["WIREWATCH_METRICS_LAG_INTERVAL_S"] = str(settings.metrics_lag_interval_s)
    if settings.partitions:
        import json

        env["WIREWATCH_PARTITIONS"] = json.dumps(settings.partitions)
    return env


class WorkerProcess:
    """A ``wirewatch worker`` child process writing its log to ``log_file``."""

    def __init__(self, settings: Settings, log_file: Path, loglevel: str = "info") -> None:
        self.settings = settings
        self.log_file = Path(log_file)
        self.loglevel = loglevel
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> WorkerProcess:
        """Start the worker; it joins its consumer group on its own."""
        env = {**os.environ, **settings_env(self.settings), "PYTHONUNBUFFERED": "1"}
        env.pop("WIREWATCH_BOOTSTRAP_SERVERS", None)
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
