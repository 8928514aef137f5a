"""``wirewatch eval dedup``: precision and recall of the dedup stage on a labelled set.

The set is JSON lines of Articles (``id, url, source, published_at, title, body``) with a label
``expected_duplicate_of`` (null, or the id of the first article of the story) and an optional ``kind``
(``reprint_trimmed``, ``hard_negative_template`` ...). Every ``*.jsonl`` file under ``--data`` is read,
files in name order, lines in file order; the articles go through one :class:`agents.dedup.stage.Deduplicator`
in that order, as the worker would see them.

Metrics are pairwise over duplicate links: each article either links to an earlier article
(``duplicate_of``) or to nothing. A predicted link is correct when it names exactly the expected article.

- precision = correct predicted links / all predicted links (a link to the wrong story, or a link for
  an article that is new, is a false positive);
- recall = correct predicted links / all expected links (a missed reprint, or one linked to the wrong
  story, is a false negative).

``--margins`` adds the measurement the near-duplicate thresholds were chosen from: the exact Jaccard
similarity and containment (of the shorter text in the longer) of each expected link, against the
highest scores any other article reached with an earlier article of another story. ``--stress`` edits
every first article of the set the way reprint desks do, beyond what the labelled reprints cover (trims
to 35-50% of the words, a trailer of editor's note, related links and credit lines, other number
formats), and builds short briefs that reuse one or two paragraphs of it: recall of the edits, false
links of the briefs. The LSH threshold and the length ratio were chosen from it.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from agents.dedup.index import DedupParams
from agents.dedup.stage import DedupDecision, Deduplicator
from agents.dedup.text import shingles, tokens
from agents.knowledge.text import sentences as sentence_spans
from streams.evaluation import labelled_rows
from streams.runtime.records import Article

DEFAULT_DATA = Path("eval/dedup")
REPO_DATA = Path(__file__).resolve().parents[2] / DEFAULT_DATA  # when run from outside the checkout
FIXED_NOW = 1_700_000_000.0  # one clock for the whole run: nothing in the set expires


@dataclass(frozen=True)
class Case:
    """One labelled article."""

    article: Article
    expected: str | None
    kind: str


def load_cases(path: Path) -> list[Case]:
    """Read labelled articles from a JSON-lines file or every ``*.jsonl`` file under a folder."""
    cases = []
    for _where, record in labelled_rows(path):
        expected = record.get("expected_duplicate_of")
        kind = record.get("kind") or ("reprint" if expected else "first")
        cases.append(Case(Article.model_validate(record), expected, kind))
    return cases


def decide(cases: list[Case], params: DedupParams) -> list[DedupDecision]:
    """Run one deduplicator over the cases in order."""
    deduplicator = Deduplicator({}, params=params, clock=lambda: FIXED_NOW)
    return [deduplicator.check(case.article) for case in cases]


def score(cases: list[Case], decisions: list[DedupDecision]) -> tuple[float, float, int, int, int]:
    """(precision, recall, correct links, predicted links, expected links)."""
    predicted = sum(d.duplicate_of is not None for d in decisions)
    expected = sum(c.expected is not None for c in cases)
    correct = sum(d.duplicate_of is not None and d.duplicate_of == c.expected
                  for c, d in zip(cases, decisions, strict=True))
    return (correct / predicted if predicted else 1.0, correct / expected if expected else 1.0,
            correct, predicted, expected)


def report(cases: list[Case], decisions: list[DedupDecision], params: DedupParams) -> list[str]:
    """The evaluation printout."""
    precision, recall, correct, predicted, expected = score(cases, decisions)
    bands, rows = params.bands()
    hard = sum(c.kind.startswith("hard_negative") for c in cases)
    lines = [
        f"articles {len(cases)}, expected duplicate links {expected}, hard negatives {hard}",
        f"parameters: word {params.shingle_size}-shingles, num_perm {params.num_perm}, LSH threshold "
        f"{params.lsh_threshold} (b={bands}, r={rows}), near if containment >= {params.containment} "
        f"with length ratio >= {params.min_length_ratio} and figures overlap >= {params.figures_overlap}",
        f"page furniture: a shingle on more than {params.boilerplate_df} page(s) of a site is dropped (winnowing "
        f"window {params.df_window}); under {params.min_kept_shingles} shingles left: linked to nothing; same "
        f"site: containment >= {params.same_site_containment}",
        f"precision {precision:.3f} ({correct}/{predicted})   recall {recall:.3f} ({correct}/{expected})",
        "by method (predicted links):",
    ]
    by_method: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case, decision in zip(cases, decisions, strict=True):
        right = decision.duplicate_of == case.expected
        if decision.duplicate_of is not None:
            by_method[decision.method or "?"][0] += 1
            by_method[decision.method or "?"][1] += right
        by_kind[case.kind][0] += 1
        by_kind[case.kind][1] += right
    lines += [f"  {m:<6} {n:>3} links, {ok:>3} correct" for m, (n, ok) in sorted(by_method.items())]
    lines.append("by kind (decisions right / articles):")
    lines += [f"  {k:<28} {ok:>3}/{n:<3}" + ("  (hard negative)" if k.startswith("hard_negative") else "")
              for k, (n, ok) in sorted(by_kind.items())]
    errors = [f"  {c.article.id} [{c.kind}] expected {c.expected}, got {d.duplicate_of} "
              f"({d.method}, {d.similarity:.2f})"
              for c, d in zip(cases, decisions, strict=True) if d.duplicate_of != c.expected]
    return [*lines, "errors:", *(errors or ["  none"])]


def margins(cases: list[Case], params: DedupParams) -> list[str]:
    """Exact similarity of expected links against the closest pair of different stories."""
    sets = [shingles(tokens(c.article.body), params.shingle_size) for c in cases]
    story: dict[str, str] = {}
    for case in cases:
        story[case.article.id] = story.get(case.expected or "", case.article.id)
    positives: list[tuple[float, float, str]] = []
    negatives: list[tuple[float, float, str]] = []
    for i, case in enumerate(cases):
        best: dict[bool, tuple[float, float, str]] = {}
        for j in range(i):
            a, b = sets[i], sets[j]
            inter = len(a & b)
            pair = (inter / min(len(a), len(b)), inter / len(a | b),
                    f"{case.article.id}~{cases[j].article.id} [{case.kind}]")
            same = story[case.article.id] == story[cases[j].article.id]
            best[same] = max(best.get(same, pair), pair)
        if case.expected and True in best:
            positives.append(best[True])
        if False in best:
            negatives.append(best[False])
    lines = [f"margins (exact, word {params.shingle_size}-shingles):"]
    if positives:
        low = min(positives)
        lines.append(f"  lowest containment of a true link   {low[0]:.3f} (jaccard {low[1]:.3f}) {low[2]}")
        lines.append(f"  lowest jaccard of a true link       {min(p[1] for p in positives):.3f}")
    worst: dict[str, tuple[float, float, str]] = {}
    for neg in negatives:
        kind = neg[2].rsplit("[", 1)[1].rstrip("]")
        worst[kind] = max(worst.get(kind, neg), neg)
    for kind, top in sorted(worst.items(), key=lambda kv: kv[1], reverse=True):
        lines.append(f"  closest other story, {kind:<26} containment {top[0]:.3f} jaccard {top[1]:.3f} {top[2]}")
    return lines


def sweep(cases: list[Case], base: DedupParams) -> list[str]:
    """Precision and recall when one parameter at a time moves around ``base``."""
    grid: dict[str, list[Any]] = {
        "shingle_size": [2, 3, 4, 5, 6], "num_perm": [64, 128, 256], "lsh_threshold": [0.2, 0.25, 0.3, 0.4, 0.5],
        "containment": [0.4, 0.5, 0.6, 0.65, 0.7, 0.8, 0.9], "min_length_ratio": [0.1, 0.2, 0.3, 0.5],
        "figures_overlap": [0.0, 0.3, 0.5, 0.7],
        "boilerplate_df": [1, 2, 3, 4], "df_window": [4, 8, 12], "min_kept_shingles": [4, 12, 30],
        "same_site_containment": [0.6, 0.7, 0.8, 0.9],
    }
    lines = ["sweep (one parameter at a time):"]
    for name, values in grid.items():
        for value in values:
            params = replace(base, **{name: value})
            precision, recall, *_ = score(cases, decide(cases, params))
            lines.append(f"  {name:<15} {value!s:<5} precision {precision:.3f} recall {recall:.3f}")
    return lines


_TRAILER = ("Editor's note: This story was updated with comment from officials.\nRelated coverage:\n"
            "- Five things to know about the 2025 budget\n- Opinion: why 3 in 10 voters are undecided\n"
            "(Reporting by Ana Lopez; Editing by Mark Potter)\n\u00a9 2026 Meridian. All rights reserved.")


def _sentences(body: str) -> list[str]:
    return [body[s.start:s.end] for s in sentence_spans(body)]


def _trim(body: str, share: float) -> str:
    """The leading sentences of ``body`` closest to ``share`` of its words."""
    total, kept, words = len(body.split()), list[str](), 0
    for sentence in _sentences(body):
        if kept and abs(words + len(sentence.split()) - share * total) > abs(words - share * total):
            break
        kept.append(sentence)
        words += len(sentence.split())
    return " ".join(kept)


def stress(cases: list[Case], params: DedupParams) -> list[str]:
    """Recall of desk edits of every first article, and false links of short briefs reusing its paragraphs."""
    firsts = [c.article.body for c in cases if c.expected is None and c.kind == "first"]
    firsts = [b for b in firsts if len(b.split()) >= 120 and b.count("\n\n") >= 4]

    def linked(first: str, second: str) -> bool:
        deduplicator = Deduplicator({}, params=params, clock=lambda: FIXED_NOW)
        deduplicator.check(Article(id="a", body=first))
        return deduplicator.check(Article(id="b", body=second)).duplicate_of == "a"

    def number_formats(body: str) -> str:
        return re.sub(r"(\d+)%", r"\1 per cent", re.sub(r"(\d),(\d{3})", r"\1\2", body))

    edits: dict[str, Callable[[str], str]] = {
        f"trimmed to {int(share * 100)}%": partial(_trim, share=share) for share in (0.35, 0.4, 0.45, 0.5)}
    edits |= {"trimmed to 40% + trailer": lambda b: _trim(b, 0.4) + "\n\n" + _TRAILER,
              "whole + trailer": lambda b: b + "\n\n" + _TRAILER, "number formats": number_formats}
    lines = [f"stress ({len(firsts)} first articles of 120+ words):"]
    for name, edit in edits.items():
        lines.append(f"  reprint {name:<27} linked {sum(linked(b, edit(b)) for b in firsts):>3}/{len(firsts)}")
    for sentences in (2, 4):
        for reused in (1, 2):
            false = sum(linked(b, " ".join(_sentences(firsts[i - 1])[1:1 + sentences]) + "\n\n"
                               + "\n\n".join(b.split("\n\n")[2:2 + reused])) for i, b in enumerate(firsts))
            lines.append(f"  brief of {sentences} new sentences + {reused} reused paragraph(s) "
                         f"linked {false:>3}/{len(firsts)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print the dedup figures; exit status 1 when precision < 1.00 or recall < 0.95."""
    parser = argparse.ArgumentParser(prog="wirewatch eval dedup", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, 
                        help="JSON-lines file or folder (default eval/dedup)")
    parser.add_argument("--margins", action="store_true", help="print exact similarity margins of the set")
    parser.add_argument("--sweep", action="store_true", help="print figures for neighbouring parameters")
    parser.add_argument("--stress", action="store_true", help="print recall of desk edits of every first article")
    args = parser.parse_args(argv)
    if args.data == DEFAULT_DATA and not DEFAULT_DATA.exists():
        args.data = REPO_DATA
    cases = load_cases(args.data)
    params = DedupParams()
    decisions = decide(cases, params)
    print(f"wirewatch eval dedup: {args.data}")
    print("\n".join(report(cases, decisions, params)))
    if args.margins:
        print("\n".join(margins(cases, params)))
    if args.sweep:
        print("\n".join(sweep(cases, params)))
    if args.stress:
        print("\n".join(stress(cases, params)))
    precision, recall, *_ = score(cases, decisions)
    return 0 if precision >= 1.0 and recall >= 0.95 else 1
