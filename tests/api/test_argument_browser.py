"""The argument explorer in Debian's Chromium, over the chapter's graph, as a scholar uses it:
unfold three levels from the thesis, expand and collapse all, zoom and pan the whole map,
click a box and land on its claim, follow a link to a folded claim, ask which works support
claims about human-off-the-loop systems. Every request to another host is blocked and
recorded, and there must be none; no console errors, no failed requests.

Needs the pages' browser code: `make web-assets` installs svg-pan-zoom into
api/static/vendor/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_support import watched_page

from api.templating import STATIC

pytestmark = pytest.mark.slow

MAP = "/argmaps/kitchin2019smart"
VIEWPORT = "#map-frame svg g.svg-pan-zoom_viewport"


@pytest.fixture
def offline_page(browser, built_server: str) -> Iterator[tuple[object, list[str]]]:
    """A page on which requests to any host but the test server's are aborted; yields it
    with the list of problems (those requests, console errors, script errors, failed
    requests), which the test asserts is empty."""
    if not (STATIC / "vendor" / "svg-pan-zoom" / "svg-pan-zoom.min.js").is_file():
        pytest.fail("svg-pan-zoom is missing: `make web-assets` installs it")
    with watched_page(browser, built_server, viewport={"width": 1280, "height": 900}) as watched:
        yield watched


def _open(page, selector: str) -> None:
    """Unfold one claim by a click on its summary, as a reader does."""
    page.click(f"{selector} > details > summary")
    assert page.eval_on_selector(f"{selector} > details", "d => d.open")


def test_unfold_three_levels_from_the_thesis(offline_page, built_server: str) -> None:
    page, problems = offline_page
    page.goto(built_server + MAP)
    # the first thing in the outline is the thesis, open, with its quotation showing
    first = page.locator("#outline ul.outline > li").first
    assert first.get_attribute("id") == "c-urban-technocracy"
    assert page.is_visible("#c-urban-technocracy > details > div blockquote")
    assert not page.is_visible("#c-algorithmic-technocracy > details > div blockquote")
    _open(page, "#c-algorithmic-technocracy")  # level 1
    assert page.is_visible("#c-algorithmic-technocracy > details > div blockquote")
    _open(page, "#a-pillars-enacted")  # level 2
    _open(page, "#c-enact-abstraction")  # level 3
    quote = page.inner_text("#c-enact-abstraction > details > div blockquote")
    assert "expert knowledge is abstracted and codified into algorithms" in quote
    assert "Page 3" in page.inner_text("#c-enact-abstraction > details > div p.where")
    # expand all, then collapse all (the theses stay open)
    page.click("#outline button[data-outline='expand']")
    closed = page.eval_on_selector_all("#outline details", "ds => ds.filter(d => !d.open).length")
    assert closed == 0
    page.click("#outline button[data-outline='collapse']")
    still = page.eval_on_selector_all(
        "#outline details", "ds => ds.filter(d => d.open).map(d => d.parentElement.id)"
    )
    assert still and "c-urban-technocracy" in still and "c-enact-abstraction" not in still
    assert problems == []


def test_zoom_pan_and_click_a_box(offline_page, built_server: str) -> None:
    page, problems = offline_page
    page.goto(built_server + MAP + "#map")
    page.wait_for_selector(VIEWPORT, state="attached")

    def transform() -> str:
        return page.get_attribute(VIEWPORT, "transform") or ""

    def changed(before: str) -> str:
        """The transform once it is not ``before`` (svg-pan-zoom applies it on the next
        animation frame)."""
        page.wait_for_function(
            "([s, t]) => document.querySelector(s).getAttribute('transform') !== t",
            arg=[VIEWPORT, before],
        )
        return transform()

    fitted = transform()
    assert fitted.startswith("matrix(")
    page.click("#map button[data-zoom='in']")
    zoomed = changed(fitted)
    scale = float(zoomed.split("(")[1].split(",")[0])
    assert scale > float(fitted.split("(")[1].split(",")[0])  # bigger: zoomed in
    box = page.locator("#map-frame").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.wheel(0, -300)  # the wheel zooms too
    wheeled = changed(zoomed)
    page.mouse.down()
    page.mouse.move(x + 120, y + 80, steps=5)  # a drag pans
    page.mouse.up()
    panned = changed(wheeled)
    assert panned.split(",")[:4] == wheeled.split(",")[:4]  # same scale, moved
    assert page.url.endswith(f"{MAP}#map")  # a drag that ends on a box does not follow it
    # back to the whole map, then a click on the thesis' box opens its claim
    page.click("#map button[data-zoom='reset']")
    with page.expect_navigation():
        page.click("#map-frame [id='node-s_urban_technocracy'] a")
    assert page.url.endswith(f"{MAP}/claims/urban-technocracy")
    assert page.inner_text("h1") == "Urban technocracy"
    assert "“The adoption of smart city technologies" in page.inner_text("main")
    assert problems == []


def test_a_link_to_a_folded_claim_unfolds_it(offline_page, built_server: str) -> None:
    page, problems = offline_page
    page.goto(f"{built_server}{MAP}/claims/enact-abstraction")
    page.click("text=its place in the argument")
    page.wait_for_url(f"**{MAP}#c-enact-abstraction")
    assert page.is_visible("#c-enact-abstraction > details > div blockquote")
    assert page.eval_on_selector("#a-pillars-enacted > details", "d => d.open")
    assert problems == []


def test_which_works_support_claims_about_a_concept(offline_page, built_server: str) -> None:
    page, problems = offline_page
    page.goto(built_server + MAP + "#concepts")
    page.select_option("#concept-choice", label="human-off-the-loop system (1)")
    with page.expect_navigation():
        page.click("#concepts button[type='submit']")
    assert page.inner_text("h1") == "Which works support claims about human-off-the-loop system?"
    answer = page.inner_text("table.answer")
    assert "Dodge & Kitchin 2007" in answer and "Governance ceded to software" in answer
    assert "On or off the loop now" in page.inner_text("ul.concept-claims")
    with page.expect_navigation():
        page.click("table.answer a:text('Dodge & Kitchin 2007')")
    assert page.url.endswith("/works/dodge2007outlines")
    assert problems == []
