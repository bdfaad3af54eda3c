"""The concept page over the chapter's graph: on one page, what a term means, who coined it
(authors and year, linked to the work), its neighbours in the ontology, the sentences of
the ingested texts that discuss it (linked into the reader, with the works they cite), the
claims about it (linked to the argument explorer) and the works that ground them. Checked
for more than one term, so that nothing is written for smartmentality alone."""

from __future__ import annotations

import httpx
import lxml.html
import pytest

from kg.catalogue.concept_view import concept_view
from kg.catalogue.records import concepts

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _page(url: str) -> lxml.html.HtmlElement:
    response = httpx.get(url, headers={"accept": BROWSER})
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    return lxml.html.fromstring(response.text)


def _section(tree: lxml.html.HtmlElement, ident: str) -> lxml.html.HtmlElement:
    """The h2 of ``ident`` and what follows it up to the next h2, as one element."""
    (heading,) = tree.xpath("//h2[@id=$i]", i=ident)
    holder = lxml.html.Element("section")
    for sibling in heading.itersiblings():
        if sibling.tag == "h2":
            break
        holder.append(lxml.html.fromstring(lxml.html.tostring(sibling)))
    holder.insert(0, lxml.html.fromstring(lxml.html.tostring(heading)))
    return holder


def test_who_coined_smartmentality_is_on_the_page_with_authors_and_year(built_server):
    tree = _page(f"{built_server}/concepts/Smartmentality")
    assert tree.xpath("//main/h1")[0].text_content() == "smartmentality"
    facts = tree.xpath("//main/dl[@class='facts']")[0]
    coined = facts.xpath("dt[.='Source']/following-sibling::dd[1]")[0]
    assert "Vanolo (2014)" in coined.text_content()
    assert "Smartmentality: The smart city as disciplinary strategy" in coined.text_content()
    assert coined.xpath("a/@href")[0] == f"{built_server}/works/vanolo2014smartmentality"
    assert "capture and control" in tree.xpath("//p[@class='definition']")[0].text_content()


def test_its_neighbours_link_to_their_pages(built_server):
    tree = _page(f"{built_server}/concepts/Smartmentality")
    up = _section(tree, "neighbours")
    assert "Subclass of" in up.text_content()
    assert f"{built_server}/concepts/Governmentality" in up.xpath(".//a/@href")
    # and the other way: the broader term lists it among its subclasses
    down = _section(_page(f"{built_server}/concepts/Governmentality"), "neighbours")
    assert f"{built_server}/concepts/Smartmentality" in down.xpath(".//a/@href")


def test_the_sentences_that_discuss_it_link_into_the_reader(built_server):
    section = _section(_page(f"{built_server}/concepts/Smartmentality"), "discussions")
    (item,) = section.xpath(".//ol[@class='sentences']/li")
    assert "what Vanolo (2015) terms" in item.text_content()
    hrefs = item.xpath(".//a/@href")
    assert f"{built_server}/documents/kitchin2019smart#s-26" in hrefs
    assert f"{built_server}/works/vanolo2014smartmentality" in hrefs  # the work it cites


def test_the_claims_about_it_link_to_the_explorer_with_their_grounds(built_server):
    tree = _page(f"{built_server}/concepts/Smartmentality")
    claims = _section(tree, "claims")
    hrefs = claims.xpath(".//ul[@class='claims']/li/a[1]/@href")
    assert f"{built_server}/argmaps/kitchin2019smart/claims/smartmentality-emerges" in hrefs
    (emerges,) = [
        li
        for li in claims.xpath(".//ul[@class='claims']/li")
        if "smartmentality-emerges" in li.xpath("a[1]/@href")[0]
    ]
    assert "Rests on: Vanolo (2014)" in emerges.text_content()
    grounds = _section(tree, "grounds").text_content()
    assert "Kitchin et al. (2017)" in grounds and "Vanolo (2014)" in grounds


def test_which_works_support_claims_about_human_off_the_loop_systems(built_server):
    tree = _page(f"{built_server}/concepts/HumanOffTheLoop")
    claims = _section(tree, "claims").xpath(".//ul[@class='claims']/li/a[1]/@href")
    assert f"{built_server}/argmaps/kitchin2019smart/claims/people-removed" in claims
    assert tree.xpath("//h2[@id='grounds']")


def test_every_concept_of_the_chapter_has_a_page(built_store):
    """Built for any term: each of the ontology's terms gathers without error, and what
    it shows is the graph's (every work named is a work of the bibliography)."""
    terms = concepts(built_store, limit=500).items
    assert len(terms) > 200
    for term in terms:
        view = concept_view(built_store, term.slug)
        assert view.concept.label == term.label
        for work in [*view.sources, *view.grounds]:
            assert work.iri.startswith("https://w3id.org/technocracy/id/work/")
            assert work.label


def test_the_list_links_each_concept_to_its_page(built_server):
    tree = _page(f"{built_server}/concepts?limit=500")
    assert f"{built_server}/concepts/Smartmentality" in tree.xpath("//main//table//a/@href")


def test_programs_still_get_the_concept_as_json(built_server):
    response = httpx.get(f"{built_server}/concepts/Smartmentality")
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["sources"][0]["iri"].endswith("/work/vanolo2014smartmentality")
    assert [c["label"] for c in body["superclasses"]] == ["governmentality"]


@pytest.mark.slow
def test_from_the_concept_list_to_who_coined_it_in_the_browser(page, built_server):
    page.goto(f"{built_server}/concepts?limit=500")
    with page.expect_navigation():
        page.click("main a[href$='/concepts/Smartmentality']")
    assert "Vanolo (2014)" in page.inner_text("main dl.facts")
    with page.expect_navigation():
        page.click("main dl.facts a[href$='/works/vanolo2014smartmentality']")
    assert "Alberto Vanolo" in page.inner_text("main table.facts")
