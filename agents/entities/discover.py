"""Long organisation names the model cut, and names it missed that the words around them give away.

* :func:`grow_orgs` carries an organisation over the rest of its official name: "UN Office for the
  Coordination" + "of Humanitarian Affairs", "Office of the United Nations" + "High Commissioner for
  Refugees", "ASEAN" + "Coordinating Centre for ...", "Islamic State" + "West Africa Province", a national
  branch ("Amnesty International Kenya"), a listed head ("Meteorology, Climatology and Geophysical
  Agency", "Ministry of Health, Labour and Welfare") and a company prefix ("PT Hutama Karya").
* :func:`discover` adds what the model left out: a town after "in", "near" or "between" that the gazetteer
  knows in a country of the article ("between Palu and Poso"), and a name right after an organisation noun
  ("meatpacker JBS", "the Verdi union").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Token

from agents.entities.mentions import Cues, Mention, has_place_cue, sentence_initial
from agents.entities.orgnames import acronym_places, country_orgs, hyphen_tails
from agents.entities.spans import ports

_JOINERS = frozenset({"of", "for", "on", "the", "and", "&", "de", "du", "des", "la"})
_LEADS = frozenset({"of", "for", "on"})
_BRANCHES = frozenset({"Province", "Branch", "Chapter"})
_AFTER_BRANCH = frozenset({",", ".", ")", "and", "said", "says", "called", "urged", "has", "had", "is", "was"})
_PARTICIPLES = ("ed", "run", "born")
_PLACE_WORDS = frozenset({"in", "near", "outside", "around", "between", "towards", "toward"})


def _cap(token: Token, cues: Cues) -> bool:
    return token.text[:1].isupper() and (token.is_alpha or "-" in token.text) and token.ent_type_ not in (
        "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT") and token.text not in cues.person_titles \
        and token.text not in cues.given_names


def _run(doc: Doc, index: int, cues: Cues) -> int:
    """End of capitalised words and joiners from ``index`` (a joiner only before a capital)."""
    end = index
    while end < len(doc):
        if _cap(doc[end], cues):
            end += 1
        elif doc[end].text in _JOINERS and end + 1 < len(doc) and (end > index or doc[end].text in _LEADS) \
                and not (doc[end].text in ("and", "&") and doc[end + 1].text == "the") and (
                _cap(doc[end + 1], cues) or doc[end + 1].text in ("the", "de", "la") and end + 2 < len(doc)
                and _cap(doc[end + 2], cues)):
            end += 1
        else:
            break
    while end > index and doc[end - 1].text in _JOINERS:
        end -= 1
    return end


def _grown_end(doc: Doc, m: Mention, cues: Cues, country: Callable[[str], bool]) -> int:
    heads = cues.org_heads
    own = [t.text for t in doc[m.start:m.end]]
    end = _run(doc, m.end, cues)
    if end == m.end:
        return m.end
    if end < len(doc) and doc[end].text in cues.person_titles:
        return m.end  # "Treasury Cabinet Secretary John Mbadi": the words make a title
    added = [t.text for t in doc[m.end:end]]
    joined = any(w in ("of", "for", "on") for w in added)
    if added[-1] in heads or added[-1] in _BRANCHES and added[0] not in _JOINERS:
        return end  # "ASEAN" + "Coordinating Centre", "Islamic State" + "West Africa Province"
    if joined and (any(w in heads for w in own) or any(w in heads for w in added[:-1])):
        return end  # "UN Office for the Coordination" + "of Humanitarian Affairs"
    if len(added) == 1 and country(added[0]) and (len(own) >= 2 or m.known) and m.end + 1 < len(doc) \
            and doc[m.end + 1].text in _AFTER_BRANCH:
        return end  # "Amnesty International Kenya said"
    return m.end


def _listed_heads(doc: Doc, m: Mention, cues: Cues, place: Callable[[str], bool]) -> tuple[int, int]:
    """"Meteorology, Climatology and Geophysical Agency", "Ministry of Health, Labour and Welfare"."""
    start, end = m.start, m.end
    words = [t.text for t in doc[m.start:m.end]]
    if "and" in words[1:3] and any(w in cues.org_heads for w in words):
        while start >= 2 and doc[start - 1].text == "," and _cap(doc[start - 2], cues) \
                and not place(doc[start - 2].text) and (start < 3 or not doc[start - 3].text[:1].isupper()
                                                         or doc[start - 3].lower_ == "the"):
            start -= 2
    if "of" in words and words[0] in cues.org_heads:
        i = m.end
        while i + 1 < len(doc) and doc[i].text == "," and _cap(doc[i + 1], cues) and not place(doc[i + 1].text):
            i += 2
        if i > m.end and i + 1 < len(doc) and doc[i].text == "and" and _cap(doc[i + 1], cues) \
                and not place(doc[i + 1].text) and (i + 2 >= len(doc) or not doc[i + 2].text[:1].isupper()):
            end = i + 2
    return start, end


def grow_orgs(doc: Doc, mentions: list[Mention], cues: Cues, country: Callable[[str], bool],
              place: Callable[[str], bool]) -> list[Mention]:
    """Carry organisations over the rest of their name; what the grown name covers goes."""
    gone: set[int] = set()  # ids of the mentions a grown name took in (a set: no scan of the list per mention)
    for m in sorted(mentions, key=lambda m: m.start):
        if m.start >= 1 and doc[m.start - 1].text in cues.company_prefixes and m.label in ("ORG", "PERSON", "GPE"):
            m.start, m.label, m.source, m.cue_label = m.start - 1, "ORG", "joined", "ORG"  # "PT Hutama Karya"
            continue
        if m.label != "ORG" or id(m) in gone:
            continue
        start, end = _listed_heads(doc, m, cues, place)
        end = max(end, _grown_end(doc, Mention(start, end, m.label, known=m.known), cues, country))
        if start >= 3 and doc[start - 2].text == "-" and doc[start - 1].is_lower and doc[start - 3].is_title \
                and not doc[start - 1].text.endswith(_PARTICIPLES) and not place(doc[start - 3].text) \
                and not sentence_initial(doc, start - 3):
            start -= 3  # "Leading-edge Semiconductor Technology Center", not "Kremlin-backed ..."
        if (start, end) == (m.start, m.end) or doc[start].text in _JOINERS:
            continue
        if any(o is not m and o.start < end and start < o.end and (o.start < start or o.end > end
                                                                  or o.label == "PERSON") for o in mentions):
            continue
        gone.update(id(o) for o in mentions if o is not m and o.start < end and start < o.end)
        mentions = [o for o in mentions if o is m or not (o.start < end and start < o.end)]
        m.start, m.end, m.source, m.known, m.place, m.cue_label = start, end, "joined", None, None, "ORG"
    mentions = ports(doc, acronym_places(doc, country_orgs(doc, mentions, cues, country, place)), place)
    return sorted(mentions, key=lambda m: m.start)


def _name_token(token: Token, cues: Cues) -> bool:
    return token.is_title and (token.is_alpha or "'" in token.text or "-" in token.text) \
        and token.text not in cues.generic and not token.is_stop


def _people(doc: Doc, covered: set[int], cues: Cues) -> list[Mention]:
    """Untagged names after a title ("Kaduna Governor Uba Sani"), opening with a known given name, or after
    a company's legal form ("PT Wijaya Karya")."""
    found = []
    for t in doc:
        if t.i in covered or t.i + 1 >= len(doc) or not _name_token(t, cues) and t.text not in cues.company_prefixes:
            continue
        titled = t.i > 0 and doc[t.i - 1].text in cues.person_titles and doc[t.i - 1].is_title
        if t.text in cues.company_prefixes and _name_token(doc[t.i + 1], cues) and t.i + 1 not in covered:
            end = t.i + 1
            while end < len(doc) and end not in covered and _name_token(doc[end], cues):
                end += 1
            found.append(Mention(t.i, end, "ORG", source="found", cue_label="ORG"))  # "PT Wijaya Karya"
            covered |= set(range(t.i, end))
            continue
        if not titled and t.text not in cues.given_names:
            continue
        end = t.i + 1
        while end < len(doc) and end - t.i < 3 and end not in covered and _name_token(doc[end], cues):
            end += 1
            while end + 1 < len(doc) and doc[end].text == "-" and _name_token(doc[end + 1], cues):
                end += 2  # "Sanwo-Olu"
        if end - t.i >= 2 and (end >= len(doc) or not doc[end].is_title):
            found.append(Mention(t.i, end, "PERSON", source="found", person_cue=True))
            covered |= set(range(t.i, end))
    return found


def discover(doc: Doc, mentions: list[Mention], cues: Cues, town: Callable[[str, Iterable[str]], bool],
             context: set[str]) -> list[Mention]:
    """Towns, organisations and people the model did not tag, found from the words around them."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    people = _people(doc, covered, cues)
    covered |= {i for m in people for i in range(m.start, m.end)}
    placed = {i for m in mentions if m.label in ("GPE", "LOC") for i in (m.start, m.end - 1)}
    found = []
    for t in doc:
        if t.i in covered or t.i == 0 or sentence_initial(doc, t.i) or not (t.is_title or t.is_upper) \
                or not t.is_alpha or len(t.text) < 3 or t.is_stop or t.ent_type_ in ("DATE", "TIME", "NORP") \
                or t.text in cues.generic or t.text in cues.not_places:
            continue
        if t.i + 1 < len(doc) and (doc[t.i + 1].is_title and doc[t.i + 1].is_alpha):
            continue  # part of a longer name
        before, after = doc[t.i - 1], doc[t.i + 1] if t.i + 1 < len(doc) else None
        coordinated = before.text == "and" and t.i - 2 in placed
        if t.is_title and ((before.lower_ in _PLACE_WORDS or coordinated) and town(t.text, context)
                           or has_place_cue(doc, Mention(t.i, t.i + 1, ""), cues)):
            found.append(Mention(t.i, t.i + 1, "GPE", source="found"))
            placed.add(t.i)
        elif before.lower_ in cues.org_nouns and before.is_lower or after is not None and after.is_lower \
                and after.lower_ in cues.org_nouns and before.lower_ == "the":
            found.append(Mention(t.i, t.i + 1, "ORG", source="found", cue_label="ORG"))
    found += people + _defined(doc, covered, cues)
    return hyphen_tails(doc, sorted(mentions + found, key=lambda m: m.start), cues)


def _defined(doc: Doc, covered: set[int], cues: Cues) -> list[Mention]:
    """An untagged capitalised run right before the acronym of its initials in brackets: "The Dravida Munnetra
    Kazhagam (DMK)" is an organisation."""
    found = []
    for t in doc:
        if t.text != "(" or t.i + 2 >= len(doc) or doc[t.i + 2].text != ")" or not doc[t.i + 1].is_upper:
            continue
        start = t.i
        while start > 0 and start - 1 not in covered and (doc[start - 1].is_title and doc[start - 1].is_alpha
                                                          or doc[start - 1].text in cues.name_particles):
            start -= 1
        while start < t.i and (doc[start].lower_ in ("the", "a") or doc[start].text in cues.name_particles):
            start += 1
        words = [w.text for w in doc[start:t.i] if w.text not in cues.name_particles]
        if len(words) >= 2 and "".join(w[0] for w in words).upper() == doc[t.i + 1].text:
            found.append(Mention(start, t.i, "ORG", source="found", cue_label="ORG"))
    return found
