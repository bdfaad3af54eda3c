"""The code keeps to the project's lint and format rules (``[tool.ruff]`` in pyproject.toml),
checked by the ruff release the test extra pins, so that ``make test`` catches what
``make lint`` would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUFF = Path(sys.executable).with_name("ruff")


@pytest.mark.parametrize(
    "command", [["check", "--no-cache", "."], ["format", "--check", "--no-cache", "."]]
)
def test_ruff_finds_nothing(command: list[str]) -> None:
    done = subprocess.run([str(RUFF), *command], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
