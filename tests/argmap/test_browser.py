"""The argument explorer of the test maps as a reader sees it: Debian's Chromium, driven by
Playwright, against the API on 127.0.0.1 (the chapter's explorer: tests/api/test_argument_browser)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.argmap.storage import load_file
from kg.settings import Settings
from kg.store import OxigraphStore

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed"),
]
DATA = Path(__file__).parents[1] / "data" / "argmap"


@pytest.fixture(scope="module")
def url(serve_app) -> Iterator[str]:
    from api import create_app

    store = OxigraphStore()
    load_file(store, DATA / "sample.argdown", unknown="warn")
    load_file(store, DATA / "anchored.argdown", unknown="warn")
    with serve_app(create_app(Settings(store="memory", update_token=None), store)) as base:
        yield base
    store.close()


def test_the_map_page_shows_nodes_legend_and_links(page, url: str) -> None:
    """The explorer of the test map: its picture drawn from Graphviz, a legend in words."""
    page.goto(f"{url}/argmaps/sample?format=html")
    assert "A small test map" in page.title()
    page.wait_for_selector("#map-frame svg g.svg-pan-zoom_viewport", state="attached")
    # one drawn node per statement or argument in the picture
    titles = page.eval_on_selector_all(
        "#map-frame g.node title", "els => els.map(e => e.textContent)"
    )
    assert {"s_automation", "s_technocracy", "a_sensors", "a_humans_decide"} <= set(titles)
    legend = page.inner_text("#legend")
    for word in ("supports", "attacks", "contradicts", "undercuts", "is a premise of"):
        assert word in legend
    # an attack is drawn red and dashed, a support green and solid
    attack = page.eval_on_selector(
        "#map-frame g.edge:has(title:text('a_humans_decide->s_automation')) path",
        "e => [e.getAttribute('stroke'), e.getAttribute('stroke-dasharray')]",
    )
    assert attack[0] == "#c0392b" and attack[1]
    support = page.eval_on_selector(
        "#map-frame g.edge:has(title:text('s_automation->s_technocracy')) path",
        "e => [e.getAttribute('stroke'), e.getAttribute('stroke-dasharray')]",
    )
    assert support == ["#1e8449", None]
    # the outline tells the same relations in words: an undercut, a contradiction
    page.click("#outline button[data-outline='expand']")
    outline = page.inner_text("#outline ul.outline")
    assert "undercuts" in outline and "contradicts" in outline
    assert "Cities are increasingly managed by software." in outline
    with page.expect_navigation():
        page.click("#map-frame [id='node-s_automation'] a")
    assert page.url.endswith("/argmaps/sample/claims/automation")
    assert "Cities are increasingly managed by software." in page.inner_text("main")


def test_a_node_leads_to_its_quotation_and_anchor(page, url: str) -> None:
    page.goto(f"{url}/argmaps/anchored?format=html")
    entry = page.inner_text("#c-code")
    assert "“Software now runs much of the city.”" in entry and "Page 1" in entry
    page.wait_for_selector("#map-frame svg g.svg-pan-zoom_viewport", state="attached")
    with page.expect_navigation():
        page.click("#map-frame [id='node-s_code'] a")
    assert page.url.endswith("/argmaps/anchored/claims/code")
    with page.expect_navigation():
        page.click("main a:text('anchor')")
    assert page.url.endswith("/id/anchor/anchored/claim/code")
    assert "Software now runs much of the city." in page.inner_text("body")
