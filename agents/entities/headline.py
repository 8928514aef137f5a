"""Headlines written in capitals or Title Case, read with the case the article's own body gives each word.

The recogniser learned names from their capitals, so a headline that capitalises every word
("Sundowns Go Six Clear as Pirates Stumble in Durban", "NIGERIA HOLDS RATES AS NAIRA STEADIES") runs names
into ordinary words. Before tagging, such a title is re-cased word by word, keeping every offset:

- a word the body writes in the middle of a sentence takes the body's most frequent form there
  ("Pirates", "MTN", "naira"); one it writes only at the start of sentences keeps that form, unless it is a
  stop word ("Dangote", not "The");
- a run of words the body lacks that the knowledge data names (a country, an alias, a big city) keeps an
  initial capital ("UKRAINE", "SOUTH AFRICA");
- any other word is written in lower case, except the title's first word, which keeps an initial
  capital, and a word of capitals in a Title Case headline, which stays as it is (an acronym: "CBN").

Only the text the pipeline reads changes; entity texts are cut from the original title. A title in
sentence case (most words lower case) is left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]|\.(?=\w))*")
_SENTENCE_END = re.compile(r"(?:[.!?]['\"’”)]*|[\n:;—–|•])\s*$")
CAPITALS_SHARE = 0.6  # share of a title's letters in capitals that marks a headline in capitals
TITLE_CASE_SHARE = 0.85  # share of its words of four letters or more (stop words aside) capitalised: Title Case


def headline_case(title: str) -> str | None:
    """``"upper"`` for a title in capitals, ``"title"`` for Title Case, None for sentence case (a sentence-case
    title full of names, "Kenya Airways and Eswatini Air add routes", keeps lower-case words)."""
    letters = [c for c in title if c.isalpha()]
    if len(letters) > 3 and sum(c.isupper() for c in letters) >= CAPITALS_SHARE * len(letters):
        return "upper"
    words = [w for w in _WORD.findall(title) if len(w) >= 4 and w.lower() not in STOP_WORDS]
    if len(words) >= 2 and sum(w[0].isupper() for w in words) >= TITLE_CASE_SHARE * len(words):
        return "title"
    return None


def body_forms(body: str, stop_words: Collection[str] = ()) -> dict[str, str]:
    """Each word's most frequent form in ``body`` where it does not open a sentence, by lower-case form; a word
    the body has only at sentence starts keeps that form unless it is one of ``stop_words`` ("The")."""
    inside: dict[str, Counter[str]] = {}
    opening: dict[str, str] = {}
    for m in _WORD.finditer(body):
        word = m.group()
        if m.start() == 0 or _SENTENCE_END.search(body, max(0, m.start() - 4), m.start()):
            if word.lower() not in stop_words and not word.isupper():
                opening.setdefault(word.lower(), word)
            continue
        inside.setdefault(word.lower(), Counter())[word] += 1
    return {**opening, **{key: forms.most_common(1)[0][0] for key, forms in inside.items()}}


def recase_title(title: str, body: str, known: Callable[[str], bool] = lambda _: False) -> str:
    """``title`` re-cased from ``body`` when it is a headline in capitals or Title Case; same length.

    ``known`` tells a name the knowledge data holds (a country, an alias, a big city): a run of up to three
    words the body does not have keeps capitals when it is one ("UKRAINE", "SOUTH AFRICA").
    """
    case = headline_case(title)
    if case is None:
        return title
    forms = body_forms(body, STOP_WORDS)
    words = list(_WORD.finditer(title))
    chosen: list[str | None] = [forms.get(m.group().lower()) for m in words]
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            run = range(i, i + size)
            if all(chosen[j] is None for j in run) and \
                    known(" ".join(words[j].group().capitalize() for j in run)):
                for j in run:
                    chosen[j] = words[j].group().capitalize()
    out = []
    last = 0
    for i, (m, form) in enumerate(zip(words, chosen, strict=True)):
        word = m.group()
        if form is None:
            form = word if case == "title" and word.isupper() and len(word) > 1 else word.lower()
        if i == 0:
            form = form[:1].upper() + form[1:]
        if len(form) != len(word):  # a few letters change length with their case ("İ"): keep the original
            form = word
        out.append(title[last:m.start()])
        out.append(form)
        last = m.end()
    out.append(title[last:])
    return "".join(out)

