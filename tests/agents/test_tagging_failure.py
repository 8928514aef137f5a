"""The tagging agent dead-letters an article that breaks the tagger and tags the rest of its batch."""

from __future__ import annotations

from agents.entities.tagger import EntityTagger
from streams.runtime.records import Article, DeadLetter, TaggedArticle, UniqueArticle
from tests.agents.conftest import run_agent


def test_an_article_that_breaks_the_tagger_is_dead_lettered_and_its_batch_still_tagged(monkeypatch) -> None:
    real_tag_many = EntityTagger.tag_many

    def tag_many(self, articles):  # type: ignore[no-untyped-def]
        if any(a.id == "boom" for a in articles):
            raise RuntimeError("tagger exploded")
        return real_tag_many(self, articles)

    def tag(self, article):  # type: ignore[no-untyped-def]
        return tag_many(self, [article])[0]

    monkeypatch.setattr(EntityTagger, "tag_many", tag_many)
    monkeypatch.setattr(EntityTagger, "tag", tag)
    values = [UniqueArticle(article=Article(id=i, body="Olaf Scholz flew to Kyiv on Monday."), story_id=f"s-{i}")
              for i in ("a1", "boom", "a2")]
    sent = run_agent("tag_entities", values, key=lambda v: v.article.id.encode(), wait_for=3)
    assert [topic for topic, _ in sent] == ["articles.tagged.v1", "articles.deadletter.v1", "articles.tagged.v1"]
    tagged, letter = sent[0][1], sent[1][1]
    assert isinstance(tagged, TaggedArticle) and "Olaf Scholz" in {e.canonical for e in tagged.entities}
    assert isinstance(letter, DeadLetter) and letter.reason == "tagging_failed"
