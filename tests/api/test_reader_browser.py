"""The document reader in Debian's Chromium: the chapter's text with its citations, a
citation's confidence on hover, a click through to the cited work, and a deep link to a
sentence; every request to another host blocked and recorded, and none made; no console
errors (a Content-Security-Policy refusal is one), no failed request."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_support import watched_page

pytestmark = pytest.mark.slow


@pytest.fixture
def reader(browser, built_server: str) -> Iterator[tuple[object, list[str]]]:
    """A page on which requests to any host but the test server's are aborted; yields it
    with the problems seen (those requests, console errors, script errors, failed
    requests), which the test asserts are none."""
    with watched_page(browser, built_server, viewport={"width": 1400, "height": 900}) as watched:
        yield watched


def test_a_reader_follows_a_citation_to_its_work(reader, built_server: str) -> None:
    page, problems = reader
    page.goto(f"{built_server}/documents/kitchin2019smart")
    assert "Introduction" in page.inner_text("article.text")
    citation = page.locator("article.text a.cite#c-1")
    assert citation.inner_text() == "Townsend 2013"
    citation.hover()
    assert "confidence 1.00" in (citation.get_attribute("title") or "")
    # beside the text on a wide screen: the reference list, in view with the text
    side = page.locator("aside.side").bounding_box()
    text = page.locator("article.text").bounding_box()
    assert side is not None and text is not None and side["x"] > text["x"] + text["width"]
    with page.expect_navigation():
        citation.click()
    assert page.url == f"{built_server}/works/townsend2013smart"
    assert "Smart Cities" in page.inner_text("h1")
    assert not problems, problems


def test_a_deep_link_lands_on_its_sentence(reader, built_server: str) -> None:
    page, problems = reader
    page.goto(f"{built_server}/documents/kitchin2019smart#s-26")
    sentence = page.locator("#s-26")
    assert "Vanolo (2015)" in sentence.inner_text()
    assert sentence.evaluate("e => e.matches(':target')")
    box = sentence.bounding_box()
    assert box is not None and -1 < box["y"] < 900  # scrolled into view (to a device pixel)
    with page.expect_navigation():
        sentence.locator("a.mention", has_text="smartmentality").first.click()
    assert page.url.endswith("/Smartmentality")
    assert not problems, problems


def test_on_a_narrow_screen_the_references_come_below(reader, built_server: str) -> None:
    page, problems = reader
    page.set_viewport_size({"width": 600, "height": 900})
    page.goto(f"{built_server}/documents/kitchin2019smart")
    side = page.locator("aside.side").bounding_box()
    text = page.locator("article.text").bounding_box()
    assert side is not None and text is not None and side["y"] > text["y"] + text["height"] - 1
    assert not problems, problems
