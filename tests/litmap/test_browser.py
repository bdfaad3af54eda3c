"""The interactive map in a real browser (Debian's Chromium through Playwright)."""

from __future__ import annotations

import pytest
from litmap_support import litmap_store

from kg.litmap import Filters, build_map, write_map


@pytest.fixture(scope="module")
def page_html(tmp_path_factory):
    store = litmap_store()
    built = build_map(store, "cocitation", Filters(grain="paragraph"))
    path = tmp_path_factory.mktemp("html") / "map.html"
    path.write_bytes(write_map(built, "html"))
    store.close()
    return path, built


@pytest.mark.slow
def test_interactive_map_draws_filters_and_explains(page, page_html):
    path, built = page_html
    page.goto(path.as_uri())
    nodes = page.locator("g.node")
    assert nodes.count() == built.graph.number_of_nodes()
    assert page.locator("line.edge").count() == built.graph.number_of_edges()
    edges = built.graph.number_of_edges()
    assert page.locator("#counts").inner_text() == (
        f"{built.graph.number_of_nodes()} nodes, {edges} of {edges} links"
    )
    page.locator("g.node[data-id='townsend2013smart'] circle").hover()
    info = page.locator("#info").inner_text()
    assert "Townsend 2013" in info and "year: 2013" in info
    page.locator("g.node[data-id='townsend2013smart'] circle").click()
    dimmed = page.locator("g.node.dim").count()
    assert dimmed == built.graph.number_of_nodes() - 1 - built.graph.degree("townsend2013smart")
    page.locator("#weight").fill("2")
    heavy = sum(1 for *_, w in built.graph.edges(data="weight") if w >= 2)
    assert page.locator("#counts").inner_text().endswith(f"{heavy} of {edges} links")
    page.locator("#find").fill("haas")
    assert page.locator("g.node:not(.dim)").count() == 2
    scripts = page.locator("script[src]").count()
    assert scripts == 0  # self-contained: nothing fetched
