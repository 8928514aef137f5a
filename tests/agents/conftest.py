"""Faust's agent test harness, shared by the agent tests: a fresh app, outgoing sends captured."""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from collections.abc import Callable
from typing import Any
from unittest.mock import patch

import faust
import pytest

from streams.runtime.app import create_app
from streams.runtime.settings import Settings
from streams.runtime.topics import TopicNames


def run_agent(agent_name: str, values: list[Any], key: Callable[[Any], bytes] = lambda _: b"k",
              wait_for: int = 0) -> list[tuple[str, Any]]:
    """Feed ``values`` to the named agent of a fresh app; return (topic base name, value) for every send.

    ``wait_for``: sends to wait for (up to 10 s) before closing, for agents that batch with a time bound.

    Faust's ``test_context`` does not mock outgoing sends, so ``Topic.send`` is patched: nothing reaches a broker.
    """
    with tempfile.TemporaryDirectory(prefix="ww-agent-") as home:  # the tables' RocksDB files, removed after
        return _run_agent(Settings(app_id=f"ww-test-{uuid.uuid4().hex[:12]}", topic_prefix=f"t{uuid.uuid4().hex[:12]}.",
                                   home=home), agent_name, values, key, wait_for)


def _run_agent(settings: Settings, agent_name: str, values: list[Any], key: Callable[[Any], bytes],
               wait_for: int) -> list[tuple[str, Any]]:
    app = create_app(settings)
    names = {full: base for base, full in zip(TopicNames.from_settings(Settings()).all(),
                                              TopicNames.from_settings(settings).all(), strict=True)}
    agent = next(a for a in app.agents.values() if a.name.endswith(agent_name))

    async def feed() -> list[tuple[str, Any]]:
        with patch.object(faust.topics.Topic, "send", autospec=True) as send:
            async with agent.test_context() as tested:
                for value in values:
                    await tested.put(value, key=key(value))
                for _ in range(200):
                    if send.call_count >= wait_for:
                        break
                    await asyncio.sleep(0.05)
            return [(names[call.args[0].get_topic_name()], call.kwargs["value"]) for call in send.call_args_list
                    if call.args[0].get_topic_name() in names]

    return asyncio.run(feed())


@pytest.fixture
def agent_runner() -> Callable[..., list[tuple[str, Any]]]:
    """The :func:`run_agent` harness as a fixture."""
    return run_agent


@pytest.fixture(autouse=True)
def nothing_written_before() -> Any:
    """No broker here: a replay check finds no output written before (tests/agents/test_replays_agent.py
    gives it some)."""
    with patch("streams.runtime.app.written_origins", return_value=lambda source, first, since: set()) as scan:
        yield scan
