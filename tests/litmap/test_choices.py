"""The names the command line offers are those the map code serves, and offering them
does not import the map code (networkx, numpy), which every ``tkg`` command would pay for."""

from __future__ import annotations

import subprocess
import sys

from kg.litmap import choices, formats, networks


def test_the_format_names_are_the_writers_names_in_order():
    assert tuple(f.name for f in formats.MAP_FORMATS) == choices.MAP_FORMAT_NAMES


def test_every_bibliography_format_is_a_map_format_and_every_kind_is_built():
    assert set(choices.BIB_FORMATS) <= set(choices.MAP_FORMAT_NAMES)
    assert networks.KINDS is choices.KINDS and networks.GRAINS is choices.GRAINS


def test_the_command_line_starts_without_the_map_code():
    probe = (
        "import sys, api.cli; "
        "print(' '.join(m for m in ('networkx', 'numpy', 'jinja2', 'owlready2', 'fastapi') "
        "if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []
