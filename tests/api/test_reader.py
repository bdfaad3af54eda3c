"""The document reader (``/documents/{id}`` for a browser), over the chapter's built graph
and over a paper ingested here: the text in sections and pages, every citation linked to
its work with its confidence on hover, unresolved ones marked in words as well as colour,
concept mentions and anchors linked, the reference list beside the text, deep links by
fragment, and odd text in the store shown as text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import lxml.html
import pytest

from api import create_app
from kg.ingest.pipeline import ingest
from kg.rdf.namespaces import GRAPH
from kg.resources import ontology_file
from kg.settings import Settings
from kg.store import OxigraphStore, Store

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CHAPTER = "/documents/kitchin2019smart"

#: A paper of our own (plain text, which keeps its angle brackets), with words a page must escape, a citation of a work its list lacks,
#: and concepts of the ontology (smart city, living lab, technological solutionism).
PAPER = """Dashboards & <script>alert('x')</script> cities

Introduction

Urban dashboards promise a smart city read at a glance (Kitchin, 2014; Townsend, 2013).
Some call this technological solutionism, a term used for platforms <b>fixing</b> every
urban problem (Nobody, 2099). In 2015 the city opened a living lab at AT&T's old depot.

References

Kitchin, R. (2014). The real-time city? Big data and smart urbanism. GeoJournal, 79(1), 1-14.
Townsend, A. M. (2013). Smart cities: Big data, civic hackers, and the quest for a new utopia. W. W. Norton.
"""


def _tree(response: httpx.Response) -> lxml.html.HtmlElement:
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return lxml.html.fromstring(response.text)


@pytest.fixture(scope="module")
def chapter(built_server: str) -> tuple[str, lxml.html.HtmlElement]:
    """The chapter's reader page, over the built graph."""
    response = httpx.get(built_server + CHAPTER, headers={"accept": BROWSER}, timeout=120)
    return built_server, _tree(response)


@pytest.fixture(scope="module")
def paper_server(tmp_path_factory: pytest.TempPathFactory, serve_app) -> Iterator[str]:
    """The app, served on 127.0.0.1, over a store holding the ontology and ``PAPER``
    ingested with every sentence's words kept."""
    store: Store = OxigraphStore()
    store.replace_graph(str(GRAPH.ontology), ontology_file().read_bytes(), format="ttl")
    path: Path = tmp_path_factory.mktemp("paper") / "dashboards.txt"
    path.write_text(PAPER, encoding="utf-8")
    ingest(store, path, doc_id="dashboards", sentences="all")
    with serve_app(create_app(Settings(store="memory", update_token=None), store)) as url:
        yield url
    store.close()


@pytest.fixture(scope="module")
def paper(paper_server: str) -> lxml.html.HtmlElement:
    return _tree(httpx.get(f"{paper_server}/documents/dashboards", headers={"accept": BROWSER}))


def _text(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    (article,) = tree.xpath("//main//article[contains(@class, 'text')]")
    return article


# -- the chapter ------------------------------------------------------------------------


def test_the_chapter_is_read_in_its_sections_and_pages(chapter):
    _, tree = chapter
    article = _text(tree)
    headings = [h.text_content() for h in article.xpath(".//h2 | .//h3")]
    assert "Introduction" in headings and "Conclusion" in headings
    assert headings.index("Introduction") < headings.index("Conclusion")
    pages = [p.get("id") for p in article.xpath(".//*[contains(@class, 'page-break')]")]
    assert pages[:3] == ["p-1", "p-2", "p-3"] and len(pages) >= 10
    sentences = article.xpath(".//span[contains(concat(' ', @class, ' '), ' s ')]")
    assert len(sentences) >= 100  # every sentence, kept words or not, has its place
    assert all(s.get("id", "").startswith(("s-", "fn-", "t-")) for s in sentences)
    assert article.xpath(".//span[@id='s-17']")  # sentence 17 of the IRIs: /documents/...#s-17


def test_every_chapter_citation_links_to_its_work_with_its_confidence(chapter):
    base, tree = chapter
    cites = _text(tree).xpath(".//a[contains(@class, 'cite')]")
    ids = {a.get("id") for a in cites if a.get("id")}
    assert len(ids) == 38  # each citation once, by its number: #c-1 ... #c-38
    (townsend,) = [a for a in cites if a.get("id") == "c-1"]
    assert townsend.text_content() == "Townsend 2013"
    assert townsend.get("href") == f"{base}/works/townsend2013smart"
    assert "confidence 1.00" in townsend.get("title") and "Townsend" in townsend.get("title")
    vanolo = [a for a in cites if a.text_content() == "Vanolo (2015)"]
    assert vanolo[0].get("href") == f"{base}/works/vanolo2014smartmentality"
    assert not tree.xpath(
        "//*[contains(@class, 'unresolved')][contains(@class, 'cite')]"
        "[not(ancestor::ul[contains(@class, 'legend')])]"
    )


def test_chapter_concepts_and_anchors_link_to_their_pages(chapter):
    base, tree = chapter
    article = _text(tree)
    mentions = {a.get("href") for a in article.xpath(".//a[contains(@class, 'mention')]")}
    assert f"{base}/concepts/Smartmentality" in mentions
    assert f"{base}/concepts/SmartCity" in mentions
    anchors = {a.get("href") for a in article.xpath(".//a[contains(@class, 'anchor')]")}
    assert f"{base}/argmaps/kitchin2019smart/claims/blurred-line" in anchors
    assert f"{base}/concepts/Smartmentality" in anchors
    marks = article.xpath(".//mark[contains(@class, 'anchor')] | .//q[contains(@class, 'anchor')]")
    assert len(marks) > 50


def test_beside_the_chapter_its_reference_list_and_where_to_go(chapter):
    base, tree = chapter
    (side,) = tree.xpath("//main//aside")
    entries = side.xpath(".//ol[contains(@class, 'refs')]/li")
    assert len(entries) == 25
    (first,) = [li for li in entries if li.get("id") == "ref-townsend2013smart"]
    assert first.xpath(".//a")[0].get("href") == f"{base}/works/townsend2013smart"
    assert "high confidence" in first.text_content() and "cited 2×" in first.text_content()
    assert "#c-1" in {a.get("href") for a in first.xpath(".//a")}
    hrefs = {a.get("href") for a in side.iter("a")}
    assert {
        f"{base}/documents/kitchin2019smart/references",
        f"{base}/argmaps/kitchin2019smart?format=html",
        f"{base}/argmaps/kitchin2019smart/claims",
        f"{base}/litmaps/citation?doc=kitchin2019smart&format=html",
    } <= hrefs


def test_api_clients_still_get_the_record(built_server):
    response = httpx.get(built_server + CHAPTER, headers={"accept": "application/json"})
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["id"] == "kitchin2019smart"


# -- a paper ingested here ----------------------------------------------------------------


def test_a_paper_is_read_with_every_sentence_and_its_citations(paper):
    article = _text(paper)
    text = article.text_content()
    assert "Urban dashboards promise" in text and "living lab" in text
    cites = article.xpath(".//*[contains(@class, 'cite')]")
    resolved = [c for c in cites if c.tag == "a"]
    assert {c.text_content() for c in resolved} == {"Kitchin, 2014", "Townsend, 2013"}
    assert {c.get("href", "").rsplit("/", 2)[-2] for c in resolved} == {"works"}


def test_an_unresolved_citation_is_marked_without_colour(paper):
    (nobody,) = _text(paper).xpath(".//span[contains(@class, 'unresolved')]")
    assert "Nobody, 2099" in nobody.text_content()
    assert "(unresolved)" in nobody.text_content()  # said in words, for screen readers
    assert nobody.xpath(".//*[contains(@class, 'flag')]")[0].text_content() == "?"
    assert "not resolved" in nobody.get("title")
    assert nobody.get("id", "").startswith("c-")
    (listed,) = paper.xpath("//aside//ul[contains(@class, 'unresolved-list')]/li")
    assert listed.xpath(".//a")[0].get("href") == f"#{nobody.get('id')}"


def test_a_paper_s_concept_mentions_link_to_concepts(paper):
    mentions = {
        a.text_content().lower(): a.get("href")
        for a in _text(paper).xpath(".//a[contains(@class, 'mention')]")
    }
    assert mentions.get("living lab", "").endswith("/concepts/LivingLab")
    assert mentions.get("technological solutionism", "").endswith(
        "/concepts/TechnologicalSolutionism"
    )


def test_odd_text_in_the_store_is_shown_as_text(paper_server, paper):
    page = httpx.get(f"{paper_server}/documents/dashboards", headers={"accept": BROWSER}).text
    assert "<script>alert" not in page and "<b>fixing</b>" not in page
    assert not paper.xpath("//script") and not paper.xpath("//main//b")
    text = _text(paper).text_content()  # shown, as the store has it
    assert "<b>fixing</b>" in text and "AT&T" in text and "<script>alert('x')</script>" in text


def test_a_paper_without_anchors_or_pages_still_has_its_reference_list(paper):
    entries = paper.xpath("//aside//ol[contains(@class, 'refs')]/li")
    assert len(entries) == 2
    assert all("cited 1×" in li.text_content() for li in entries)


def test_an_unknown_document_is_404(paper_server):
    response = httpx.get(f"{paper_server}/documents/nosuchdoc", headers={"accept": BROWSER})
    assert response.status_code == 404


def test_the_chapter_s_links_lead_somewhere(chapter):
    """Ids are unique, every fragment link has its target on the page, and links of each
    kind (works, concepts, claims, resources, the document's other pages) answer a page."""
    base, tree = chapter
    ids = [e.get("id") for e in tree.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    hrefs = {a.get("href") for a in tree.iter("a") if a.get("href")}
    assert {h[1:] for h in hrefs if h.startswith("#")} <= set(ids)
    kinds: dict[str, list[str]] = {}
    for href in sorted(h for h in hrefs if h.startswith(base)):
        path = href.removeprefix(base).split("?")[0].split("/")
        kinds.setdefault("/".join(path[:2] if path[1] != "argmaps" else path[:4]), []).append(href)
    assert {"/works", "/concepts", "/argmaps/kitchin2019smart/claims", "/id"} <= set(kinds)
    for kind, links in kinds.items():
        if kind.startswith("/.well-known"):
            continue  # the frame's VoID link: RDF, not a page
        for href in links[:: max(1, len(links) // 4)]:
            response = httpx.get(href, headers={"accept": BROWSER}, timeout=120)
            assert response.status_code == 200, href


def test_the_reference_list_page_leads_into_the_reader(paper_server, paper):
    response = httpx.get(
        f"{paper_server}/documents/dashboards/references", headers={"accept": BROWSER}
    )
    hrefs = {a.get("href") for a in _tree(response).iter("a")}
    entries = {li.get("id") for li in paper.xpath("//aside//ol[contains(@class, 'refs')]/li")}
    into = {h.split("#", 1)[1] for h in hrefs if h and "/documents/dashboards#" in h}
    assert into and into <= entries
