"""``/search`` over the full-text index: a paper's sentences found through the API, in JSON
and as a page whose snippets are escaped with the hit in ``<mark>``; paging; a document
deleted through the API gone from the next search; the reader reached from a sentence hit
in Debian's Chromium, from the frame's search box. Nothing loads from another host."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from browser_support import watched_page
from lxml import html

from api import create_app
from kg.build import build
from kg.ingest.pipeline import ingest
from kg.settings import Settings
from kg.store import open_store
from tests.search.current import current
from tests.search.test_sync import PAPER

TOKEN = "search-token"
HOSTILE = """# A hostile note

The <script>alert("x")</script> sidewalk & its <b>kerb</b> were mapped twice.
"""


@pytest.fixture(scope="module")
def server(serve_app, tmp_path_factory) -> Iterator[str]:
    folder: Path = tmp_path_factory.mktemp("texts")
    (folder / "waterfront.md").write_text(PAPER, encoding="utf-8")
    (folder / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    store = open_store("memory")
    build(store, reason=False)
    ingest(store, folder / "waterfront.md", doc_id="waterfront2021")
    ingest(store, folder / "hostile.md", doc_id="hostile")
    settings = Settings(store="memory", corpus_dir=folder, update_token=TOKEN)
    with serve_app(create_app(settings, store)) as url:
        yield url
    store.close()


def _json(url: str, **params):
    return current(url, **params)


def test_a_word_of_an_ingested_paper_is_found_with_a_link_into_the_reader(server):
    found = _json(server, q="Sidewalk")
    assert found["source"] == "index"
    sentences = [h for h in found["items"] if h["kind"] == "sentence"]
    assert len([h for h in sentences if "waterfront2021" in h["href"]]) == 3
    for hit in sentences:
        assert hit["href"].startswith("/documents/")
        assert "#s-" in hit["href"]
        assert [s["text"].lower() for s in hit["snippet"] if s["hit"]] == ["sidewalk"]


def test_a_label_ranks_above_the_sentences(server):
    found = _json(server, q="smartmentality")
    assert found["items"][0]["kind"] == "label"
    assert found["items"][0]["href"] == "/ontology/Smartmentality"
    kinds = [h["kind"] for h in found["items"]]
    assert kinds.index("label") < kinds.index("quotation")


def test_paging_links_keep_the_query(server):
    first = _json(server, q="smart", limit=5)
    assert first["total"] > 5 and len(first["items"]) == 5
    assert first["next"].endswith("q=smart&limit=5&offset=5")
    second = httpx.get(first["next"], timeout=60).json()
    assert second["offset"] == 5 and second["prev"].endswith("offset=0")
    assert {h["iri"] + h["kind"] for h in first["items"]}.isdisjoint(
        {h["iri"] + h["kind"] for h in second["items"]}
    )


def test_the_page_escapes_snippets_and_marks_the_hit(server):
    _json(server, q="kerb")  # the index current
    response = httpx.get(f"{server}/search", params={"q": "kerb", "format": "html"})
    assert response.status_code == 200
    assert "<script>alert" not in response.text and "<b>kerb" not in response.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in response.text
    tree = html.fromstring(response.text)
    (row,) = tree.xpath("//table[@class='hits']//tr[contains(@class, 'hit')]")
    assert row.xpath(".//mark/text()") == ["kerb"]
    assert row.xpath(".//a/@href")[0].startswith(f"{server}/documents/hostile#s-")
    assert tree.xpath("//title/text()") == ["Search: kerb"]


def test_a_document_deleted_through_the_api_is_not_found_after(server):
    assert _json(server, q="kerb")["total"] == 1
    gone = httpx.delete(f"{server}/documents/hostile", headers={"Authorization": f"Bearer {TOKEN}"})
    assert gone.status_code == 200, gone.text
    assert _json(server, q="kerb")["total"] == 0


@pytest.fixture
def offline_page(browser, server: str) -> Iterator[tuple[object, list[str]]]:
    with watched_page(browser, server) as watched:
        yield watched


@pytest.mark.slow
def test_from_the_frame_s_search_box_to_the_sentence_in_the_reader(offline_page, server):
    page, problems = offline_page
    page.goto(f"{server}/concepts")
    page.fill("header input[name=q]", "byword")
    with page.expect_navigation():
        page.press("header input[name=q]", "Enter")
    assert page.title() == "Search: byword"
    row = page.locator("table.hits tr.hit-sentence").first
    assert "byword" in row.locator("mark").inner_text()
    href = row.locator("a").get_attribute("href")
    with page.expect_navigation():
        row.locator("a").click()
    fragment = href.rsplit("#", 1)[1]
    assert page.url.endswith(f"/documents/waterfront2021#{fragment}")
    assert "waterfront" in page.inner_text("h1").lower() or "waterfront2021" in page.url
    assert problems == []
