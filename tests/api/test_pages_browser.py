"""The HTML pages as a reader sees them: Debian's Chromium, driven by Playwright, against the
API over the built graph on 127.0.0.1."""

from __future__ import annotations

import pytest
from browser_support import yasgui_cells

pytestmark = pytest.mark.slow


def test_home_page_names_the_graph_and_links_to_the_endpoint(page, built_server: str) -> None:
    page.goto(f"{built_server}/")
    assert "Technocracy KG" in page.title()
    links = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
    assert "/sparql" in " ".join(links)


def test_a_term_page_shows_its_definition_source_and_anchor(page, built_server: str) -> None:
    page.goto(f"{built_server}/ontology/Smartmentality")
    text = page.inner_text("body")
    assert "smartmentality" in text.lower()
    # the anchor's verbatim quotation and its page
    assert "Vanolo (2015) terms" in text
    assert "page 4" in text.lower() or "p. 4" in text
    # its source work is a link a reader can follow to the work's own page
    page.click("a[href*='/id/work/vanolo2014smartmentality']")
    page.wait_for_load_state()
    assert "/id/work/vanolo2014smartmentality" in page.url
    assert "smartmentality" in page.inner_text("body").lower()


def test_the_sparql_editor_runs_a_query_in_the_browser(page, built_server: str) -> None:
    page.goto(f"{built_server}/sparql")
    cells = yasgui_cells(
        page,
        "PREFIX tech: <https://w3id.org/technocracy/ontology#>\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?p a tech:TechnocracyPillar }",
    )
    assert cells == ["1", '"3"^^<http://www.w3.org/2001/XMLSchema#integer>']  # row 1: n = 3


def test_the_concept_list_pages_forward_and_leads_to_a_term(page, built_server: str) -> None:
    page.goto(f"{built_server}/concepts?limit=20")
    assert page.title() == "Concepts"
    assert "1–20 of 265 concepts" in page.inner_text("p.pager >> nth=0")
    first_rows = page.inner_text("table")
    with page.expect_navigation():
        page.click("a[rel=next] >> nth=0")
    assert "21–40 of 265 concepts" in page.inner_text("p.pager >> nth=0")
    assert page.inner_text("table") != first_rows
    page.goto(f"{built_server}/concepts?limit=500")
    with page.expect_navigation():
        page.click("a[href$='/concepts/Smartmentality']")
    assert "Vanolo (2015) terms" in page.inner_text("body")


def test_a_work_page_shows_each_citation_in_its_sentence(page, built_server: str) -> None:
    page.goto(f"{built_server}/works")
    with page.expect_navigation():
        page.click("a[href$='/works/vanolo2014smartmentality']")
    text = page.inner_text("body")
    assert "Smartmentality: The smart city as disciplinary strategy" in text
    assert "Citations (1)" in text
    row = page.inner_text("table >> nth=1")
    assert "Vanolo (2015)" in row and "what Vanolo (2015) terms" in row
    assert "10472–10485" in row


def test_search_from_its_form(page, built_server: str) -> None:
    page.goto(f"{built_server}/search?q=smart&format=html")
    page.fill("main input[name=q]", "smartmentality")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.title() == "Search: smartmentality"
    first = page.inner_text("table tr >> nth=1")
    assert "smartmentality" in first.lower() and "label" in first


def test_search_from_the_header_of_any_page(page, built_server: str) -> None:
    page.goto(f"{built_server}/concepts")
    page.fill("header input[name=q]", "smartmentality")
    with page.expect_navigation():
        page.press("header input[name=q]", "Enter")
    assert page.title() == "Search: smartmentality"


def test_from_the_home_page_to_the_chapter_its_references_and_a_claim(
    page, built_server: str
) -> None:
    page.goto(f"{built_server}/")
    with page.expect_navigation():
        page.click("header nav >> text=Documents")
    with page.expect_navigation():
        page.click("main a[href$='/documents/kitchin2019smart']")
    assert "Smart cities, algorithmic technocracy" in page.inner_text("h1")
    with page.expect_navigation():
        page.click("main a[href$='/documents/kitchin2019smart/references']")
    assert page.locator("main table tr").count() > 25
    with page.expect_navigation():
        page.click("nav[aria-label=Breadcrumb] a >> text=kitchin2019smart")
    with page.expect_navigation():
        page.click("main a[href$='/argmaps/kitchin2019smart/claims']")
    with page.expect_navigation():
        page.click("main a[href$='/claims/new-urban-technocrats']")
    assert "Supported by" in page.inner_text("main")


def test_a_named_query_from_its_form(page, built_server: str) -> None:
    page.goto(f"{built_server}/queries")
    with page.expect_navigation():
        page.click("main a[href$='/queries/argmap-supports']")
    page.fill(
        "input[name=claim]",
        "https://w3id.org/technocracy/id/claim/kitchin2019smart/new-urban-technocrats",
    )
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator("table.results tr").count() > 2
    assert "Institutional entrepreneurs" in page.inner_text("table.results")
