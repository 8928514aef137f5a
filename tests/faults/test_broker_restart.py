"""The broker stopped and started again in the middle of a burst: the worker goes on, nothing lost or doubled.

The test runs a broker of its own on free ports, so stopping it does not touch the session's broker.
"""

from __future__ import annotations

import time
import uuid

import pytest

from streams.ops.broker import LocalBroker
from streams.runtime.settings import Settings
from streams.runtime.topics import TopicNames, ensure_topics
from tests.faults.traffic import NewOutput, account, arrivals, burst, output_topics, read_all
from tests.integration.kafka_io import produce

pytestmark = pytest.mark.faults

ARTICLES = 400


@pytest.fixture
def own_broker(tmp_path):
    broker = LocalBroker.on_free_ports(Settings().home, data_dir=tmp_path / "kafka")
    broker.start()
    yield broker
    broker.stop()


def test_broker_stop_and_start_mid_stream_loses_nothing(own_broker, worker_factory, tmp_path):
    tag = uuid.uuid4().hex[:12]
    settings = Settings(bootstrap_servers=own_broker.address, app_id=f"ww-fb-{tag}", topic_prefix=f"fb{tag}.",
                        home=tmp_path / "home")  # type: ignore[call-arg]
    ensure_topics(settings)
    names = TopicNames.from_settings(settings)
    sent = burst(ARTICLES, seed=12, prefix="brk")
    produce(settings, names.raw, sent)  # type: ignore[arg-type]
    worker = worker_factory(settings)
    assert len(arrivals(settings, names.tagged, ARTICLES // 3, timeout_s=240)) == ARTICLES // 3, worker.log_tail()

    own_broker.stop()
    stopped = time.monotonic()
    own_broker.start()
    watch = NewOutput(settings, names.tagged)
    first = watch.wait(timeout_s=180)
    found = read_all(settings, output_topics(names), timeout_s=300, settle_s=10,
                     until=lambda f: len(f[names.tagged]) >= ARTICLES)

    result = account([key.decode() for key, _ in sent], found, names)
    recovery = f"{first - stopped:.1f}s" if first is not None else "none"
    print("\n" + result.line("FAULTS broker-restart:", faults_injected=1, recovery=recovery))
    outcome = (result.lost, result.untagged, result.seen_doubled, result.doubled)
    assert outcome == ([], [], 0, {}), result.line("broker-restart")
    assert worker.running, worker.log_tail()
