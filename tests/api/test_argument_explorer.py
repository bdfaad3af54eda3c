"""The argument explorer over the chapter's graph, as a browser gets it (HTML) and as other
clients do (JSON, SVG): the thesis first, three levels that unfold, quotations with their
pages and sentences, the works each claim rests on; the whole map as a picture whose boxes
open their claims; "which works support claims about human-off-the-loop systems?" answered
on one page; a claim's page. And the same explorer on a map imported from AIF JSON."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import lxml.html
import pytest

from kg.argmap.export import export
from kg.argmap.storage import load_map, read_file, read_text
from kg.settings import Settings
from kg.store import OxigraphStore

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
MAP = "/argmaps/kitchin2019smart"
HOOTL = "https://w3id.org/technocracy/ontology#HumanOffTheLoopSystem"
DATA = Path(__file__).parents[1] / "data" / "argmap"


def _page(url: str, status: int = 200) -> lxml.html.HtmlElement:
    response = httpx.get(url, headers={"accept": BROWSER}, timeout=60)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return lxml.html.fromstring(response.text)


def _text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _summary(branch: lxml.html.HtmlElement) -> str:
    return _text(branch.xpath("./details/summary")[0])


def _children(branch: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return branch.xpath("./details/div[@class='body']/ul/li")


def test_the_explorer_starts_at_the_thesis(built_server: str) -> None:
    tree = _page(built_server + MAP)
    assert "Smart cities, algorithmic technocracy" in _text(tree.xpath("//h1")[0])
    first = tree.xpath("//section[@id='outline']/ul[@class='outline']/li")[0]
    assert first.get("id") == "c-urban-technocracy"
    summary = _summary(first)
    assert summary.startswith("◆ thesis claim Urban technocracy")
    assert "for, 1 against" in summary  # its tally
    # the thesis is open; everything beneath it is folded, to unfold level by level
    assert first.xpath("./details")[0].get("open") is not None
    assert all(d.get("open") is None for d in first.xpath(".//li//details"))
    body = _text(first.xpath("./details/div[@class='body']")[0])
    assert "“The adoption of smart city technologies, across a range of urban domains" in body
    assert "Page 1" in body
    # its quotation links into the reader at its sentence
    reader = first.xpath("./details/div/p[@class='where']/a/@href")[0]
    assert reader.removeprefix(built_server).startswith("/documents/kitchin2019smart#s-")
    assert first.xpath("./details/div/p[@class='open']/a/@href")[0].endswith(
        f"{MAP}/claims/urban-technocracy"
    )


def test_three_levels_unfold_with_relations_in_words(built_server: str) -> None:
    tree = _page(built_server + MAP)
    thesis = tree.xpath("//li[@id='c-urban-technocracy']")[0]
    level1 = {_summary(li).split(" (")[0]: li for li in _children(thesis)}
    algorithmic = next(li for s, li in level1.items() if "Algorithmic technocracy" in s)
    assert _summary(algorithmic).startswith("+ supports claim Algorithmic technocracy")
    assert any(s.startswith("− attacks") for s in level1)  # an objection, said in words
    level2 = _children(algorithmic)
    enacted = next(li for li in level2 if li.get("id") == "a-pillars-enacted")
    assert _summary(enacted).startswith("+ supports argument Pillars enacted")
    level3 = [_summary(li) for li in _children(enacted)]
    assert any(s.startswith("+ is a premise of claim Enact abstraction") for s in level3)
    legend = _text(tree.xpath("//ul[@id='legend']")[0])
    for words in ("supports", "is a premise of", "attacks", "undercuts", "contradicts"):
        assert words in legend


def test_each_claim_has_its_quotation_page_and_works(built_server: str) -> None:
    tree = _page(built_server + MAP)
    ceded = tree.xpath("//li[@id='c-governance-ceded-to-software']")[0]
    body = _text(ceded.xpath("./details/div[@class='body']")[0])
    assert "“governance is ceded to software systems" in body and "Page 3" in body
    (work,) = ceded.xpath("./details/div/p[@class='works']/a")
    assert work.text_content() == "Dodge & Kitchin 2007"
    assert work.get("href").endswith("/works/dodge2007outlines")
    assert "Outlines of a world coming into existence" in work.get("title")
    # every element of the map has exactly one unfolded place
    ids = tree.xpath("//section[@id='outline']//li[@id]/@id")
    assert len(ids) == len(set(ids)) == 156


def test_the_picture_opens_claims(built_server: str) -> None:
    tree = _page(built_server + MAP)
    (frame,) = tree.xpath("//div[@id='map-frame']")
    assert frame.get("data-src").endswith(f"{MAP}/picture")
    assert frame.xpath(".//a/@href")[0].endswith(f"{MAP}/picture")  # without script: a link
    svg = httpx.get(built_server + MAP + "/picture", timeout=60)
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert f'xlink:href="{built_server}{MAP}/claims/urban-technocracy"' in svg.text
    assert 'id="node&#45;s_urban_technocracy"' in svg.text  # Graphviz writes - as &#45;


def test_which_works_support_claims_about_human_off_the_loop_systems(built_server: str) -> None:
    for concept in (HOOTL, "HumanOffTheLoopSystem"):
        tree = _page(f"{built_server}{MAP}/concepts?concept={quote(concept, safe='')}")
        assert _text(tree.xpath("//h1")[0]) == (
            "Which works support claims about human-off-the-loop system?"
        )
        rows = tree.xpath("//table[@class='answer']/tr[td]")
        works = {r.xpath("./td[1]/a/@href")[0].rsplit("/", 1)[1]: _text(r) for r in rows}
        assert "dodge2007outlines" in works
        assert "Governance ceded to software" in works["dodge2007outlines"]
        assert {"vanolo2014smartmentality", "krivy2016towards"} <= set(works)
        claims = _text(tree.xpath("//ul[@class='concept-claims']")[0])
        # the claim about the concept itself comes first, with its quotation and page
        assert claims.startswith("claim On or off the loop now")
        assert "human-off-the-loop (algorithms work autonomously" in claims and "Page 4" in claims
        (chosen,) = tree.xpath("//select[@name='concept']/option[@selected]")
        assert chosen.get("value") == HOOTL
    answer = httpx.get(f"{built_server}{MAP}/concepts", params={"concept": HOOTL}).json()
    assert answer["concept"] == {"iri": HOOTL, "label": "human-off-the-loop system"}
    assert answer["claims"][0]["title"] == "On or off the loop now"
    assert "automated management system" in answer["broader"]


def test_the_concept_form_lists_the_maps_concepts(built_server: str) -> None:
    tree = _page(f"{built_server}{MAP}/concepts")
    options = tree.xpath("//form[@class='concept-filter']//option")
    labels = [_text(o) for o in options]
    assert "human-off-the-loop system (1)" in labels and len(labels) > 100
    explorer = _page(built_server + MAP)
    (form,) = explorer.xpath("//section[@id='concepts']//form")
    assert form.get("action").endswith(f"{MAP}/concepts") and form.get("method") == "get"
    assert httpx.get(f"{built_server}{MAP}/concepts?concept=NoSuchTerm").status_code == 404
    bad = httpx.get(f"{built_server}{MAP}/concepts", params={"concept": "javascript:x"})
    assert bad.status_code == 404


def test_a_claim_page_has_its_quotation_relations_and_works(built_server: str) -> None:
    tree = _page(f"{built_server}{MAP}/claims/algorithmic-technocracy")
    text = _text(tree.xpath("//main")[0])
    assert "“In effect, the smart city is one underpinned by a form of algorithmic" in text
    assert "Page 3" in text
    hrefs = {a.get("href").removeprefix(built_server) for a in tree.iter("a")}
    assert f"{MAP}/claims/pillars-enacted" in hrefs  # what supports it, linked
    assert "/works/savini2019rise" in hrefs  # a work it rests on, through what supports it
    assert any(h.startswith("/documents/kitchin2019smart#s-") for h in hrefs)
    assert f"{MAP}#c-algorithmic-technocracy" in hrefs  # its place in the explorer
    assert "supported by" in text


@pytest.fixture(scope="module")
def aif_server(serve_app) -> Iterator[str]:
    """A server over one map imported from AIF JSON (the sample map, written as AIF)."""
    from api import create_app

    store = OxigraphStore()
    sample = read_file(DATA / "sample.argdown")
    m = read_text(export(sample, "sample", "aif").decode("utf-8"), "imported.json")
    load_map(store, m, "imported", unknown="warn")
    with serve_app(create_app(Settings(store="memory", update_token=None), store)) as base:
        yield base
    store.close()


def test_a_map_imported_from_aif_has_an_explorer(aif_server: str) -> None:
    tree = _page(f"{aif_server}/argmaps/imported")
    roots = tree.xpath("//section[@id='outline']/ul[@class='outline']/li")
    assert "Such management is a form of technocracy." in _summary(roots[0])
    assert _summary(roots[0]).startswith("◇ main claim")  # AIF declares no thesis
    text = _text(tree.xpath("//section[@id='outline']")[0])
    assert "contradicts claim Cities are increasingly managed by software." in text
    assert "attacks claim Many sensors fail or go offline." in text
    assert tree.xpath("//div[@id='map-frame']")
    # no text ingested for this map: no link into a reader
    assert not [h for h in tree.xpath("//a/@href") if "/documents/" in h]
