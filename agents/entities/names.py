"""Person names the model cut short: grown over the capitalised words it left out."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from agents.entities.mentions import Cues, Mention


def extend_names(doc: Doc, mentions: list[Mention], cues: Cues) -> list[Mention]:
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


def _name_word(token: Token, cues: Cues) -> bool:
    text = token.text.replace("'", "")
    return (text.isalpha() and "'" not in token.text[:1] + token.text[-1:] and text[0].isupper()
            and text[1:].islower() and token.ent_type_ in ("", "PERSON", "ORG", "GPE", "NORP")
            and token.text not in cues.generic and token.text not in cues.speech_verbs)


_LINKS = frozenset({"do", "da", "dos", "das", "de", "del", "di", "du", "des"})


def join_particles(doc: Doc, mentions: list[Mention], cues: Cues,
                   place: Callable[[str], bool] | None = None) -> list[Mention]:
    """Grow a place or an organisation over "do", "de", "da" and the capitalised words after them, whatever the
    model saw there ("Rio Grande" + "do Sul", "Banco" + "do Brasil", "Universidad" + "de Chile")."""
    gone: set[int] = set()  # ids of the mentions a grown name took in (a set: no scan of the list per mention)
    for m in sorted(mentions, key=lambda m: m.start):
        if m.end - m.start > 1 and doc[m.end - 1].text in _LINKS:
            m.end -= 1  # the model stopped after the particle ("Mato Grosso do"): no name ends with one
        if id(m) in gone or m.label not in ("GPE", "LOC", "FAC", "ORG", "PERSON") or m.end + 1 >= len(doc) \
                or doc[m.end].text not in _LINKS or not doc[m.end + 1].is_title or not doc[m.end + 1].is_alpha:
            continue
        end = m.end + 2
        while end < len(doc) and doc[end].is_title and doc[end].is_alpha:
            end += 1
        if any(o.start < end and o.end > end for o in mentions) or m.label == "PERSON" and not (
                place is not None and place(doc[m.start:end].text)):
            continue  # "Lula da Silva" stays a person; "Mato Grosso do Sul" read as one is a province
        gone.update(id(o) for o in mentions if o is not m and m.end <= o.start < end)
        mentions = [o for o in mentions if o is m or not (m.end <= o.start < end)]
        m.end, m.source, m.known, m.place = end, "joined", None, None
        m.label = "GPE" if m.label == "PERSON" else m.label
        if any(t.text in cues.org_heads for t in doc[m.start:m.end]):
            m.label = m.cue_label = "ORG"  # "Banco do Brasil"
    return mentions
