"""``wirewatch eval alerts``: precision, recall and role accuracy of the invasion-warning alerts.

The set is JSON lines (every ``*.jsonl`` under ``--data``, default ``eval/alerts/``), one article a line:
``id``, ``title``, ``body``, ``source`` and the labels ``expected_alert`` (bool), ``expected_actor`` and
``expected_target`` (canonical country names, null for negatives) and ``kind`` ("warning_buildup",
"neg_denial", "neg_metaphor_sport" ...; ``warning_*`` for positives, ``neg_*`` for negatives).

Each article goes through the worker's code path: :class:`agents.entities.tagger.EntityTagger` then
:class:`agents.alerts.detector.AlertDetector`. Roles are compared as countries (ISO codes where the names resolve,
so "Czech Republic" and "Czechia" agree). For comparison the figures of a keyword baseline are printed:
an alert whenever invade/invasion/offensive/attack appears anywhere, the way older media monitors alert.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from streams.evaluation import labelled_rows
from streams.runtime.records import Alert, Article, TaggedArticle

DEFAULT_DATA = Path("eval/alerts")
TARGETS = {"precision": 0.95, "recall": 0.90, "roles": 0.90}
BASELINE = re.compile(r"\b(?:invad\w*|invasion\w*|offensive\w*|attack\w*)\b", re.I)


@dataclass(frozen=True)
class Case:
    """One labelled article."""

    article: Article
    expected: bool
    actor: str | None
    target: str | None
    kind: str


def load_set(path: Path) -> list[Case]:
    """Read labelled articles from a JSON-lines file or a folder of them.

    Raises:
        ValueError: naming the file and line of a malformed record.
    """
    cases = []
    for where, row in labelled_rows(path):
        try:
            article = Article(id=row["id"], title=row.get("title", ""), body=row["body"],
                              source=row.get("source"), published_at=row.get("published_at"))
            cases.append(Case(article, bool(row["expected_alert"]), row.get("expected_actor"),
                              row.get("expected_target"), str(row.get("kind", "unlabelled"))))
        except (KeyError, ValueError, TypeError) as exc:
            raise ValueError(f"{where}: bad record: {exc}") from exc
    return cases


def run(cases: Sequence[Case]) -> list[list[Alert]]:
    """Alerts for each case, through the entity tagger and the alert detector."""
    from agents.alerts.detector import AlertDetector
    from agents.entities.tagger import EntityTagger

    tagger, detector = EntityTagger(), AlertDetector()
    entity_lists = tagger.tag_many([c.article for c in cases])
    return [detector.detect(TaggedArticle(article=c.article, story_id=f"story-{c.article.id}", entities=entities))
            for c, entities in zip(cases, entity_lists, strict=True)]


def same_country(a: str | None, b: str | None) -> bool:
    """True when two country names name the same country."""
    if a is None or b is None:
        return a is b
    from agents.knowledge.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    return (gazetteer.stands_for(a) or a.casefold()) == (gazetteer.stands_for(b) or b.casefold())


def ratio(num: int, den: int) -> float:
    """num / den, 0 when den is 0."""
    return num / den if den else 0.0


def score(cases: Sequence[Case], predicted: Sequence[bool], alerts: Sequence[list[Alert]] | None = None
          ) -> dict[str, Any]:
    """Precision, recall, role accuracy, per-kind figures and the list of errors."""
    tp = sum(p and c.expected for c, p in zip(cases, predicted, strict=True))
    fp = sum(p and not c.expected for c, p in zip(cases, predicted, strict=True))
    fn = sum(c.expected and not p for c, p in zip(cases, predicted, strict=True))
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for c, p in zip(cases, predicted, strict=True):
        kinds[c.kind][0] += int(p == c.expected) if c.expected else int(p)
        kinds[c.kind][1] += 1
    report: dict[str, Any] = {
        "articles": len(cases), "positives": sum(c.expected for c in cases), "tp": tp, "fp": fp, "fn": fn,
        "precision": ratio(tp, tp + fp), "recall": ratio(tp, tp + fn),
        "recall_by_kind": {k: v for k, v in sorted(kinds.items()) if not k.startswith("neg")},
        "false_positives_by_kind": {k: v for k, v in sorted(kinds.items()) if k.startswith("neg")},
    }
    if alerts is None:
        return report
    errors, actor_ok, target_ok, both_ok = [], 0, 0, 0
    for c, found in zip(cases, alerts, strict=True):
        alert = found[0] if found else None
        if c.expected and alert:
            a_ok, t_ok = same_country(alert.actor, c.actor), same_country(alert.target, c.target)
            actor_ok, target_ok, both_ok = actor_ok + a_ok, target_ok + t_ok, both_ok + (a_ok and t_ok)
            if not (a_ok and t_ok):
                errors.append({"id": c.article.id, "kind": c.kind, "error": "roles",
                               "expected": [c.actor, c.target], "got": [alert.actor, alert.target]})
        elif c.expected != bool(alert):
            errors.append({"id": c.article.id, "kind": c.kind, "error": "missed" if c.expected else "false alert",
                           "evidence": [e.sentence for e in alert.evidence] if alert else [],
                           "title": c.article.title})
    report.update(actor_accuracy=ratio(actor_ok, tp), target_accuracy=ratio(target_ok, tp),
                  roles_accuracy=ratio(both_ok, tp), errors=errors)
    return report


def baseline(cases: Sequence[Case]) -> dict[str, Any]:
    """The keyword baseline's figures on the same set."""
    return score(cases, [bool(BASELINE.search(c.article.text)) for c in cases])


def render(report: dict[str, Any], base: dict[str, Any], out: IO[str]) -> None:
    """Human-readable report."""
    w = out.write
    w(f"alerts evaluation: {report['articles']} articles, {report['positives']} warnings\n\n")
    w(f"{'':22}{'rules':>8}{'keyword baseline':>18}   target\n")
    for name, key, target in (("precision", "precision", TARGETS["precision"]),
                              ("recall", "recall", TARGETS["recall"])):
        w(f"{name:22}{report[key]:8.3f}{base[key]:18.3f}   >= {target}\n")
    w(f"{'true/false alerts':22}{report['tp']:>4}/{report['fp']:<3}{base['tp']:>14}/{base['fp']:<3}\n")
    w(f"{'actor right':22}{report['actor_accuracy']:8.3f}{'-':>18}\n")
    w(f"{'target right':22}{report['target_accuracy']:8.3f}{'-':>18}\n")
    w(f"{'actor and target':22}{report['roles_accuracy']:8.3f}{'-':>18}   >= {TARGETS['roles']}\n")
    w("\nrecall by wording (found/total, baseline)\n")
    for kind, (found, total) in report["recall_by_kind"].items():
        w(f"  {kind:28}{found:>3}/{total:<3}{base['recall_by_kind'][kind][0]:>6}/{total}\n")
    w("\nfalse alerts by negative kind (false/total, baseline)\n")
    for kind, (false, total) in report["false_positives_by_kind"].items():
        w(f"  {kind:28}{false:>3}/{total:<3}{base['false_positives_by_kind'][kind][0]:>6}/{total}\n")
    w(f"\nerrors ({len(report['errors'])})\n")
    for e in report["errors"]:
        detail = (f"expected {e['expected']}, got {e['got']}" if e["error"] == "roles"
                  else "; ".join(s[:120] for s in e["evidence"]) or e["title"])
        w(f"  {e['id']:12}{e['kind']:26}{e['error']:12}{detail}\n")


def main(argv: list[str] | None = None) -> int:
    """Print the pair-level table of every set and the ablation table; ``--data`` for one set in detail."""
    from streams.evaluation import alert_table

    parser = argparse.ArgumentParser(
        prog="wirewatch eval alerts", description=__doc__.split("\n\n")[0],
        epilog="examples:\n  wirewatch eval alerts                      every set at pair level, and the ablation\n"
               "  wirewatch eval alerts --data my.jsonl      one held-out set, with its errors\n"
               "  wirewatch eval alerts --check              exit 1 when a development set falls below baseline",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSON-lines file or folder (eval/alerts/)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--no-ablation", action="store_true", help="skip the ablation table")
    parser.add_argument("--check", action="store_true",
                        help=f"exit 1 when a development set falls below {alert_table.BASELINE}")
    parser.add_argument("--write-baseline", action="store_true", help=f"write {alert_table.BASELINE} from this run")
    args = parser.parse_args(argv)
    sets, note = alert_table.load_sets(args.data)
    scores = alert_table.detect(sets)
    out: dict[str, Any] = {"sets": {k: v.figures() for k, v in scores.items()}}
    if not args.json:
        alert_table.render_table(scores, sys.stdout, "alerts at pair level (one alert per article, actor, target)")
        if note:
            print(note)
    if args.data.is_file() or len(sets) == 1:
        for e in next(iter(scores.values())).errors:
            print(f"  {e['id']:12}{e['kind']:28}missed {e['missed']} false {e['false']} reversed {e['reversed']}")
    elif not args.no_ablation:
        out["ablation"] = alert_table.ablation(sets, sys.stdout if not args.json else open(os.devnull, "w"))
    if args.json:
        print(json.dumps(out, indent=2))
    if args.write_baseline:
        alert_table.BASELINE.write_text(json.dumps(
            {k: v.figures() for k, v in scores.items() if k in alert_table.DEVELOPMENT}, indent=2) + "\n", "utf-8")
    failures = alert_table.check_baseline(scores) if args.check else []
    for failure in failures:
        print(f"below baseline: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
