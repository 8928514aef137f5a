"""The worker's producer is idempotent: a batch aiokafka sends again after a broker restart is written once.

aiokafka leaves idempotence off unless asked (Faust asks only in a transaction); the broker-restart fault
test (tests/faults/test_broker_restart.py) measures what it prevents: a record doubled on articles.tagged.v1.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from streams.runtime.app import create_app
from streams.runtime.settings import Settings


def test_the_aiokafka_producer_the_app_builds_is_idempotent_with_acks_all(tmp_path: Path) -> None:
    app = create_app(Settings(home=tmp_path, app_id="ww-idem-test", state_store="memory"))  # type: ignore[call-arg]
    built = made(app)
    assert built._txn_manager is not None, "aiokafka makes a transaction manager only for idempotence"
    assert built._txn_manager.transactional_id is None  # idempotence alone, no transaction
    assert app.producer._settings_extra()["acks"] == "all"


def test_the_default_aiokafka_producer_is_not_idempotent(tmp_path: Path) -> None:
    """What the override changes: Faust's own producer outside a transaction leaves idempotence off."""
    import faust

    app = faust.App("ww-idem-plain", broker="kafka://localhost:1", store="memory://", autodiscover=False,
                    datadir=str(tmp_path))
    assert made(app)._txn_manager is None


def made(app: Any) -> Any:
    """The aiokafka producer the Faust producer's start would make (made in a loop; never connected)."""
    async def make() -> Any:
        return app.producer._new_producer()
    return asyncio.run(make())
