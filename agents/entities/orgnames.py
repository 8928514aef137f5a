"""Organisations named with a place: "Garuda Indonesia said", "Reform UK leader ...", "Emirates, the Dubai
carrier, said", and long names the model cut before "in <Place>" that a bracketed acronym vouches for
("Board of Control for Cricket in India (BCCI)").

* :func:`country_orgs`: a capitalised word right before a country ("Garuda" + "Indonesia"), or a model span
  ending in one, is an organisation when a business word follows: a statement verb ("said", "ordered"), a
  role ("leader", "chief executive", "'s chairman") or "shares". A place followed by an apposition that
  names a company noun (", the Dubai carrier,") is that company.
* :func:`acronym_places`: an organisation followed by "in <Place> (ACRONYM)" takes the place into its name
  when the acronym spells the initials of the whole ("BCCI").
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from agents.entities.mentions import Cues, Mention

_VERBS = frozenset({"said", "says", "announced", "ordered", "reported", "posted", "expects", "plans", "agreed",
                    "declined", "confirmed", "cancelled", "suspended", "launched", "leased", "bought", "sold",
                    "shares", "leader", "leaders", "candidate", "candidates", "MP", "MPs"})
_COMPANY_NOUNS = frozenset({"airline", "carrier", "company", "firm", "group", "lender", "bank", "insurer",
                            "carmaker", "automaker", "retailer", "miner", "chipmaker", "shipper", "operator",
                            "conglomerate", "broadcaster", "manufacturer", "maker", "party", "charity"})


def _business(doc: Doc, i: int, cues: Cues) -> bool:
    """A business word or role right after a name ("said", "leader", "'s chief executive")."""
    if i < len(doc) and doc[i].text in ("'s", "’s"):
        i += 1
        return i < len(doc) and doc[i].text in cues.org_role_nouns
    return i < len(doc) and (doc[i].text in _VERBS or doc[i].text in cues.org_role_nouns)


def _prefix(token: Token, cues: Cues, place: Callable[[str], bool], covered: set[int]) -> bool:
    """A capitalised word that can open a company's name: no stop word, title, given name or place."""
    return token.i not in covered and token.is_title and token.is_alpha and not token.is_stop \
        and token.text not in cues.generic and token.text not in cues.person_titles \
        and token.text not in cues.given_names and not place(token.text) and not token.ent_type_ == "NORP"


def _apposition(doc: Doc, i: int) -> bool:
    """", the Dubai carrier," right after a name."""
    if i + 2 >= len(doc) or doc[i].text != "," or doc[i + 1].lower_ != "the":
        return False
    j = i + 2
    while j < len(doc) and j < i + 5 and doc[j].is_title:
        j += 1
    if j + 1 < len(doc) and doc[j].is_lower and doc[j + 1].text in _COMPANY_NOUNS:
        j += 1  # "the state carrier"
    return j + 1 < len(doc) and doc[j].text in _COMPANY_NOUNS and doc[j + 1].text in (",", ".")


def _as_org(m: Mention, start: int) -> None:
    m.start, m.label, m.source, m.cue_label, m.known, m.place = start, "ORG", "joined", "ORG", None, None


def country_orgs(doc: Doc, mentions: list[Mention], cues: Cues, country: Callable[[str], bool],
                 place: Callable[[str], bool]) -> list[Mention]:
    """Organisations built on a country's name, and places an apposition names as a company."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    for m in mentions:
        if m.label not in ("GPE", "FAC", "LOC", "PERSON"):
            continue
        if m.label != "PERSON" and _apposition(doc, m.end):
            _as_org(m, m.start)  # "Emirates, the Dubai carrier, said"
            continue
        if not _business(doc, m.end, cues):
            continue
        if m.label != "PERSON" and country(doc[m.start:m.end].text) and m.start > 0 \
                and _prefix(doc[m.start - 1], cues, place, covered):
            _as_org(m, m.start - 1)  # "Garuda Indonesia said", "Reform UK leader"
            covered.add(m.start)
        elif m.end - m.start >= 2 and country(doc[m.end - 1].text) \
                and all(_prefix(t, cues, place, set()) for t in doc[m.start:m.end - 1]):
            _as_org(m, m.start)  # the model's "Garuda Indonesia" as a facility or a person
    return mentions


def _initials(doc: Doc, start: int, end: int) -> str:
    return "".join(t.text[0] for t in doc[start:end] if t.text[:1].isupper())


def acronym_places(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"Board of Control for Cricket" + "in India" + "(BCCI)": one organisation when the initials agree."""
    by_start = {m.start: m for m in mentions}
    gone: set[int] = set()
    for m in list(mentions):
        if m.label != "ORG" or id(m) in gone or m.end + 4 >= len(doc) or doc[m.end].text != "in":
            continue
        where = by_start.get(m.end + 1)
        if where is None or where.label not in ("GPE", "LOC") or where.end + 2 >= len(doc):
            continue
        if doc[where.end].text == "(" and doc[where.end + 2].text == ")" \
                and doc[where.end + 1].text == _initials(doc, m.start, where.end) \
                and len(doc[where.end + 1].text) >= 3:
            mentions = [o for o in mentions if o is not where]
            gone.add(id(where))
            m.end, m.source, m.cue_label, m.known, m.place = where.end, "joined", "ORG", None, None
    return mentions


def hyphen_tails(doc: Doc, mentions: list[Mention], cues: Cues) -> list[Mention]:
    """The last part of a hyphenated company name used alone is the company: "Maersk" of "A.P. Moller-Maersk";
    not a known name, nor a part that is a head word or a legal suffix."""
    tails: dict[str, Mention] = {}
    for m in mentions:
        last = doc[m.end - 1]
        if m.label == "ORG" and m.end - m.start >= 3 and doc[m.end - 2].text == "-" and last.is_title \
                and last.is_alpha and len(last.text) >= 4 and last.text not in cues.generic \
                and last.text not in cues.company_suffixes:
            tails.setdefault(last.text, m)
    if not tails:
        return mentions
    covered = {i for m in mentions for i in range(m.start, m.end)}
    found = []
    for m in mentions:
        org = tails.get(doc[m.start].text) if m.end - m.start == 1 and m.known is None else None
        if org is not None and m.label in ("PERSON", "PRODUCT", "GPE", "NORP", "WORK_OF_ART"):
            m.label, m.cue_label, m.link, m.place = "ORG", "ORG", org, None
        elif org is not None and m.label == "ORG" and m.link is None and m is not org:
            m.link = org
    for t in doc:
        org = tails.get(t.text)
        if org is not None and t.i not in covered and (t.i == 0 or doc[t.i - 1].text != "-"):
            found.append(Mention(t.i, t.i + 1, "ORG", source="found", cue_label="ORG", link=org))
    return sorted(mentions + found, key=lambda m: m.start) if found else mentions
