"""The main pages fit a laptop's window and a phone's: nothing reaches past the right edge
except inside a box meant to scroll (a wide table scrolls in its own), header, breadcrumbs
and heading start at the same left edge, and the reader names its text once. The pages and
what is done on each (a query run, a map's node clicked) are bench/screenshots.py's, which
takes the pictures in docs/screenshots/ of the same states."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from bench.screenshots import DOC, OVERFLOWING, PAGES, WIDTHS

pytestmark = pytest.mark.slow

#: pyLODE's page (kg.owl.ontodoc) keeps its own fixed layout: not ours to reflow
NOT_OURS = {"ontology.png"}


@pytest.fixture(scope="module", params=sorted(WIDTHS.values()), ids=lambda s: f"{s[0]}px")
def sized(request, browser, built_server: str) -> Iterator[object]:
    """A page in a window of the given size; no request leaves 127.0.0.1."""
    width, height = request.param
    own = urlsplit(built_server).netloc
    context = browser.new_context(viewport={"width": width, "height": height})
    context.route(
        "**/*", lambda r: r.continue_() if urlsplit(r.request.url).netloc == own else r.abort()
    )
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    yield tab
    context.close()
    assert not problems, problems


@pytest.mark.parametrize("name", sorted(set(PAGES) - NOT_OURS))
def test_no_page_is_wider_than_the_window(sized, built_server: str, name: str) -> None:
    path, then = PAGES[name]
    sized.goto(built_server + path)
    sized.wait_for_load_state("load")
    if then is not None:
        then(sized)
    wide = sized.evaluate(OVERFLOWING)
    assert wide["out"] == [], f"{path}: reaching past {wide['innerWidth']} px: {wide['out']}"
    assert wide["scrollWidth"] <= wide["innerWidth"], f"{path}: {wide}"


def test_header_breadcrumbs_and_heading_share_a_left_edge(sized, built_server: str) -> None:
    for path in ("/", "/works", DOC):
        sized.goto(built_server + path)
        lefts = sized.evaluate(
            """() => ['header.site .product', 'nav.crumbs li', 'main h1'].map(
                 s => Math.round(document.querySelector(s).getBoundingClientRect().left))"""
        )
        assert len(set(lefts)) == 1, (path, lefts)


def test_the_reader_names_its_text_once(sized, built_server: str) -> None:
    sized.goto(built_server + DOC)
    title = sized.inner_text("main h1")
    assert "Smart cities, algorithmic technocracy" in title
    headings = sized.eval_on_selector_all(
        "main h1, main h2, main h3, main h4", "hs => hs.map(h => h.innerText.trim())"
    )
    assert [h.lower() for h in headings].count(title.strip().lower()) == 1, headings
    # the section that was its heading keeps its anchor
    assert sized.locator("article.text > span[id]").count() == 1
