"""The worker's table store follows Settings: RocksDB under the state directory by default, memory on request."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.runtime.app import create_app
from streams.runtime.settings import Settings
from streams.runtime.state import MB, state_dir, store_url, table_options


@pytest.mark.parametrize(("store", "url"), [("rocksdb", "rocksdb://"), ("memory", "memory://")])
def test_the_store_url_follows_the_setting(store: str, url: str) -> None:
    assert store_url(Settings(state_store=store)) == url  # type: ignore[arg-type]


def test_rocksdb_is_the_default_and_its_caches_are_bounded_by_settings() -> None:
    settings = Settings(state_cache_mb=16, state_write_buffer_mb=4)
    assert settings.state_store == "rocksdb"
    assert table_options(settings) == {"driver": "rocksdict", "block_cache_size": 16 * MB,
                                       "write_buffer_size": 4 * MB, "max_write_buffer_number": 2}
    assert table_options(Settings(state_store="memory")) is None


def test_an_unknown_store_is_refused() -> None:
    with pytest.raises(ValueError, match="state_store"):
        Settings(state_store="redis")  # type: ignore[arg-type]


def test_the_app_keeps_its_tables_in_rocksdb_under_the_state_directory(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, app_id="ww-state-test")
    app = create_app(settings)
    assert str(app.conf.store) == "rocksdb:" and Path(app.conf.datadir) == state_dir(settings) / "slot-0"
    assert state_dir(settings).is_relative_to(tmp_path)
    dedup = next(t for t in app.tables.values() if t.name.endswith("-dedup"))
    store = dedup.data  # opened lazily; the values round-trip through it in tests/agents and tests/integration
    assert type(store).__module__ == "faust.stores.rocksdb" and store.use_rocksdict
    assert store.rocksdb_options.block_cache_size == settings.state_cache_mb * MB
    assert Path(store.partition_path(0)).is_relative_to(state_dir(settings))
