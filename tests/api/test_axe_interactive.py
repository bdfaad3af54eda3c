"""axe-core finds no serious or critical violation on the pages of vendored browser code once
they are used, not only as they load (``test_axe_pages``): the SPARQL editor (YASGUI) with a
query's results and a second tab, and the API documentation (Swagger UI) with an operation
opened by its deep link and tried out. Their fixes are ours (``/static/sparql-editor.js`` and
``sparql.css``, ``/static/swagger-init.js`` and ``swagger-overrides.css``), which React and
YASGUI redraw around: these tests see that they hold after a redraw."""

from __future__ import annotations

import pytest

from tests.api.axe_support import assert_accessible

pytestmark = pytest.mark.slow

OPERATION = "#operations-sparql-sparql_get_sparql_get"


def test_the_sparql_editor_with_results_and_a_new_tab(page, live_server: str) -> None:
    page.goto(f"{live_server}/sparql", wait_until="networkidle")
    page.wait_for_function("() => window.tkgYasgui")
    page.click(".tabPanel.active .yasqe_queryButton")
    page.wait_for_selector(".tabPanel.active .yasr tbody tr")
    page.click("button.addTab")
    page.wait_for_function("() => document.querySelectorAll('.tabsList .tab').length === 2")
    labels = page.eval_on_selector_all(
        ".CodeMirror textarea", "els => els.map(e => e.getAttribute('aria-label'))"
    )
    assert labels == ["SPARQL query", "SPARQL query"]
    assert_accessible(page)


def test_the_api_documentation_with_an_operation_open_and_tried(page, live_server) -> None:
    page.goto(f"{live_server}/docs#/sparql/sparql_get_sparql_get", wait_until="networkidle")
    page.wait_for_selector(f"{OPERATION} .opblock-body")  # the deep link opened it
    summary = page.locator(f"{OPERATION} .opblock-summary-control")
    assert summary.locator("a[href]").count() == 0  # no link inside the button
    page.click(f"{OPERATION} .try-out__btn")
    page.wait_for_selector(f"{OPERATION} .execute")
    assert page.get_attribute(f'{OPERATION} tr[data-param-name="format"] select', "aria-label")
    assert_accessible(page)
