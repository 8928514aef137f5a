"""Figures of the fine-tuned recogniser against the package's, measured in one run.

* bare: the model's own entities, no rule pass, strict span + label group (the scoring of ``wirewatch eval
  entities``) on the dev split, blind_4 and blind_5 (held out: never trained on; blind_5 never tuned on);
* full: the whole tagger (:class:`agents.entities.tagger.EntityTagger`) with either recogniser;
* seen: recall of held-out mentions whose surface form is, or is not, a gold mention in the training files;
* forgetting: on text kept out of rehearsal, how far the fine-tuned model agrees with the package's on every
  label (the package's entities taken as the reference);
* speed: words per second of each recogniser alone, best of five interleaved rounds.

Usage (after export): python training/entities/evaluate.py [--full] [--markdown] [--out FILE] [--ner DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from corpus import (
    BUILD,
    GOLD_LABELS,
    HELDOUT_FILES,
    ROOT,
    gold_articles,
    rehearsal_pool,
    split_gold,
    unlabelled_paragraphs,
)
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc

from streams.evaluation.entities import GROUP_ORDER, GROUPS, Gold, evaluate, load_set
from streams.runtime.records import Article, Entity

Cases = list[tuple[Article, list[Gold]]]
SETS = ("dev", "blind_4", "blind_5")


class Bare:
    """The recogniser alone, shaped like the tagger for :func:`streams.evaluation.entities.evaluate`."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def tag_many(self, articles: Sequence[Article]) -> list[list[Entity]]:
        """The model's PERSON, ORG and place entities of each article."""
        return [[Entity.model_validate({"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char,
                                        "canonical": e.text}) for e in doc.ents if e.label_ in GOLD_LABELS]
                for doc in self.nlp.pipe(a.text for a in articles)]


def load_cases() -> dict[str, Cases]:
    """The dev split of the training articles and the two held-out probes."""
    _train, dev = split_gold(gold_articles())
    dev_cases = []
    for a in dev:
        title, _, body = a.text.partition("\n\n")
        golds = [Gold(a.id, a.text[s:e], GROUPS[label], s, e, a.text[s:e]) for s, e, label in a.spans]
        dev_cases.append((Article(id=a.id, title=title, body=body), golds))
    held = {Path(name).stem: load_set(ROOT / name) for name in HELDOUT_FILES}
    return {"dev": dev_cases, **held}


def scores(cases: Cases, tagger: object, report: Path | None = None) -> dict[str, list[float]]:
    """Strict P, R, F1 per group and overall; the error list goes to ``report`` when given."""
    out = io.StringIO()
    figures = evaluate(cases, tagger, out)
    if report is not None:
        report.write_text(out.getvalue(), "utf-8")
    return {name: list(figures[f"strict.{name}"]) for name in (*GROUP_ORDER, "all")}


def seen_recall(cases: Cases, tagger: object) -> dict[str, list[float]]:
    """Strict recall of mentions whose text is / is not a gold mention of the training files: [recall, count]."""
    known = {a.text[s:e] for a in gold_articles() for s, e, _ in a.spans}
    result = {}
    for kind, keep in (("seen", True), ("unseen", False)):
        subset = [(article, [g for g in golds if (g.text in known) == keep]) for article, golds in cases]
        count = sum(len(golds) for _, golds in subset)
        result[kind] = [scores(subset, tagger)["all"][1], count]
    return result


def general_texts(base: Language) -> dict[str, list[str]]:
    """Text the fine-tuned model never saw: held-out unlabelled paragraphs and alert sentences rehearsal left out."""
    from prepare import rehearsal_docs

    budget = sum(len(base.make_doc(a.text)) for a in split_gold(gold_articles())[0])
    used = len(rehearsal_docs(base, budget))
    return {"unlabelled_heldout": unlabelled_paragraphs()[1], "sentences_unused": rehearsal_pool()[used:]}


def agreement(base_docs: list[Doc], tuned_docs: list[Doc]) -> dict[str, list[float]]:
    """Per label [P, R, F1, base count] of the tuned entities against the base's; ``other`` sums the non-gold labels."""
    counts: dict[str, Counter[str]] = {}
    for b, t in zip(base_docs, tuned_docs, strict=True):
        ref = {(e.start, e.end, e.label_) for e in b.ents}
        hyp = {(e.start, e.end, e.label_) for e in t.ents}
        for label in {x[2] for x in ref | hyp}:
            group = [label, "other" if label not in GOLD_LABELS else "gold labels", "all"]
            for name in group:
                c = counts.setdefault(name, Counter())
                c["tp"] += len({x for x in ref & hyp if x[2] == label})
                c["ref"] += len({x for x in ref if x[2] == label})
                c["hyp"] += len({x for x in hyp if x[2] == label})
    result = {}
    for name, c in sorted(counts.items(), key=lambda kv: -kv[1]["ref"]):
        p = c["tp"] / c["hyp"] if c["hyp"] else 1.0
        r = c["tp"] / c["ref"] if c["ref"] else 1.0
        result[name] = [p, r, 2 * p * r / (p + r) if p + r else 0.0, c["ref"]]
    return result


def forgetting(base: Language, tuned: Language) -> dict[str, dict[str, list[float]]]:
    """Agreement with the base model on each general text set."""
    return {name: agreement(list(base.pipe(texts)), list(tuned.pipe(texts)))
            for name, texts in general_texts(base).items()}


def speed(base: Language, tuned: Language, texts: list[str], rounds: int = 5) -> dict[str, float]:
    """Words (non-space tokens) per second of each recogniser, best of ``rounds`` interleaved rounds."""
    best = {"base": 0.0, "fine-tuned": 0.0}
    for _ in range(rounds):
        for name, nlp in (("base", base), ("fine-tuned", tuned)):
            start = time.perf_counter()
            words = sum(1 for doc in nlp.pipe(texts) for t in doc if not t.is_space)
            best[name] = max(best[name], words / (time.perf_counter() - start))
    return {k: round(v) for k, v in best.items()}


def _ner(nlp: Language) -> EntityRecognizer:
    ner = nlp.get_pipe("ner")
    if not isinstance(ner, EntityRecognizer):
        raise TypeError("the pipeline's ner is no EntityRecognizer")
    return ner


def figures(full: bool = False, ner: Path | None = None) -> dict[str, object]:
    """Every figure of the module docstring (the full tagger only with ``full``); ``ner``: another ner than shipped."""
    from agents.entities.tagger import EntityTagger, load_nlp

    base, tuned = load_nlp(fine_tuned=False), load_nlp()
    if ner is not None:
        tuned = load_nlp.__wrapped__(fine_tuned=False)  # a pipeline of its own, not the cached one
        _ner(tuned).from_disk(ner, exclude=["vocab"])
    if _ner(base).model.to_bytes() == _ner(tuned).model.to_bytes():
        raise RuntimeError("no fine-tuned ner in agents/entities/model/ner: run make train-entities")
    cases = load_cases()
    result: dict[str, object] = {"bare": {s: {"base": scores(cases[s], Bare(base)),
                                              "fine-tuned": scores(cases[s], Bare(tuned))} for s in SETS}}
    result["seen"] = {s: {"base": seen_recall(cases[s], Bare(base)), "fine-tuned": seen_recall(cases[s], Bare(tuned))}
                      for s in SETS if s != "dev"}
    result["forgetting"] = forgetting(base, tuned)
    if full:
        BUILD.mkdir(parents=True, exist_ok=True)
        result["full"] = {s: {name: scores(cases[s], EntityTagger(nlp=nlp), BUILD / f"errors_{s}_{name}.txt")
                              for name, nlp in (("base", base), ("fine-tuned", tuned))} for s in SETS}
        texts = [a.text for s in SETS for a, _ in cases[s]]
        result["speed"] = speed(base, tuned, texts)
    return result


def markdown(result: dict[str, Any]) -> str:
    """The figures as the README's tables."""
    rows = ["| set | ner | " + " | ".join(f"{g} P / R / F1" for g in (*GROUP_ORDER, "all")) + " |",
            "|---|---|" + "---|" * (len(GROUP_ORDER) + 1)]
    for kind in ("bare", "full"):
        for name, models in result.get(kind, {}).items():
            for model, groups in models.items():
                cells = " | ".join(" / ".join(f"{x:.3f}" for x in groups[g]) for g in (*GROUP_ORDER, "all"))
                rows.append(f"| {name} ({kind}) | {model} | {cells} |")
    rows += ["", "| probe | ner | recall, seen in training (n) | recall, unseen (n) |", "|---|---|---|---|"]
    for name, models in result["seen"].items():
        for model, split in models.items():
            rows.append(f"| {name} | {model} | {split['seen'][0]:.3f} ({split['seen'][1]}) "
                        f"| {split['unseen'][0]:.3f} ({split['unseen'][1]}) |")
    rows += ["", "| text | label | P / R / F1 against the base | base count |", "|---|---|---|---|"]
    for name, labels in result["forgetting"].items():
        for label, (p, r, f, n) in labels.items():
            rows.append(f"| {name} | {label} | {p:.3f} / {r:.3f} / {f:.3f} | {n} |")
    if "speed" in result:
        rows += ["", "| ner | words/s |", "|---|---|", *(f"| {k} | {v} |" for k, v in result["speed"].items())]
    return "\n".join(rows) + "\n"


def main() -> int:
    """Compute the figures and write them as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also the whole tagger and the speed")
    parser.add_argument("--out", type=Path, default=None, help="write the JSON here too")
    parser.add_argument("--markdown", action="store_true", help="print tables instead of JSON")
    parser.add_argument("--ner", type=Path, default=None, help="score this ner directory instead of the shipped one")
    args = parser.parse_args()
    result = figures(args.full, args.ner)
    text = json.dumps(result, indent=1)
    if args.out is not None:
        args.out.write_text(text + "\n", "utf-8")
    sys.stdout.write(markdown(result) if args.markdown else text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
