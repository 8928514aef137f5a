"""kill -9 of the worker in the middle of a burst of 2,000 articles, then a restart at once.

Every id is accounted for across the output topics: none lost, none written twice on any topic (the
restarted worker does not write again what it wrote before the kill: streams/runtime/replays.py), so any
consumer, ours or not, reads each record once; the time from the kill to the first new tagged article is
printed.
"""

from __future__ import annotations

import time

import pytest

from streams.runtime.topics import TopicNames
from tests.faults.traffic import NewOutput, account, arrivals, burst, output_topics, read_all
from tests.integration.kafka_io import produce

pytestmark = pytest.mark.faults

ARTICLES = 2_000
RECOVERY_BOUND_S = 120  # a bound for the test, not the target: the README gives the measured time


def test_kill_9_mid_stream_loses_nothing_and_clients_see_nothing_twice(settings_factory, worker_factory):
    settings = settings_factory(session_timeout_s=10.0, worker_instance_id="fault-kill-0")
    names = TopicNames.from_settings(settings)
    sent = burst(ARTICLES, seed=11, prefix="kill")
    produce(settings, names.raw, sent)  # type: ignore[arg-type]
    worker = worker_factory(settings)
    assert len(arrivals(settings, names.tagged, ARTICLES // 3, timeout_s=360)) == ARTICLES // 3, worker.log_tail()

    worker.kill()
    killed = time.monotonic()
    watch = NewOutput(settings, names.tagged)
    restarted = worker_factory(settings)
    first = watch.wait(timeout_s=RECOVERY_BOUND_S)
    found = read_all(settings, output_topics(names), timeout_s=420, settle_s=10,
                     until=lambda f: len(f[names.tagged]) >= ARTICLES)

    result = account([key.decode() for key, _ in sent], found, names)
    recovery = f"{first - killed:.1f}s" if first is not None else "none"
    print("\n" + result.line("FAULTS kill-9:", faults_injected=1, recovery=recovery))
    assert first is not None, restarted.log_tail()
    outcome = (result.lost, result.untagged, result.seen_doubled, result.doubled)
    assert outcome == ([], [], 0, {}), result.line("kill-9")
    assert restarted.running, restarted.log_tail()
