"""Build hook: the inspection hot path compiled to C with mypyc (metadata is in pyproject.toml).

Why: the injection scanner spends most of a scan in Python bytecode between its C-level steps
(one Aho-Corasick pass, a few anchored regex tries, set look-ups); mypyc compiles the same,
type-checked modules to C extension modules, which removes most of the interpreter's dispatch
and attribute look-ups (~17% of a scan, bench/injection/score.py). The sources stay the
reference: the compiled modules behave the same, and the test suite runs on them.

    FERRYMAN_PURE=1 pip install .     # no compiler at hand: the pure-Python modules

Without mypyc (it comes with mypy, pinned in requirements.lock) the build is pure Python too;
a compiler error fails the build rather than shipping a slower gateway unnoticed.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup

#: the modules compiled: what every scan runs, per request (docs/performance.md)
NATIVE = [
    "src/ferryman/detection/normalize.py",
    "src/ferryman/detection/injection/anchors.py",
    "src/ferryman/detection/injection/catalog.py",
    "src/ferryman/detection/injection/decode.py",
    "src/ferryman/detection/injection/features.py",
    "src/ferryman/detection/injection/pairs.py",
    "src/ferryman/detection/injection/scanner.py",
    "src/ferryman/detection/injection/score.py",
]

#: mypyc type-checks what it compiles, and must not need the project's runtime dependencies (an
#: image's build stage or pip's isolated build has only setuptools and mypy): no config file
#: (pyproject's mypy section loads the pydantic plugin), third-party imports read as Any.
#: `mypy --strict` over all of src/ is the type check that gates changes (scripts/check).
MYPYC_FLAGS = ["--config-file=", "--ignore-missing-imports", "--follow-imports=silent"]


def _ext_modules() -> list[object]:
    if os.environ.get("FERRYMAN_PURE") == "1":
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        sys.stderr.write("ferryman: mypyc not found, building pure-Python modules\n")
        return []
    return list(mypycify([*MYPYC_FLAGS, *NATIVE], opt_level="3", group_name="ferryman_native"))


setup(ext_modules=_ext_modules())
