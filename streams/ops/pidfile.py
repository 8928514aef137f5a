"""The local broker's pid file and process identity: a pid only names the broker when the process matches.

A broker is only ever signalled when its pid names the process it started (same command line, same start time).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from pathlib import Path


def alive(pid: int) -> bool:
    """True when ``pid`` names a live process (not a zombie)."""
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


def process_identity(pid: int) -> tuple[str, str] | None:
    """(start time, command line) of a live process, or None; the pair tells a process from a later reuse of its pid."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        return stat.rsplit(")", 1)[1].split()[19], " ".join(a.decode(errors="replace") for a in argv if a)
    except (OSError, IndexError):
        pass
    if not Path("/proc/self").exists() and (ps := shutil.which("ps")):  # no procfs (macOS, BSD)
        out = [subprocess.run([ps, "-o", f"{field}=", "-p", str(pid)], capture_output=True, text=True,  # noqa: S603
                              check=False).stdout.strip() for field in ("lstart", "args")]
        return (out[0], out[1]) if all(out) else None
    return None


def read_pid_record(pid_file: Path) -> tuple[int, str | None] | None:
    """(pid, start time) from the pid file; no start time in a file that ``start`` did not write."""
    try:
        text = pid_file.read_text().strip()
        record = json.loads(text)
        start = record.get("start")
        return int(record["pid"]), start if isinstance(start, str) else None
    except OSError:
        return None
    except (ValueError, KeyError, TypeError, AttributeError):
        return (int(text), None) if text.isdigit() else None


def is_ours(pid: int, start: str | None, command_tail: str) -> bool:
    """True when ``pid`` runs with the recorded start time and a command line ending in ``command_tail``."""
    identity = process_identity(pid)
    return (identity is not None and start is not None and identity[0] == start
            and identity[1].endswith(command_tail))
