"""Names joined by "and" or in a list: one model span holding two names, and the label a list gives its members.

* :func:`split_pairs` cuts a model span "A and B" in two when the text says they are two names: one side is
  a known name ("Bangalore and Kyoto University"), the span ends in no head word ("Inditex and Primark",
  "Owo and Akure"), each side has a head of its own ("Sevilla FC and Real Betis"), a side ends in a company
  suffix ("Goldman Sachs and JPMorgan Chase & Co."), a plural noun announces several ("rivals A and B") or
  the span closes a list ("H&M, Inditex and Primark").
* :func:`list_labels` gives the members of a list ("Minerva Foods and Marfrig", "Thanjavur and
  Nagapattinam") the label of the members the text or the data files are sure of.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from agents.entities.mentions import PLACE_LABELS, Cues, Mention, shape_label

_GROUP = {"GPE": "places", "LOC": "places", "FAC": "places", "ORG": "ORG", "PERSON": "PERSON"}


def _heads(cues: Cues) -> frozenset[str]:
    return cues.name_heads | cues.company_suffixes | cues.club_heads


def split_pairs(doc: Doc, mentions: list[Mention], cues: Cues, known: Callable[[str], bool]) -> list[Mention]:
    """Model spans "A and B" that are two names, cut in two (each keeps the model's label for now), and
    spans "X in Y" with Y a known place cut before "in" ("the Indian Institute of Science in Bangalore")."""
    out: list[Mention] = []
    for m in mentions:
        cut = next((t.i for t in doc[m.start + 1:m.end - 1] if t.text in ("in", "at") and known(
            doc[t.i + 1:m.end].text)), None)
        if cut is not None and m.label in ("ORG", "FAC"):
            out.extend(_split(doc, Mention(m.start, cut, m.label), cues, known))
            out.append(Mention(cut + 1, m.end, "GPE"))
            continue
        out.extend(_split(doc, m, cues, known))
    return out


def _split(doc: Doc, m: Mention, cues: Cues, known: Callable[[str], bool]) -> list[Mention]:
    if m.label == "NORP":
        return [m]
    at = two_names(doc, m.start, m.end, cues, known, m.label == "PERSON")
    return [m] if at is None else [Mention(m.start, at, m.label), Mention(at + 1, m.end, m.label)]


def two_names(doc: Doc, start: int, end: int, cues: Cues, known: Callable[[str], bool],
              person: bool = False) -> int | None:
    """The index of the "and" that joins two names in ``doc[start:end]``; None when it is one name."""
    joints = [t.i for t in doc[start:end] if t.text == "and"]
    if len(joints) != 1:
        return None
    at = joints[0]
    if at in (start, end - 1) or not doc[at + 1].text[:1].isupper() or known(doc[start:end].text):
        return None
    left, right = doc[start:at], doc[at + 1:end]
    heads = _heads(cues)
    inner = any(t.text in ("of", "for") for t in doc[start:end])
    before = doc[start - 1] if start > 0 else None
    two = (
        known(left.text) and (doc[end - 1].text not in heads or len(right) >= 2)
        or known(right.text) and not inner
        or " " not in left.text and " " not in right.text and right[-1].text not in heads and not person
        or left[-1].text in heads and not inner and len(left) >= 2
        or right[-1].text in cues.company_suffixes or left[-1].text in cues.company_suffixes
        or before is not None and before.lower_ in cues.plural_org_nouns
        or before is not None and before.text == "," and start > 1 and doc[start - 2].text[:1].isupper()
    )
    return at if two else None


def _sure(doc: Doc, m: Mention, cues: Cues, known: Callable[[str], bool]) -> str:
    """The label group the evidence gives a mention ("" when only the model spoke)."""
    shaped = shape_label([t.text for t in doc[m.start:m.end]], cues)
    if shaped is not None:
        return _GROUP[shaped]
    if m.known is not None:
        return _GROUP.get(m.known.label, "")
    if m.label in PLACE_LABELS and (m.place is not None or known(doc[m.start:m.end].text)):
        return "places"
    if m.person_cue:
        return "PERSON"
    return _GROUP.get(m.cue_label, "") if m.cue_label else ""


def _lists(doc: Doc, mentions: list[Mention]) -> list[list[Mention]]:
    """Lists of mentions: "A and B", "A, B and C", "A or B" (a comma alone is an apposition, not a list)."""
    runs: list[tuple[list[Mention], list[list[str]]]] = []
    for m in sorted(mentions, key=lambda m: m.start):
        if runs:
            last = runs[-1][0][-1]
            between = [t.text for t in doc[last.end:m.start]]
            if between in ([","], ["and"], ["or"], [",", "and"], [",", "or"]):
                runs[-1][0].append(m)
                runs[-1][1].append(between)
                continue
        runs.append(([m], []))
    # "..., and AirAsia said": a comma before "and" in a pair joins two clauses, not two names
    return [members for members, seps in runs if seps and seps[-1][-1] in ("and", "or")
            and (len(members) >= 3 or seps[-1] != [",", "and"] and seps[-1] != [",", "or"])]


def _announced(doc: Doc, start: int, cues: Cues) -> bool:
    """A plural organisation noun before the list, perhaps over names and commas the model left out."""
    i = start - 1
    while i >= 0 and start - i <= 5 and (doc[i].text == "," or doc[i].is_title):
        i -= 1
    return i >= 0 and doc[i].lower_ in cues.plural_org_nouns


def _adjective(doc: Doc, m: Mention) -> bool:
    """"European" of "the U.S. and European allies": a nationality word before its noun."""
    after = doc[m.end] if m.end < len(doc) else None
    return m.label == "NORP" and after is not None and after.is_lower and after.is_alpha and not after.is_stop


def list_labels(doc: Doc, mentions: list[Mention], cues: Cues, known: Callable[[str], bool]) -> None:
    """Members of a list that only the model labelled take the label the sure members agree on: an
    organisation or a place, never a person ("Party leader Özgür Özel and Istanbul mayor ...")."""
    for run in _lists(doc, mentions):
        sure = {_sure(doc, m, cues, known) for m in run} - {""}
        if _announced(doc, run[0].start, cues) and sure <= {"ORG"}:
            sure = {"ORG"}  # "retail chains Lidl, Carrefour and Auchan"
        if len(sure) != 1 or sure == {"PERSON"}:
            continue
        group = sure.pop()
        for m in run:
            if _sure(doc, m, cues, known) or _GROUP.get(m.label) == group or m.norp_code or _adjective(doc, m) \
                    or m.source not in ("ner", "city", "state"):
                continue
            m.label = "GPE" if group == "places" else group
            m.cue_label = m.label
