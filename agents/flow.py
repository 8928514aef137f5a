"""The wirewatch flow, defined once: stage order, the topics between stages, the function each step runs.

Read top to bottom, it is the pipeline::

    articles.raw.v1 --validate_articles--> articles.valid.v1 (bad input: articles.deadletter.v1)
    articles.valid.v1 --deduplicate_articles--> articles.unique.v1 | articles.duplicates.v1
    articles.unique.v1 --tag_entities--> articles.tagged.v1
    articles.tagged.v1 --detect_alerts--> alerts.candidates.v1
    alerts.candidates.v1 --gate_alerts--> alerts.v1

Both executors run this tuple with the same :class:`~streams.runtime.settings.Settings`: the Faust app
(:func:`streams.runtime.app.create_app`, one agent per step, state in changelog-backed tables) and the
offline analyzer (:class:`agents.offline.Pipeline`, state in dicts). Each stage package declares its steps
in its ``steps`` module; the logic they call is plain Python, testable without Kafka.
"""

from __future__ import annotations

from agents.alerts.steps import DETECT_ALERTS, GATE_ALERTS
from agents.dedup.steps import DEDUPLICATE_ARTICLES, VALIDATE_ARTICLES
from agents.entities.steps import TAG_ENTITIES
from agents.step import Step

FLOW: tuple[Step, ...] = (VALIDATE_ARTICLES, DEDUPLICATE_ARTICLES, TAG_ENTITIES, DETECT_ALERTS, GATE_ALERTS)


def step_reading(topic: str) -> Step | None:
    """The step that consumes ``topic`` (a base topic name), or None for a topic that leaves the flow."""
    return next((step for step in FLOW if step.source == topic), None)
