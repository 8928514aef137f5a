"""The entity stage's step of the flow: tag people, organisations and places, in batches."""

from __future__ import annotations

from collections.abc import Sequence

from agents.entities.tagger import EntityTagger
from agents.guard import failure_letter, tag_safely
from agents.step import Message, Output, Process, Step, Tables
from streams.runtime import topics as t
from streams.runtime.records import TaggedArticle, UniqueArticle
from streams.runtime.settings import Settings


def build_tag(settings: Settings, tables: Tables) -> Process:
    """Consume articles.unique.v1 in batches; produce articles.tagged.v1, keyed by article id.

    Stateless; an article that makes the tagger fail becomes a ``tagging_failed`` dead letter and the rest
    of its batch goes on. The spaCy model is loaded once per process.
    """
    tagger = EntityTagger(aliases_files=settings.alias_files)

    def tag(messages: Sequence[Message]) -> list[Output]:
        items = [UniqueArticle.model_validate(m.value) for m in messages]
        outputs = []
        for m, item, entities in zip(messages, items, tag_safely(tagger, [i.article for i in items]), strict=True):
            key = item.article.id.encode()
            if isinstance(entities, Exception):
                letter = failure_letter(item, "tagging_failed", entities, m.topic, key)
                outputs.append(Output(t.DEADLETTER, key, letter))
            else:
                outputs.append(Output(t.TAGGED, key, TaggedArticle(article=item.article, story_id=item.story_id,
                                                                    entities=entities)))
        return outputs

    return tag


TAG_ENTITIES = Step("tag_entities", t.UNIQUE, (t.TAGGED, t.DEADLETTER), build_tag, batched=True)
