"""The exported interactive map (`tkg litmap --format html`) in a real browser (Debian's
Chromium through Playwright), opened from disk: sigma.js and graphology inlined, nothing
fetched."""

from __future__ import annotations

import pytest
from litmap_support import litmap_store

from kg.litmap import Filters, build_map, write_map
from kg.litmap.html import VENDOR_SCRIPTS, static_dir


@pytest.fixture(scope="module")
def page_html(tmp_path_factory):
    missing = [n for n in VENDOR_SCRIPTS if not (static_dir() / "vendor" / n).is_file()]
    if missing:
        pytest.fail(f"{missing} missing: `make web-assets` installs them into api/static/vendor/")
    store = litmap_store()
    built = build_map(store, "cocitation", Filters(grain="paragraph"))
    path = tmp_path_factory.mktemp("html") / "map.html"
    path.write_bytes(write_map(built, "html"))
    store.close()
    return path, built


@pytest.mark.slow
def test_interactive_map_draws_filters_and_explains(page, page_html):
    path, built = page_html
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_function("() => window.tkgLitmap !== undefined")
    nodes, edges = built.graph.number_of_nodes(), built.graph.number_of_edges()
    assert page.evaluate("() => window.tkgLitmap.graph.order") == nodes
    assert page.evaluate("() => window.tkgLitmap.graph.size") == edges
    assert page.locator("#counts").inner_text() == (
        f"{nodes} of {nodes} nodes, {edges} of {edges} links"
    )
    page.evaluate("() => window.tkgLitmap.select('townsend2013smart')")
    info = page.locator("#info").inner_text()
    assert "Townsend 2013" in info and "year: 2013" in info
    # offline, the panel links to the work's IRI (no server to ask for its sentences)
    href = page.get_attribute("#info a.work-link", "href")
    assert href == "https://w3id.org/technocracy/id/work/townsend2013smart"
    page.locator("#weight").fill("2")
    heavy = sum(1 for *_, w in built.graph.edges(data="weight") if w >= 2)
    assert page.locator("#counts").inner_text().endswith(f"{heavy} of {edges} links")
    page.locator("#find").fill("haas")
    shown = page.evaluate(
        """() => { const r = window.tkgLitmap.renderer, g = window.tkgLitmap.graph;
                   window.tkgLitmap.select('townsend2013smart');
                   return g.filterNodes(id => r.getNodeDisplayData(id).label !== ''); }"""
    )
    haas = [n for n, label in built.graph.nodes(data="label") if "haas" in label.lower()]
    assert len(haas) == 2 and sorted(shown) == sorted(haas)
    assert page.locator("script[src]").count() == 0  # self-contained: nothing fetched
    assert [u for u in requests if not u.startswith("file:")] == []


def test_without_the_viewer_files_the_page_says_so(monkeypatch, tmp_path):
    import networkx as nx

    from kg.litmap import html

    monkeypatch.setattr(html, "static_dir", lambda: tmp_path)
    g = nx.Graph([("a", "b")])
    page = html.to_html(g, title="t").decode()
    assert "graphology/graphology.umd.min.js, sigma/sigma.min.js were not in" in page
    assert "<script>" not in page
