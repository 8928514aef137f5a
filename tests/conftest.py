"""Shared fixtures: per-test settings with their own topic and group names."""

from __future__ import annotations

import uuid

import pytest

from streams.runtime.settings import Settings


@pytest.fixture
def unique_settings() -> Settings:
    """Settings whose topics and consumer groups belong to this test alone."""
    tag = uuid.uuid4().hex[:12]
    return Settings(app_id=f"ww-test-{tag}", topic_prefix=f"t{tag}.")
