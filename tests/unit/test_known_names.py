"""The known-names span ruler: declared in config.cfg, patterns from the knowledge data, matches in doc.spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.util import load_config

from agents.entities.aliases import AliasTable
from agents.entities.components import CONFIG, KNOWN_NAMES, KNOWN_NAMES_KEY, known_name_patterns
from agents.entities.tagger import EntityTagger
from agents.knowledge.gazetteer import default_gazetteer

TEXT = "Kiev officials met a Brazilian delegation in Texas and later flew to Nairobi and Argentina."


def test_the_config_declares_the_components_the_pipeline_runs(tagger: EntityTagger) -> None:
    config = load_config(CONFIG)
    assert config["components"][KNOWN_NAMES]["factory"] == "ww_known_names"
    declared = config["nlp"]["pipeline"]
    assert tagger.nlp.component_names[-len(declared):] == declared
    assert tagger.nlp.pipe_names == ["tok2vec", "ner", KNOWN_NAMES]
    assert "linker" in tagger.nlp.disabled  # loaded, run by the tagger after its pass groups


@pytest.mark.parametrize(("name", "kind", "ident"), [
    ("Kiev", "alias", "Q1899"),
    ("Brazilian", "demonym", "norp:BR"),
    ("Texas", "state", "geonames:4736286"),
    ("Argentina", "country", "iso3166:AR"),
])
def test_matches_carry_the_kind_and_the_canonical_id(tagger: EntityTagger, name: str, kind: str, ident: str) -> None:
    doc = tagger.nlp(TEXT)
    found = {(s.text, s.label_, s.id_) for s in doc.spans[KNOWN_NAMES_KEY]}
    assert (name, kind, ident) in found


def test_a_big_city_is_matched_as_a_city(tagger: EntityTagger) -> None:
    doc = tagger.nlp(TEXT)
    kinds = {s.text: s.label_ for s in doc.spans[KNOWN_NAMES_KEY]}
    assert kinds["Nairobi"] == "city"


def test_the_ruler_leaves_the_models_entities_alone(tagger: EntityTagger) -> None:
    with_ruler = tagger.nlp(TEXT)
    [without] = tagger.nlp.pipe([TEXT], disable=[KNOWN_NAMES])
    assert [(e.start, e.end, e.label_) for e in with_ruler.ents] == [(e.start, e.end, e.label_) for e in without.ents]


def test_patterns_are_label_pattern_id_records_without_the_names_that_are_not_places() -> None:
    gazetteer = default_gazetteer()
    patterns = known_name_patterns(AliasTable([]), gazetteer, not_places=frozenset({"Texas"}))
    assert all(set(p) == {"label", "pattern", "id"} for p in patterns)
    assert {p["label"] for p in patterns} == {"country", "demonym", "state", "city"}
    assert "Texas" not in {p["pattern"] for p in patterns}


def _user_file(folder: Path) -> Path:
    user = folder / "aliases.json"
    user.write_text(json.dumps({"version": 1, "entities": [
        {"id": "X9", "canonical": "Tolu Adebayo-Marsh", "label": "PERSON", "aliases": ["Adebayo-Marsh"]},
    ]}), encoding="utf-8")
    return user


def test_user_alias_files_reach_the_ruler(tmp_path: Path) -> None:
    tagger = EntityTagger(aliases_files=[_user_file(tmp_path)])
    doc = tagger.nlp("Adebayo-Marsh spoke on Friday.")
    assert [(s.text, s.label_, s.id_) for s in doc.spans[KNOWN_NAMES_KEY]] == [("Adebayo-Marsh", "alias", "X9")]


def test_an_alias_table_the_ruler_does_not_hold_is_refused(tagger: EntityTagger, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="known_names ruler holds other aliases"):
        EntityTagger(nlp=tagger.nlp, aliases=AliasTable.load([_user_file(tmp_path)]))
