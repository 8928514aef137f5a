"""Human-readable views of records for the terminal feed and the demo."""

from __future__ import annotations

import re
import textwrap
from collections import defaultdict
from typing import Any


def _wrap(text: str, indent: str = "    ") -> str:
    return textwrap.fill(" ".join(text.split()), width=100, initial_indent=indent, subsequent_indent=indent)


_FIRST_SENTENCE = re.compile(r"^.*?[.!?](?=\s|$)", re.S)


def headline(article: dict[str, Any], limit: int = 160) -> str:
    """The title, or else the first sentence of the body, cut at a word boundary."""
    if (article.get("title") or "").strip():
        return str(article["title"]).strip()
    lead = " ".join(article["body"].split())
    m = _FIRST_SENTENCE.match(lead)
    sentence = m.group() if m else lead
    if len(sentence) <= limit:
        return sentence
    return sentence[: sentence.rfind(" ", 0, limit - 1)] + "…"


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
        lines.append(_wrap(f"+ {ev['sentence']}"))
    for ev in value.get("counter_evidence", []):
        lines.append(_wrap(f"- {ev['sentence']}"))
    return "\n".join(lines)


def render_duplicate(value: dict[str, Any]) -> str:
    """A duplicate record: which article it repeats and how."""
    return (f"DUPLICATE {value['article']['id']} of {value['duplicate_of']} "
            f"({value['method']}, similarity {value['similarity']:.2f})")


def render_deadletter(value: dict[str, Any]) -> str:
    """A dead letter: the reason and where it came from."""
    return f"DEAD LETTER {value['reason']}: {value['detail'][:200]} (offset {value.get('offset')})"


def render(topic: str, value: dict[str, Any] | None) -> str:
    """Pick the view for a record by its topic name."""
    if value is None:
        return f"{topic}: <undecodable record>"
    for suffix, view in (("articles.tagged.v1", render_tagged), ("alerts.v1", render_alert),
                         ("articles.duplicates.v1", render_duplicate),
                         ("articles.deadletter.v1", render_deadletter)):
        if topic.endswith(suffix):
            return view(value)
    article = value.get("article", value)
    return f"{topic}: {article.get('id')} {article.get('title') or ''}".rstrip()
