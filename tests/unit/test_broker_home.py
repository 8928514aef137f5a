"""Where the local broker's cache lives: a per-user directory, never the current one unless asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.ops.broker import local_broker
from streams.runtime.settings import Settings


@pytest.fixture
def elsewhere(tmp_path, monkeypatch) -> Path:
    """A current directory that holds a prepared ``.wirewatch`` cache, with no cache variable set."""
    (tmp_path / ".wirewatch" / "kafka").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    for name in ("WIREWATCH_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_the_default_cache_is_per_user_and_not_in_the_current_directory(elsewhere):
    home = Settings().home
    assert home == elsewhere / "user" / ".cache" / "wirewatch"
    assert home.is_absolute()
    broker = local_broker(Settings())
    assert Path.cwd() / ".wirewatch" not in [broker.libs_dir, *broker.libs_dir.parents]


@pytest.mark.parametrize(("variable", "value", "expected"), [
    ("XDG_CACHE_HOME", "/var/cache/u1", "/var/cache/u1/wirewatch"),
    ("XDG_CACHE_HOME", "relative/cache", "{home}/.cache/wirewatch"),  # the XDG spec says: ignore it
    ("WIREWATCH_HOME", "/srv/ww", "/srv/ww"),
    ("WIREWATCH_HOME", "~/ww", "{home}/ww"),
    ("WIREWATCH_HOME", "", "{home}/.cache/wirewatch"),  # empty would otherwise mean "."
    ("WIREWATCH_HOME", "here", "{cwd}/here"),  # an explicit relative path: the user's choice, made absolute
])
def test_the_cache_can_be_moved_with_settings(elsewhere, monkeypatch, variable, value, expected):
    monkeypatch.setenv(variable, value)
    wanted = expected.format(home=elsewhere / "user", cwd=elsewhere)
    assert Settings().home == Path(wanted)


def test_the_faust_state_stays_under_the_cache(elsewhere):
    settings = Settings(app_id="ww-x")
    assert (settings.home / "faust").is_relative_to(elsewhere / "user" / ".cache")
