"""Alias data: packaged table, validation with the file and entry named, user files merged over it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agents.entities.aliases import AliasDataError, AliasTable, parse_alias_data
from streams.runtime.settings import Settings


@pytest.fixture(scope="module")
def table() -> AliasTable:
    return AliasTable.load(extra_paths=[])


@pytest.mark.parametrize(("variant", "canonical", "label"), [
    ("Zelensky", "Volodymyr Zelenskyy", "PERSON"), ("Zelenskyy", "Volodymyr Zelenskyy", "PERSON"),
    ("Zelenskiy", "Volodymyr Zelenskyy", "PERSON"), ("Kiev", "Kyiv", "GPE"), ("Kyiv", "Kyiv", "GPE"),
    ("U.N.", "United Nations", "ORG"), ("UN", "United Nations", "ORG"), ("United Nations", "United Nations", "ORG"),
    ("North Atlantic Treaty Organization", "NATO", "ORG"), ("NATO", "NATO", "ORG"),
    ("Putin", "Vladimir Putin", "PERSON"),
    ("Sergei Lavrov", "Sergey Lavrov", "PERSON"), ("KYIV", "Kyiv", "GPE"), ("Kremlin", "Kremlin", "ORG"),
])
def test_variants_share_one_canonical_name_and_id(table: AliasTable, variant: str, canonical: str, label: str) -> None:
    known = table.lookup(variant)
    assert known is not None and (known.canonical, known.label) == (canonical, label)
    assert known.id == table.lookup(canonical).id  # type: ignore[union-attr]


def test_lookup_ignores_case_and_curly_apostrophes_only_as_a_fallback(table: AliasTable) -> None:
    assert table.lookup("nato") is table.lookup("NATO")
    assert table.lookup("Somebody Unknown") is None


def entry(**fields: object) -> str:
    base: dict[str, object] = {"id": "X1", "canonical": "Ada Okafor", "label": "PERSON", "aliases": ["Okafor"]}
    base.update(fields)
    return json.dumps({"version": 1, "entities": [{k: v for k, v in base.items() if v is not None}]})


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", "not valid JSON"),
    (json.dumps({"entities": []}), "integer 'version'"),
    (entry(label="PEOPLE"), "label 'PEOPLE'"),
    (entry(canonical=""), "missing or empty canonical"),
    (entry(id=None), "missing or empty id"),
    (entry(aliases="Okafor"), "aliases must be a list"),
    (entry(country_code="Nigeria"), "country_code 'Nigeria'"),
    (entry(lat="north"), "lat must be a number"),
    (entry(colour="red"), "unknown field(s) colour"),
])
def test_bad_data_names_the_file_and_entry(text: str, message: str) -> None:
    with pytest.raises(AliasDataError) as error:
        parse_alias_data(text, "my-aliases.json")
    assert "my-aliases.json" in str(error.value) and message in str(error.value)


def test_repeated_ids_are_rejected() -> None:
    data = json.dumps({"version": 1, "entities": [json.loads(entry())["entities"][0]] * 2})
    with pytest.raises(AliasDataError, match="entry 1: id 'X1' repeats entry 0"):
        parse_alias_data(data, "dup.json")


def test_user_file_from_the_environment_adds_and_extends_entries(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "aliases.json"
    user.write_text(json.dumps({"version": 1, "entities": [
        {"id": "Q3874799", "canonical": "Volodymyr Zelenskyy", "label": "PERSON", "aliases": ["Selenskyj"]},
        {"id": "X1", "canonical": "Ada Okafor", "label": "PERSON", "aliases": ["Okafor"]},
    ]}), encoding="utf-8")
    monkeypatch.setenv("WIREWATCH_ALIASES_FILE", str(user))
    table = AliasTable.load(Settings().alias_files)
    assert table.lookup("Selenskyj").canonical == "Volodymyr Zelenskyy"  # type: ignore[union-attr]
    assert table.lookup("Zelensky").canonical == "Volodymyr Zelenskyy"  # type: ignore[union-attr]
    assert table.lookup("Okafor").id == "X1"  # type: ignore[union-attr]


def test_a_missing_user_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AliasDataError, match="cannot read alias file"):
        AliasTable.load(extra_paths=[tmp_path / "nope.json"])
