"""Screenshots of the main pages for the README and docs/tour.md: PNGs in docs/screenshots/,
taken by Playwright with Debian's Chromium, offline (a request to another host is aborted),
at 1280×800 (``NAME.png``) and as a phone shows them, 390×844 (``phone/NAME.png``).

Run by hand, not by ``make test``::

    python -m bench.screenshots             # builds the chapter into memory and serves it
    python -m bench.screenshots --base URL  # or shoots a server already running on it
    python -m bench.screenshots --out DIR   # somewhere else than docs/screenshots/

Each shot is followed by a check of the page's width: the elements that reach past the
window's right edge (outside a box meant to scroll) are printed, as
tests/api/test_page_layout.py asserts there are none. Look at the pictures too: the check
does not see overlapping or unreadable text. Needs ``make web-assets`` (the pages' browser
code).
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
ARGMAP = "/argmaps/kitchin2019smart"
WORK_IRI = "https%3A%2F%2Fw3id.org%2Ftechnocracy%2Fid%2Fwork%2Ftownsend2013smart"

#: the two windows every page is shot in: a laptop's and a phone's (CSS pixels)
WIDTHS = {"": (1280, 800), "phone/": (390, 844)}

#: The elements that reach past the right edge of the window (by more than a pixel), leaving
#: out what lies inside a box that scrolls or clips (``overflow`` not ``visible``), which is
#: meant to; each as "tag#id.class: its right edge" (at most 20).
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth, out = [];
  const clipped = e => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX !== "visible" || s.position === "fixed") return true;
    }
    return false;
  };
  for (const e of document.body.querySelectorAll("*")) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1 || clipped(e)) continue;
    if (getComputedStyle(e).position === "absolute" && r.left < -100) continue;  // .skip links
    const name = typeof e.className === "string" ? e.className.split(" ")[0] : "";
    const cls = name ? "." + name : "";
    out.push(`${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${cls}: ${Math.round(r.right)}`);
    if (out.length >= 20) break;
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, out};
}"""


def _litmap(page: Any) -> None:
    page.wait_for_function("() => window.tkgLitmap !== undefined")
    # the controls and the canvas in view, the text above scrolled away
    page.evaluate(
        """() => window.scrollTo(
            0, document.getElementById('find').getBoundingClientRect().top + scrollY - 20)"""
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
    # the camera brought to the work: the labels as they stay, not one frame of the move
    page.wait_for_function("() => !window.tkgLitmap.renderer.getCamera().isAnimated()")
    # and a frame drawn since it stopped (on a busy machine the last one drawn may still
    # be of the move): the work's box kept where the work now stands
    page.wait_for_function(
        """id => { const m = window.tkgLitmap;
                   const at = m.renderer.graphToViewport(m.graph.getNodeAttributes(id));
                   const box = m.labels().find(d => d.box);
                   return box !== undefined && box.x < at.x && at.x < box.x + box.w
                          && box.y < at.y && at.y < box.y + box.h; }""",
        arg="townsend2013smart",
    )


def _unfold(page: Any) -> None:
    """The explorer's thesis unfolded two levels."""
    page.evaluate(
        """() => document.querySelectorAll('#outline > li > details, '
               + '#outline > li > details > .body > ul > li > details')
               .forEach(d => { d.open = true; })"""
    )


def _whole_map(page: Any) -> None:
    """The argument's map as it opens on the thesis (its height filling the frame), zoomed in
    one step about the thesis: the boxes' words readable, as docs/argmaps.md says."""
    page.wait_for_selector("#map-frame svg g.svg-pan-zoom_viewport", state="attached")
    page.wait_for_timeout(300)  # svg-pan-zoom's frames: its fit, then the opening view
    page.evaluate(
        """() => {
            const frame = document.getElementById('map-frame').getBoundingClientRect();
            const box = document.querySelector('#map-frame g.node').getBoundingClientRect();
            const zoom = window.tkgArgmapPanZoom;
            zoom.zoomAtPoint(zoom.getZoom() * 1.6, {x: box.left + box.width / 2 - frame.left,
                                                    y: box.top - frame.top});
        }"""
    )
    page.evaluate("() => document.getElementById('map-heading').scrollIntoView()")
    page.wait_for_timeout(300)


def _scroll_to(selector: str) -> Callable[[Any], None]:
    def then(page: Any) -> None:
        page.wait_for_selector(selector)
        page.evaluate("s => document.querySelector(s).scrollIntoView()", selector)

    return then


def _run_sparql(page: Any) -> None:
    """The SPARQL editor with its example query run and its table shown."""
    page.wait_for_selector(".yasgui .CodeMirror")
    page.click(".tabPanel.active .yasqe_queryButton")
    page.wait_for_selector(".tabPanel.active .yasr table.dataTable tbody tr")
    # the editor and its results table both in view
    page.evaluate("() => document.querySelector('.yasgui .tabsList').scrollIntoView()")


#: file name → (path, what to do once it has loaded)
PAGES: dict[str, tuple[str, Callable[[Any], None] | None]] = {
    "home.png": ("/", None),
    "documents.png": ("/documents", None),
    "reader.png": (DOC, None),
    "references.png": (DOC + "/references", None),
    "works.png": ("/works", None),
    "work.png": ("/works/townsend2013smart", None),
    "concepts.png": ("/concepts", None),
    "concept.png": ("/concepts/Smartmentality", None),
    "arguments.png": ("/argmaps", None),
    "argument-explorer.png": (ARGMAP, _unfold),
    "argument-map.png": (ARGMAP, _whole_map),
    "argument-concept.png": (ARGMAP + "/concepts?concept=HumanOffTheLoopSystem", None),
    "claim.png": (ARGMAP + "/claims/new-urban-technocrats", None),
    "litmaps.png": ("/litmaps", None),
    "litmap.png": ("/litmaps/cocitation?format=html", _litmap),
    "search.png": ("/search?q=smartmentality&format=html", None),
    "queries.png": ("/queries", None),
    "query.png": (f"/queries/work-citations?format=html&work={WORK_IRI}", _scroll_to("main h2")),
    "sparql-editor.png": ("/sparql", _run_sparql),
    "ontology.png": ("/ontology", None),
    "api-docs.png": ("/docs", _scroll_to(".swagger-ui .information-container")),
}


def shoot(base: str, out: Path = SHOTS, names: list[str] | None = None) -> list[Path]:
    """Every page in both windows; the pictures' paths (what overflows is printed)."""
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM_ARGS

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    own = urlsplit(base).netloc
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        for folder, (width, height) in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            context.route(
                "**/*",
                lambda r: r.continue_() if urlsplit(r.request.url).netloc == own else r.abort(),
            )
            page = context.new_page()
            for name, (path, then) in PAGES.items():
                if names and name.removesuffix(".png") not in names:
                    continue
                page.goto(base + path)
                page.wait_for_load_state("load")
                if then is not None:
                    then(page)
                target = out / folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(target))
                written.append(target)
                wide = page.evaluate(OVERFLOWING)
                if wide["out"] or wide["scrollWidth"] > wide["innerWidth"]:
                    print(f"{folder}{name}: {wide}")
            context.close()
        browser.close()
    return written


def main(base: str | None = None, out: Path = SHOTS, names: list[str] | None = None) -> list[Path]:
    if base:
        return shoot(base, out, names)
    from bench.pages import _serve
    from kg.build import build
    from kg.store import OxigraphStore

    store = OxigraphStore()
    build(store, reason=True)
    url, server, thread = _serve(store)
    try:
        return shoot(url, out, names)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="the URL of a server on the built chapter")
    parser.add_argument("--out", type=Path, default=SHOTS, help="where the PNGs go")
    parser.add_argument("names", nargs="*", help="only these pages (file names without .png)")
    options = parser.parse_args()
    for path in main(options.base, options.out, options.names):
        print(path, path.stat().st_size // 1024, "KB")
