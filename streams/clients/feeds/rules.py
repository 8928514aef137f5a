"""What ingestion treats as page furniture: data/ingest_rules.json, checked when it is loaded."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator


class _RulesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    about: str = ""
    furniture_tags: list[str]
    furniture_class_words: list[str]
    furniture_lines: list[str]
    link_dense_ratio: float = Field(gt=0.0, le=1.0)

    @field_validator("furniture_lines")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"furniture line pattern {pattern!r}: {exc}") from exc
        return patterns


@dataclass(frozen=True)
class IngestRules:
    """Furniture by element (tag, class or id words), by whole line, and by link density."""

    tags: frozenset[str]
    class_words: re.Pattern[str]
    lines: re.Pattern[str]
    link_dense_ratio: float

    @classmethod
    def load(cls, path: Path | None = None) -> IngestRules:
        """Read the packaged rules (or ``path``).

        Raises:
            pydantic.ValidationError: for a rules file with unknown fields or a pattern that does not compile.
        """
        text = (path.read_text(encoding="utf-8") if path is not None else
                resources.files("streams.clients.feeds").joinpath("data/ingest_rules.json").read_text("utf-8"))
        data = _RulesFile.model_validate_json(text)
        words = "|".join(re.escape(w) for w in sorted(data.furniture_class_words, key=len, reverse=True))
        return cls(
            tags=frozenset(t.lower() for t in data.furniture_tags),
            # A class or id names furniture when one of its hyphen/underscore-separated parts is a listed word.
            class_words=re.compile(rf"(?:^|[\s_-])(?:{words})(?:$|[\s_-])", re.IGNORECASE),
            lines=re.compile("|".join(f"(?:{p})" for p in data.furniture_lines), re.IGNORECASE),
            link_dense_ratio=data.link_dense_ratio,
        )

    def is_furniture_line(self, line: str) -> bool:
        """True when the whole line is boilerplate ("The post ... appeared first on ...", "Read more")."""
        return bool(self.lines.match(line.strip()))
