"""The main pages fit a laptop's window and a phone's: nothing reaches past the right edge
except inside a box meant to scroll (a wide table scrolls in its own), the ontology's pyLODE
page included; header, breadcrumbs and heading start at the same left edge; the reader names
its text once; the SPARQL editor's controls and its query's text lie apart; the literature
map's labels, the selected work's box among them, lie apart and inside the map. The pages and
what is done on each (a query run, a map's node clicked) are bench/screenshots.py's, which
takes the pictures in docs/screenshots/ of the same states."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from bench.screenshots import DOC, OVERFLOWING, PAGES, WIDTHS
from tests.api.axe_support import assert_accessible

pytestmark = pytest.mark.slow

#: The SPARQL editor's visible controls (buttons, fields, tabs, the query's box) and each line
#: of its query's text (a fragment of a wrapped line apiece), as boxes; and the pairs of them
#: that overlap by more than a pixel each way, one not inside the other.
OVERLAPPING_CONTROLS = """() => {
  const boxes = [];
  const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + (typeof e.className === "string" && e.className.trim()
       ? "." + e.className.trim().split(/\\s+/)[0] : "");
  for (const e of document.querySelectorAll(
      ".yasgui button, .yasgui input, .yasgui select, .yasgui [role=tab], "
      + ".yasgui .yasqe .CodeMirror, #sparql-examples select")) {
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    if (r.width > 0 && r.height > 0 && s.visibility !== "hidden") boxes.push({e, r, n: name(e)});
  }
  for (const line of document.querySelectorAll(".yasgui .CodeMirror-line > span")) {
    for (const r of line.getClientRects()) {
      if (r.width > 0) boxes.push({e: line, r, n: "query text: " + line.textContent.trim()});
    }
  }
  const out = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.e === b.e || a.e.contains(b.e) || b.e.contains(a.e)) continue;
    const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
    const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
    if (w > 1 && h > 1) out.push(`${a.n} × ${b.n}`);
  }
  return {controls: boxes.filter(b => b.e.matches(".yasqe_buttons button")).length, out};
}"""


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


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_page_is_wider_than_the_window(sized, built_server: str, name: str) -> None:
    path, then = PAGES[name]
    sized.goto(built_server + path)
    sized.wait_for_load_state("load")
    if then is not None:
        then(sized)
    wide = sized.evaluate(OVERFLOWING)
    assert wide["out"] == [], f"{path}: reaching past {wide['innerWidth']} px: {wide['out']}"
    assert wide["scrollWidth"] <= wide["innerWidth"], f"{path}: {wide}"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_axe_finds_no_serious_or_critical_violation(sized, built_server: str, name: str) -> None:
    """In both windows and in the state shot (tests/api/test_axe_pages.py sees each kind of
    page in Playwright's default window): on a phone a box that scrolls sideways (a query's
    SPARQL) must take the focus, so that it can be scrolled from the keyboard."""
    path, then = PAGES[name]
    sized.goto(built_server + path)
    sized.wait_for_load_state("load")
    if then is not None:
        then(sized)
    assert_accessible(sized)


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


def test_the_sparql_editors_controls_lie_apart(sized, built_server: str) -> None:
    """On a phone the query's lines wrap under where YASGUI floats its share and run
    buttons; they get a band of their own (api/static/sparql.css)."""
    path, then = PAGES["sparql-editor.png"]
    sized.goto(built_server + path)
    then(sized)  # the example query run, its table shown
    found = sized.evaluate(OVERLAPPING_CONTROLS)
    assert found["controls"] == 2, found  # share and run, both shown
    assert found["out"] == [], found["out"]


def test_the_literature_maps_labels_lie_apart(sized, built_server: str) -> None:
    """Townsend 2013 clicked: its white box and its neighbours' labels, as the viewer drew
    them (api/static/litmap.js keeps what it drew), overlap nowhere and stay in the map."""
    path, then = PAGES["litmap.png"]
    sized.goto(built_server + path)
    then(sized)
    drawn = sized.evaluate("() => window.tkgLitmap.labels()")
    width, height = sized.evaluate(
        """() => { const c = document.getElementById('litmap-canvas');
                   return [c.clientWidth, c.clientHeight]; }"""
    )
    assert [d["key"] for d in drawn if d.get("box")] == ["townsend2013smart"], drawn
    # the box kept is where the work is now drawn (not where the camera was a frame before)
    at = sized.evaluate(
        """() => { const m = window.tkgLitmap;
                   return m.renderer.graphToViewport(
                       m.graph.getNodeAttributes('townsend2013smart')); }"""
    )
    (box,) = [d for d in drawn if d.get("box")]
    assert box["x"] < at["x"] < box["x"] + box["w"] and box["y"] < at["y"] < box["y"] + box["h"]
    assert "kitchin2014realtime" in {d["key"] for d in drawn}, drawn  # a neighbour's label
    for i, a in enumerate(drawn):
        if not a.get("box"):
            assert a["x"] >= 0 and a["x"] + a["w"] <= width, a
            assert a["y"] >= 0 and a["y"] + a["h"] <= height, a
        for b in drawn[i + 1 :]:
            apart = (
                a["x"] + a["w"] <= b["x"]
                or b["x"] + b["w"] <= a["x"]
                or a["y"] + a["h"] <= b["y"]
                or b["y"] + b["h"] <= a["y"]
            )
            assert apart, (a, b)


def test_the_whole_argument_map_opens_filling_its_frame_on_the_thesis(
    sized, built_server: str
) -> None:
    """The chapter's map is five times as wide as high: fitted whole it was a band of a fifth
    of its frame (a tenth on a phone). It opens with its height filling the frame and the
    thesis' box inside it (api/static/argument.js)."""
    sized.goto(built_server + "/argmaps/kitchin2019smart")
    sized.wait_for_selector("#map-frame svg g.svg-pan-zoom_viewport", state="attached")
    thesis = "#map-frame [id='node-s_urban_technocracy']"
    # svg-pan-zoom draws its fit on a coming frame, the opening view on the one after
    sized.wait_for_function(
        """s => { const f = document.getElementById('map-frame').getBoundingClientRect();
                  const v = document.querySelector(s).getBoundingClientRect();
                  return v.height >= 0.9 * f.height; }""",
        arg="#map-frame g.svg-pan-zoom_viewport",
    )
    frame = sized.locator("#map-frame").bounding_box()
    box = sized.locator(thesis).bounding_box()
    assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]
    assert frame["y"] <= box["y"] and box["y"] + box["height"] <= frame["y"] + frame["height"]


@pytest.mark.parametrize(("width", "shown"), [(390, True), (1280, False)])
def test_the_ontology_opens_on_a_phone_with_a_link_to_its_contents(
    browser, built_server: str, width: int, shown: bool
) -> None:
    """A narrow window shows pyLODE's table of contents after the text: a link at the top
    leads to it. Beside the text, in a wide window, the link is not shown."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        tab = context.new_page()
        tab.goto(built_server + "/ontology", timeout=180_000)
        link = tab.locator(".tkg-jump a")
        assert link.is_visible() is shown
        if shown:
            assert tab.evaluate("document.getElementById('toc').getBoundingClientRect().top") > 800
            link.click()
            tab.wait_for_function("location.hash === '#toc'")
            # Scrolled to, the contents' top lies at the window's top give or take a fraction of
            # a pixel (Chromium scrolls by device pixels: -0.48 was seen).
            top = tab.evaluate("document.getElementById('toc').getBoundingClientRect().top")
            assert -1 < top < 800 and tab.evaluate("window.scrollY") > 800
    finally:
        context.close()
