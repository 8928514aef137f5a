"""Within-article linking: surnames to full names, acronyms to names, one label and canonical per entity."""

from __future__ import annotations

from collections import Counter, defaultdict

from spacy.tokens import Doc

from agents.entities.mentions import PLACE_LABELS, Cues, Mention, shape_label, span_text


def _full_names(doc: Doc, mentions: list[Mention]) -> dict[str, list[Mention]]:
    full: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        words = [t for t in doc[m.start:m.end] if t.is_alpha or len(t.text) == 2 and t.text[1] == "."]
        if m.label == "PERSON" and len(words) >= 2 and words[-1].is_alpha and words[-1].text[0].isupper():
            full[words[-1].text].append(m)
    return full


def link_surnames(doc: Doc, mentions: list[Mention]) -> None:
    """Link one-word mentions to the full name in the article that ends with them.

    The nearest full name before the mention wins, else the nearest after it, so two people who share a
    surname stay apart and each short mention goes to the one the text has just named. The people's names
    are indexed once by their words and word tails, so the cost grows with the text, not with its square.
    """
    full = _full_names(doc, mentions)
    people = [m for m in mentions if m.label == "PERSON" and m.end - m.start >= 2]
    inner, tails = _word_index(doc, people), _tail_index(doc, people)
    for m in mentions:
        if m.place is not None and m.place.kind == "country" and m.end - m.start == 1 and m.known is None \
                and full.get(doc[m.start].text) and not _placed(doc, m):
            m.place = None  # "Jordan wrote" in a story about Jim Jordan
        if m.place is not None and m.place.kind == "country" or m.norp_code or m.link is not None:
            continue
        if m.end - m.start != 1:
            _link_part(doc, m, tails)
            continue
        candidates = full.get(doc[m.start].text) or inner[m.label == "PERSON"].get(doc[m.start].text, [])
        if not candidates:
            continue
        before = [c for c in candidates if c.start < m.start]
        m.link = before[-1] if before else min(candidates, key=lambda c: c.start)
        m.label = "PERSON"


def _placed(doc: Doc, m: Mention) -> bool:
    """A country's name written as a place: after a preposition, before "'s", or next to another place."""
    before = doc[m.start - 1].lower_ if m.start > 0 else ""
    after = doc[m.end].text if m.end < len(doc) else ""
    return before in ("in", "to", "from", "of", "at", "into", "across", "and", "with", "against") \
        or after in ("'s", "’s", "and")


def _word_index(doc: Doc, people: list[Mention]) -> dict[bool, dict[str, list[Mention]]]:
    """For a single word used alone ("Lula", "Tedros"): the one full name that has it inside, in text order.

    Index ``False``: names with the word after their first word; index ``True`` (the model said PERSON):
    names with the word anywhere. A word inside two different names links to neither.
    """
    anywhere: dict[str, list[Mention]] = defaultdict(list)
    later: dict[str, list[Mention]] = defaultdict(list)
    for p in people:
        words = [t.text for t in doc[p.start:p.end]]
        for word in dict.fromkeys(words):
            anywhere[word].append(p)
        for word in dict.fromkeys(words[1:]):
            later[word].append(p)

    def one_name(index: dict[str, list[Mention]]) -> dict[str, list[Mention]]:
        return {w: found for w, found in index.items() if len({span_text(doc, p) for p in found}) == 1}

    return {False: one_name(later), True: one_name(anywhere)}


def _tail_index(doc: Doc, people: list[Mention]) -> dict[tuple[str, ...], Mention]:
    """Each proper tail of a full name's words ("Suu Kyi" of "Aung San Suu Kyi") -> the first name ending so."""
    tails: dict[tuple[str, ...], Mention] = {}
    for p in people:
        names = tuple(t.text for t in doc[p.start:p.end])
        for cut in range(1, len(names)):
            tails.setdefault(names[cut:], p)
    return tails


def _link_part(doc: Doc, m: Mention, tails: dict[tuple[str, ...], Mention]) -> None:
    """Link a shorter multi-word person name that ends a longer one ("Suu Kyi" of "Aung San Suu Kyi")."""
    if m.known is not None or m.place is not None:
        return
    p = tails.get(tuple(t.text for t in doc[m.start:m.end]))
    if p is not None:
        m.link, m.label = p, "PERSON"


def _middle_words(doc: Doc, mentions: list[Mention]) -> set[str]:
    words: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        tokens = [t for t in doc[m.start:m.end] if t.is_alpha]
        if m.label == "PERSON" and len(tokens) >= 3:
            for t in tokens[1:-1]:
                if len(t.text) > 2 and t.is_title:
                    words[t.text].add(span_text(doc, m))
    return {w for w, names in words.items() if len(names) == 1}


def find_surnames(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Add the bare surnames of the article's people that the model did not tag ("Kairys added"), and the
    inner names used alone ("Lula" of "Luiz Inácio Lula da Silva")."""
    full = set(_full_names(doc, mentions)) | _middle_words(doc, mentions)
    covered = {i for m in mentions for i in range(m.start, m.end)}
    found = [Mention(t.i, t.i + 1, "PERSON", source="surname") for t in doc
             if t.i not in covered and t.is_title and t.text in full]
    return sorted(mentions + found, key=lambda m: m.start)


def _short_name(doc: Doc, m: Mention) -> tuple[int, int] | None:
    """Token span of the short name given right after an organisation: "(PKK)", "(AHA Centre)", ", known
    locally as PMI"."""
    i = m.end
    if i + 2 < len(doc) and doc[i].text == "(":
        close = next((j for j in range(i + 2, min(i + 5, len(doc))) if doc[j].text == ")"), None)
        if close is not None and all(t.text[:1].isupper() or t.like_num for t in doc[i + 1:close]):
            return i + 1, close
    words = [t.lower_ for t in doc[i:i + 5]]
    for lead in ([",", "known", "as"], [",", "known", "locally", "as"], [",", "also", "known", "as"]):
        n = len(lead)
        if words[:n] == lead and i + n < len(doc) and doc[i + n].is_upper and len(doc[i + n].text) >= 2:
            return i + n, i + n + 1
    return None


def link_acronyms(doc: Doc, mentions: list[Mention], cues: Cues) -> list[Mention]:
    """Link an all-capitals word to the organisation it abbreviates in the article ("RSF"), before what the
    alias table knows by the same letters; a short name
    given in brackets after an organisation ("Banco de México (Banxico)", "(AHA Centre)") or introduced
    by "known as" is that organisation wherever the article uses it, found or not by the model, headline
    included."""
    names: dict[str, Mention] = {}
    defined: dict[str, Mention] = {}
    spelled: dict[str, Mention] = {}  # initials -> the organisation whose words they are
    # "Al Ahly (Egypt)" in a results table: a place in brackets says where, it is no short name.
    places = {(m.start, m.end) for m in mentions if m.label in PLACE_LABELS}
    for m in mentions:
        words = [t.text for t in doc[m.start:m.end] if t.text not in cues.name_particles and t.is_alpha]
        if m.label == "ORG" and len(words) >= 2:
            initials = "".join(w[0] for w in words).upper()
            names.setdefault(initials, m)
            spelled.setdefault(initials, m)
        short = _short_name(doc, m) if m.label == "ORG" and len(words) >= 2 else None
        if short is not None and short not in places and doc[m.end - 1].text not in cues.company_suffixes:
            text = doc[short[0]:short[1]].text
            names[text] = defined[text] = m  # "Kurdistan Workers' Party (PKK)"
    written_names = {span_text(doc, m) for m in mentions}
    for m in mentions:
        text = span_text(doc, m)
        if m.link is None and (text.isupper() or text in defined) and text in names and names[text] is not m \
                and (m.known is None or (spelled.get(text) is names[text]
                                         and m.known.canonical not in written_names)):
            # The article's own expansion, letter for letter, beats the alias table's: "ICC" beside
            # "International Cricket Council" is the council, not the court the table knows by those letters
            # (unless the article names that court too); "UNITED NATIONS (AP)" leaves AP the agency.
            m.link, m.label, m.known = names[text], "ORG", None
    covered = {i for m in mentions for i in range(m.start, m.end)}
    found = []
    written = _occurrences(doc, list(defined))
    for name, full in defined.items():
        size = len(name.split())
        for i in written.get(name, ()):
            if not covered & set(range(i, i + size)):
                found.append(Mention(i, i + size, "ORG", source="acronym", link=full))
                covered |= set(range(i, i + size))
    return sorted(mentions + found, key=lambda m: m.start) if found else mentions


def _occurrences(doc: Doc, names: list[str]) -> dict[str, list[int]]:
    """Token indexes ``i`` where ``doc[i:i + len(name.split())].text == name``, for each name, in one pass
    over the text per name length (a token that opens no name is skipped without building a span)."""
    found: dict[str, list[int]] = defaultdict(list)
    for size in {len(name.split()) for name in names}:
        wanted = {name for name in names if len(name.split()) == size}
        openings = {name[:n] for name in wanted for n in range(1, len(name) + 1)}
        for t in doc:
            if t.text in openings and (text := doc[t.i:t.i + size].text) in wanted:
                found[text].append(t.i)
    return found


def find_stems(doc: Doc, mentions: list[Mention], cues: Cues) -> list[Mention]:
    """A company's name without its legal suffix ("Tenstorrent" of "Tenstorrent Inc.") is that company
    wherever the article uses it, tagged by the model as something else or not at all."""
    stems: dict[str, Mention] = {}
    for m in mentions:
        words = [t.text for t in doc[m.start:m.end]]
        if m.label == "ORG" and len(words) == 2 and words[-1] in cues.company_suffixes and words[0][:1].isupper():
            stems.setdefault(words[0], m)
    if not stems:
        return mentions
    kept = [m for m in mentions if not (m.end - m.start == 1 and doc[m.start].text in stems and m.known is None
                                        and not m.person_cue and m.label in ("PERSON", "GPE", "LOC", ""))]
    covered = {i for m in kept for i in range(m.start, m.end)}
    found = [Mention(t.i, t.i + 1, "ORG", source="stem", link=stems[t.text], cue_label="ORG") for t in doc
             if t.text in stems and t.i not in covered and not (t.i + 1 < len(doc) and doc[t.i + 1].is_title)]
    return sorted(kept + found, key=lambda m: m.start)


def link_prefixes(doc: Doc, mentions: list[Mention], cues: Cues) -> None:
    """Link the first word(s) of a longer organisation or province name used alone ("Reliance" of
    "Reliance Industries", "Rakhine" of "Rakhine State"); the nearest such name before wins."""
    longer = [m for m in mentions if m.end - m.start >= 2 and (
        m.label == "ORG" and (doc[m.end - 1].text in cues.org_heads or "of" in [t.text for t in doc[m.start:m.end]])
        or m.label in PLACE_LABELS and doc[m.end - 1].text in cues.loc_suffixes)]
    # "Merapi" of "Mount Merapi", "Chad" is not "Lake Chad" (a country resolves before linking)
    features = [m for m in mentions
                if m.end - m.start >= 2 and m.label == "LOC" and doc[m.start].text in cues.loc_prefixes]
    # Indexed once by their opening words (longer names) and by the words after the prefix (features).
    openings: dict[tuple[str, ...], list[Mention]] = defaultdict(list)
    for o in longer:
        words = [t.text for t in doc[o.start:o.end]]
        for size in range(1, len(words)):
            openings[tuple(words[:size])].append(o)
    named: dict[tuple[str, ...], list[Mention]] = defaultdict(list)
    for o in features:
        named[tuple(t.text for t in doc[o.start + 1:o.end])].append(o)
    for m in mentions:
        if m.link is not None or m.known is not None or m.place is not None and m.place.kind != "province" \
                or m.label not in ("ORG", "PERSON", "GPE", "LOC", "FAC") or m.person_cue:
            continue
        words = [t.text for t in doc[m.start:m.end]]
        if shape_label(words, cues) is not None:
            continue  # "Suez Canal" is a name of its own, not short for "Suez Canal Authority"
        found = [o for o in openings.get(tuple(words), ()) if o is not m]
        found = found or [o for o in named.get(tuple(words), ()) if o is not m]
        if found:
            before = [o for o in found if o.start < m.start]
            m.link = before[-1] if before else found[0]


def unify(doc: Doc, mentions: list[Mention]) -> None:
    """One entity, one label and one canonical name within the article.

    Mentions are grouped by what they resolve to (linked full name, known entity, place, or the text
    ignoring case); the group's label comes from the data files when they know it, else a person cue,
    else a resolved place, else the model's majority vote. An unknown group is named by its most
    capitalised spelling ("Arctic Council" over a headline's "Arctic council").
    """
    groups: dict[str, list[Mention]] = defaultdict(list)
    # A name the article once places ("YELLOWKNIFE" in the dateline) is that place everywhere in it.
    placed = {span_text(doc, m).casefold(): m.place.id for m in mentions
              if m.place and m.label in PLACE_LABELS and not m.known}
    for m in mentions:
        head = m.link or m
        text = span_text(doc, head).casefold()
        key = (head.known.id if head.known else head.place.id if head.place and head.label in PLACE_LABELS
               else placed.get(text) or f"{head.label if head.label == 'NORP' else ''}:{text}")
        groups[key].append(m)
    for members in groups.values():
        heads = [m.link or m for m in members]
        known = next((h.known for h in heads if h.known), None)
        cued = [h.cue_label for h in heads if h.cue_label] + ["PERSON" for h in heads if h.person_cue]
        if known is not None:
            label = known.label
        elif cued:
            label = Counter(cued).most_common(1)[0][0]
        elif any(h.person_cue or h.label == "PERSON" and m.link for h, m in zip(heads, members, strict=True)):
            label = "PERSON"
        elif any(h.place for h in heads):
            label = next(h for h in heads if h.place).label
        else:
            label = Counter(h.label for h in heads).most_common(1)[0][0]
        placed_head = next((h for h in heads if h.place), None)
        if placed_head is not None and label in PLACE_LABELS:
            for m in members:
                m.place = m.place or placed_head.place
        names = [span_text(doc, h) for h in heads]
        canonical = max(names, key=lambda n: (sum(w[:1].isupper() for w in n.split()), len(n)))
        for m in members:
            m.label = label if m.source != "dateline" or label in PLACE_LABELS or m.known else "GPE"
            m.canonical = canonical
