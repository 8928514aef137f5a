"""A second worker joins in the middle of a burst, then leaves: two rebalances, nothing lost or doubled."""

from __future__ import annotations

import pytest

from streams.runtime.topics import TopicNames
from tests.faults.traffic import account, arrivals, burst, output_topics, read_all
from tests.integration.kafka_io import produce

pytestmark = pytest.mark.faults

ARTICLES = 400


def test_a_worker_joining_and_leaving_mid_stream_loses_nothing(settings_factory, worker_factory, tmp_path):
    settings = settings_factory(default_partitions=2, session_timeout_s=10.0)
    names = TopicNames.from_settings(settings)
    sent = burst(ARTICLES, seed=13, prefix="join")
    produce(settings, names.raw, sent)  # type: ignore[arg-type]
    first = worker_factory(settings)
    assert len(arrivals(settings, names.tagged, ARTICLES // 4, timeout_s=240)) == ARTICLES // 4, first.log_tail()

    # Its own home: Faust's state folder is per worker.
    second = worker_factory(settings.model_copy(update={"home": tmp_path / "second"}))
    assert len(arrivals(settings, names.tagged, ARTICLES // 2, timeout_s=240)) == ARTICLES // 2, second.log_tail()
    second.stop()
    found = read_all(settings, output_topics(names), timeout_s=300, settle_s=10,
                     until=lambda f: len(f[names.tagged]) >= ARTICLES)

    result = account([key.decode() for key, _ in sent], found, names)
    print("\n" + result.line("FAULTS join-leave:", faults_injected=2))
    outcome = (result.lost, result.untagged, result.seen_doubled, result.doubled)
    assert outcome == ([], [], 0, {}), result.line("join-leave")
    assert first.running, first.log_tail()
