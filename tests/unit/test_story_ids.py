"""Story ids come from content; an article id names one text, and is refused for another (``id_reused``)."""

from __future__ import annotations

import json

import pytest

from agents.dedup.stage import DAY, Deduplicator
from agents.dedup.steps import build_deduplicate
from agents.step import Message
from streams.runtime.records import Article, DeadLetter, DuplicateRecord, UniqueArticle, ValidArticle
from streams.runtime.settings import Settings
from tests.unit.test_dedup_near import OTHER_STORY, STORY

FIRST = Article(id="a1", url="https://outlet.example/a1", body="\n\n".join(STORY))


def test_a_new_story_is_named_by_its_text_not_by_its_article_id() -> None:
    one = Deduplicator({}).check(FIRST)
    same_text_other_id = Deduplicator({}).check(FIRST.model_copy(update={"id": "zz"}))
    other_text_same_id = Deduplicator({}).check(Article(id="a1", body="\n\n".join(OTHER_STORY)))
    assert one.story_id == same_text_other_id.story_id != other_text_same_id.story_id


@pytest.mark.parametrize(("again", "method"), [
    (FIRST.model_copy(update={"url": None}), "exact"),  # sent again
    (FIRST.model_copy(update={"body": FIRST.body + "\n\nUpdated with new figures."}), "url"),  # updated in place
    (Article(id="a1", body="\n\n".join(STORY[:4])), "near"),  # trimmed reprint
])
def test_the_same_id_for_a_reprint_of_its_story_is_a_duplicate(again: Article, method: str) -> None:
    dedup = Deduplicator({})
    first = dedup.check(FIRST)
    decision = dedup.check(again)
    assert (decision.duplicate_of, decision.method, decision.story_id, decision.id_reused) == (
        "a1", method, first.story_id, False)


def test_the_same_id_for_another_text_is_refused_and_the_id_stays_the_first_articles() -> None:
    dedup = Deduplicator({})
    first = dedup.check(FIRST)
    other = Article(id="a1", url="https://outlet.example/other", body="\n\n".join(OTHER_STORY))
    assert dedup.check(other).id_reused
    assert dedup.check(FIRST.model_copy(update={"id": "a2"})).story_id == first.story_id
    assert dedup.check(other).id_reused  # still refused: the refused text was not remembered


def test_an_id_is_free_again_once_its_article_is_forgotten() -> None:
    now = [0.0]
    dedup = Deduplicator({}, window_days=7, clock=lambda: now[0])
    dedup.check(FIRST)
    now[0] = 8 * DAY
    assert not dedup.check(Article(id="a1", body="\n\n".join(OTHER_STORY))).id_reused


def test_the_dedup_step_dead_letters_a_reused_id_with_its_origin() -> None:
    deduplicate = build_deduplicate(Settings(), {"dedup": {}})
    other = Article(id="a1", body="\n\n".join(OTHER_STORY))
    messages = [Message(b"a1", json.loads(ValidArticle(article=a, origin=f"raw:0:{i}").model_dump_json()),
                        "articles.valid.v1", 0, i) for i, a in enumerate([FIRST, other, FIRST])]
    first, refused, again = (out.value for out in deduplicate(messages))
    assert isinstance(first, UniqueArticle) and isinstance(again, DuplicateRecord)
    assert isinstance(refused, DeadLetter) and (refused.reason, refused.offset) == ("id_reused", 1)
    assert first.story_id in refused.detail
    assert ValidArticle.model_validate_json(refused.original()).article == other
