"""Layout rules that code review would otherwise have to remember (run by scripts/check).

- Modules under src/ stay small: at most 400 lines (split along a seam, not into utils).
- No module compiles a regular expression inside a function (compile at import / startup).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

MAX_LINES = 400
ROOT = Path(__file__).resolve().parents[1] / "src" / "ferryman"


def main() -> int:
    problems = []
    for path in sorted(ROOT.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n") + 1
        rel = path.relative_to(ROOT.parent)
        if lines > MAX_LINES and "migrations" not in path.parts:
            problems.append(f"{rel}: {lines} lines (max {MAX_LINES}); split it along a seam")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if (
                        isinstance(inner, ast.Call)
                        and isinstance(inner.func, ast.Attribute)
                        and inner.func.attr == "compile"
                        and isinstance(inner.func.value, ast.Name)
                        and inner.func.value.id == "re"
                    ):
                        problems.append(f"{rel}:{inner.lineno}: re.compile inside a function")
    for problem in problems:
        print(problem, file=sys.stderr)  # noqa: T201
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
