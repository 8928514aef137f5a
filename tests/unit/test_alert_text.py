"""Sentence spans (shared by every stage) and speaker spans of the alert stage."""

from __future__ import annotations

import pytest

from agents.alerts.text import speaker_spans
from agents.knowledge.text import sentences


def split(text: str) -> list[str]:
    return [text[s.start:s.end] for s in sentences(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("U.S. officials said troops moved. Talks went on.", ["U.S. officials said troops moved.", "Talks went on."]),
    ("Talks with the U.S. and Britain failed. Lavrov left.",
     ["Talks with the U.S. and Britain failed.", "Lavrov left."]),
    ("He met the U.S. The talks failed.", ["He met the U.S.", "The talks failed."]),
    ("Gen. Mark Milley spoke. Robert J. Burns wrote.", ["Gen. Mark Milley spoke.", "Robert J. Burns wrote."]),
    ("It may happen on (Feb.) 16th or later. Calm.", ["It may happen on (Feb.) 16th or later.", "Calm."]),
    ("“We are calm.” Zelenskyy said. Title\n\nBody here.",
     ["“We are calm.”", "Zelenskyy said.", "Title", "Body here."]),
    ("The U.N. Security Council met at 3 p.m. Monday.", ["The U.N. Security Council met at 3 p.m. Monday."]),
])
def test_sentences_split_at_ends_not_at_abbreviations(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_sentence_offsets_index_the_text() -> None:
    text = "  First one.  Second one.\n\nThird."
    assert [(s.start, s.end) for s in sentences(text)] == [(2, 12), (14, 25), (27, 33)]


@pytest.mark.parametrize(("sentence", "speakers"), [
    ("Despite warnings from Washington, London and elsewhere that Russian troops could move on Ukraine, talks went on.",
     ["Washington, London and elsewhere"]),
    ("Russian columns could cross into Georgia within a week, a senior Georgian security official said.",
     ["a senior Georgian security official"]),
    ("Families fled after Israeli officials warned that ground troops could push across the border.",
     ["Israeli officials"]),
    ("China could attack, according to a U.S. official.", ["a U.S. official"]),
    ("Turkey could try to seize islets claimed by both countries.", []),
    ("China's forces could attack with little warning.", []),
])
def test_speaker_spans(sentence: str, speakers: list[str]) -> None:
    assert [sentence[s.start:s.end] for s in speaker_spans(sentence)] == speakers
