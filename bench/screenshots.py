"""Screenshots of the main pages for the README and docs/tour.md: 1280×800 PNGs in
docs/screenshots/, taken by Playwright with Debian's Chromium, offline (a request to another
host is aborted).

Run by hand, not by ``make test``::

    python -m bench.screenshots             # builds the chapter into memory and serves it
    python -m bench.screenshots --base URL  # or shoots a server already running on it

Needs ``make web-assets`` (the pages' browser code). Pages not listed here keep their
screenshots (argument-*.png, sparql-editor.png, ontology.png, api-docs.png).
"""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
DOC = "/documents/kitchin2019smart"


def _litmap(page: Any) -> None:
    page.wait_for_function("() => window.tkgLitmap !== undefined")
    # the controls and the canvas in view, the text above scrolled away
    page.evaluate(
        """() => window.scrollTo(
            0, document.getElementById('year-from').getBoundingClientRect().top + scrollY - 20)"""
    )
    # a little room round the map: sigma fits it to the canvas edge, clipping outer labels
    page.evaluate(
        "() => window.tkgLitmap.renderer.getCamera().setState({x: .5, y: .5, ratio: 1.2})"
    )
    page.wait_for_timeout(500)  # sigma's next frames
    box = page.locator("#litmap-canvas").bounding_box()
    at = page.evaluate(
        """id => window.tkgLitmap.renderer.graphToViewport(
                   window.tkgLitmap.graph.getNodeAttributes(id))""",
        "townsend2013smart",
    )
    page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    page.wait_for_selector("#info li.citing")


#: file name → (path, what to do once it has loaded)
PAGES: dict[str, tuple[str, Callable[[Any], None] | None]] = {
    "home.png": ("/", None),
    "reader.png": (DOC, None),
    "work.png": ("/works/townsend2013smart", None),
    "concept.png": ("/concepts/Smartmentality", None),
    "litmap.png": ("/litmaps/cocitation?format=html", _litmap),
    "search.png": ("/search?q=smartmentality&format=html", None),
    "query.png": (
        "/queries/work-citations?format=html"
        "&work=https%3A%2F%2Fw3id.org%2Ftechnocracy%2Fid%2Fwork%2Ftownsend2013smart",
        None,
    ),
}


def shoot(base: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM_ARGS

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    own = urlsplit(base).netloc
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.route(
            "**/*",
            lambda r: r.continue_() if urlsplit(r.request.url).netloc == own else r.abort(),
        )
        page = context.new_page()
        for name, (path, then) in PAGES.items():
            page.goto(base + path)
            page.wait_for_load_state("load")
            if then is not None:
                then(page)
            target = SHOTS / name
            page.screenshot(path=str(target))
            written.append(target)
        browser.close()
    return written


def main(base: str | None = None) -> list[Path]:
    if base:
        return shoot(base)
    from bench.pages import _serve
    from kg.build import build
    from kg.store import OxigraphStore

    store = OxigraphStore()
    build(store, reason=True)
    url, server, thread = _serve(store)
    try:
        return shoot(url)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="the URL of a server on the built chapter")
    options = parser.parse_args()
    for path in main(options.base):
        print(path, path.stat().st_size // 1024, "KB")
