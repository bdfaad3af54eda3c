"""Running the Node.js clients of our exports (installed into .tools/ by `make node-tools`).

A test that needs Node.js skips when Node.js is absent; when Node.js is there but a package
is not, it fails and says how to install it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".tools" / "node_modules"
SCRIPTS = Path(__file__).resolve().parent / "node"


def node_package(name: str) -> Path:
    """The folder of an npm package in .tools/; skips without Node.js, fails without it."""
    if shutil.which("node") is None:
        pytest.skip(f"Node.js is not installed: {name} cannot run")
    folder = TOOLS / name
    if not folder.is_dir():
        pytest.fail(f"npm package {name} is missing: `make node-tools` installs it into .tools/")
    return folder


def run_node(script: str, *args: str, packages: tuple[str, ...] = ()) -> object:
    """Run ``tests/node/{script}`` with ``args``; its standard output read as JSON."""
    for package in packages:
        node_package(package)
    done = subprocess.run(
        ["node", str(SCRIPTS / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NODE_PATH": str(TOOLS)},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)
