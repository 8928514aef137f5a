"""Write the DocBin files ``spacy train`` reads: training/entities/build/{train,dev}.spacy.

Gold articles carry their PERSON, ORG, GPE, LOC and FAC spans; the gold marks no other label, so the base model's
own predictions of the other labels (NORP, DATE, CARDINAL, MONEY ...) are added where they overlap no gold span,
and every other token is O. Rehearsal docs (paragraphs of unlabelled.txt outside the held-out slice, then
sentences of the alert reader's training files, in a seeded order) carry the base model's predictions of every
label, up to as many tokens as the gold training articles. Tokens are cut by the running tagger's tokenizer.

Usage: python training/entities/prepare.py [--gold-only]
"""

from __future__ import annotations

import argparse
import sys

from corpus import BUILD, GOLD_LABELS, GoldArticle, gold_articles, rehearsal_pool, split_gold
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span


def gold_doc(nlp: Language, article: GoldArticle, keep_base: bool = True) -> Doc:
    """The article with its gold spans plus (with ``keep_base``) the base model's other labels outside them."""
    predicted = nlp(article.text)
    gold = []
    for start, end, label in article.spans:
        span = predicted.char_span(start, end, label=label)
        if span is None:
            raise ValueError(f"{article.source} {article.id}: {article.text[start:end]!r} is not a token span")
        gold.append(span)
    taken = {i for span in gold for i in range(span.start, span.end)}
    kept = [e for e in predicted.ents if keep_base and e.label_ not in GOLD_LABELS
            and taken.isdisjoint(range(e.start, e.end))]
    doc = nlp.make_doc(article.text)
    doc.set_ents([Span(doc, s.start, s.end, s.label_) for s in sorted(gold + kept, key=lambda s: s.start)],
                 default="outside")
    return doc


def rehearsal_docs(nlp: Language, budget: int) -> list[Doc]:
    """The first texts of the rehearsal pool, about ``budget`` tokens, with the base model's entities."""
    docs, size = [], 0
    for doc in nlp.pipe(rehearsal_pool()):
        if size >= budget:
            break
        doc.set_ents(list(doc.ents), default="outside")  # the whole text annotated: O where no entity
        docs.append(doc)
        size += len(doc)
    return docs


def main() -> int:
    """Write train.spacy and dev.spacy and report their sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold-only", action="store_true",
                        help="ablation, not shipped: gold spans only, no base labels, no rehearsal (build/gold_only/)")
    args = parser.parse_args()
    from agents.entities.tagger import load_nlp

    nlp = load_nlp(fine_tuned=False)
    train, dev = split_gold(gold_articles())
    train_docs = [gold_doc(nlp, a, keep_base=not args.gold_only) for a in train]
    gold_tokens = sum(len(d) for d in train_docs)
    extra = [] if args.gold_only else rehearsal_docs(nlp, gold_tokens)
    dev_docs = [gold_doc(nlp, a) for a in dev]
    out = BUILD / "gold_only" if args.gold_only else BUILD
    out.mkdir(parents=True, exist_ok=True)
    attrs = ["ORTH", "SPACY", "ENT_IOB", "ENT_TYPE"]
    DocBin(attrs=attrs, docs=train_docs + extra).to_disk(out / "train.spacy")
    DocBin(attrs=attrs, docs=dev_docs).to_disk(out / "dev.spacy")
    sys.stdout.write(f"train: {len(train_docs)} gold articles ({gold_tokens} tokens) + {len(extra)} rehearsal docs "
                     f"({sum(len(d) for d in extra)} tokens); dev: {len(dev_docs)} articles "
                     f"({sum(len(d) for d in dev_docs)} tokens) -> {out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
