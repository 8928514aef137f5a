"""Alias knowledge: known people, organisations and places with every spelling, loaded from data files.

The packaged table is ``agents/entities/data/aliases.json``. Users add their own entries with one or more extra files
named by the environment variable ``WIREWATCH_ALIASES_FILE`` (several paths separated by ``os.pathsep``),
merged over the packaged table in order. Every file has the same format::

    {
      "version": 1,
      "entities": [
        {"id": "Q3874799", "canonical": "Volodymyr Zelenskyy", "label": "PERSON",
         "aliases": ["Zelensky", "Zelenskiy", "Volodymyr Zelensky"]},
        {"id": "Q1899", "canonical": "Kyiv", "label": "GPE", "aliases": ["Kiev"], "country_code": "UA",
         "lat": 50.45, "lon": 30.52}
      ]
    }

``id`` (a stable identifier, a Wikidata Q-id where one exists), ``canonical`` (the one name shown) and
``label`` (a spaCy label: PERSON, ORG, GPE, LOC, FAC, NORP...) are required. ``aliases`` are the other
spellings; every variant is matched as written (case-sensitively) in text and case-insensitively on spans the
model found. ``country_code`` (ISO 3166-1 alpha-2), ``lat`` and ``lon`` are optional. An entry whose id is
already known replaces that entry's canonical name, label and place fields and adds its aliases; a variant
claimed by a later file moves to the later entry. Bad data fails at load with the file and entry named.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
                    "LANGUAGE"})
_REQUIRED = ("id", "canonical", "label")
_OPTIONAL = frozenset({"aliases", "country_code", "lat", "lon", "note"})


class AliasDataError(ValueError):
    """Raised when an alias file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Known:
    """One entity the alias data knows."""

    id: str
    canonical: str
    label: str
    aliases: tuple[str, ...] = ()
    country_code: str | None = None
    lat: float | None = None
    lon: float | None = None

    @property
    def variants(self) -> tuple[str, ...]:
        """The canonical name and every alias."""
        return (self.canonical, *self.aliases)


def _check_entry(raw: Any, where: str) -> Known:
    if not isinstance(raw, Mapping):
        raise AliasDataError(f"{where}: expected an object, got {type(raw).__name__}")
    missing = [k for k in _REQUIRED if not isinstance(raw.get(k), str) or not raw[k].strip()]
    if missing:
        raise AliasDataError(f"{where}: missing or empty {', '.join(missing)}")
    unknown = set(raw) - set(_REQUIRED) - _OPTIONAL
    if unknown:
        raise AliasDataError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    if raw["label"] not in LABELS:
        raise AliasDataError(f"{where}: label {raw['label']!r} is not one of {', '.join(sorted(LABELS))}")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise AliasDataError(f"{where}: aliases must be a list of non-empty strings")
    code = raw.get("country_code")
    if code is not None and (not isinstance(code, str) or len(code) != 2 or not code.isupper()):
        raise AliasDataError(f"{where}: country_code {code!r} is not an ISO 3166-1 alpha-2 code")
    for key in ("lat", "lon"):
        if raw.get(key) is not None and not isinstance(raw[key], int | float):
            raise AliasDataError(f"{where}: {key} must be a number")
    return Known(id=raw["id"], canonical=raw["canonical"], label=raw["label"], aliases=tuple(aliases),
                 country_code=code, lat=raw.get("lat"), lon=raw.get("lon"))


def parse_alias_data(text: str, source: str) -> list[Known]:
    """Parse and validate one alias file's text; ``source`` names it in error messages."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AliasDataError(f"{source}: not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("version"), int):
        raise AliasDataError(f"{source}: expected an object with an integer 'version'")
    if not isinstance(data.get("entities"), list):
        raise AliasDataError(f"{source}: expected a list under 'entities'")
    entries = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(data["entities"]):
        label = raw.get("id") if isinstance(raw, Mapping) else None
        entry = _check_entry(raw, f"{source}: entry {index} (id {label!r})")
        if entry.id in seen:
            raise AliasDataError(f"{source}: entry {index}: id {entry.id!r} repeats entry {seen[entry.id]}")
        seen[entry.id] = index
        entries.append(entry)
    return entries


def _merge(entries: list[Known], extra: Iterable[Known]) -> list[Known]:
    by_id = {e.id: e for e in entries}
    for entry in extra:
        old = by_id.get(entry.id)
        if old is not None:
            merged = tuple(dict.fromkeys((*old.aliases, *entry.aliases)))
            entry = replace(entry, aliases=tuple(a for a in merged if a != entry.canonical))
        by_id[entry.id] = entry
    return list(by_id.values())


class AliasTable:
    """Variant -> known entity, exact and case-insensitive."""

    def __init__(self, entries: Iterable[Known], source: str = "aliases") -> None:
        self.entries = list(entries)
        self.exact: dict[str, Known] = {}
        self.folded: dict[str, Known] = {}
        for entry in self.entries:  # later entries win a shared variant: user files come last
            for variant in entry.variants:
                self.exact[variant] = entry
                self.folded[variant.casefold()] = entry

    def lookup(self, text: str) -> Known | None:
        """The known entity a span's text names, exact spelling first, then ignoring case."""
        text = " ".join(text.replace("’", "'").split())
        return self.exact.get(text) or self.folded.get(text.casefold())

    @classmethod
    def load(cls, extra_paths: Iterable[str | Path] = ()) -> AliasTable:
        """The packaged table merged with user files (``Settings.alias_files``), later files winning."""
        packaged = resources.files("agents.entities").joinpath("data/aliases.json").read_text("utf-8")
        entries = parse_alias_data(packaged, "agents/entities/data/aliases.json")
        for path in extra_paths:
            try:
                text = Path(path).read_text("utf-8")
            except OSError as exc:
                raise AliasDataError(f"{path}: cannot read alias file (WIREWATCH_ALIASES_FILE): {exc}") from exc
            entries = _merge(entries, parse_alias_data(text, str(path)))
        return cls(entries)
