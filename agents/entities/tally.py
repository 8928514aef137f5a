"""How an article spells its places, kept up to date while the tagger resolves them.

The tagger asks, for one mention, questions about all the others ("is this country written some other
way in the article?", "does a longer country name contain this one?"). Asking each mention's question
of every other mention is quadratic in the text's length; this tally answers from counts of (key,
spelling) pairs instead, and is updated whenever a mention's place changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterator

from agents.knowledge.gazetteer import Place


class SpellingTally:
    """Counts of the spellings (mention texts) written for each key (a country code, a place id)."""

    def __init__(self) -> None:
        self._counts: dict[Hashable, Counter[str]] = {}
        self._places: dict[str, Place] = {}

    def add(self, key: Hashable, text: str) -> None:
        """One more mention spelled ``text`` under ``key``."""
        self._counts.setdefault(key, Counter())[text] += 1

    def remove(self, key: Hashable, text: str) -> None:
        """One mention spelled ``text`` no longer under ``key``."""
        counts = self._counts.get(key)
        if counts is None or counts[text] <= 0:
            return
        counts[text] -= 1
        if counts[text] == 0:
            del counts[text]
            if not counts:
                del self._counts[key]

    def move(self, text: str, old: Hashable, new: Hashable) -> None:
        """A mention spelled ``text`` goes from ``old`` to ``new``."""
        self.remove(old, text)
        self.add(new, text)

    def spelled_otherwise(self, key: Hashable, text: str) -> bool:
        """True when some mention under ``key`` is spelled other than ``text``."""
        # At most two spellings are looked at: the first that differs answers.
        return any(spelling != text for spelling in self._counts.get(key, ()))

    def pairs(self) -> Iterator[tuple[Hashable, str]]:
        """Every (key, spelling) with at least one mention."""
        for key, counts in self._counts.items():
            for text in counts:
                yield key, text

    def add_country(self, place: Place | None, text: str) -> None:
        """Count a mention spelled ``text`` under its country's place id; other places are not counted."""
        if place is not None and place.kind == "country":
            self.add(place.id, text)
            self._places[place.id] = place

    def fuller_country(self, text: str, place: Place) -> Place:
        """"Congo" in an article that names the Democratic Republic of Congo is that country: the one other
        counted country whose spelling contains ``text``, else ``place``."""
        fuller = {key for key, spelled in self.pairs() if key != place.id and text in spelled}
        return self._places[str(next(iter(fuller)))] if len(fuller) == 1 else place
