"""JSON from outside, parsed without the inputs that break Python.

Python's parser recurses (a few thousand levels of nesting exhaust its stack), refuses to convert
integers of over 4,300 digits, reads ``NaN`` and ``Infinity``, and accepts lone surrogates (``"\\ud800"``)
that no UTF-8 record can carry afterwards. :func:`load_json` refuses the first three before or while
parsing, :func:`lone_surrogate` finds the last, so that a bad message is a reason, not an exception.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_BRACKET = re.compile(r"[\[\]{}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class UnsafeJson(ValueError):
    """JSON refused, with a short machine-readable ``reason``: ``too_deep``, ``bad_number`` or ``not_json``."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class _BadNumber(Exception):
    pass


def json_depth(text: str, stop_above: int) -> int:
    """How deep the arrays and objects of a JSON text nest (counting stops once over ``stop_above``)."""
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_JSON_STRING.sub("", text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > stop_above:
                break
    return deepest


def load_json(text: str, max_depth: int, max_number_chars: int) -> Any:
    """Parse ``text``, refusing nesting over ``max_depth`` and numbers Python cannot hold or write back.

    Raises:
        UnsafeJson: ``too_deep``, ``bad_number`` (over ``max_number_chars`` characters, infinite, NaN)
            or ``not_json``.
    """
    if json_depth(text, max_depth) > max_depth:
        raise UnsafeJson("too_deep", f"JSON nested over max_json_depth {max_depth}")

    def number(literal: str, kind: type[int] | type[float]) -> int | float:
        if len(literal) > max_number_chars:
            raise _BadNumber(f"a number of {len(literal):,} characters, over max_number_digits {max_number_chars}")
        value = kind(literal)
        if not math.isfinite(value):
            raise _BadNumber(f"{literal[:40]} is not finite")
        return value

    def constant(name: str) -> float:
        raise _BadNumber(f"{name} is not a JSON number")

    try:
        return json.loads(text, parse_int=lambda s: number(s, int), parse_float=lambda s: number(s, float),
                          parse_constant=constant)
    except _BadNumber as exc:
        raise UnsafeJson("bad_number", str(exc)) from exc
    except RecursionError as exc:  # missed by the scan only in text that is not JSON anyway
        raise UnsafeJson("too_deep", "JSON nested too deep to parse") from exc
    except ValueError as exc:
        raise UnsafeJson("not_json", str(exc)) from exc


def lone_surrogate(data: Any) -> str | None:
    """The first lone surrogate in any key or string of parsed JSON, else None."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found = _SURROGATE.search(item)
            if found:
                return found.group()
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def printable(text: str) -> str:
    """``text`` with lone surrogates spelled out (``\\ud800``), so that it serialises as UTF-8."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
