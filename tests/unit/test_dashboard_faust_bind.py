"""Faust's own web server (the worker's, when WIREWATCH_WEB_PORT is set) binds to loopback unless told."""

from __future__ import annotations

import pytest

from streams.runtime.app import create_app
from streams.runtime.settings import Settings


@pytest.mark.parametrize(("overrides", "bind"), [
    ({}, "127.0.0.1"),
    ({"web_host": "0.0.0.0"}, "0.0.0.0"),  # noqa: S104 - asked for explicitly
])
def test_faust_web_server_binds_where_settings_say(overrides, bind):
    app = create_app(Settings(app_id="ww-bind-test", web_port=6099, **overrides))
    assert app.conf.web_enabled and app.conf.web_bind == bind
