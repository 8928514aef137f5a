"""Read articles from files or standard input: JSON lines of Articles and seed-format text documents.

Used by both ``wirewatch replay`` and ``wirewatch analyze`` so that they read input the same way.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from streams.clients.seedformat import parse_seed
from streams.runtime.records import Article, InvalidArticle, decode_article

JSON_SUFFIXES = {".jsonl", ".ndjson", ".json"}
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}


@dataclass(frozen=True)
class Item:
    """One input record: an article, or the reason it could not be read, with where it came from."""

    origin: str
    raw: bytes
    article: Article | None = None
    error: InvalidArticle | None = None


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and the readable files inside named folders (sorted, hidden files skipped).

    Raises:
        FileNotFoundError: for a path that does not exist.
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
        if path.is_dir():
            files.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.suffix.lower() in JSON_SUFFIXES | TEXT_SUFFIXES
            )
        else:
            files.append(path)
    return files


def _json_lines(data: bytes, origin: str) -> Iterator[Item]:
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            yield Item(where, line, article=decode_article(line))
        except InvalidArticle as exc:
            yield Item(where, line, error=exc)


def _seed_text(data: bytes, origin: str, article_id: str | None) -> Iterator[Item]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield Item(origin, data, error=InvalidArticle("not_utf8", str(exc)))
        return
    try:
        article = parse_seed(text, article_id)
    except ValueError as exc:
        yield Item(origin, data, error=InvalidArticle("invalid_document", str(exc)))
        return
    yield Item(origin, article.model_dump_json(exclude_none=True).encode("utf-8"), article=article)


def read_bytes(data: bytes, origin: str, article_id: str | None = None) -> Iterator[Item]:
    """Sniff the format of one input (JSON lines when it starts with ``{``) and read it."""
    if data.lstrip()[:1] == b"{":
        return _json_lines(data, origin)
    return _seed_text(data, origin, article_id)


def read_paths(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Read every article in the given files and folders, in order.

    A seed-format document's id is its file name without the suffix.
    """
    for path in expand_paths(paths):
        data = path.read_bytes()
        if path.suffix.lower() in JSON_SUFFIXES:
            yield from _json_lines(data, str(path))
        else:
            yield from read_bytes(data, str(path), article_id=path.stem)


def read_stream(stream: io.BufferedIOBase | io.RawIOBase, origin: str = "<stdin>") -> Iterator[Item]:
    """Read standard input (JSON lines, or one seed-format document)."""
    return read_bytes(stream.read() or b"", origin)
