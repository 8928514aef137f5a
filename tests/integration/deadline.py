"""A bound on a CLI call that could hang: interrupt the test's main thread (the CLI stops on Ctrl-C)."""

from __future__ import annotations

import _thread
import contextlib
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def deadline(seconds: float = 90) -> Iterator[None]:
    """Interrupt the test's main thread if it still runs after ``seconds``."""
    timer = threading.Timer(seconds, _thread.interrupt_main)
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        timer.join()
