"""The chapter's pages show the same with papers ingested beside it (the queries that read
only the chapter's own graphs and the shared ones, and those that read the whole store,
alike); and the lists cut into pages (documents, a concept's sentences, works) show every
item once across their pages, in the order of the whole list. Content, never timing:
bench/pages.py times the pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import lxml.html
import pytest

from api import create_app
from kg.build import build
from kg.catalogue import records as catalogue
from kg.ingest.pipeline import ingest
from kg.settings import Settings
from kg.store import OxigraphStore, Store
from kg.store.named import load_queries, run_named_query

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
DOC = "/documents/kitchin2019smart"
MAP = "/argmaps/kitchin2019smart"
#: The chapter's pages that must read the same with papers beside it.
CHAPTER_PAGES = [
    DOC,
    f"{DOC}/references",
    MAP,
    f"{MAP}/concepts",
    f"{MAP}/concepts?concept=HumanOffTheLoopSystem",
    f"{MAP}/claims/algorithmic-technocracy",
]
#: Papers of our own: they cite works the chapter cites (its bibliography's entries) and
#: name concepts it discusses, so that a page reading the whole store would change.
PAPER = """Paper {n}: dashboards and smartmentality

Introduction

Smartmentality spreads through the smart city (Townsend, 2013; Kitchin, 2014). Human off
the loop systems run the city's sensors, and smartmentality is what they are sold with
(Kitchin, 2014). Sentence {n} of paper {n} says the smart city is a living lab.

References

Kitchin, R. (2014). The real-time city? Big data and smart urbanism. GeoJournal, 79(1), 1-14.
Townsend, A. M. (2013). Smart cities: Big data, civic hackers, and the quest for a new utopia. W. W. Norton.
"""


def _main(response: httpx.Response) -> str:
    """The page's content (its <main>), as markup: what a reader sees of it."""
    assert response.status_code == 200, response.text[:300]
    (main,) = lxml.html.fromstring(response.text).xpath("//main")
    return lxml.html.tostring(main, encoding="unicode")


def _sentences(url: str) -> list[tuple[str, str]]:
    """A concept page's sentences: (link into the reader, words)."""
    tree = lxml.html.fromstring(httpx.get(url, headers={"accept": BROWSER}, timeout=120).text)
    return [
        (li.xpath("string(.//small/a/@href)"), li.xpath("string(blockquote)"))
        for li in tree.xpath("//h2[@id='discussions']/following-sibling::ol[1]/li")
    ]


@pytest.fixture(scope="module")
def chapter_store() -> Iterator[Store]:
    """The chapter built into a store of this module's own (papers are ingested into it)."""
    store = OxigraphStore()
    build(store, reason=False)
    yield store
    store.close()


@pytest.fixture(scope="module")
def served(chapter_store: Store, serve_app) -> Iterator[str]:
    with serve_app(create_app(Settings(store="memory", update_token=None), chapter_store)) as url:
        yield url


@pytest.fixture(scope="module")
def before_and_after(
    served: str, chapter_store: Store, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple]:
    """Each chapter page and the concept page's sentences, before and after three papers
    are ingested beside the chapter."""

    def read() -> dict[str, object]:
        with httpx.Client(base_url=served, headers={"accept": BROWSER}, timeout=120) as client:
            pages: dict[str, object] = {url: _main(client.get(url)) for url in CHAPTER_PAGES}
        pages["sentences"] = _sentences(f"{served}/concepts/Smartmentality?limit=500")
        return pages

    before = read()
    folder: Path = tmp_path_factory.mktemp("papers")
    for n in range(3):
        path = folder / f"beside{n}.txt"
        path.write_text(PAPER.format(n=n), encoding="utf-8")
        ingest(chapter_store, path, doc_id=f"beside{n}", sentences="all")
    after = read()
    return {key: (before[key], after[key]) for key in before}


@pytest.mark.parametrize("url", CHAPTER_PAGES)
def test_the_chapter_s_pages_read_the_same_with_papers_beside_it(before_and_after, url):
    before, after = before_and_after[url]
    assert before == after


def test_the_concept_page_keeps_the_chapter_s_sentences_and_adds_the_papers(before_and_after):
    before, after = before_and_after["sentences"]
    assert before and all("/documents/kitchin2019smart#" in href for href, _ in before)
    assert [s for s in after if "kitchin2019smart" in s[0]] == before
    papers = {
        href.split("#")[0].rsplit("/", 1)[-1] for href, _ in after if href not in dict(before)
    }
    assert papers == {"beside0", "beside1", "beside2"}


def test_a_concept_s_sentences_come_a_page_at_a_time_and_all_of_them(served, before_and_after):
    whole = _sentences(f"{served}/concepts/Smartmentality?limit=500")
    pages, offset = [], 0
    while page := _sentences(f"{served}/concepts/Smartmentality?limit=3&offset={offset}"):
        pages += page
        offset += 3
    assert pages == whole and len(whole) > 3


def test_a_concept_page_links_the_pages_of_its_sentences(served, before_and_after):
    url = f"{served}/concepts/Smartmentality?limit=3"
    tree = lxml.html.fromstring(httpx.get(url, headers={"accept": BROWSER}, timeout=120).text)
    (after,) = set(tree.xpath("//a[@rel='next']/@href"))
    assert "offset=3" in after and "limit=3" in after
    assert f"of {len(_sentences(served + '/concepts/Smartmentality?limit=500'))}" in (
        tree.xpath("string(//p[@class='pager'])")
    )


def test_the_documents_come_a_page_at_a_time_and_all_of_them(served, before_and_after):
    whole = [d["id"] for d in httpx.get(f"{served}/documents", timeout=120).json()]
    assert whole == ["beside0", "beside1", "beside2", "kitchin2019smart"]
    pages = [
        d["id"]
        for offset in range(0, len(whole), 2)
        for d in httpx.get(f"{served}/documents?limit=2&offset={offset}", timeout=120).json()
    ]
    assert pages == whole
    page = httpx.get(f"{served}/documents?limit=2", headers={"accept": BROWSER}, timeout=120)
    tree = lxml.html.fromstring(page.text)
    assert len(tree.xpath("//main//table//tr[td]")) == 2
    assert tree.xpath("//a[@rel='next']/@href")


def test_the_works_pages_are_the_rows_of_the_works_query(chapter_store, before_and_after):
    """The works list chooses a page before it aggregates (kg.catalogue.work_pages): its
    pages, put together, are what ``works.rq`` answers whole."""
    rows = run_named_query(chapter_store, load_queries()["works"], limit=None).rows()
    whole = [(r["id"].value, r["citedBy"].value, r["citations"].value) for r in rows]  # type: ignore[union-attr]
    pages = [
        (w.slug, str(w.cited_by), str(w.citations))
        for offset in range(0, len(whole), 7)
        for w in catalogue.works(chapter_store, limit=7, offset=offset).items
    ]
    assert pages == whole
    assert catalogue.works(chapter_store, limit=7).total == len(whole) > 7
