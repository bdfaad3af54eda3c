"""The architecture holds: the layer contracts of ``[tool.importlinter]`` (no module imports
a layer above its own, the feature packages stay independent, no import cycles), and the
type checker (``[tool.mypy]``) finds nothing in ``kg`` or ``api``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

LIMIT = 450  # lines; a module longer than this is doing more than one thing
# one cohesive parser each: its grammar reads best in one place
PARSERS = {
    "kg/argmap/argdown_parse.py",
    "kg/bib/plaintext.py",
    "kg/ingest/citations.py",
    "kg/ingest/segment.py",
}


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def test_the_layer_contracts_are_kept() -> None:
    done = _run(str(BIN / "lint-imports"), "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr
    kept = re.search(r"Contracts: (\d+) kept, 0 broken", done.stdout)
    assert kept and int(kept.group(1)) >= 4, done.stdout


def test_mypy_finds_nothing() -> None:
    done = _run(sys.executable, "-m", "mypy", "--no-incremental")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout


def test_no_module_is_too_long_to_name_in_five_words() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for package in ("kg", "api")
        for path in (ROOT / package).rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert set(long) <= PARSERS, {k: v for k, v in long.items() if k not in PARSERS}


def test_the_library_never_names_the_web_app() -> None:
    """Not even by a string handed to importlib, which import-linter cannot see."""
    named = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "kg").rglob("*.py")
        if re.search(r"""["']api\.[a-z]""", path.read_text(encoding="utf-8"))
    ]
    assert named == []
