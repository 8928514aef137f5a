"""Size of the entity tagger's hand-written rules, printed under the ablation table of ``wirewatch eval entities``.

Three counts, the same way every time so that before and after can be compared:

- lines of rule code: lines of ``agents/entities/*.py`` that hold code (no blank line, comment or docstring);
- word lists in code: assignments of a literal set, frozenset, list, tuple or dict of two or more strings
  (``_JOINERS = frozenset({"of", "for"})``);
- cue words in data: the entries of every list in ``agents/entities/data/cues.json``.
"""

from __future__ import annotations

import ast
import io
import json
import tokenize
from pathlib import Path

PACKAGE = Path("agents/entities")


def _code_lines(source: str) -> int:
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            docstrings |= set(range(body[0].lineno, (body[0].end_lineno or body[0].lineno) + 1))
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                              tokenize.ENDMARKER):
            lines.add(token.start[0])
    return len(lines - docstrings)


def _strings(node: ast.AST) -> int:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("frozenset", "set") \
            and node.args:
        return _strings(node.args[0])
    items = node.keys if isinstance(node, ast.Dict) else getattr(node, "elts", [])
    if not isinstance(node, ast.Set | ast.List | ast.Tuple | ast.Dict):
        return 0
    return sum(1 for item in items if isinstance(item, ast.Constant) and isinstance(item.value, str))


def rule_size(package: Path = PACKAGE) -> dict[str, int]:
    """Lines of rule code, word lists in code and cue words in data of the tagger package."""
    lines = lists = 0
    for path in sorted(package.glob("*.py")):
        source = path.read_text("utf-8")
        lines += _code_lines(source)
        lists += sum(1 for node in ast.walk(ast.parse(source))
                     if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None
                     and _strings(node.value) >= 2)
    cues = json.loads((package / "data" / "cues.json").read_text("utf-8"))
    words = sum(len(v) for v in cues.values() if isinstance(v, list))
    return {"rule_lines": lines, "word_lists": lists, "cue_words": words}
