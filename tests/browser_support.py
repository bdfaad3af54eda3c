"""A browser page that watches for what a page test forbids: requests to any host but the
test server's (aborted), console errors, script errors and failed requests.

    with watched_page(browser, server, viewport={"width": 1280, "height": 800}) as (page, problems):
        page.goto(server + "/")
        ...
        assert not problems, problems
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

__all__ = ["watched_page"]


@contextmanager
def watched_page(
    browser: Any, server: str, **context_options: Any
) -> Iterator[tuple[Any, list[str]]]:
    """A new page in a new context of ``browser`` (``context_options`` as Playwright's
    ``new_context`` takes them), and the list of problems seen on it so far."""
    own = urlsplit(server).netloc
    context = browser.new_context(**context_options)
    problems: list[str] = []

    def guard(route: Any) -> None:
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            problems.append(f"request to another host: {route.request.url}")
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    try:
        yield page, problems
    finally:
        context.close()


def yasgui_cells(page: Any, query: str) -> list[str]:
    """Run ``query`` in the SPARQL editor open on ``page`` (YASGUI) and return the cells of
    its results table, row by row, as the browser shows them."""
    page.wait_for_selector(".yasgui .CodeMirror")
    page.evaluate("q => window.tkgYasgui.getTab().getYasqe().setValue(q)", query)
    page.click(".tabPanel.active .yasqe_queryButton")
    page.wait_for_selector(".tabPanel.active .yasr table.dataTable tbody tr")
    return page.eval_on_selector_all(
        ".tabPanel.active .yasr table.dataTable tbody td", "tds => tds.map(t => t.innerText)"
    )
