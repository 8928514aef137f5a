"""The alert rule set: loading, validation and user extensions of ``agents/alerts/data/rules.json``.

Rules file format (JSON, versioned; every key below is required in the packaged file)::

    {
      "version": 2,
      "kind": "invasion_warning",
      "default_cameo": "138",
      "min_alert_score": 1.5,              # sum of evidence weights an article needs to alert
      "lexicon": {"military": ["troops", "forces", ...], ...},
                                           # cue lists; a pattern writes {military} for (?:troops|forces|...);
                                           # the optional list "idiom" holds other senses of the verbs
                                           # ("strike a deal", "seize the opportunity"): a warning whose
                                           # pivot starts an idiom does not count
      "warning_rules": [{"id": "...", "cameo": "1384", "weight": 2.0, "pattern": "... (?P<pivot>...) ...",
                         "needs_agent": true, "agent_scope": "clause", "needs_military": false,
                         "passive": false, "description": "..."}],
                                           # needs_agent: military nouns or a state in the threat's
                                           # clause ("sentence": anywhere in it; "context": military
                                           # nouns may be in the sentence before); needs_military: military
                                           # nouns near the pivot; passive: actor after "by"
      "counter_rules": [{"id": "denial", "cameo": "016", "pattern": "...", "description": "..."}],
      "frames": {"sport": {"cues": ["pitch", ...], "article_min": 2}, ...},
                                           # other senses: a sentence with a cue cannot warn; an article
                                           # with article_min distinct cues of one frame (and fewer
                                           # military cues) cannot alert; "always": true applies the
                                           # sentence rule even when the sentence names forces;
                                           # "passing": true (business) silences nothing: its warnings
                                           # are passing mentions, of low severity
      "history_before_year": 2000,         # a sentence naming an earlier year is history
      "question_weight": 0.5,              # optional: share of a rule's weight a question sentence carries
      "conditional_pattern": "...",        # text before a warning verb that puts it in an if-clause
      "severity": {"evidence_cap": 3.0, "imminence": {...}, "scale": {...}, "official": {...},
                   "multiple_sources": {...}, "corroboration": {...}, "thresholds": {"low": 0.0, ...}}
    }

Patterns are Python regular expressions, matched case-insensitively on one sentence. ``pivot`` names the
verb or noun of the threat: states before it are candidate actors, states after it candidate targets.

Extending without touching code: set ``WIREWATCH_ALERT_RULES_FILE`` to one or more extra rules files
(separated by the path separator, ``:`` on Linux). Each is merged over the packaged rules in order:
lexicon lists are extended, rules with an existing ``id`` replace it and new ids are appended,
``"disable": ["rule-id", ...]`` removes rules, frames extend their cue lists, and any other key
(``min_alert_score``, ``severity`` sub-keys, ...) overrides. An extra file needs only the keys it changes.
Everything is validated at load; :class:`RulesError` names the file and the bad entry.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

_MACRO = re.compile(r"\{([a-z_]+)\}")
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_REQUIRED = ("version", "kind", "default_cameo", "min_alert_score", "lexicon", "warning_rules",
             "counter_rules", "frames", "history_before_year", "conditional_pattern", "severity")
_SEVERITIES = ("low", "medium", "high", "critical")


class RulesError(ValueError):
    """A rules file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Rule:
    """One compiled warning or counter-evidence rule."""

    id: str
    cameo: str
    weight: float
    regex: re.Pattern[str]
    needs_agent: bool = True
    needs_military: bool = False
    passive: bool = False
    agent_scope: str = "clause"  # where the agent must be: the threat's clause, the sentence, or "context"


@dataclass(frozen=True)
class Frame:
    """Cues of another sense of the words (sport, business, fiction ...)."""

    name: str
    cues: re.Pattern[str]
    article_min: int
    always: bool = False  # True: a cue rules the sentence out even when it names military forces
    passing: bool = False  # True: the frame neither rules sentences out nor silences warnings; it lowers severity


@dataclass(frozen=True)
class AlertRules:
    """The validated, compiled rule set."""

    version: int
    kind: str
    default_cameo: str
    min_alert_score: float
    warnings: tuple[Rule, ...]
    counters: tuple[Rule, ...]
    frames: tuple[Frame, ...]
    history_before_year: int
    conditional: re.Pattern[str]
    lexicon: dict[str, re.Pattern[str]]
    severity: dict[str, Any]
    sources: tuple[str, ...] = ()
    question_weight: float = 0.5

    def ruled_out_frame(self, text: str) -> str | None:
        """Name of a frame of another sense that dominates the article, if any."""
        military = len({m.group().lower() for m in self.lexicon["military"].finditer(text)})
        for frame in self.frames:
            cues = {m.group().lower() for m in frame.cues.finditer(text)}
            if len(cues) >= frame.article_min and len(cues) > military:
                return frame.name
        return None

    def excluded(self, sentence: str, passing: bool = True) -> bool:
        """A sentence of another sense (a frame cue without forces), or naming a year before history_before_year.

        ``passing=False`` leaves out the cues of passing frames (business): such a sentence is closed to the
        rules ("bulls storm the market") but still read by the learned reader (a market clause can warn).
        """
        military = self.lexicon["military"].search(sentence) is not None
        for frame in self.frames:
            if frame.passing and not passing:
                continue
            if (frame.always or not military) and frame.cues.search(sentence):
                return True
        return any(int(y) < self.history_before_year for y in _YEAR.findall(sentence))

    @classmethod
    def load(cls, extra_paths: Iterable[str | Path] = ()) -> AlertRules:
        """The packaged rules merged with extra files (``Settings.rules_files``)."""
        data = json.loads(resources.files("agents.alerts").joinpath("data/rules.json").read_text("utf-8"))
        names = ["agents/alerts/data/rules.json"]
        for path in extra_paths:
            try:
                extra = json.loads(Path(path).read_text("utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise RulesError(f"{path}: cannot read rules file: {exc}") from exc
            data = merge_rules(data, extra, str(path))
            names.append(str(path))
        return cls.from_dict(data, " + ".join(names))

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "<rules>") -> AlertRules:
        """Validate and compile a rules document.

        Raises:
            RulesError: naming ``source`` and the first bad entry.
        """
        missing = [k for k in _REQUIRED if k not in data]
        if missing:
            raise RulesError(f"{source}: missing key(s) {', '.join(missing)}")
        lexicon = _lexicon(data["lexicon"], source)
        severity = _severity(data["severity"], source)
        return cls(
            version=_typed(data, "version", int, source),
            kind=_typed(data, "kind", str, source),
            default_cameo=_cameo(data["default_cameo"], f"{source}: default_cameo"),
            min_alert_score=float(_typed(data, "min_alert_score", (int, float), source)),
            warnings=tuple(_rule(r, i, "warning_rules", lexicon, source) for i, r in enumerate(data["warning_rules"])),
            counters=tuple(_rule(r, i, "counter_rules", lexicon, source) for i, r in enumerate(data["counter_rules"])),
            frames=tuple(_frame(name, f, source) for name, f in _typed(data, "frames", dict, source).items()),
            history_before_year=_typed(data, "history_before_year", int, source),
            conditional=_compile(data["conditional_pattern"], lexicon, f"{source}: conditional_pattern"),
            lexicon={k: re.compile(rf"\b(?:{v})\b", re.I) for k, v in lexicon.items()},
            severity=severity,
            sources=tuple(source.split(" + ")),
            question_weight=float(_typed(data, "question_weight", (int, float), source))
            if "question_weight" in data else 0.5,
        )


def merge_rules(base: dict[str, Any], extra: dict[str, Any], source: str = "<extra>") -> dict[str, Any]:
    """Merge an extra rules document over ``base`` (see the module docstring for the semantics)."""
    if not isinstance(extra, dict):
        raise RulesError(f"{source}: a rules file must hold a JSON object")
    merged = copy.deepcopy(base)
    disabled = set(extra.get("disable", []))
    for key in ("warning_rules", "counter_rules"):
        rules = [r for r in merged.get(key, []) if r.get("id") not in disabled]
        for i, rule in enumerate(extra.get(key, [])):
            if not isinstance(rule, dict) or not isinstance(rule.get("id"), str):
                raise RulesError(f"{source}: {key}[{i}] needs a string 'id'")
            rules = [r for r in rules if r.get("id") != rule["id"]] + [rule]
        merged[key] = rules
    for name, cues in extra.get("lexicon", {}).items():
        merged.setdefault("lexicon", {}).setdefault(name, [])
        merged["lexicon"][name] = list(merged["lexicon"][name]) + list(cues)
    for name, frame in extra.get("frames", {}).items():
        old = merged.setdefault("frames", {}).setdefault(name, {"cues": [], "article_min": 2})
        old["cues"] = list(old.get("cues", [])) + list(frame.get("cues", []))
        old["article_min"] = frame.get("article_min", old["article_min"])
    for key, value in extra.get("severity", {}).items():
        merged.setdefault("severity", {})[key] = value
    for key, value in extra.items():
        if key not in ("warning_rules", "counter_rules", "lexicon", "frames", "severity", "disable"):
            merged[key] = value
    return merged


def _typed(data: dict[str, Any], key: str, kind: Any, source: str) -> Any:
    value = data[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise RulesError(f"{source}: {key} has the wrong type ({type(value).__name__})")
    return value


def _cameo(value: Any, where: str) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"\d{2,4}", value):
        raise RulesError(f"{where}: cameo must be a 2-4 digit string, got {value!r}")
    return value


def _lexicon(raw: Any, source: str) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise RulesError(f"{source}: lexicon must be an object of cue lists")
    lexicon = {}
    for name, cues in raw.items():
        if not re.fullmatch(r"[a-z_]+", name) or not isinstance(cues, list) or not cues:
            raise RulesError(f"{source}: lexicon.{name} must be a non-empty list under a lower-case name")
        if not all(isinstance(c, str) and c for c in cues):
            raise RulesError(f"{source}: lexicon.{name} holds a non-string or empty cue")
        # Longest first so that alternation prefers "South Sudanese" to "Sudanese".
        lexicon[name] = "|".join(f"(?:{c})" for c in sorted(cues, key=len, reverse=True))
        _compile(lexicon[name], {}, f"{source}: lexicon.{name}")
    return lexicon


def _compile(pattern: Any, lexicon: dict[str, str], where: str) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise RulesError(f"{where}: pattern must be a non-empty string")

    def expand(m: re.Match[str]) -> str:
        if m.group(1) not in lexicon:
            raise RulesError(f"{where}: unknown lexicon list {{{m.group(1)}}}")
        return f"(?:{lexicon[m.group(1)]})"

    try:
        return re.compile(_MACRO.sub(expand, pattern), re.I)
    except re.error as exc:
        raise RulesError(f"{where}: invalid regular expression: {exc}") from exc


def _rule(raw: Any, index: int, key: str, lexicon: dict[str, str], source: str) -> Rule:
    where = f"{source}: {key}[{index}]"
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"]:
        raise RulesError(f"{where}: a rule is an object with a string 'id'")
    where = f"{where} ({raw['id']})"
    unknown = set(raw) - {"id", "cameo", "weight", "pattern", "needs_agent", "needs_military", "passive",
                          "agent_scope", "description"}
    if unknown:
        raise RulesError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    weight = raw.get("weight", 0.0)
    if not isinstance(weight, int | float) or isinstance(weight, bool) or weight < 0:
        raise RulesError(f"{where}: weight must be a non-negative number, got {weight!r}")
    if raw.get("agent_scope", "clause") not in ("clause", "sentence", "context"):
        raise RulesError(f"{where}: agent_scope must be 'clause', 'sentence' or 'context'")
    return Rule(
        id=raw["id"], cameo=_cameo(raw.get("cameo", "138"), where), weight=float(weight),
        regex=_compile(raw.get("pattern"), lexicon, where),
        needs_agent=bool(raw.get("needs_agent", True)), needs_military=bool(raw.get("needs_military", False)),
        passive=bool(raw.get("passive", False)), agent_scope=raw.get("agent_scope", "clause"),
    )


def _frame(name: str, raw: Any, source: str) -> Frame:
    where = f"{source}: frames.{name}"
    if not isinstance(raw, dict) or not isinstance(raw.get("cues"), list) or not raw["cues"]:
        raise RulesError(f"{where}: a frame is an object with a non-empty 'cues' list")
    article_min = raw.get("article_min", 2)
    if not isinstance(article_min, int) or article_min < 1:
        raise RulesError(f"{where}: article_min must be a positive integer")
    cues = "|".join(f"(?:{c})" for c in raw["cues"])
    return Frame(name, _compile(rf"\b(?:{cues})\b", {}, where), article_min, bool(raw.get("always", False)),
                 bool(raw.get("passing", False)))


def _severity(raw: Any, source: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise RulesError(f"{source}: severity must be an object")
    thresholds = raw.get("thresholds")
    if not isinstance(thresholds, dict) or set(thresholds) != set(_SEVERITIES):
        raise RulesError(f"{source}: severity.thresholds needs exactly {', '.join(_SEVERITIES)}")
    values = [thresholds[k] for k in _SEVERITIES]
    if not all(isinstance(v, int | float) for v in values) or values != sorted(values):
        raise RulesError(f"{source}: severity.thresholds must be numbers rising from low to critical")
    for key in ("imminence", "scale", "official", "multiple_sources", "corroboration"):
        if not isinstance(raw.get(key), dict):
            raise RulesError(f"{source}: severity.{key} must be an object")
    compiled = dict(raw)
    compiled["imminence_regex"] = [_compile(p, {}, f"{source}: severity.imminence") for p in
                                   raw["imminence"].get("patterns", [])]
    compiled["official_regex"] = _compile(r"\b(?:" + "|".join(raw["official"].get("cues", ["official"])) + r")\b",
                                          {}, f"{source}: severity.official")
    compiled["formations_regex"] = _compile(raw["scale"].get("formations", r"\bdivisions\b"), {},
                                            f"{source}: severity.scale.formations")
    return compiled
