"""A record that makes a stage fail costs only itself."""

from __future__ import annotations

import base64
import json

from agents.guard import failure_letter, tag_safely
from streams.runtime.records import Article, Entity, UniqueArticle

GOOD, BAD = Article(id="good", body="Talks in Geneva."), Article(id="bad", body="Trips the tagger.")


class FlakyTagger:
    """Fails on the article with id 'bad', in a batch or alone."""

    def tag(self, article: Article) -> list[Entity]:
        if article.id == "bad":
            raise RuntimeError("tagger exploded")
        return [Entity(text="Geneva", label="GPE", start=9, end=15, canonical="Geneva")]

    def tag_many(self, articles: list[Article]) -> list[list[Entity]]:
        return [self.tag(a) for a in articles]


def test_a_failing_batch_is_retried_one_by_one():
    good, bad, good_again = tag_safely(FlakyTagger(), [GOOD, BAD, GOOD])
    assert [e.canonical for e in good] == ["Geneva"] == [e.canonical for e in good_again]
    assert isinstance(bad, RuntimeError)


def test_failure_letter_keeps_the_record_and_the_error():
    record = UniqueArticle(article=BAD, story_id="s1")
    letter = failure_letter(record, "tagging_failed", RuntimeError("tagger exploded"), "articles.unique.v1", b"bad")
    assert (letter.reason, letter.detail) == ("tagging_failed", "RuntimeError: tagger exploded")
    assert json.loads(letter.original())["article"]["id"] == "bad"
    assert base64.b64decode(letter.key_b64 or "") == b"bad"
