"""spaCy components of the entity pipeline, registered with ``@Language.factory`` and declared in ``config.cfg``.

``ww_known_names`` is a standard ``span_ruler`` whose phrase patterns are built, when the pipeline is loaded, from
the knowledge data: the alias table (``agents/entities/data/aliases.json`` plus the user's alias files), the
country table (``agents/knowledge/data/countries.json``: countries and demonyms), US states, and capitals and
cities over 250,000 people from the gazetteer. Every pattern is a ``{"label", "pattern", "id"}`` record: the
label is the kind of name (``alias``, ``country``, ``demonym``, ``state`` or ``city``), the id the canonical id
(the alias entry's id, ``iso3166:FR``, ``norp:FR``, ``geonames:...``). Names the cue data lists as not places
(``not_places`` in ``agents/entities/data/cues.json``) get no pattern.

Reads: the tokens. Assigns: ``doc.spans[spans_key]``, every match, overlaps kept; ``doc.ents`` is left to the
model. :class:`agents.entities.tagger.EntityTagger` reads the group (pass group ``known_names``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.util import load_config

from agents.entities import linker as _linker  # noqa: F401  (registers the ww_linker factory)
from agents.entities.aliases import AliasTable
from agents.entities.mentions import load_cues
from agents.knowledge.gazetteer import Gazetteer, default_gazetteer

CONFIG = Path(__file__).with_name("config.cfg")
KNOWN_NAMES = "known_names"
KNOWN_NAMES_KEY = "ww_known"
LINKER = "linker"


def _place_id(gazetteer: Gazetteer, name: str, kind: str) -> str:
    """The canonical id a gazetteer name stands for ("" when the name resolves to nothing)."""
    if kind == "demonym":
        code = gazetteer.demonym(name)
        return f"norp:{code}" if code else ""
    if kind == "city":
        cities = gazetteer.city_candidates(name)
        return cities[0].id if cities else ""
    place = gazetteer.country(name) if kind == "country" else gazetteer.state(name)
    return place.id if place is not None else ""


def known_name_patterns(aliases: AliasTable, gazetteer: Gazetteer,
                        not_places: frozenset[str] = frozenset()) -> list[dict[str, str]]:
    """Span-ruler patterns for every known name: gazetteer names (except ``not_places``), then every alias variant."""
    patterns = [{"label": kind, "pattern": name, "id": _place_id(gazetteer, name, kind)}
                for name, kind in gazetteer.surface.items() if name not in not_places]
    patterns += [{"label": "alias", "pattern": variant, "id": entry.id}
                 for entry in aliases.entries for variant in entry.variants]
    return patterns


@Language.factory("ww_known_names",
                  default_config={"spans_key": KNOWN_NAMES_KEY, "alias_files": [], "phrase_matcher_attr": "ORTH"})
def make_known_names(nlp: Language, name: str, spans_key: str, alias_files: list[str],
                     phrase_matcher_attr: str) -> SpanRuler:
    """A span ruler holding the known names of the packaged data plus ``alias_files`` (the user's, in order)."""
    ruler = SpanRuler(nlp, name, spans_key=spans_key, phrase_matcher_attr=phrase_matcher_attr, overwrite=True)
    patterns = known_name_patterns(AliasTable.load(alias_files), default_gazetteer(), load_cues().not_places)
    # The patterns only need the tokenizer: the model's components would otherwise run over every name.
    with nlp.select_pipes(disable=nlp.pipe_names):
        ruler.add_patterns(patterns)  # type: ignore[arg-type]
    return ruler


def add_components(nlp: Language, alias_files: Sequence[str | Path] = ()) -> Language:
    """Append the components ``config.cfg`` declares (``[nlp] pipeline``, in order) that ``nlp`` lacks; those of
    ``[nlp] disabled`` are loaded but not run by ``nlp.pipe``.

    Args:
        alias_files: the user's alias files, given to the known-names ruler and the linker after the packaged
            table.
    """
    config = load_config(CONFIG)
    for name in config["nlp"]["pipeline"]:
        if name in nlp.component_names:
            continue
        settings = dict(config["components"][name])
        factory = settings.pop("factory")
        if "alias_files" in settings:
            settings["alias_files"] = [*settings["alias_files"], *(str(p) for p in alias_files)]
        nlp.add_pipe(factory, name=name, config=settings)
        if name in config["nlp"].get("disabled", []):
            nlp.disable_pipe(name)
    return nlp


def ruler_aliases(nlp: Language) -> frozenset[str]:
    """The alias variants the pipeline's known-names ruler matches."""
    ruler = nlp.get_pipe(KNOWN_NAMES)
    return frozenset(p["pattern"] for p in ruler.patterns if p["label"] == "alias")  # type: ignore[attr-defined]
