"""A scholar's walk through the app, in one browser session over the chapter's graph: from
the home page, by following links, to the chapter's reader, a cited work and the sentences
that cite it (back into the reader), the argument explorer (three levels unfolded, then
"which works support claims about human-off-the-loop systems?"), a literature map and its
citing-sentences panel, a named query run from its form, a SPARQL query in YASGUI and the
frame's search box. Each main page is checked with axe. Offline: a request to another host
is aborted and recorded; at the end there must be none, nor console errors, script errors
or failed requests.

Needs the pages' browser code and axe-core: `make web-assets node-tools`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser_support import watched_page, yasgui_cells

from api.templating import STATIC
from tests.api.axe_support import assert_accessible

pytestmark = pytest.mark.slow

DOC = "/documents/kitchin2019smart"
MAP = "/argmaps/kitchin2019smart"
CITED = "townsend2013smart"


@pytest.fixture
def walker(browser, built_server: str) -> Iterator[tuple[object, list[str]]]:
    """One page for the whole walk; requests to any host but the test server's are aborted.
    Yields it with the problems seen, which the walk asserts are none."""
    for script in ("sigma/sigma.min.js", "svg-pan-zoom/svg-pan-zoom.min.js"):
        if not (STATIC / "vendor" / script).is_file():
            pytest.fail(f"{script} is missing: `make web-assets` installs it")
    with watched_page(browser, built_server, viewport={"width": 1280, "height": 800}) as watched:
        yield watched


def _follow(page, selector: str) -> None:
    """Click a link and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(selector)


def _reader_and_citations(page, base: str) -> None:
    """Home → documents → the reader → a cited work → one of its citing sentences."""
    page.goto(f"{base}/")  # the only URL typed: the walk starts here; every page after by a click
    assert "Technocracy KG" in page.title()
    assert_accessible(page)
    _follow(page, "header.site nav a[href$='/documents']")
    _follow(page, f"main a[href$='{DOC}']")
    assert page.url == base + DOC
    assert "Introduction" in page.inner_text("article.text")
    assert_accessible(page)
    citation = page.locator("article.text a.cite#c-1")
    assert citation.inner_text() == "Townsend 2013"
    with page.expect_navigation():
        citation.click()
    assert page.url == f"{base}/works/{CITED}"
    assert "Smart Cities" in page.inner_text("h1")
    assert_accessible(page)
    back = page.locator(f"main a[href*='{DOC}#s-']")
    assert back.count() >= 1  # the work page lists its citing sentences, into the reader
    href = back.first.get_attribute("href") or ""
    sentence = re.search(r"#(s-\d+)$", href)
    assert sentence, href
    with page.expect_navigation():
        back.first.click()
    assert page.url.endswith(f"{DOC}#{sentence.group(1)}")
    target = page.locator(f"#{sentence.group(1)}")
    assert target.evaluate("e => e.matches(':target')")
    assert "Townsend" in target.inner_text()


def _argument_explorer(page, base: str) -> None:
    """The frame's link to the argument maps → the chapter's explorer: unfold three levels,
    then ask which works support claims about human-off-the-loop systems."""
    _follow(page, "header.site nav a[href$='/argmaps']")
    _follow(page, f"main a[href$='{MAP}?format=html']")
    assert page.locator("#outline ul.outline > li").first.get_attribute("id") == (
        "c-urban-technocracy"
    )
    assert_accessible(page)
    for claim in ("#c-algorithmic-technocracy", "#a-pillars-enacted", "#c-enact-abstraction"):
        page.click(f"{claim} > details > summary")
        assert page.eval_on_selector(f"{claim} > details", "d => d.open")
    quote = page.inner_text("#c-enact-abstraction > details > div blockquote")
    assert "expert knowledge is abstracted and codified into algorithms" in quote
    # the concept form: concept tech:HumanOffTheLoopSystem
    page.select_option("#concept-choice", label="human-off-the-loop system (1)")
    assert page.eval_on_selector("#concept-choice", "s => s.value").endswith(
        "ontology#HumanOffTheLoopSystem"
    )
    _follow(page, "#concepts button[type='submit']")
    assert page.inner_text("h1") == "Which works support claims about human-off-the-loop system?"
    answer = page.inner_text("table.answer")
    assert "Dodge & Kitchin 2007" in answer and "Governance ceded to software" in answer
    assert_accessible(page)


def _literature_map(page, base: str) -> None:
    """The frame's link to the literature maps → the co-citation viewer → a click on a work
    (through the viewer's test hooks: where sigma draws it) opens its citing sentences."""
    _follow(page, "header.site nav a[href$='/litmaps']")
    _follow(page, "main a[href$='/litmaps/cocitation?format=html']")
    page.wait_for_function("() => window.tkgLitmap !== undefined")
    assert page.evaluate("() => window.tkgLitmap.graph.order") > 5
    assert_accessible(page)
    assert page.evaluate(f"() => window.tkgLitmap.graph.hasNode('{CITED}')")
    page.locator("#litmap-canvas").scroll_into_view_if_needed()  # as a reader scrolls to it
    box = page.locator("#litmap-canvas").bounding_box()
    at = page.evaluate(
        """id => window.tkgLitmap.renderer.graphToViewport(
                   window.tkgLitmap.graph.getNodeAttributes(id))""",
        CITED,
    )
    page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    page.wait_for_selector("#info li.citing")
    assert "Townsend 2013" in page.inner_text("#info")
    quote = page.locator("#info li.citing a.sentence").first.get_attribute("href") or ""
    assert re.fullmatch(rf"{re.escape(base)}{DOC}#s-\d+", quote), quote


def _named_query(page, base: str) -> None:
    """The frame's link to the named queries → work-citations, run from its form."""
    _follow(page, "header.site nav a[href$='/queries']")
    _follow(page, "main a[href$='/queries/work-citations']")
    assert_accessible(page)
    page.fill("#p-work", f"https://w3id.org/technocracy/id/work/{CITED}")
    _follow(page, "form.query button[type=submit]")
    rows = page.locator("table.results tr")
    assert rows.count() >= 2  # a header and at least one citation
    assert "Townsend" in page.inner_text("table.results")
    assert_accessible(page)


def _sparql_and_search(page, base: str) -> None:
    """The frame's link to the SPARQL editor: a query in YASGUI, its table; then the frame's
    search box."""
    _follow(page, "header.site nav a[href$='/sparql']")
    cells = yasgui_cells(
        page,
        "PREFIX tech: <https://w3id.org/technocracy/ontology#>\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?p a tech:TechnocracyPillar }",
    )
    assert cells[1].startswith('"3"')
    assert_accessible(page)
    page.fill("#site-search", "smartmentality")
    _follow(page, "form.search button[type=submit]")
    assert page.title() == "Search: smartmentality"
    assert "Smartmentality" in page.inner_text("main")
    assert_accessible(page)


def test_a_scholar_walks_the_app(walker, built_server: str) -> None:
    page, problems = walker
    _reader_and_citations(page, built_server)
    _argument_explorer(page, built_server)
    _literature_map(page, built_server)
    _named_query(page, built_server)
    _sparql_and_search(page, built_server)
    assert problems == [], problems
