"""Write ``sentences_c.jsonl``: training sentences in real-outlet styles, templated and hand-written.

    .venv/bin/python -m training.alerts.compose

Templates, slots and country pairs are in ``compose_c.json``; hand-written sentences (varied wordings the
templates do not produce, so the reader does not learn template artefacts) in ``hand_c.json``. Styles:
market and business clauses, conditional threats, deterrence and diplomacy, live pages, quotes, build-ups,
Title Case headlines, staged pretexts, garrisons in breakaway regions, defenders' border reports, new
offensives after a war has begun; and look-alike negatives in the same styles (past attacks, sanctions,
war crimes, refugees, figurative markets, cyber and non-state attacks, denials, drills, history,
de-escalation). Nothing is taken from an evaluation set or a real article. Seeded: two runs write the
same file.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any

from .corpus import HERE, SEED

TEMPLATES = HERE / "compose_c.json"
HAND = HERE / "hand_c.json"
OUT = HERE / "sentences_c.jsonl"
# How many sentences each template family gives (drawn over random pairs and slot values).
COUNTS = {"market": 300, "conditional": 100, "deterrence": 90, "live": 70, "quote": 60, "buildup": 90,
          "headline": 25, "pretext": 25, "border": 25}
NEGATIVE_COUNTS = {"past": 230, "other": 190, "denial": 100, "exercise": 60, "figurative": 110}
GARRISONS, OFFENSIVES = 25, 45
_THE = {"Philippines", "United States", "United Arab Emirates", "Democratic Republic of the Congo"}
_KEEP_CASE = {"Brent", "European", "Asian", "Wall", "Benchmark", "Bund", "Treasuries", "Shipping",
              "Credit", "Frontier-market", "Emerging-market", "Defence", "Airline", "Fertiliser", "Sunflower"}


def _the(name: str) -> str:
    return f"the {name}" if name in _THE else name


def _short(name: str) -> str:
    return "Congo" if name.endswith("Republic of the Congo") else name


def _lower_first(text: str) -> str:
    return text if text.split()[0] in _KEEP_CASE else text[0].lower() + text[1:]


def _cap(text: str) -> str:
    return text[0].upper() + text[1:] if text else text


def _values(data: dict[str, Any], pair: dict[str, Any], rng: random.Random) -> dict[str, str]:
    """Slot values for one sentence of ``pair``: the pair's names, then phrases built from them."""
    slots = data["slots"]
    v = {key: rng.choice(values) for key, values in slots.items()}
    a, t = _the(pair["actor"]), _the(pair["target"])
    v.update(a=a, t=t, a_adj=pair["a_adj"], t_adj=pair["t_adj"], a_an=pair["a_an"], a_cap=pair["a_cap"],
             t_cap=pair["t_cap"], place=rng.choice(pair["places"]), a_gen=f"{a}'s", t_gen=f"{_short(t)}'s",
             a_t=pair["actor"], t_t=pair["target"], a_adj_t=pair["a_adj"], t_adj_t=pair["t_adj"],
             n=str(rng.choice([3, 4, 7, 12, 18, 25, 40, 60, 120, 300])), moved_pp=rng.choice(
                 ["risen sharply", "more than doubled", "fallen by a third", "swung wildly"]))
    v["speaker"] = v["speaker"].format(**v)
    v["time"] = rng.choice([*slots["time"], "", ""])
    templates = data["templates"]
    v["np"] = rng.choice(templates["np"]).format(**v)
    v["clause"] = " ".join(rng.choice(templates["clause"]).format(**v).split())
    v.update(speaker_c=_cap(v["speaker"]), analyst_c=_cap(v["analyst"]), asset_l=_lower_first(v["asset"]))
    return v


def _fill(template: str, values: dict[str, str]) -> str:
    return _cap(" ".join(template.format(**values).split()).replace(" ,", ",").replace(" .", "."))


def generated(data: dict[str, Any], rng: random.Random) -> Iterator[dict[str, Any]]:
    """Templated sentences: warnings with their pair, then negatives."""
    pairs = data["pairs"]
    for family, count in COUNTS.items():
        for _ in range(count):
            pair = rng.choice(pairs)
            text = _fill(rng.choice(data["templates"][family]), _values(data, pair, rng))
            yield {"text": text, "label": "warning", "actor": pair["actor"], "target": pair["target"],
                   "style": family}
    for _ in range(GARRISONS):
        actor, target, garrison, city = rng.choice(data["garrisons"])
        v = _values(data, next(p for p in pairs if p["actor"] in (actor, "Russia")), rng)
        v.update(g=garrison, c=city, speaker_c=_cap(v["speaker"]))
        yield {"text": _fill(rng.choice(data["garrison_templates"]), v), "label": "warning", "actor": actor,
               "target": target, "style": "garrison"}
    for _ in range(OFFENSIVES):
        actor, target, a_adj, t_adj, places = rng.choice(data["offensives"])
        v = {"a": _the(actor), "t": _the(target), "a_adj": a_adj, "t_adj": t_adj, "place": rng.choice(places)}
        yield {"text": _fill(rng.choice(data["offensive_templates"]), v), "label": "warning", "actor": actor,
               "target": target, "style": "new_offensive"}
    for label, count in NEGATIVE_COUNTS.items():
        for _ in range(count):
            text = _fill(rng.choice(data["negatives"][label]), _values(data, rng.choice(pairs), rng))
            yield {"text": text, "label": label, "style": "templated"}


def hand_written() -> Iterator[dict[str, Any]]:
    """The hand-written sentences of ``hand_c.json``: ``[label, actor, target, style, text]`` rows."""
    for label, actor, target, style, text in json.loads(HAND.read_text(encoding="utf-8"))["sentences"]:
        row: dict[str, Any] = {"text": text, "label": label}
        if actor:
            row.update(actor=actor, target=target)
        row["style"] = style
        yield row


def compose(seed: int = SEED) -> list[dict[str, Any]]:
    """Every sentence, hand-written first, without duplicates (first kept)."""
    data = json.loads(TEMPLATES.read_text(encoding="utf-8"))
    rows, seen = [], set()
    for row in [*hand_written(), *generated(data, random.Random(seed))]:  # noqa: S311 - reproducible, not secret
        key = " ".join(row["text"].casefold().split())
        if key not in seen:
            seen.add(key)
            rows.append(row)
    return rows


def main() -> None:
    """Write ``sentences_c.jsonl``."""
    rows = compose()
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


if __name__ == "__main__":
    main()
