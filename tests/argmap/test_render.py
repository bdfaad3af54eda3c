"""Pictures and files of a map: DOT, SVG and PNG through Graphviz, Mermaid, GraphML (read back
with networkx), the self-contained HTML page, and the export table."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import networkx as nx
import pytest

from kg.argmap import parse_argdown, write_argdown
from kg.argmap.export import FORMATS, export
from kg.argmap.html import to_html
from kg.argmap.render_dot import render, to_dot
from kg.argmap.render_text import to_graphml, to_mermaid
from kg.errors import UnsupportedFormatError

DATA = Path(__file__).parents[1] / "data" / "argmap"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")


@pytest.fixture(scope="module")
def m():
    return parse_argdown((DATA / "anchored.argdown").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample():
    return parse_argdown((DATA / "sample.argdown").read_text(encoding="utf-8"))


def test_dot_tells_supports_from_attacks_by_colour_and_line(sample) -> None:
    dot = to_dot(sample, "sample")
    support = next(line for line in dot.splitlines() if "s_automation -> s_technocracy" in line)
    attack = next(line for line in dot.splitlines() if "a_humans_decide -> s_automation" in line)
    assert 'color="#1e8449"' in support and "style=solid" in support
    assert 'color="#c0392b"' in attack and "style=dashed" in attack
    assert "cluster_1" in dot and "label=Thesis" in dot
    assert "cluster_legend" in dot and "supports" in dot and "attacks" in dot


def test_dot_links_each_anchored_node_to_its_anchor(m) -> None:
    dot = to_dot(m, "anchored", base="http://127.0.0.1:8000")
    assert 'URL="http://127.0.0.1:8000/id/anchor/anchored/claim/code"' in dot
    assert "Software now runs much of the city." in dot  # the quotation is the tooltip


@needs_dot
def test_svg_and_png_through_graphviz(sample) -> None:
    svg = render(sample, "sample", "svg").decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for title in ("Automation", "Technocracy", "Humans decide", "Redundancy"):
        assert title in svg
    assert "stroke-dasharray" in svg  # dashed attacks
    png = render(sample, "sample", "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000


def test_mermaid(sample) -> None:
    text = to_mermaid(sample, "sample")
    assert text.startswith("flowchart BT\n")
    assert 'subgraph s1["Thesis"]' in text
    assert "a_humans_decide -.->|attacks| s_automation" in text
    assert "s_automation <==>|contradicts| s_manual_city" in text
    assert "linkStyle" in text and "#c0392b" in text


def test_graphml_reads_back_with_networkx(sample) -> None:
    g = nx.read_graphml(io.BytesIO(to_graphml(sample, "sample")))
    assert g.number_of_nodes() == 11
    kinds = [d["kind"] for _, _, d in g.edges(data=True)]
    assert kinds.count("attack") == 2 and kinds.count("undercut") == 1
    assert kinds.count("premise") == 3 and kinds.count("conclusion") == 1
    assert g.nodes["s_automation"]["text"] == "Cities are increasingly managed by software."
    assert g.nodes["s_automation"]["section"] == "Thesis"


@needs_dot
def test_the_html_page_is_self_contained(m) -> None:
    page = to_html(m, "anchored", base="http://127.0.0.1:8000")
    assert page.startswith("<!DOCTYPE html>")
    assert "<svg" in page and 'id="legend"' in page
    assert "<script" not in page and 'src="http' not in page and "<link" not in page
    assert "“Software now runs much of the city.”" in page
    assert 'href="http://127.0.0.1:8000/id/anchor/anchored/claim/code"' in page
    assert 'xlink:href="#s_code"' in page  # each node leads to its entry on the page
    assert 'href="http://127.0.0.1:8000/id/work/kitchin2014realtime"' in page


@pytest.mark.parametrize("fmt", sorted(set(FORMATS) - {"svg", "png", "html"}))
def test_every_format_exports(sample, fmt: str) -> None:
    data = export(sample, "sample", fmt)
    assert data
    if fmt == "json":
        body = json.loads(data)
        assert body["counts"] == {"statements": 9, "arguments": 2, "relations": 6}
    if fmt == "argdown":
        assert data.decode() == write_argdown(sample)
    if fmt == "aif":  # AIFdb's plain form
        assert json.loads(data)["nodes"] and json.loads(data)["locutions"] == []
    if fmt == "xaif":  # OVA's envelope
        assert json.loads(data)["AIF"]["nodes"]


def test_an_unknown_format_is_refused(sample) -> None:
    with pytest.raises(UnsupportedFormatError, match="offered: json, argdown"):
        export(sample, "sample", "pdf")
