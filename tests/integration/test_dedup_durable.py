"""Dedup memory survives a restart, a crash and a rebalance: the state lives in changelog-backed tables."""

from __future__ import annotations

import json
import time

from streams.runtime.topics import TopicNames
from tests.integration.kafka_io import collect, produce

PARAGRAPHS = [
    "KHARKIV (AP) — Engineers restored power to most of Ukraine's second-largest city on Thursday after "
    "overnight strikes damaged two substations, the regional governor said.",
    "Governor Oleh Syniehubov said crews had worked through the night in freezing temperatures and that "
    "heating would return to the remaining districts by the weekend.",
    "Residents queued at water points set up by the city council, while schools moved lessons online for "
    "the rest of the week.",
    "The national grid operator said it had imported emergency electricity from Poland and Slovakia to "
    "balance the system during the evening peak.",
    "Officials urged people to limit the use of kettles, heaters and washing machines between six and ten "
    "in the evening.",
]


def _original() -> bytes:
    return json.dumps({"id": "orig-1", "source": "AP", "title": "Power back in Kharkiv after strikes",
                       "url": "https://news.example.org/world/kharkiv-power",
                       "body": "\n\n".join(PARAGRAPHS)}).encode()


def _reprint(article_id: str) -> bytes:
    # An edited reprint: new headline, typographic quotes, an UPDATED line, last paragraph trimmed.
    body = "UPDATED 14:05 GMT\n\n" + "\n\n".join(PARAGRAPHS[:-1]).replace("Ukraine's", "Ukraine’s")
    return json.dumps({"id": article_id, "source": "Daily Courier", "title": "Kharkiv lights return",
                       "url": f"https://courier.example.com/{article_id}", "body": body}).encode()


def _wait_unique(settings, names, count):
    return collect(settings, [names.unique], until=lambda f: len(f[names.unique]) >= count)


def _duplicates(settings, names, count):
    found = collect(settings, [names.duplicates], until=lambda f: len(f[names.duplicates]) >= count)
    return found[names.duplicates]


def test_reprint_is_caught_after_a_clean_restart(settings_factory, worker_factory):
    settings = settings_factory()
    names = TopicNames.from_settings(settings)
    first = worker_factory(settings)
    produce(settings, names.raw, [(b"orig-1", _original())])
    _wait_unique(settings, names, 1)
    first.stop()

    worker_factory(settings)
    produce(settings, names.raw, [(b"reprint-1", _reprint("reprint-1"))])
    [duplicate] = _duplicates(settings, names, 1)
    assert (duplicate["article"]["id"], duplicate["duplicate_of"]) == ("reprint-1", "orig-1")


def test_reprint_is_caught_after_the_worker_is_killed(settings_factory, worker_factory):
    # A killed member holds its partition until its session times out: keep that short here.
    settings = settings_factory(session_timeout_s=10)
    names = TopicNames.from_settings(settings)
    first = worker_factory(settings)
    produce(settings, names.raw, [(b"orig-1", _original())])
    _wait_unique(settings, names, 1)
    time.sleep(3)  # the changelog write follows the output record; give the producer its linger
    first.kill()

    worker_factory(settings)
    produce(settings, names.raw, [(b"reprint-2", _reprint("reprint-2"))])
    [duplicate] = _duplicates(settings, names, 1)
    assert duplicate["duplicate_of"] == "orig-1"


def test_reprint_is_caught_by_the_worker_that_takes_over_the_partition(settings_factory, worker_factory):
    settings = settings_factory()
    names = TopicNames.from_settings(settings)
    first, _second = worker_factory(settings), worker_factory(settings)
    produce(settings, names.raw, [(b"orig-1", _original())])
    _wait_unique(settings, names, 1)
    first.stop()  # whichever worker owned the dedup partition, the survivor now owns it

    produce(settings, names.raw, [(b"reprint-3", _reprint("reprint-3"))])
    [duplicate] = _duplicates(settings, names, 1)
    assert duplicate["duplicate_of"] == "orig-1"


def test_reprint_on_another_raw_partition_meets_its_original_with_two_workers(settings_factory, worker_factory):
    settings = settings_factory(partitions={"articles.raw.v1": 3})
    names = TopicNames.from_settings(settings)
    worker_factory(settings)
    worker_factory(settings)
    produce(settings, names.raw, [(b"orig-1", _original())], partition=0)
    _wait_unique(settings, names, 1)
    produce(settings, names.raw, [(b"reprint-4", _reprint("reprint-4"))], partition=2)
    [duplicate] = _duplicates(settings, names, 1)
    assert (duplicate["article"]["id"], duplicate["duplicate_of"]) == ("reprint-4", "orig-1")
