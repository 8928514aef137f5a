"""A worker builds its steps (the NLP models) before it joins its group; the agent then reuses that build."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from unittest.mock import patch

import faust
import pytest

from agents.step import Message, Output, Process, Step, Tables
from streams.runtime import topics as t
from streams.runtime.app import add_step, declare_topics
from streams.runtime.settings import Settings


def counting_step(builds: list[str]) -> Step:
    """A step that records each build and answers nothing."""

    def build(settings: Settings, tables: Tables) -> Process:
        builds.append("built")

        def nothing(messages: Sequence[Message]) -> list[Output]:
            return []

        return nothing

    return Step("count_builds", t.RAW, (t.VALID,), build)


@pytest.mark.parametrize(("eager", "before_start", "after_start"), [(True, 1, 1), (False, 0, 1)])
def test_an_eager_step_is_built_at_registration_and_not_again_when_its_agent_starts(
        eager: bool, before_start: int, after_start: int) -> None:
    builds: list[str] = []
    settings = Settings(app_id=f"ww-test-{uuid.uuid4().hex[:12]}", topic_prefix=f"t{uuid.uuid4().hex[:12]}.")
    app = faust.App(settings.app_id, autodiscover=False)
    agent = add_step(app, counting_step(builds), declare_topics(app, settings), settings, eager=eager)
    assert len(builds) == before_start

    async def feed() -> None:
        with patch.object(faust.topics.Topic, "send", autospec=True):
            async with agent.test_context() as tested:
                await tested.put(b"{}", key=b"k")

    asyncio.run(feed())
    assert len(builds) == after_start
