"""Pages are safe by default: only http(s), mailto and relative links are clickable, every
HTML answer carries a Content-Security-Policy that lets run only the page's own inline
scripts (by hash), and data embedded in a page cannot end its script element."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from litmap_support import litmap_store

from api import create_app
from kg.litmap import Filters, build_map, write_map
from kg.settings import Settings
from kg.store import open_store

EVIL = "https://w3id.org/technocracy/id/work/evil"
DATA = f"""
<{EVIL}> <http://purl.org/dc/terms/title> "Evil <script>document.title='pwned'</script>" .
<{EVIL}> <http://purl.org/dc/terms/relation> <javascript:document.title='pwned'> .
<{EVIL}> <http://purl.org/dc/terms/source> <data:text/html,hello> .
<{EVIL}> <http://purl.org/dc/terms/isPartOf> <https://example.org/fine> .
"""
HTML = {"accept": "text/html"}
PAGES = ["/", "/sparql", "/id/work/evil", "/concepts", "/works", "/search?q=evil", "/ontology"]


@pytest.fixture(scope="module")
def hostile_server(serve_app):
    store = open_store("memory")
    store.replace_graph("https://w3id.org/technocracy/graph/evil", DATA, format="nt")
    with serve_app(create_app(Settings(store="memory"), store)) as url:
        yield url


@pytest.mark.parametrize("path", PAGES)
def test_every_html_answer_carries_the_security_headers(hostile_server, path):
    response = httpx.get(f"{hostile_server}{path}", headers=HTML)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"


def test_an_answer_that_is_not_html_is_left_as_it_is(hostile_server):
    response = httpx.get(f"{hostile_server}/sparql", params={"query": "ASK {}"})
    assert "content-security-policy" not in response.headers


def test_only_safe_schemes_are_links(hostile_server):
    page = httpx.get(f"{hostile_server}/id/work/evil", headers=HTML).text
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert "https://example.org/fine" in hrefs
    assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:"))], hrefs
    assert "javascript:document.title=&#39;pwned&#39;" in page  # shown, as text
    assert "<script>document.title" not in page


@pytest.mark.slow
def test_a_click_on_a_hostile_iri_runs_nothing_in_chromium(page, hostile_server):
    page.goto(f"{hostile_server}/id/work/evil")
    title = page.title()
    page.get_by_text("javascript:document.title", exact=False).first.click()
    page.wait_for_timeout(200)
    assert page.title() == title != "pwned"
    assert (
        page.eval_on_selector_all(
            "a", "els => els.filter(a => a.protocol === 'javascript:').length"
        )
        == 0
    )


@pytest.fixture(scope="module")
def map_server(serve_app):
    store = litmap_store()
    with serve_app(create_app(Settings(store="memory"), store)) as url:
        yield url
    store.close()


def test_the_map_page_runs_no_inline_script(map_server):
    """The map page loads its viewer from /static: its policy allows no inline script."""
    response = httpx.get(
        f"{map_server}/litmaps/cocitation", params={"format": "html", "grain": "paragraph"}
    )
    assert response.status_code == 200
    assert "<script>" not in response.text
    assert "script-src 'self';" in response.headers["content-security-policy"]


@pytest.mark.slow
def test_the_map_draws_under_its_policy_in_chromium(page, map_server):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{map_server}/litmaps/cocitation?format=html&grain=paragraph")
    page.wait_for_function("() => window.tkgLitmap !== undefined")
    assert page.evaluate("() => window.tkgLitmap.graph.order") > 3
    assert not [e for e in errors if "Content Security Policy" in e], errors


@pytest.mark.slow
def test_a_title_that_opens_a_comment_does_not_stop_the_map(page, tmp_path):
    """A work titled ``<!--<script>`` used to leave the page's data script unterminated."""
    store = litmap_store()
    built = build_map(store, "cocitation", Filters(grain="paragraph"))
    store.close()
    first = next(iter(built.graph.nodes))
    hostile = "<!--<script></script>\u2028&amp;"
    built.graph.nodes[first]["title"] = hostile
    body = write_map(built, "html").decode()
    data = re.search(
        r'<script type="application/json" id="litmap-data">(.*?)</script>', body, re.DOTALL
    )
    assert "<" not in data.group(1)
    titles = {n["id"]: n["title"] for n in json.loads(data.group(1))["nodes"]}
    assert titles[first] == hostile
    path = tmp_path / "map.html"
    path.write_text(body, encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_function("() => window.tkgLitmap !== undefined")
    assert page.evaluate("() => window.tkgLitmap.graph.order") == built.graph.number_of_nodes()
