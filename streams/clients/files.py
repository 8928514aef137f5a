"""Read articles from files or standard input: JSON lines of Articles and seed-format text documents.

Used by both ``wirewatch replay`` and ``wirewatch analyze`` so that they read input the same way. Input
is streamed: one line at a time, and never more than :data:`MAX_LINE_BYTES` of one line (or of one
seed-format document) held in memory, so memory does not grow with the size of the input. A UTF-8
byte-order mark is dropped. Every record that cannot be read becomes an :class:`Item` with the reason
and its ``file:line`` (a file that cannot be read at all: ``unreadable_file``); reading goes on with the
next one.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from streams.clients.seedformat import parse_seed
from streams.runtime.records import Article, InvalidArticle, Limits, decode_article

JSON_SUFFIXES = {".jsonl", ".ndjson", ".json"}
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
BOM = b"\xef\xbb\xbf"
# What is kept of one line: the producer's request limit, above any record Kafka takes (max_message_bytes),
# so that a longer line is known to be too large, and below what would strain memory.
MAX_LINE_BYTES = 1_000_000


@dataclass(frozen=True)
class Item:
    """One input record: an article, or the reason it could not be read, with where it came from.

    ``raw`` is the record's bytes; for a line over :data:`MAX_LINE_BYTES`, only its first bytes.
    """

    origin: str
    raw: bytes
    article: Article | None = None
    error: InvalidArticle | None = None


@dataclass(frozen=True)
class Line:
    """One line of input: its number, its bytes (the first ``limit + 1`` when longer) and its size.

    ``size`` counts the whole line, without its line break, also when ``data`` holds only its start.
    """

    number: int
    data: bytes
    size: int

    @property
    def blank(self) -> bool:
        """True for a line of whitespace only."""
        return not self.data.strip()


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


def read_lines(stream: BinaryIO, limit: int) -> Iterator[Line]:
    """The lines of ``stream``, numbered from 1, each cut to ``limit + 1`` bytes; a leading BOM is dropped.

    The rest of a longer line is read in chunks and dropped, so a line with no end never fills memory.
    """
    for number in itertools.count(1):
        last = stream.readline(limit + 1)
        if not last:
            return
        data = last.removeprefix(BOM) if number == 1 else last
        size = len(data)
        while len(last) == limit + 1 and not last.endswith(b"\n"):  # over the limit: skip to the line's end
            last = stream.readline(limit + 1)
            size += len(last)
        yield Line(number, data, size - (1 if last.endswith(b"\n") else 0))


def _too_large(size: int, limits: Limits) -> InvalidArticle:
    return InvalidArticle("too_large", f"{size:,} bytes, over max_raw_bytes {limits.max_raw_bytes:,}")


def _line_cap(limits: Limits) -> int:
    return max(MAX_LINE_BYTES, limits.max_raw_bytes)


def _json_line(line: Line, where: str, limits: Limits) -> Item:
    data = line.data.strip().removeprefix(BOM)  # a BOM left by concatenating files
    if line.size > len(line.data):  # cut while read: over any limit, and not kept whole
        return Item(where, data, error=_too_large(line.size, limits))
    try:
        return Item(where, data, article=decode_article(data, limits))
    except InvalidArticle as exc:
        return Item(where, data, error=exc)
    except Exception as exc:  # noqa: BLE001 - one unreadable line is reported, the next one is read
        return Item(where, data, error=InvalidArticle("unreadable", f"{type(exc).__name__}: {exc}"))


def _json_lines(lines: Iterable[Line], origin: str, limits: Limits) -> Iterator[Item]:
    for line in lines:
        if not line.blank:
            yield _json_line(line, f"{origin}:{line.number}", limits)


def _seed_text(data: bytes, origin: str, article_id: str | None, limits: Limits) -> Item:
    try:
        article = parse_seed(data.decode("utf-8"), article_id)
    except UnicodeDecodeError as exc:
        return Item(origin, data, error=InvalidArticle("not_utf8", str(exc)))
    except ValueError as exc:
        return Item(origin, data, error=InvalidArticle("invalid_document", str(exc)))
    except Exception as exc:  # noqa: BLE001 - one unreadable document is reported, the next one is read
        return Item(origin, data, error=InvalidArticle("unreadable", f"{type(exc).__name__}: {exc}"))
    raw = article.model_dump_json(exclude_none=True).encode("utf-8")
    # The limits the worker applies to this record (what replay sends), so that analyze refuses it too.
    if len(raw) > limits.max_raw_bytes:
        return Item(origin, raw, error=_too_large(len(raw), limits))
    if len(article.text) > limits.max_body_chars:
        return Item(origin, raw, error=InvalidArticle(
            "too_large", f"text of {len(article.text):,} characters, over max_body_chars {limits.max_body_chars:,}"))
    return Item(origin, raw, article=article)


def _seed_document(lines: Iterable[Line], origin: str, article_id: str | None, cap: int,
                   limits: Limits) -> Item:
    """One seed-format document from its lines; past ``cap`` bytes, refused with only its start kept."""
    parts: list[bytes] = []
    kept = size = 0
    for line in lines:
        size += max(line.size, len(line.data))  # the whole line, with its line break
        if kept <= cap:
            parts.append(line.data[:cap + 1 - kept])
            kept += len(parts[-1])
    if size > cap:
        return Item(origin, b"".join(parts), error=_too_large(size, limits))
    return _seed_text(b"".join(parts), origin, article_id, limits)


def read_stream(stream: BinaryIO, origin: str = "<stdin>", article_id: str | None = None,
                limits: Limits | None = None) -> Iterator[Item]:
    """Read one input, streamed: JSON lines when its first non-blank line starts with ``{``, else one
    seed-format document (whose id is ``article_id``, or a hash of its body)."""
    limits = limits or Limits()
    cap = _line_cap(limits)
    lines = read_lines(stream, cap)
    first = next((line for line in lines if not line.blank), None)  # leading blank lines are not kept
    if first is not None and first.data.lstrip()[:1] == b"{":
        yield from _json_lines(itertools.chain([first], lines), origin, limits)
    else:  # blank input too: reported as a document with no body text
        yield _seed_document(itertools.chain([first] if first else [], lines), origin, article_id, cap, limits)


def read_paths(paths: Iterable[str | Path], limits: Limits | None = None) -> Iterator[Item]:
    """Read every article in the given files and folders, in order, one file open at a time.

    A ``.jsonl``/``.ndjson``/``.json`` file is JSON lines; any other file is sniffed like standard input.
    A seed-format document's id is its file name without the suffix. A file that cannot be opened or
    read gives one ``unreadable_file`` item (after the items read before the error), and the next file
    is read.

    Raises:
        FileNotFoundError: for a named path that does not exist.
    """
    limits = limits or Limits()
    for path in expand_paths(paths):
        try:
            with path.open("rb") as stream:
                if path.suffix.lower() in JSON_SUFFIXES:
                    yield from _json_lines(read_lines(stream, _line_cap(limits)), str(path), limits)
                else:
                    yield from read_stream(stream, str(path), path.stem, limits)
        except OSError as exc:
            yield Item(str(path), b"", error=InvalidArticle("unreadable_file", f"{type(exc).__name__}: {exc}"))
