"""Evaluation commands: quality figures of each stage on its evaluation set (``wirewatch eval <stage>``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def labelled_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every JSON record of a JSON-lines file, or of the ``*.jsonl`` files under a folder (in name order).

    Yields:
        ``(file:line, record)``, so that a bad record can be named.

    Raises:
        FileNotFoundError: when there is no such file, or no ``*.jsonl`` under the folder.
        ValueError: naming the file and line of a line that is not JSON.
    """
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not files or not files[0].exists():
        raise FileNotFoundError(f"no *.jsonl evaluation files at {path}")
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                yield f"{file}:{number}", json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{file}:{number}: not JSON: {exc}") from exc
