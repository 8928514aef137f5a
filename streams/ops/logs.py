"""Logging helpers for the command line, which prints one clear line per problem itself."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def quieted(*names: str) -> Iterator[None]:
    """Only critical messages from the loggers ``names`` within the block, unless debug logging is on (``-v``).

    For libraries that log each attempt or each traceback where the command reports the outcome in one
    line: kafka-python's failed connections, the failure guard's tracebacks under ``wirewatch analyze``.
    """
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        for logger in loggers:
            logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
