"""The entity tagging agent in Faust's test harness: unique articles in, tagged articles out."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any
from unittest.mock import AsyncMock, patch

import faust

from streams.runtime.app import create_app
from streams.runtime.records import Article, TaggedArticle, UniqueArticle
from streams.runtime.settings import Settings

BODY = ("KYIV, Ukraine (AP) — Russian President Vladimir Putin met Foreign Minister Sergey Lavrov in Moscow on "
        "Monday. Lavrov said talks with the U.S. could continue, while Ukrainian President Volodymyr Zelenskyy "
        "urged calm in Kyiv.")


def tag_through_agent(articles: list[Article]) -> list[tuple[str, Any, Any]]:
    """Feed unique articles to the tagging agent of a fresh app; return (topic, key, value) per send."""
    tag = uuid.uuid4().hex[:12]
    app = create_app(Settings(app_id=f"ww-test-{tag}", topic_prefix=f"t{tag}."))
    agent = next(a for a in app.agents.values() if a.name.endswith("tag_entities"))

    async def feed() -> list[tuple[str, Any, Any]]:
        with patch.object(faust.topics.Topic, "send", new_callable=AsyncMock) as send:
            async with agent.test_context() as tested:
                for article in articles:
                    await tested.put(UniqueArticle(article=article, story_id=f"story-{article.id}"))
                for _ in range(200):  # the agent batches with a time bound: wait for its sends
                    if send.await_count >= len(articles):
                        break
                    await asyncio.sleep(0.05)
            return [("send", call.kwargs["key"], call.kwargs["value"]) for call in send.await_args_list]

    return asyncio.run(feed())


def test_agent_sends_one_tagged_article_per_unique_article_with_canonical_entities() -> None:
    articles = [Article(id="a1", body=BODY), Article(id="a2", title="Zelensky visits Kiev", body="Talks went on.")]
    sent = tag_through_agent(articles)
    assert [key for _, key, _ in sent] == [b"a1", b"a2"]
    first, second = (value for _, _, value in sent)
    assert isinstance(first, TaggedArticle) and first.story_id == "story-a1"
    by_text = {(e.text, e.start): e for e in first.entities}
    assert by_text[("KYIV", 0)].label == "GPE" and by_text[("KYIV", 0)].country_code == "UA"
    assert {e.canonical for e in first.entities if e.label == "PERSON"} == {
        "Vladimir Putin", "Sergey Lavrov", "Volodymyr Zelenskyy"}
    assert {(e.text, e.canonical) for e in second.entities} >= {
        ("Zelensky", "Volodymyr Zelenskyy"), ("Kiev", "Kyiv")}
    for tagged in (first, second):
        assert all(tagged.article.text[e.start:e.end] == e.text for e in tagged.entities)
