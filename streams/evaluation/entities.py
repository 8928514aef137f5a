"""``wirewatch eval entities``: precision, recall and canonical consistency of the entity tagger.

The set is JSON lines (every ``*.jsonl`` under ``--data``, default ``eval/entities/``): ``id``, ``title``,
``body`` and ``entities``, a list of ``{text, label, start, end, canonical}`` with offsets into
:pyattr:`streams.runtime.records.Article.text` (title, blank line, body). Offsets are checked on load. Every
person, organisation and place is annotated; spans leave out "the", titles and possessives.

Matching. Labels are compared by group: PERSON, ORG and places (GPE, LOC and FAC together); other labels
the tagger gives (NORP, EVENT ...) are not scored. The headline figures use the strict rule of CoNLL and
MUC-style scoring: a prediction is correct when its start and end are exactly a gold span's and its group
is the gold group. The overlap rule (spans share a character, same group, one-to-one) is reported too.

Consistency. Gold mentions with the same canonical name and group form a group (e.g. "Zelensky",
"Zelenskyy", "Zelenskiy" in different articles); a group is consistent when every matched prediction in
it carries one canonical name and one id. Groups written in more than one way are the variant groups.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from streams.evaluation import labelled_rows
from streams.runtime.records import Article, Entity

DEFAULT_DATA = Path("eval/entities")
GROUPS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "places", "LOC": "places", "FAC": "places"}
GROUP_ORDER = ("PERSON", "ORG", "places")


@dataclass(frozen=True)
class Gold:
    """One annotated mention."""

    article_id: str
    text: str
    group: str
    start: int
    end: int
    canonical: str


def load_set(path: Path) -> list[tuple[Article, list[Gold]]]:
    """Read and check annotated articles from a JSON-lines file or a folder of them.

    Raises:
        ValueError: naming the file, line and entity whose offsets or label are wrong.
    """
    cases = []
    for line_at, record in labelled_rows(path):
        article = Article.model_validate(record)
        golds = []
        for raw in record["entities"]:
            where = f"{line_at}: entity {raw.get('text')!r}"
            if raw["label"] not in GROUPS:
                raise ValueError(f"{where}: label {raw['label']!r} is not scored ({', '.join(GROUPS)})")
            if article.text[raw["start"]:raw["end"]] != raw["text"]:
                raise ValueError(f"{where}: offsets {raw['start']}:{raw['end']} give "
                                 f"{article.text[raw['start']:raw['end']]!r}")
            golds.append(Gold(article.id, raw["text"], GROUPS[raw["label"]], raw["start"], raw["end"],
                              raw["canonical"]))
        cases.append((article, golds))
    return cases


def _match(golds: list[Gold], predicted: list[Entity], strict: bool) -> list[tuple[Gold, Entity]]:
    """One-to-one matches of gold and predicted mentions of the same group."""
    pairs, used = [], set()
    for gold in golds:
        for index, entity in enumerate(predicted):
            if index in used or GROUPS[entity.label] != gold.group:
                continue
            if (entity.start, entity.end) == (gold.start, gold.end) if strict else \
                    entity.start < gold.end and gold.start < entity.end:
                pairs.append((gold, entity))
                used.add(index)
                break
    return pairs


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(cases: list[tuple[Article, list[Gold]]], tagger: Any, out: IO[str]) -> dict[str, Any]:
    """Tag every article, write the report to ``out`` and return the figures."""
    tagged = tagger.tag_many([article for article, _ in cases])
    counts: dict[str, dict[str, list[int]]] = {"strict": defaultdict(lambda: [0, 0, 0]),
                                               "overlap": defaultdict(lambda: [0, 0, 0])}
    groups: dict[tuple[str, str], list[tuple[Gold, Entity | None]]] = defaultdict(list)
    errors: list[str] = []
    for (article, golds), entities in zip(cases, tagged, strict=True):
        scored = [e for e in entities if e.label in GROUPS]
        for rule in ("strict", "overlap"):
            pairs = _match(golds, scored, strict=rule == "strict")
            for name in (*GROUP_ORDER, "all"):
                row = counts[rule][name]
                row[0] += sum(1 for g, _ in pairs if name in ("all", g.group))
                row[1] += sum(1 for e in scored if name in ("all", GROUPS[e.label]))
                row[2] += sum(1 for g in golds if name in ("all", g.group))
            if rule != "strict":
                continue
            matched = {id(g): e for g, e in pairs}
            hit = {id(e) for _, e in pairs}
            for gold in golds:
                groups[(gold.group, gold.canonical)].append((gold, matched.get(id(gold))))
                if id(gold) not in matched:
                    errors.append(f"  missed  {article.id} {gold.group:7} {gold.text!r} at {gold.start}"
                                  f"{_seen(gold, scored)}")
            errors += [f"  extra   {article.id} {GROUPS[e.label]:7} {e.text!r} at {e.start} ({e.label})"
                       for e in scored if id(e) not in hit]
    figures: dict[str, Any] = {}
    for rule in ("strict", "overlap"):
        out.write(f"{rule} span + label group:\n")
        for name in (*GROUP_ORDER, "all"):
            tp, n_pred, n_gold = counts[rule][name]
            p, r, f = _prf(tp, n_pred, n_gold)
            figures[f"{rule}.{name}"] = (p, r, f)
            out.write(f"  {name:8} precision {p:.3f}  recall {r:.3f}  f1 {f:.3f}  "
                      f"(gold {n_gold}, predicted {n_pred})\n")
    figures["consistency"] = _consistency(groups, out)
    out.write(f"errors ({len(errors)}):\n" + "".join(line + "\n" for line in errors))
    return figures


def _seen(gold: Gold, scored: list[Entity]) -> str:
    near = [f"{e.text!r} {e.label}" for e in scored if e.start < gold.end and gold.start < e.end]
    return f" (tagged {', '.join(near)})" if near else ""


def _consistency(groups: dict[tuple[str, str], list[tuple[Gold, Entity | None]]], out: IO[str]) -> dict[str, Any]:
    bad, variant_groups, variant_bad, exact = [], 0, 0, [0, 0]
    for (group, canonical), members in sorted(groups.items()):
        names = {e.canonical for _, e in members if e is not None}
        ids = {e.id for _, e in members if e is not None}
        variants = {g.text for g, _ in members}
        exact[0] += sum(1 for _, e in members if e is not None and e.canonical == canonical)
        exact[1] += sum(1 for _, e in members if e is not None)
        ok = len(names) <= 1 and len(ids) <= 1
        if len(variants) > 1:
            variant_groups += 1
            variant_bad += not ok
        if not ok:
            bad.append(f"  {group} {canonical!r}: canonicals {sorted(names)} ids {sorted(map(str, ids))}")
    out.write(f"canonical consistency: {len(groups) - len(bad)}/{len(groups)} groups one name and id; "
              f"variant groups {variant_groups - variant_bad}/{variant_groups}; "
              f"canonical equals gold on {exact[0]}/{exact[1]} matched mentions\n")
    out.write("".join(line + "\n" for line in bad))
    return {"groups": len(groups), "inconsistent": len(bad), "variant_groups": variant_groups,
            "variant_inconsistent": variant_bad}


def main(argv: Sequence[str] | None = None, out: IO[str] | None = None) -> int:
    """Run the evaluation; exit status 1 when ``--fail-under`` is given and a strict figure is below it."""
    parser = argparse.ArgumentParser(prog="wirewatch eval entities", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="a .jsonl file or a folder of them")
    parser.add_argument("--fail-under", type=float, default=None, help="minimum strict precision and recall")
    parser.add_argument("--no-ablation", action="store_true",
                        help="skip the ablation table (printed when --data is a folder)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    from agents.entities.tagger import EntityTagger
    from streams.evaluation.entity_table import ablation
    from streams.evaluation.rule_size import rule_size

    tagger, out = EntityTagger(), out or sys.stdout
    figures = evaluate(load_set(args.data), tagger, out)
    if args.data.is_dir() and not args.no_ablation:
        ablation(args.data, out, tagger)
        size = rule_size()
        out.write(f"rule size: {size['rule_lines']} lines of rule code in agents/entities/*.py, "
                  f"{size['word_lists']} word lists in code, {size['cue_words']} cue words in data\n")
    if args.fail_under is not None:
        low = [k for k, (p, r, _) in ((k, v) for k, v in figures.items() if k.startswith("strict."))
               if min(p, r) < args.fail_under]
        return 1 if low else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
