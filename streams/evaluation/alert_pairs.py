"""Pair-level scoring of alerts: one alert per (article, actor, target), every set in one table.

A labelled article lists the pairs it warns of (``expected_pairs``: ``[[actor, target], ...]``; older sets
give one pair as ``expected_actor``/``expected_target``). An alert is a true positive when its unordered pair
is one of the article's pairs, and its roles are right when the order is right too (so a reversed pair counts
once, as a role error, not as a false alert plus a miss). Country names are compared as ISO codes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from streams.evaluation import labelled_rows
from streams.runtime.records import Article

Pair = tuple[str, str]


@dataclass(frozen=True)
class PairCase:
    """One labelled article and the pairs it warns of."""

    article: Article
    pairs: tuple[Pair, ...]
    kind: str


@dataclass
class PairScore:
    """Counts of one set at pair level."""

    articles: int = 0
    gold: int = 0
    found: int = 0
    right: int = 0
    reversed: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Found pairs that are gold pairs, in either order."""
        return (self.right + self.reversed) / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        """Gold pairs found, in either order."""
        return (self.right + self.reversed) / self.gold if self.gold else 1.0

    @property
    def roles(self) -> float:
        """Pairs found with actor and target in the right order."""
        return self.right / (self.right + self.reversed) if self.right + self.reversed else 1.0

    def figures(self) -> dict[str, float | int]:
        """The figures as a dict (for JSON and the baseline check)."""
        return {"articles": self.articles, "gold_pairs": self.gold, "alerts": self.found,
                "precision": round(self.precision, 3), "recall": round(self.recall, 3), "roles": round(self.roles, 3)}


def load_pairs(path: Path) -> list[PairCase]:
    """Labelled articles of a JSON-lines file (or folder), with their pairs."""
    cases = []
    for where, row in labelled_rows(path):
        try:
            article = Article(id=row["id"], title=row.get("title", ""), body=row["body"], source=row.get("source"),
                              url=row.get("url"), published_at=row.get("published_at"))
            if row.get("expected_pairs") is not None:
                pairs = tuple((str(a), str(t)) for a, t in row["expected_pairs"])
            elif row.get("expected_alert"):
                pairs = ((str(row["expected_actor"]), str(row["expected_target"])),)
            else:
                pairs = ()
            cases.append(PairCase(article, pairs, str(row.get("kind", "unlabelled"))))
        except (KeyError, ValueError, TypeError) as exc:
            raise ValueError(f"{where}: bad record: {exc}") from exc
    return cases


def code(name: str) -> str:
    """The ISO code a country name stands for, else the folded name."""
    from agents.knowledge.gazetteer import default_gazetteer

    return default_gazetteer().stands_for(name) or name.casefold()


def score_pairs(cases: Sequence[PairCase], predicted: Sequence[Iterable[Pair]]) -> PairScore:
    """Pair-level counts of ``predicted`` (one list of (actor, target) per case) against the labels."""
    s = PairScore(articles=len(cases))
    for case, found in zip(cases, predicted, strict=True):
        gold = {(code(a), code(t)) for a, t in case.pairs}
        got = {(code(a), code(t)) for a, t in found}
        s.gold += len(gold)
        s.found += len(got)
        for pair in gold:  # each gold pair is matched once: in order, else reversed
            if pair in got:
                s.right += 1
            elif pair[::-1] in got:
                s.reversed += 1
        unordered_gold = {frozenset(p) for p in gold}
        extra = [p for p in got if frozenset(p) not in unordered_gold or (p not in gold and p[::-1] in got)]
        missed = [p for p in gold if p not in got and p[::-1] not in got]
        wrong = [p for p in got if p[::-1] in gold and p not in gold]
        if extra or missed or wrong:
            s.errors.append({"id": case.article.id, "kind": case.kind, "missed": missed, "false": extra,
                             "reversed": wrong})
    return s


def realnews_cases(labels: Path, corpus: Path) -> list[PairCase]:
    """Real articles (read from ``corpus``, never stored here) with the pairs labelled in ``labels``."""
    wanted = {r["id"]: r for r in (json.loads(line) for line in labels.read_text("utf-8").splitlines() if line.strip())}
    cases = []
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            label = wanted.get(row.get("id"))
            if label is None:
                continue
            article = Article(id=row["id"], title=row.get("title") or "", body=row["body"], source=row.get("source"),
                              url=row.get("url"), published_at=row.get("published_at"))
            cases.append(PairCase(article, tuple((a, t) for a, t in label["pairs"]), label.get("kind", "real")))
    return cases
