"""``wirewatch eval entities`` ablation table: what each hand-written pass group of the tagger adds.

Every article of the development sets (``articles``, ``fresh``, ``blind_1`` .. ``blind_4``) is parsed once by
the model; the tagger's passes then run once per configuration: all groups on, each group of
:data:`agents.entities.tagger.PASS_GROUPS` off in turn, and the bare model (every group off). A row gives the
strict F1 of PERSON, ORG, places and all on the development sets pooled, each with its change from all groups
on, and the variant groups (one entity written several ways) that keep one canonical name and id. Two columns
give the F1 of all groups on one set alone: ``blind_4``, the one development set the fine-tuned ``ner`` was not
trained on (it learnt the others' gold mentions, so a pass can look useless there because the model memorised
what the pass fixed), and ``blind_5`` (scored once, first run frozen), for information only: deletions are
decided on the development sets. Other sets of the folder (the frozen ``blind_6``) are never read here.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from streams.evaluation.entities import GROUP_ORDER, Gold, evaluate, load_set
from streams.runtime.records import Article, Entity

if TYPE_CHECKING:
    from agents.entities.tagger import EntityTagger

DEVELOPMENT = ("articles", "fresh", "blind_1", "blind_2", "blind_3", "blind_4")
INFORMATION = ("blind_4", "blind_5", "blind_7")
_COLUMNS = (*GROUP_ORDER, "all")


@dataclass
class _Tagged:
    """Stands in for the tagger in :func:`evaluate`: returns entities computed beforehand."""

    entities: list[list[Entity]]

    def tag_many(self, articles: Sequence[Article]) -> list[list[Entity]]:
        return self.entities


def _scores(cases: list[tuple[Article, list[Gold]]], entities: list[list[Entity]]) -> dict[str, Any]:
    figures = evaluate(cases, _Tagged(entities), io.StringIO())
    row: dict[str, Any] = {name: round(figures[f"strict.{name}"][2], 4) for name in _COLUMNS}
    consistency = figures["consistency"]
    row["variants"] = consistency["variant_groups"] - consistency["variant_inconsistent"]
    row["variant_groups"] = consistency["variant_groups"]
    return row


def ablation(data: Path, out: IO[str], tagger: EntityTagger | None = None) -> dict[str, dict[str, Any]]:
    """Write the ablation table of the sets under ``data`` and return its rows (configuration -> pool -> figures).

    Args:
        tagger: the tagger to switch groups off in (restored to all groups on afterwards); a new one when None.
    """
    from agents.entities.tagger import PASS_GROUPS, EntityTagger

    pools = {"dev": [n for n in DEVELOPMENT if (data / f"{n}.jsonl").exists()],
             **{n: [n] for n in INFORMATION if (data / f"{n}.jsonl").exists()}}
    cases = {pool: [c for n in names for c in load_set(data / f"{n}.jsonl")] for pool, names in pools.items()}
    tagger = tagger if tagger is not None else EntityTagger()
    # The pipeline reads each text once with its headline re-cased and once as written (the "headlines" group).
    tagger.disabled = frozenset()
    docs = {recased: {pool: list(tagger.nlp.pipe(tagger.reading(a) if recased else a.text for a, _ in pool_cases))
                      for pool, pool_cases in cases.items()} for recased in (True, False)}
    configurations = [("all groups", ()), *((f"without {g}", (g,)) for g in PASS_GROUPS),
                      ("bare model", PASS_GROUPS)]
    rows: dict[str, dict[str, Any]] = {}
    for name, disabled in configurations:
        tagger.disabled = frozenset(disabled)
        read = docs["headlines" not in disabled]
        rows[name] = {pool: _scores(cases[pool], [tagger.entities(d, a.text) for (a, _), d in
                                                  zip(cases[pool], read[pool], strict=True)])
                      for pool in cases if cases[pool]}
    tagger.disabled = frozenset()
    _render(rows, pools, out)
    return rows


def _cell(row: dict[str, Any], base: dict[str, Any], pool: str, column: str) -> str:
    if pool not in row:
        return ""
    value = row[pool][column]
    return f"{value:.3f}" if row is base else f"{value:.3f} {value - base[pool][column]:+.3f}"


def _render(rows: dict[str, dict[str, Any]], pools: dict[str, list[str]], out: IO[str]) -> None:
    base = rows["all groups"]
    out.write(f"\nablation: strict F1 on the development sets pooled ({', '.join(pools['dev'])}) and change from "
              f"all groups on; variant groups with one name and id; all F1 of {', '.join(INFORMATION)} alone "
              f"(blind_4: not trained on; blind_5, blind_7: seen probes, information only, real-outlet style)\n")
    out.write(f"{'configuration':24}" + "".join(f"{c:>15}" for c in _COLUMNS) + f"{'variants':>10}"
              + "".join(f"{n + ' all':>15}" for n in INFORMATION) + "\n")
    for name, row in rows.items():
        variants = f"{row['dev']['variants']:>5}/{row['dev']['variant_groups']:<4}"
        out.write(f"{name:24}" + "".join(f"{_cell(row, base, 'dev', c):>15}" for c in _COLUMNS) + variants
                  + "".join(f"{_cell(row, base, n, 'all'):>15}" for n in INFORMATION) + "\n")
