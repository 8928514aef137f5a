"""The ``ww_linker`` component: one canonical name and id per entity, as spans in doc.spans["ww_entities"]."""

from __future__ import annotations

from spacy.tokens import Doc

from agents.entities.linker import ENTITIES_KEY, Linker
from agents.entities.mentions import Mention
from agents.entities.tagger import EntityTagger
from streams.runtime.records import Article

TEXT = ("Prime Minister Ewa Lindqvist opened a meeting of the Lagos Port Council on Monday. "
        "Lindqvist said the council would meet again in Kiev.")


def _doc(tagger: EntityTagger) -> Doc:
    doc = tagger.nlp(TEXT)
    tagger.entities(doc)
    return doc


def test_the_tagger_reads_its_records_from_the_linkers_spans(tagger: EntityTagger) -> None:
    doc = _doc(tagger)
    records = [(e.text, e.label, e.start, e.end, e.id, e.canonical) for e in tagger.entities(doc)]
    spans = [(s.text, s.label_, s.start_char, s.end_char, s.kb_id_, s._.ww_canonical) for s in doc.spans[ENTITIES_KEY]]
    assert records == spans
    assert [e.model_dump() for e in tagger.tag(Article(id="a1", title="", body=TEXT))] == \
        [e.model_dump() for e in tagger.entities(_doc(tagger))]


def test_a_surname_gets_the_full_names_canonical_name_and_id(tagger: EntityTagger) -> None:
    doc = _doc(tagger)
    people = {s.text: (s.kb_id_, s._.ww_canonical) for s in doc.spans[ENTITIES_KEY] if s.label_ == "PERSON"}
    assert people["Lindqvist"] == people["Ewa Lindqvist"]
    assert people["Lindqvist"][1] == "Ewa Lindqvist"


def test_a_known_place_carries_its_id_and_coordinates(tagger: EntityTagger) -> None:
    doc = _doc(tagger)
    [kyiv] = [s for s in doc.spans[ENTITIES_KEY] if s.text == "Kiev"]
    assert (kyiv.kb_id_, kyiv._.ww_canonical, kyiv._.ww_country_code) == ("Q1899", "Kyiv", "UA")
    assert kyiv._.ww_lat is not None and kyiv._.ww_lon is not None


def test_the_linker_is_declared_but_run_by_the_tagger(tagger: EntityTagger) -> None:
    assert isinstance(tagger.linker, Linker)
    assert "linker" in tagger.nlp.disabled
    assert ENTITIES_KEY not in tagger.nlp(TEXT).spans


def test_without_mentions_the_group_is_empty(tagger: EntityTagger) -> None:
    doc = tagger.linker(tagger.nlp.make_doc(TEXT))
    assert list(doc.spans[ENTITIES_KEY]) == []


def test_a_disabled_pass_group_is_skipped(tagger: EntityTagger) -> None:
    def linked(disabled: set[str]) -> list[tuple[str, str]]:
        doc = tagger.linker(tagger.nlp.make_doc(TEXT), mentions=[Mention(2, 4, "PERSON")], disabled=disabled)
        return [(s.text, s._.ww_canonical) for s in doc.spans[ENTITIES_KEY]]

    assert linked(set()) == [("Ewa Lindqvist", "Ewa Lindqvist"), ("Lindqvist", "Ewa Lindqvist")]
    assert linked({"surnames"}) == [("Ewa Lindqvist", "Ewa Lindqvist")]
