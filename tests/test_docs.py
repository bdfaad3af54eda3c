"""The documentation keeps up with the code: every setting is in the table of
docs/cli.md, every package of kg and api in docs/architecture.md, and the README starts
with the two commands and stays short enough to read to the end."""

from __future__ import annotations

import pkgutil
from pathlib import Path

import pytest

import api
import kg
from kg.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_documented(field):
    assert f"`TKG_{field.upper()}`" in (DOCS / "cli.md").read_text(encoding="utf-8")


def test_every_package_is_in_the_architecture_page():
    page = (DOCS / "architecture.md").read_text(encoding="utf-8")
    packages = [
        m.name.replace(".", "/")
        for root in (kg, api)
        for m in pkgutil.walk_packages(root.__path__, f"{root.__name__}.")
        if m.ispkg and m.name.count(".") == 1
    ]
    assert packages and [p for p in packages if f"`{p}/`" not in page] == []


def test_the_readme_starts_with_the_two_commands():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    opening = "\n".join(lines[:12])
    assert opening.index("make serve") < opening.index("make test")
    assert len(lines) <= 200
    linked = {part.split(")")[0] for part in " ".join(lines).split("](docs/")[1:]}
    assert linked and all((DOCS / name.split("#")[0]).is_file() for name in linked)
