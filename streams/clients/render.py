"""Human-readable views of records for the terminal feed and the demo.

Article text comes from outside: every string of a record is cleaned (:func:`clean_text`) before it is
shown, so that no terminal escape code in a headline can clear the screen, set the window title or
rewrite what was printed before; and headlines are cut by characters when they have no spaces.
"""

from __future__ import annotations

import functools
import json
import re
import textwrap
from collections import defaultdict
from collections.abc import Callable
from typing import Any

HEADLINE_CHARS = 160
SENTENCE_CHARS = 600

# Escape sequences as terminals read them (ECMA-48): CSI, the string commands (OSC, DCS, SOS, PM, APC) up to
# their terminator or the end of the text, other two- and three-character escapes. An 8-bit control (C1) is
# removed alone, below: without it what follows is plain text, and mis-decoded text (cp1252 read as
# Latin-1) holds C1 characters that must not swallow the rest of a headline.
_ESCAPE = re.compile(r"""
      \x1b\[[0-?]*[ -/]*[@-~]?
    | \x1b[\]PX^_].*?(?:\x07|\x1b\\|$)
    | \x1b[ -/]*[0-~]?
""", re.S | re.X)
_SPACING_CONTROL = re.compile(r"[\t\n\v\f\r\x1c-\x1f\x85\u2028\u2029]")
# What is left of the C0 and C1 controls, and the bidirectional overrides and isolates that reorder text
# on screen ("Trojan Source").
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The same, plus the line separators, escaped as \uXXXX in JSON output (json.dumps leaves them raw).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


class Unrenderable(ValueError):
    """A record the terminal view cannot show: not a JSON object, or without the fields of its topic."""


def clean_text(text: str) -> str:
    """``text`` without escape sequences and control characters; line breaks and tabs become spaces."""
    return _CONTROL.sub("", _SPACING_CONTROL.sub(" ", _ESCAPE.sub("", text)))


def clean_record(value: Any) -> Any:
    """A copy of a decoded JSON value with every string (keys too) passed through :func:`clean_text`."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_record(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_record(v) for v in value]
    return value


def json_line(value: Any) -> str:
    """``value`` as one line of JSON, readable (UTF-8) but with nothing a terminal would act on.

    ``json.dumps`` escapes the C0 controls; the C1 controls, bidirectional overrides and line separators
    are escaped here too. The line parses to the same value.
    """
    text = json.dumps(value, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def cut(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters: cut at the last space, or mid-word when there is none."""
    if len(text) <= limit:
        return text
    space = text.rfind(" ", 0, limit - 1)
    end = space if space > limit // 2 else limit - 1
    return text[:end].rstrip() + "…"


def _wrap(text: str, indent: str = "    ") -> str:
    return textwrap.fill(" ".join(text.split()), width=100, initial_indent=indent, subsequent_indent=indent)


_FIRST_SENTENCE = re.compile(r"^.*?[.!?](?=\s|$)", re.S)


def headline(article: dict[str, Any], limit: int = HEADLINE_CHARS) -> str:
    """The title, or else the first sentence of the body, cleaned and cut to ``limit`` characters."""
    title = " ".join(clean_text(str(article.get("title") or "")).split())
    if title:
        return cut(title, limit)
    lead = " ".join(clean_text(str(article.get("body") or "")).split())
    m = _FIRST_SENTENCE.match(lead)
    return cut(m.group() if m else lead, limit)


View = Callable[[dict[str, Any]], str]


def _cleaned(view: View) -> View:
    """Show ``view`` only cleaned records, whoever calls it."""

    @functools.wraps(view)
    def show(value: dict[str, Any]) -> str:
        return view(clean_record(value))

    return show


@_cleaned
def render_tagged(value: dict[str, Any]) -> str:
    """A tagged article: headline or lead, then its entities grouped by label with canonical names."""
    article = value["article"]
    head = headline(article)
    lines = [f"TAGGED {article['id']}  story {value['story_id']}  {article.get('source') or ''}", _wrap(head)]
    groups: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for entity in value["entities"]:
        groups[entity["label"]][entity["canonical"]].add(entity["text"])
    for label in sorted(groups):
        names = []
        for canonical, texts in sorted(groups[label].items()):
            extra = sorted(t for t in texts if t != canonical)
            names.append(canonical + (f" ({', '.join(extra)})" if extra else ""))
        lines.append(_wrap(f"{label}: " + "; ".join(names)))
    return "\n".join(lines)


@_cleaned
def render_alert(value: dict[str, Any]) -> str:
    """An alert: who threatens whom, severity, sources, evidence and counter-evidence."""
    flag = " ESCALATED" if value.get("escalated") else ""
    lines = [
        f"ALERT{flag} {value['kind']} [{value['severity']}, score {value['score']}] "
        f"{value.get('actor') or '?'} -> {value.get('target') or '?'}  (article {value['article_id']})",
    ]
    if value.get("source"):
        lines.append(_wrap("warned by: " + ", ".join(value["source"])))
    if value.get("corroborating_sources"):
        lines.append(_wrap("corroborated by: " + ", ".join(value["corroborating_sources"])))
    for ev in value.get("evidence", []):
        lines.append(_wrap(f"+ {cut(ev['sentence'], SENTENCE_CHARS)}"))
    for ev in value.get("counter_evidence", []):
        lines.append(_wrap(f"- {cut(ev['sentence'], SENTENCE_CHARS)}"))
    return "\n".join(lines)


@_cleaned
def render_duplicate(value: dict[str, Any]) -> str:
    """A duplicate record: which article it repeats and how."""
    return (f"DUPLICATE {value['article']['id']} of {value['duplicate_of']} "
            f"({value['method']}, similarity {value['similarity']:.2f})")


@_cleaned
def render_deadletter(value: dict[str, Any]) -> str:
    """A dead letter: the reason and where it came from."""
    return f"DEAD LETTER {value['reason']}: {value['detail'][:200]} (offset {value.get('offset')})"


@_cleaned
def _render_other(value: dict[str, Any]) -> str:
    article = value.get("article", value)
    return f"{article.get('id')} {cut(str(article.get('title') or ''), HEADLINE_CHARS)}".rstrip()


_VIEWS: tuple[tuple[str, View], ...] = (
    ("articles.tagged.v1", render_tagged), ("alerts.v1", render_alert),
    ("articles.duplicates.v1", render_duplicate), ("deadletter.v1", render_deadletter),
)


def view(topic: str, value: Any) -> str:
    """The view of a decoded record, picked by its topic name.

    Raises:
        Unrenderable: when ``value`` is not a JSON object or lacks a field its topic's view needs.
    """
    if not isinstance(value, dict):
        raise Unrenderable(f"expected a JSON object, got {type(value).__name__}")
    try:
        for suffix, show in _VIEWS:
            if topic.endswith(suffix):
                return show(value)
        return f"{clean_text(topic)}: {_render_other(value)}"
    except (KeyError, TypeError, AttributeError, ValueError) as exc:  # fields missing or of the wrong type
        raise Unrenderable(f"not a record of {clean_text(topic)}: {type(exc).__name__} {exc}") from exc


def render(topic: str, value: Any) -> str:
    """Pick the view for a record by its topic name; a placeholder line for a record it cannot show."""
    try:
        return view(topic, value)
    except Unrenderable as exc:
        return clean_text(f"{topic}: <unreadable record: {exc}>")
