"""Person names the model cut short: grown over the capitalised words it left out."""

from __future__ import annotations

from typing import Any

from .mentions import Cues, Mention


def extend_names(doc: Any, mentions: list[Mention], cues: Cues) -> list[Mention]:
    """Grow a person's name over capitalised words the model left out ("Maria Corina" + "Machado")."""
    by_start = {m.start: m for m in mentions}
    dropped: set[int] = set()
    for m in mentions:
        if id(m) in dropped or m.known or not (m.label == "PERSON" or doc[m.end - 1].text in cues.given_names):
            continue
        prev = by_start.get(m.start - 1)
        if m.start > 0 and doc[m.start].text in cues.name_particles and _name_word(doc[m.start - 1], cues) \
                and (prev is None or prev.end == m.start and not prev.known and prev.source == "ner") \
                and not doc[m.start - 1].is_stop:
            m.start -= 1  # "Margot" + "van der Velden"
            if prev is not None:
                dropped.add(id(prev))
        while m.end < len(doc) and _name_word(doc[m.end], cues):
            nxt = by_start.get(m.end)
            if nxt is not None and (nxt.end - nxt.start > 1 or nxt.known or nxt.source != "ner"):
                break
            if nxt is not None:
                dropped.add(id(nxt))
            m.end += 1
    return [m for m in mentions if id(m) not in dropped]


def _name_word(token: Any, cues: Cues) -> bool:
    text = token.text.replace("'", "")
    return (text.isalpha() and "'" not in token.text[:1] + token.text[-1:] and text[0].isupper()
            and text[1:].islower() and token.ent_type_ in ("", "PERSON", "ORG", "GPE", "NORP")
            and token.text not in cues.generic and token.text not in cues.speech_verbs)
