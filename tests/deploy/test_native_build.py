"""The compiled hot path (setup.py): the suite runs on it, and it builds without the project's
runtime dependencies, as in the image's build stage or pip's isolated build."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _setup_constants() -> dict[str, list[str]]:
    tree = ast.parse((ROOT / "setup.py").read_text())
    out: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
            if isinstance(target, ast.Name) and target.id in ("NATIVE", "MYPYC_FLAGS"):
                assert node.value is not None
                out[target.id] = ast.literal_eval(node.value)
    return out


def test_the_suite_runs_on_the_compiled_modules() -> None:
    import ferryman.detection.injection.scanner as scanner
    import ferryman.detection.normalize as normalize

    if os.environ.get("FERRYMAN_PURE") == "1":
        return
    assert scanner.__file__ is not None and scanner.__file__.endswith(".so")
    assert normalize.__file__ is not None and normalize.__file__.endswith(".so")


def test_mypyc_type_check_needs_no_runtime_dependency(tmp_path: Path) -> None:
    """What mypyc checks before compiling, against an interpreter with no package installed
    and with the pydantic plugin unloadable: the build stage of the image."""
    consts = _setup_constants()
    bare = tmp_path / "bare"
    venv.EnvBuilder(with_pip=False).create(bare)
    script = (
        "import sys\n"
        "sys.modules['pydantic'] = None  # not installed where the image is built\n"
        "from mypy import api\n"
        "out, err, code = api.run(sys.argv[1:])\n"
        "print(out, err)\n"
        "raise SystemExit(code)\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            *consts["MYPYC_FLAGS"],
            f"--python-executable={bare / 'bin' / 'python'}",
            "--no-incremental",
            *consts["NATIVE"],
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
