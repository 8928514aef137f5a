"""Fault-test fixtures: the integration fixtures (a real broker, per-test topics, workers that always stop).

Every test here is marked ``faults`` and bounded in time; each prints its figures on one line that starts
with ``FAULTS`` (README, "Reliability").
"""

from __future__ import annotations

from tests.integration.conftest import kafka_bootstrap, settings_factory, worker_factory

__all__ = ["kafka_bootstrap", "settings_factory", "worker_factory"]
