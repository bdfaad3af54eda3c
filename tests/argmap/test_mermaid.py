"""Mermaid exports that Mermaid draws: the chapter's map, over Mermaid's maxTextSize in full,
is abridged with a note until it fits, and mermaid-cli (mmdc, driving Debian's Chromium)
renders it without an error box, every node drawn."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from node_support import TOOLS, node_package

from kg.argmap import parse_argdown
from kg.argmap.render_text import MERMAID_MAX_TEXT, to_mermaid

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = ROOT / "kg" / "corpus" / "kitchin2019smart.argdown"
NODE = re.compile(r"^\s+(\w+)[(\[]\"", re.M)


@pytest.fixture(scope="module")
def chapter():
    return parse_argdown(CHAPTER.read_text(encoding="utf-8"))


def _length(text: str) -> int:  # as Mermaid counts: UTF-16 code units
    return len(text.encode("utf-16-le")) // 2


def test_a_map_over_the_limit_is_abridged_with_a_note(chapter):
    whole = to_mermaid(chapter, "kitchin2019smart", limit=10**9)
    assert _length(whole) > MERMAID_MAX_TEXT  # the chapter's map does not fit whole
    assert "abridged_note" not in whole
    text = to_mermaid(chapter, "kitchin2019smart")
    assert _length(text) <= MERMAID_MAX_TEXT
    assert "Abridged to stay under Mermaid's maxTextSize" in text
    assert set(NODE.findall(text)) - {"abridged_note"} == set(NODE.findall(whole))
    assert text.count(" --> ") == whole.count(" --> ")  # every link kept


def test_a_small_map_is_whole():
    m = parse_argdown("[T]: Thesis.\n  - <A>: Objection.\n")
    assert "abridged" not in to_mermaid(m, "demo")


def _mmdc(source: Path, tmp_path: Path) -> str:
    node_package("@mermaid-js/mermaid-cli")
    chromium = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
    chromium = chromium or shutil.which("chromium")
    if chromium is None:
        pytest.fail("Chromium is missing: `make browser` installs Debian's chromium")
    config = tmp_path / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": chromium, "args": ["--no-sandbox"]}))
    out = tmp_path / "map.svg"
    done = subprocess.run(
        [str(TOOLS / ".bin" / "mmdc"), "-p", str(config), "-i", str(source), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return out.read_text(encoding="utf-8")


@pytest.mark.slow
def test_mermaid_cli_renders_the_chapter_without_an_error(chapter, tmp_path):
    text = to_mermaid(chapter, "kitchin2019smart")
    source = tmp_path / "map.mmd"
    source.write_text(text, encoding="utf-8")
    svg = _mmdc(source, tmp_path)
    assert "Maximum text size" not in svg and "Syntax error" not in svg
    assert '<g class="error-icon"' not in svg
    drawn = set(re.findall(r'id="my-svg-flowchart-(\w+)-\d+"', svg))
    assert drawn == set(NODE.findall(text))
