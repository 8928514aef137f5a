"""Raw payloads of every poison kind the reliability issue names, with the dead-letter reason each must get.

Shared by the unit tests of validation and the poison-traffic test on the real broker.
"""

from __future__ import annotations

import json

from streams.runtime.records import Limits

LIMITS = Limits()


def article(aid: str, body: str = "Talks resumed in Geneva on Monday.", **fields: object) -> bytes:
    """A raw article as a publisher sends it."""
    return json.dumps({"id": aid, "title": "Talks", "body": body, **fields}).encode()


def with_raw(aid: str, field: str, literal: str) -> bytes:
    """An article whose ``field`` holds ``literal`` exactly as written (JSON json.dumps would not write)."""
    return article(aid).replace(b'"title": "Talks"', f'"title": "Talks", "{field}": {literal}'.encode())


# (name, payload, reason): one line per kind; bodies are built, not stored, because they are big.
POISON: list[tuple[str, bytes, str]] = [
    ("nested_3000_deep", b'{"id": "deep", "body": "x", "extra": ' + b"[" * 3000 + b"]" * 3000 + b"}", "too_deep"),
    ("array_3000_deep", b"[" * 3000 + b"]" * 3000, "too_deep"),
    ("integer_5000_digits", with_raw("digits", "count", "9" * 5000), "bad_number"),
    ("not_a_number", with_raw("nan", "score", "NaN"), "bad_number"),
    ("infinite_float", with_raw("inf", "score", "1e999"), "bad_number"),
    ("lone_surrogate_in_body", article("surrogate").replace(b"Geneva", b"Geneva \\ud800"), "bad_text"),
    ("lone_surrogate_in_a_key", with_raw("surrogate-key", '\\udfff', '"x"'), "bad_text"),
    ("raw_over_max_raw_bytes", article("huge-raw", "word " * (LIMITS.max_raw_bytes // 5 + 1)), "too_large"),
    ("body_over_max_body_chars", article("long-body", "Talks. " * (LIMITS.max_body_chars // 7 + 1)), "too_large"),
]
