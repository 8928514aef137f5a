"""Replay's pacing on a fake clock: a rate, or the original spacing of published_at compressed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from streams.clients.replay import Pacer

T0 = datetime(2022, 2, 14, 9, 0, tzinfo=UTC)


class Clock:
    """A clock that moves only when the pacer sleeps; records the send times."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sent: list[float] = []

    def sleep(self, seconds: float) -> None:
        assert seconds > 0
        self.now += seconds


def sends(pacer_args: dict, published: list[datetime | None], restart_at: int | None = None) -> list[float]:
    """Seconds after the first send at which each article goes out."""
    clock = Clock()
    pacer = Pacer(**pacer_args, clock=lambda: clock.now, sleep=clock.sleep)
    for i, when in enumerate(published):
        if i == restart_at:
            pacer.restart()
        pacer.wait(when)
        clock.sent.append(clock.now)
    return [round(t - clock.sent[0], 6) for t in clock.sent]


def minutes(*offsets: float | None) -> list[datetime | None]:
    return [None if m is None else T0 + timedelta(minutes=m) for m in offsets]


@pytest.mark.parametrize(("pacer_args", "published", "expected"), [
    ({}, minutes(0, 60, 120), [0, 0, 0]),                                 # as fast as possible
    ({"rate": 4}, minutes(0, 60, None, 0), [0, 0.25, 0.5, 0.75]),         # the rate ignores the dates
    ({"speed": 60}, minutes(0, 1, 3), [0, 1, 3]),                         # a minute of news a second
    ({"speed": 1}, minutes(0, 0.5), [0, 30]),                             # real time
    ({"speed": 60}, minutes(None, 0, 2, None, 3), [0, 0, 2, 2, 3]),       # undated: at once
    ({"speed": 60}, minutes(0, 2, 1, 4), [0, 2, 2, 4]),                   # out of order: at once, spacing kept
])
def test_articles_go_out_on_schedule(pacer_args, published, expected):
    assert sends(pacer_args, published) == pytest.approx(expected)


def test_each_pass_of_a_loop_keeps_the_original_spacing():
    assert sends({"speed": 60}, minutes(0, 2, 0, 2), restart_at=2) == pytest.approx([0, 2, 2, 4])


def test_the_rate_runs_on_across_passes():
    assert sends({"rate": 2}, minutes(0, 1, 0, 1), restart_at=2) == pytest.approx([0, 0.5, 1, 1.5])


@pytest.mark.parametrize("pacer_args", [{"rate": 0}, {"speed": -1}, {"rate": 1, "speed": 1}])
def test_a_rate_or_a_speed_must_be_one_positive_number(pacer_args):
    with pytest.raises(ValueError):
        Pacer(**pacer_args)
