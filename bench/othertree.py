"""Running a benchmark's scoring on another tree's code in the same run (``--before
TREE``), so that a change is compared with the code before it on the same machine at the
same time: the benchmark's own file is run by a fresh interpreter with ``TREE`` first on
its path, and what one of its functions returns comes back as JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

__all__ = ["label", "run_in_tree"]


def run_in_tree(tree: str, module_file: str, function: str, *args: object) -> object:
    """``function(*args)`` of the module at ``module_file``, run on the code of ``tree``
    (its ``kg`` and ``bench`` packages imported from there): its JSON result."""
    code = (
        "import importlib.util, json\n"
        f"spec = importlib.util.spec_from_file_location('scored', {str(Path(module_file))!r})\n"
        "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
        f"print(json.dumps(m.{function}(*{list(args)!r})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": tree},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def label(tree: str) -> str:
    """``TREE (abc1234)``: the tree and its commit, where it is a git checkout."""
    head = subprocess.run(
        ["git", "-C", tree, "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return f"{tree} ({head})" if head else tree
