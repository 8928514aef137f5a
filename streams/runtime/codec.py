"""One Faust codec for every pydantic record: JSON on the wire, decoded to a dict for the agent to validate."""

from __future__ import annotations

import json
from typing import Any

from faust.serializers import codecs
from pydantic import BaseModel

CODEC_NAME = "wirewatch"


class PydanticCodec(codecs.Codec):
    """Serialise pydantic models (and plain JSON values) as UTF-8 JSON."""

    def _dumps(self, obj: Any) -> bytes:
        if isinstance(obj, BaseModel):
            return obj.model_dump_json().encode("utf-8")
        return json.dumps(obj, default=str).encode("utf-8")

    def _loads(self, s: bytes) -> Any:
        return json.loads(s)


def register_codec() -> str:
    """Register the codec with Faust (idempotent) and return its name."""
    if CODEC_NAME not in codecs.codecs:
        codecs.register(CODEC_NAME, PydanticCodec())
    return CODEC_NAME
