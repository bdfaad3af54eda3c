"""The SPARQL editor (YASGUI) and the API documentation (Swagger UI) in Debian's Chromium,
served by the app itself: every request to another host is blocked and recorded, and there
must be none; no console errors (a Content-Security-Policy refusal is one).

Needs the pages' browser code: `make web-assets` installs it into api/static/vendor/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_support import watched_page

from api.templating import STATIC

pytestmark = pytest.mark.slow

PILLARS = (
    "PREFIX tech: <https://w3id.org/technocracy/ontology#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "SELECT ?pillar ?label WHERE { ?pillar a tech:TechnocracyPillar ; skos:prefLabel ?label }\n"
    "ORDER BY ?label"
)
LABELS = ["abstraction and codification", "imposition", "legitimation"]


@pytest.fixture
def offline_page(browser, live_server: str) -> Iterator[tuple[object, list[str]]]:
    """A page on which requests to any host but the test server's are aborted; yields it
    with the list of problems: those requests, console errors, script errors, failed
    requests. The test asserts the list is empty."""
    if not (STATIC / "vendor" / "yasgui" / "yasgui.min.js").is_file():
        pytest.fail("YASGUI is missing: `make web-assets` installs it into api/static/vendor/")
    with watched_page(browser, live_server) as watched:
        yield watched


def _run_in_editor(page, query: str) -> None:
    page.evaluate("q => window.tkgYasgui.getTab().getYasqe().setValue(q)", query)
    page.click(".tabPanel.active .yasqe_queryButton")


def test_yasgui_runs_a_select_and_shows_a_table(offline_page, live_server: str) -> None:
    page, problems = offline_page
    page.goto(f"{live_server}/sparql")
    page.wait_for_selector(".yasgui .CodeMirror")
    assert page.is_hidden("#sparql-form")  # the plain form gives way to the editor
    _run_in_editor(page, PILLARS)
    table = page.wait_for_selector(".tabPanel.active .yasr table.dataTable tbody tr")
    assert table is not None
    text = page.inner_text(".tabPanel.active .yasr table.dataTable")
    for label in LABELS:
        assert label in text
    assert "tech:ImpositionPillar" in text  # shortened with the query's prefixes
    # the project's prefixes, offered as the query is typed, from nothing but this page
    page.evaluate("() => window.tkgYasgui.getTab().getYasqe().setValue('')")
    page.click(".tabPanel.active .CodeMirror")
    page.keyboard.type("PREFIX fab")
    hints = page.wait_for_selector(".CodeMirror-hints")
    assert "fabio: <http://purl.org/spar/fabio/>" in hints.inner_text()
    page.keyboard.press("Escape")
    # a class after `a` asks no vocabulary service (its autocompleter is off)
    page.keyboard.type("\nSELECT * WHERE { ?s a tech:")
    page.wait_for_timeout(500)
    assert problems == []


def test_yasgui_shows_a_construct_as_a_table_of_triples(offline_page, live_server) -> None:
    page, problems = offline_page
    page.goto(f"{live_server}/sparql")
    page.wait_for_selector(".yasgui .CodeMirror")
    _run_in_editor(
        page,
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "CONSTRUCT { ?s skos:prefLabel ?l } WHERE { ?s skos:prefLabel ?l }",
    )
    page.wait_for_selector(".tabPanel.active .yasr table.dataTable tbody tr")
    text = page.inner_text(".tabPanel.active .yasr table.dataTable")
    assert "imposition" in text and "prefLabel" in text
    assert problems == []


def test_a_named_query_opens_in_a_tab_and_runs(offline_page, live_server: str) -> None:
    page, problems = offline_page
    page.goto(f"{live_server}/sparql")
    page.wait_for_selector(".yasgui .CodeMirror")
    label = "pillars: " + _summary(page, "pillars")
    page.select_option("#sparql-examples select", label=label)
    assert page.evaluate("() => window.tkgYasgui.getTab().name()") == "pillars"
    tabs = page.locator(".tabsList .tab").count()
    page.select_option("#sparql-examples select", label=label)  # again: the same tab
    assert page.locator(".tabsList .tab").count() == tabs
    query = page.evaluate("() => window.tkgYasgui.getTab().getQuery()")
    assert "# pillars:" in query and "tech:TechnocracyPillar" in query
    page.click(".tabPanel.active .yasqe_queryButton")
    page.wait_for_selector(".tabPanel.active .yasr table.dataTable thead th")
    columns = page.eval_on_selector_all(
        ".tabPanel.active .yasr table.dataTable thead th", "ths => ths.map(t => t.innerText.trim())"
    )
    assert {"pillar", "label", "definition"} <= set(columns)  # the query's own columns
    assert problems == []


def _summary(page, name: str) -> str:
    examples = page.evaluate(
        "() => JSON.parse(document.getElementById('sparql-editor-config').textContent).examples"
    )
    return next(e["summary"] for e in examples if e["name"] == name)


def test_a_link_with_a_query_opens_the_editor_with_its_results(offline_page, live_server):
    page, problems = offline_page
    # as the home page's "Run it" link: a browser's Accept, the query in the URL
    page.goto(f"{live_server}/")
    with page.expect_navigation():
        page.click("text=Run it")
    page.wait_for_selector(".yasgui .CodeMirror")
    assert "?pillar a tech:TechnocracyPillar" in page.evaluate(
        "() => window.tkgYasgui.getTab().getQuery()"
    )
    results = page.inner_text("#sparql-results")
    for label in LABELS:
        assert label in results
    assert problems == []


def test_without_scripts_the_form_answers_a_table(browser, live_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/sparql")
        assert page.is_visible("#sparql-form")
        page.fill("textarea[name=query]", PILLARS)
        with page.expect_navigation():
            page.click("#sparql-form button[type=submit]")
        assert page.inner_text("#sparql-results p") == "3 rows."
        rows = page.eval_on_selector_all(
            "#sparql-results tbody tr", "rows => rows.map(r => r.cells[1].innerText)"
        )
        assert rows == [f"{label} @en" for label in LABELS]
        assert page.input_value("textarea[name=query]") == PILLARS  # to edit and run again
    finally:
        context.close()


def test_docs_lists_the_operations_offline(offline_page, live_server: str) -> None:
    page, problems = offline_page
    page.goto(f"{live_server}/docs")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.eval_on_selector_all(
        ".opblock-summary-path", "els => els.map(e => e.getAttribute('data-path'))"
    )
    assert "/sparql" in paths and "/concepts" in paths
    assert problems == []


def test_the_editor_queries_the_host_that_served_it(browser, serve_app, sample_store) -> None:
    """With TKG_BASE_URL naming the public host, the page still queries its own."""
    from api import create_app
    from kg.settings import Settings

    settings = Settings(store="memory", update_token=None, base_url="https://kg.example.org")
    with serve_app(create_app(settings, sample_store)) as url:
        context = browser.new_context()
        elsewhere: list[str] = []

        def guard(route) -> None:
            if route.request.url.startswith(url):
                route.continue_()
            else:
                elsewhere.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        try:
            page.goto(f"{url}/sparql")
            assert "https://kg.example.org/sparql" in page.inner_text("body")  # as published
            page.wait_for_selector(".yasgui .CodeMirror")
            _run_in_editor(page, PILLARS)
            page.wait_for_selector(".tabPanel.active .yasr table.dataTable tbody tr")
            assert "imposition" in page.inner_text(".tabPanel.active .yasr table.dataTable")
        finally:
            context.close()
        assert elsewhere == []
