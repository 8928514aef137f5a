"""``wirewatch eval alerts`` tables: every set at pair level, the ablation of each reader group, the baseline check.

Sets: every ``*.jsonl`` of ``eval/alerts`` (or ``--data``), and the real articles labelled in
``eval/realnews/labels.jsonl`` when the corpus they point into (``../shared/realnews/articles.jsonl``, not part
of the repository) is there; the table says when it is not. Each article is tagged once; the alert detector
then runs once per configuration (all groups on, then each group off in turn).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from streams.evaluation.alert_pairs import PairCase, PairScore, load_pairs, realnews_cases, score_pairs
from streams.runtime.records import Entity, TaggedArticle

GROUPS = ("reader", "structure", "role_model", "warning_rules", "counter_rules", "frames")
REAL_STYLE = ("dev_real", "blind_5", "realnews")
REALNEWS_LABELS = Path("eval/realnews/labels.jsonl")
REALNEWS_CORPUS = Path("../shared/realnews/articles.jsonl")
BASELINE = Path("eval/alerts/baseline.json")
DEVELOPMENT = ("articles", "articles_b", "articles_c", "dev_real")


@dataclass
class TaggedSet:
    """A labelled set with its articles tagged once."""

    name: str
    cases: list[PairCase]
    entities: list[list[Entity]]


def load_sets(data: Path, realnews: bool = True) -> tuple[list[TaggedSet], str]:
    """Every set under ``data`` (and the labelled real articles when their corpus is here), tagged."""
    from agents.entities.tagger import EntityTagger

    files = sorted(data.glob("*.jsonl")) if data.is_dir() else [data]
    named = [(f.stem, load_pairs(f)) for f in files]
    note = ""
    if realnews and data.is_dir():
        if REALNEWS_LABELS.exists() and REALNEWS_CORPUS.exists():
            named.append(("realnews", realnews_cases(REALNEWS_LABELS, REALNEWS_CORPUS)))
        else:
            missing = REALNEWS_CORPUS if not REALNEWS_CORPUS.exists() else REALNEWS_LABELS
            note = f"realnews: not scored ({missing} is not here; the corpus is never part of the repository)"
    tagger = EntityTagger()
    return [TaggedSet(name, cases, tagger.tag_many([c.article for c in cases])) for name, cases in named], note


def detect(sets: Sequence[TaggedSet], disabled: Sequence[str] = ()) -> dict[str, PairScore]:
    """Pair-level scores of every set with the given groups switched off."""
    from agents.alerts.detector import AlertDetector

    detector = AlertDetector(disabled=disabled)
    scores = {}
    for s in sets:
        found = [[(a.actor or "", a.target or "") for a in detector.detect(
            TaggedArticle(article=c.article, story_id=f"story-{c.article.id}", entities=entities))]
            for c, entities in zip(s.cases, s.entities, strict=True)]
        scores[s.name] = score_pairs(s.cases, found)
    return scores


def render_table(scores: dict[str, PairScore], out: IO[str], title: str) -> None:
    """One row per set: articles, gold pairs, alerts, precision, recall, roles."""
    out.write(f"{title}\n{'set':14}{'articles':>9}{'pairs':>7}{'alerts':>8}{'precision':>11}{'recall':>8}"
              f"{'roles':>8}\n")
    for name, s in scores.items():
        out.write(f"{name:14}{s.articles:>9}{s.gold:>7}{s.found:>8}{s.precision:>11.3f}{s.recall:>8.3f}"
                  f"{s.roles:>8.3f}\n")


def ablation(sets: Sequence[TaggedSet], out: IO[str]) -> dict[str, dict[str, Any]]:
    """Figures on the real-style sets with every group on, then each group off in turn."""
    real = [s for s in sets if s.name in REAL_STYLE]
    rows: dict[str, dict[str, Any]] = {}
    out.write(f"\nablation on the real-style sets ({', '.join(s.name for s in real)}), pair level: P / R / roles\n")
    out.write(f"{'configuration':24}" + "".join(f"{s.name:>22}" for s in real) + "\n")
    for group in ("", *GROUPS):
        scores = detect(real, [group] if group else [])
        rows[group or "all"] = {k: v.figures() for k, v in scores.items()}
        label = "all groups" if not group else f"without {group}"
        out.write(f"{label:24}" + "".join(
            f"{f'{v.precision:.3f} / {v.recall:.3f} / {v.roles:.3f}':>22}" for v in scores.values()) + "\n")
    return rows


def check_baseline(scores: dict[str, PairScore], baseline: Path = BASELINE) -> list[str]:
    """Development sets whose precision, recall or roles fell below the committed baseline."""
    committed = json.loads(baseline.read_text("utf-8"))
    failures = []
    for name, figures in committed.items():
        s = scores.get(name)
        if s is None:
            failures.append(f"{name}: set missing")
            continue
        for key in ("precision", "recall", "roles"):
            if round(getattr(s, key), 3) < figures[key]:
                failures.append(f"{name}: {key} {getattr(s, key):.3f} < baseline {figures[key]:.3f}")
    return failures
