"""The literature-map page in Debian's Chromium: the viewer (sigma.js over graphology, served
by the app from /static/vendor) draws the map, zooms, filters by year, and a click on a work
opens the sentences that cite it, linked into the reader. Requests to any other host are
aborted and recorded; there must be none, nor console errors or failed requests.

Needs the pages' browser code: `make web-assets` installs it into api/static/vendor/.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import httpx
import pytest
from browser_support import watched_page
from litmap_support import litmap_store
from lxml import html

from api import create_app
from api.templating import STATIC
from kg.settings import Settings

URL = "/litmaps/cocitation?format=html&grain=paragraph"


@pytest.fixture(scope="module")
def map_server(serve_app) -> Iterator[str]:
    store = litmap_store()
    with serve_app(create_app(Settings(store="memory"), store)) as url:
        yield url
    store.close()


def test_the_map_page_is_a_page_of_the_site_with_its_data(map_server: str) -> None:
    response = httpx.get(f"{map_server}{URL}", timeout=120)
    assert response.status_code == 200
    tree = html.fromstring(response.text)
    assert tree.xpath("//header[@class='site']//nav")  # the frame, with navigation
    (data,) = tree.xpath("//script[@id='litmap-data']/text()")
    view = json.loads(data)
    labels = {n["label"] for n in view["nodes"]}
    assert {"Townsend 2013", "Kitchin 2014"} <= labels
    townsend = next(n for n in view["nodes"] if n["label"] == "Townsend 2013")
    assert townsend["work"] == "townsend2013smart" and townsend["year"] == 2013
    assert townsend["citations"] >= 1 and townsend["size"] > 4
    assert sum(c["count"] for c in view["clusters"]) == len(view["nodes"])
    assert view["layout"] == "server"  # a small map: the project's layout
    scripts = [s.removeprefix(map_server) for s in tree.xpath("//script/@src")]
    assert scripts[-3:] == [
        "/static/vendor/graphology/graphology.umd.min.js",
        "/static/vendor/sigma/sigma.min.js",
        "/static/litmap.js",
    ]
    # no inline script that runs: the policy needs no hash
    assert "sha256" not in response.headers["content-security-policy"]
    assert tree.xpath("//a[contains(@href, 'grain=paragraph&') and contains(@href, 'format=gexf')]")


def test_a_hostile_title_stays_data(map_server: str) -> None:
    """tojson escapes ``<``, ``>`` and ``&`` inside the data script: no title ends it."""
    response = httpx.get(f"{map_server}{URL}", timeout=120)
    data = re.search(r'id="litmap-data">(.*?)</script>', response.text, re.DOTALL)
    assert data is not None and "<" not in data.group(1) and "&" not in data.group(1)


@pytest.fixture
def offline_page(browser, map_server: str) -> Iterator[tuple[object, list[str]]]:
    if not (STATIC / "vendor" / "sigma" / "sigma.min.js").is_file():
        pytest.fail("sigma.js is missing: `make web-assets` installs it into api/static/vendor/")
    with watched_page(browser, map_server) as watched:
        yield watched


def _node_on_screen(page, node: str) -> tuple[float, float]:
    """Where sigma draws a node, in page coordinates."""
    box = page.locator("#litmap-canvas").bounding_box()
    at = page.evaluate(
        """id => { const r = window.tkgLitmap.renderer;
                   return r.graphToViewport(window.tkgLitmap.graph.getNodeAttributes(id)); }""",
        node,
    )
    return box["x"] + at["x"], box["y"] + at["y"]


@pytest.mark.slow
def test_the_viewer_draws_zooms_filters_and_opens_a_work(offline_page, map_server) -> None:
    page, problems = offline_page
    page.goto(f"{map_server}{URL}")
    page.wait_for_function("() => window.tkgLitmap !== undefined")
    order = page.evaluate("() => window.tkgLitmap.graph.order")
    size = page.evaluate("() => window.tkgLitmap.graph.size")
    assert order > 10
    assert page.inner_text("#counts") == f"{order} of {order} nodes, {size} of {size} links"
    assert page.locator("#litmap-canvas canvas").count() >= 3  # sigma's WebGL layers
    assert "cluster 1" in page.inner_text("#legend")
    # zoom with the wheel over the canvas: the camera comes closer
    box = page.locator("#litmap-canvas").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -600)
    page.wait_for_function("() => window.tkgLitmap.renderer.getCamera().ratio < 0.99")
    page.wait_for_function("() => !window.tkgLitmap.renderer.getCamera().isAnimated()")
    page.evaluate("() => window.tkgLitmap.renderer.getCamera().setState({x: .5, y: .5, ratio: 1})")
    # the year range: from 2014 on, the works before are gone
    years = page.evaluate(
        "() => window.tkgLitmap.graph.mapNodes((id, a) => a.year)",
    )
    later = sum(1 for y in years if y and y >= 2014)
    page.locator("#year-from").fill("2014")
    assert page.inner_text("#counts").startswith(f"{later} of {order} nodes")
    assert page.inner_text("#years-shown").startswith("2014")
    page.locator("#year-from").fill(page.get_attribute("#year-from", "min"))
    # colour by year: the legend says which colour is which year
    page.select_option("#colour-by", "year")
    assert "year unknown" in page.inner_text("#legend")
    # a click on Townsend 2013 opens the work and the sentences that cite it
    x, y = _node_on_screen(page, "townsend2013smart")
    page.mouse.click(x, y)
    page.wait_for_selector("#info li.citing")
    panel = page.inner_text("#info")
    assert "Townsend 2013" in panel and "year: 2013" in panel
    work = page.get_attribute("#info a.work-link", "href")
    assert work == f"{map_server}/works/townsend2013smart"
    quotes = page.locator("#info li.citing a.sentence")
    assert quotes.count() >= 1
    href = quotes.first.get_attribute("href").removeprefix(map_server)
    assert re.fullmatch(r"/documents/[\w-]+#s-\d+", href), href
    rows = httpx.get(
        f"{map_server}/queries/work-citations",
        params={"work": "https://w3id.org/technocracy/id/work/townsend2013smart"},
        headers={"Accept": "application/sparql-results+json"},
    ).json()["results"]["bindings"]
    contexts = [r["context"]["value"] for r in rows if "context" in r]
    assert quotes.count() == len(rows)
    assert quotes.first.inner_text() in contexts
    assert problems == []


@pytest.mark.slow
def test_a_map_laid_out_in_the_browser_by_forceatlas2(offline_page, map_server) -> None:
    """``layout=browser`` (asked for: every map comes laid out otherwise): placed by cluster, then
    ForceAtlas2 in a worker served from /static moves every node."""
    page, problems = offline_page
    page.goto(f"{map_server}{URL}&layout=browser")
    page.wait_for_function("() => window.tkgLitmap !== undefined")
    start = page.evaluate(
        """() => JSON.parse(document.getElementById("litmap-data").textContent)
                   .nodes.map(n => [n.x, n.y])"""
    )
    assert max(abs(c) for xy in start for c in xy) < 2  # placed by cluster round a unit circle
    page.wait_for_function("() => window.tkgLitmap.layout.done", timeout=120_000)
    assert page.evaluate("() => window.tkgLitmap.layout.iterations") == 150
    assert "laid out (ForceAtlas2, 150 iterations)" in page.inner_text("#layout-status")
    end = page.evaluate("() => window.tkgLitmap.graph.mapNodes((id, a) => [a.x, a.y])")
    assert len(end) == len(start) and all(a != b for a, b in zip(start, end, strict=True))
    assert problems == []
