"""Each worker process of an app on one machine keeps its RocksDB state in a slot of its own (issue 13)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from streams.runtime.app import create_app
from streams.runtime.settings import Settings
from streams.runtime.state import claim_slot, state_dir


def test_two_workers_get_different_slots_and_a_released_slot_is_taken_again(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, app_id="ww-slots")
    first, second = claim_slot(settings), claim_slot(settings)
    assert [first.path.name, second.path.name] == ["slot-0", "slot-1"]
    first.release()
    assert claim_slot(settings).path == state_dir(settings) / "slot-0"


def test_a_slot_held_by_another_process_is_skipped(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, app_id="ww-slots")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from streams.runtime.settings import Settings; "
         "from streams.runtime.state import claim_slot; "
         f"s = claim_slot(Settings(home={str(tmp_path)!r}, app_id='ww-slots')); print(s.path.name, flush=True); "
         "sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "slot-0"
        assert claim_slot(settings).path.name == "slot-1"
    finally:
        holder.communicate("", timeout=30)  # the holder exits, and its lock goes with it
    assert claim_slot(settings).path.name == "slot-0"


def test_a_worker_instance_id_names_its_slot_and_is_held_once(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, app_id="ww-slots", worker_instance_id="host/a")
    held = claim_slot(settings)
    assert held.path == state_dir(settings) / "host_a"
    with pytest.raises(RuntimeError, match="held by other worker processes"):
        claim_slot(settings)


def test_two_apps_with_one_home_keep_their_tables_apart(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, app_id="ww-slots")
    apps = [create_app(settings) for _ in range(2)]  # each holds its slot as long as it lives
    assert {Path(app.conf.datadir) for app in apps} == {state_dir(settings) / "slot-0", state_dir(settings) / "slot-1"}
