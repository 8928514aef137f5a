"""Where the worker keeps its table state: RocksDB on disk (the default) or memory, from Settings.

The dedup, story and corroboration tables are Faust tables backed by a changelog topic. With the
``rocksdb`` store (Faust's RocksDB store through the ``rocksdict`` package) each table partition is a
RocksDB database under the worker's state directory (``<home>/faust/<app_id>-data``), in the worker's own
slot of it (:func:`claim_slot`), so:

- memory is bounded by RocksDB's caches (``state_cache_mb`` of block cache and ``state_write_buffer_mb``
  of memtable per table), not by the number of articles the window holds;
- a restarted worker reads back only the changelog records written after the offset the database
  already holds, instead of the whole week again.

The ``memory`` store keeps every value in the worker's RAM and replays the whole changelog at every
start; it needs nothing on disk and is kept for comparison (benchmarks/bench_state.py) and for
throw-away workers.

Values go through the table's JSON serializer on every write with RocksDB (in memory only on the way to
the changelog): the steps store only JSON values (dicts, lists, strings, numbers) and always assign a new
value rather than mutate the one they read, which both stores require.
"""

from __future__ import annotations

import fcntl
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .settings import Settings

MB = 1024 * 1024
MAX_SLOTS = 64


def store_url(settings: Settings) -> str:
    """Faust's ``store`` URL for the configured state store."""
    return "rocksdb://" if settings.state_store == "rocksdb" else "memory://"


def table_options(settings: Settings) -> dict[str, Any] | None:
    """Options of one table's store: RocksDB's memory bounds, or None for the memory store.

    Faust's own defaults (a 2 GB block cache and three 64 MB memtables per database, each table partition
    its own database) would let a worker grow far past what the state needs; these keep it small.
    """
    if settings.state_store != "rocksdb":
        return None
    return {
        "driver": "rocksdict",
        "block_cache_size": settings.state_cache_mb * MB,
        "write_buffer_size": settings.state_write_buffer_mb * MB,
        "max_write_buffer_number": 2,
    }


def state_dir(settings: Settings) -> Path:
    """The worker's state directory (Faust's datadir): one per app id under the home directory."""
    return settings.home / "faust" / f"{settings.app_id}-data"


@dataclass
class StateSlot:
    """One worker process's share of the state directory, locked (``fcntl.flock``) for as long as it is held.

    RocksDB locks each database it opens: two workers of one app on one machine (same home) would crash
    on the second lock if they shared a directory, so each takes a slot of its own.
    """

    path: Path
    lock: IO[bytes]

    def release(self) -> None:
        """Give the slot back (closing the lock file releases the lock; a process that ends releases it too)."""
        self.lock.close()


def claim_slot(settings: Settings) -> StateSlot:
    """Lock and return this process's slot under :func:`state_dir`.

    The slot is named after ``worker_instance_id`` when it is set (static membership: the same id finds its
    state again on any restart); otherwise ``slot-N``, the lowest N no other live process holds. A single
    worker therefore always gets ``slot-0`` and a restarted one finds its state where it left it.

    Raises:
        RuntimeError: the instance id's slot is held by another process, or all slots are.
    """
    base = state_dir(settings)
    base.mkdir(parents=True, exist_ok=True)
    if settings.worker_instance_id:
        names = [re.sub(r"[^A-Za-z0-9._-]", "_", settings.worker_instance_id)]
    else:
        names = [f"slot-{n}" for n in range(MAX_SLOTS)]
    for name in names:
        path = base / name
        path.mkdir(exist_ok=True)
        lock = (path / "worker.lock").open("ab")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            continue
        return StateSlot(path, lock)
    held = f"{base / names[0]} is" if len(names) == 1 else f"all {len(names)} slots under {base} are"
    raise RuntimeError(f"no free state slot: {held} held by other worker processes")
