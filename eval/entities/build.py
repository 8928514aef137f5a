"""Build eval/entities/articles.jsonl from the marked-up eval/entities/articles.txt.

Markup: ``[text]X`` with X one of P (PERSON), O (ORG), G (GPE), L (LOC), F (FAC); ``[text=Canonical]X`` names
the canonical form; ``@canon variant => Canonical`` lines apply to every article. Each record has id, title,
body and entities (text, label, start, end, canonical) with offsets into title + "\\n\\n" + body.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
LABELS = {"P": "PERSON", "O": "ORG", "G": "GPE", "L": "LOC", "F": "FAC"}
MARK = re.compile(r"\[([^\]=\[]+)(?:=([^\]]+))?\]([POGLF])")


def build(source: str) -> list[dict[str, object]]:
    """Parse the marked-up source into evaluation records."""
    canon: dict[str, str] = {}
    records: list[dict[str, object]] = []
    blocks = re.split(r"^=== ", source, flags=re.M)
    for line in blocks[0].splitlines():
        if line.startswith("@canon "):
            variant, canonical = line[len("@canon "):].split(" => ")
            canon[variant.strip()] = canonical.strip()
    for block in blocks[1:]:
        header, _, marked = block.partition("\n")
        article_id, _, title_marked = header.partition(" | ")
        body_marked = f"{title_marked.strip()}\n\n{marked.strip()}"
        body, entities, pos = [], [], 0
        offset = 0
        for m in MARK.finditer(body_marked):
            body.append(body_marked[pos:m.start()])
            offset += m.start() - pos
            text = m.group(1)
            entities.append({"text": text, "label": LABELS[m.group(3)], "start": offset,
                             "end": offset + len(text), "canonical": m.group(2) or canon.get(text, text)})
            body.append(text)
            offset += len(text)
            pos = m.end()
        body.append(body_marked[pos:])
        full = "".join(body)
        if "[" in full or "]" in full:
            raise ValueError(f"{article_id}: unparsed markup left in text")
        title, _, text_body = full.partition("\n\n")
        for e in entities:
            if full[e["start"]:e["end"]] != e["text"]:
                raise ValueError(f"{article_id}: offsets of {e} do not match the text")
        records.append({"id": article_id.strip(), "title": title, "body": text_body, "entities": entities})
    return records


def main() -> int:
    """Write a .jsonl next to each marked-up .txt file here (articles.txt, fresh.txt)."""
    for source in sorted(HERE.glob("*.txt")):
        records = build(source.read_text("utf-8"))
        with source.with_suffix(".jsonl").open("w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count = sum(len(r["entities"]) for r in records)  # type: ignore[arg-type]
        sys.stdout.write(f"{source.name}: {len(records)} articles, {count} entities\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
