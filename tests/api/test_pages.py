"""Every page in one frame, from templates: the header's navigation and search box,
breadcrumbs, the footer with the licence and the endpoint; a page for a browser and JSON
for others on every resource the API lists; named queries as forms that answer tables;
and data in the graph escaped on every page, whatever it holds."""

from __future__ import annotations

from urllib.parse import urljoin

import httpx
import lxml.html
import pytest

from api import create_app
from kg.argmap.storage import load_map, read_text
from kg.settings import Settings
from kg.store import open_store

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CLAIM = "https://w3id.org/technocracy/id/claim/kitchin2019smart/new-urban-technocrats"
NAVIGATION = {
    "Documents": "/documents",
    "Concepts": "/concepts",
    "Works": "/works",
    "Arguments": "/argmaps",
    "Maps": "/litmaps",
    "Queries": "/queries",
    "SPARQL": "/sparql",
}
#: Every kind of page, over the chapter's graph.
PAGES = [
    "/",
    "/sparql",
    "/documents",
    "/documents/kitchin2019smart",
    "/documents/kitchin2019smart/references",
    "/concepts",
    "/concepts/Smartmentality",
    "/ontology/Smartmentality",
    "/works",
    "/works/kitchin2019smart",
    "/search?q=smart",
    "/id/work/vanolo2014smartmentality",
    "/argmaps",
    "/argmaps/kitchin2019smart/claims",
    "/argmaps/kitchin2019smart/claims/new-urban-technocrats",
    "/litmaps",
    "/queries",
    "/queries/pillars",
    "/queries/argmap-supports",
]


def _page(url: str, status: int = 200) -> lxml.html.HtmlElement:
    response = httpx.get(url, headers={"accept": BROWSER}, timeout=60)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return lxml.html.fromstring(response.text)


def _hrefs(tree: lxml.html.HtmlElement, base: str) -> set[str]:
    return {a.get("href").removeprefix(base) for a in tree.iter("a") if a.get("href")}


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_in_the_frame(built_server, path):
    tree = _page(built_server + path)
    assert tree.get("lang") == "en"
    (header,) = tree.xpath("//body/header")
    assert header.xpath(".//a")[0].text_content() == "Technocracy KG"
    (nav,) = header.xpath(".//nav")
    links = {a.text_content(): a.get("href") for a in nav.iter("a")}
    assert links == {label: built_server + p for label, p in NAVIGATION.items()}
    (search,) = header.xpath(".//form[@role='search']")
    assert search.get("action") == f"{built_server}/search" and search.get("method") == "get"
    assert search.xpath(".//input[@name='q']")
    (crumbs,) = tree.xpath("//nav[@aria-label='Breadcrumb']/ol")
    items = crumbs.xpath("./li")
    assert items[-1].get("aria-current") == "page"
    if path != "/":
        assert items[0].xpath("./a")[0].get("href") == f"{built_server}/"
    (main,) = tree.xpath("//main[@id='main']")
    assert main.xpath("./h1")
    assert tree.xpath("//a[@class='skip']")[0].get("href") == "#main"
    (footer,) = tree.xpath("//body/footer")
    assert footer.xpath(".//a[@rel='license']")[0].get("href") == (
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert f"{built_server}/sparql" in {a.get("href") for a in footer.iter("a")}
    sheets = tree.xpath("//head/link[@rel='stylesheet']")
    assert sheets[0].get("href") == f"{built_server}/static/site.css"  # the frame's, first
    for sheet in sheets:  # the SPARQL editor's are relative to the root (any root path)
        css = httpx.get(urljoin(built_server + path, sheet.get("href")))
        assert css.headers["content-type"].startswith("text/css")
    # nothing inline: scripts come from this server (the SPARQL editor's), data is JSON
    assert not tree.xpath("//script[not(@src) and not(@type='application/json')]")
    assert not tree.xpath("//style")


def test_the_home_page_leads_everywhere(built_server):
    hrefs = _hrefs(_page(built_server + "/"), built_server)
    main = {"/documents", "/concepts", "/works", "/argmaps", "/litmaps", "/queries", "/sparql"}
    assert main | {"/docs", "/queries/pillars"} <= hrefs


@pytest.mark.parametrize(
    ("path", "media"),
    [
        ("/documents", "application/json"),
        ("/documents/kitchin2019smart", "application/json"),
        ("/documents/kitchin2019smart/references", "application/json"),
        ("/argmaps", "application/json"),
        ("/argmaps/kitchin2019smart/claims", "application/json"),
        ("/argmaps/kitchin2019smart/claims/new-urban-technocrats", "application/json"),
        ("/litmaps", "application/json"),
        ("/queries", "application/json"),
        ("/queries/pillars", "application/sparql-results+json"),
    ],
)
def test_programs_still_get_json(built_server, path, media):
    for accept in (None, "*/*", "application/json"):
        headers = {"accept": accept} if accept else {}
        response = httpx.get(built_server + path, headers=headers, timeout=60)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media)
        assert "Accept" in response.headers["vary"]
        assert response.json()


def test_the_documents_list_and_a_document_lead_to_its_parts(built_server):
    docs = httpx.get(f"{built_server}/documents").json()
    (chapter,) = [d for d in docs if d["id"] == "kitchin2019smart"]
    assert chapter["argmap"] and chapter["references"] >= 25 and chapter["citations"] > 30
    hrefs = _hrefs(_page(f"{built_server}/documents/kitchin2019smart"), built_server)
    assert {
        "/documents/kitchin2019smart/references",
        "/works/kitchin2019smart",
        "/argmaps/kitchin2019smart?format=html",
        "/argmaps/kitchin2019smart/claims",
        "/litmaps/citation?doc=kitchin2019smart&format=html",
    } <= hrefs
    assert httpx.get(f"{built_server}/documents/nosuchdoc").status_code == 404
    table = _page(f"{built_server}/documents/kitchin2019smart/references").xpath("//main//table")
    rows = table[0].xpath(".//tr[td]")
    assert len(rows) >= 25
    assert rows[0].xpath(".//a")[0].get("href") == f"{built_server}/works/townsend2013smart"


def test_the_chapter_s_page_shows_its_references_and_folds_its_terms(built_server):
    tree = _page(f"{built_server}/works/kitchin2019smart")
    (terms,) = tree.xpath("//main//details")
    assert terms.get("open") is None and len(terms.xpath(".//a")) > 100
    (heading,) = [h for h in tree.xpath("//main/h2") if h.text_content().startswith("References")]
    entries = heading.getnext().xpath("./li")
    assert len(entries) >= 25
    hrefs = _hrefs(tree, built_server)
    assert {"/argmaps/kitchin2019smart?format=html", "/documents/kitchin2019smart"} <= hrefs


def test_a_claim_page_links_what_supports_it_and_its_works(built_server):
    tree = _page(f"{built_server}/argmaps/kitchin2019smart/claims/new-urban-technocrats")
    hrefs = _hrefs(tree, built_server)
    assert "/argmaps/kitchin2019smart/claims/institutional-entrepreneurs" in hrefs
    assert "/works/wejs2014integrating" in hrefs
    assert tree.xpath("//main//blockquote")
    listing = _hrefs(_page(f"{built_server}/argmaps"), built_server)
    assert "/argmaps/kitchin2019smart/claims" in listing
    claims = _hrefs(_page(f"{built_server}/argmaps/kitchin2019smart/claims"), built_server)
    assert "/argmaps/kitchin2019smart/claims/new-urban-technocrats" in claims


def test_a_litmap_listed_opens_as_a_page(built_server):
    hrefs = _hrefs(_page(f"{built_server}/litmaps"), built_server)
    assert "/litmaps/cocitation?format=html" in hrefs
    response = httpx.get(f"{built_server}/litmaps/cocitation?format=html", timeout=120)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")


def test_a_named_query_is_a_form_that_answers_a_table(built_server):
    form_page = _page(f"{built_server}/queries/argmap-supports")
    (form,) = form_page.xpath("//form[@class='query']")
    assert form.get("method") == "get"
    (field,) = form.xpath(".//input[@name='claim']")
    assert field.get("required") is not None
    assert not form_page.xpath("//table[@class='results']")  # not run before it is filled in
    assert "SELECT" in form_page.xpath("//pre[@class='sparql']")[0].text_content()
    # submitted as a browser submits it: the form's fields, by GET, to its action
    fields = {i.get("name"): i.get("value") or "" for i in form.xpath(".//input")}
    response = httpx.get(
        form.get("action"), params={**fields, "claim": CLAIM}, headers={"accept": BROWSER}
    )
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.text)
    (table,) = tree.xpath("//table[@class='results']")
    heads = [th.text_content() for th in table.xpath(".//th")]
    assert "supporter" in heads
    rows = table.xpath(".//tr[td]")
    assert len(rows) >= 2
    column = heads.index("supporter")
    assert {r.xpath("./td")[column].xpath(".//a/@href")[0] for r in rows} >= {
        f"{built_server}/id/claim/kitchin2019smart/institutional-entrepreneurs"
    }
    assert tree.xpath(f"//input[@name='claim'][@value='{CLAIM}']")  # the form keeps the value


def test_a_bad_value_is_shown_beside_the_form(built_server):
    response = httpx.get(
        f"{built_server}/queries/argmap-supports",
        params={"claim": "not an iri", "format": "html"},
    )
    assert response.status_code == 400 and response.headers["content-type"].startswith("text/html")
    (alert,) = lxml.html.fromstring(response.text).xpath("//*[@role='alert']")
    assert "claim" in alert.text_content() and "not an absolute IRI" in alert.text_content()


# -- data in the graph is text on every page ---------------------------------------------------

PAYLOAD = "<script>document.title='pwned'</script>"
EVIL = "https://w3id.org/technocracy/id/work/evil"
CORPUS = f"""
<{EVIL}> <http://purl.org/dc/terms/identifier> "evil" .
<{EVIL}> <http://purl.org/dc/terms/title> "Evil {PAYLOAD}" .
<{EVIL}> <http://purl.org/dc/terms/issued> "2020" .
<{EVIL}> <http://purl.org/dc/terms/relation> <javascript:document.title='pwned'> .
"""
ARGDOWN = f"""===
title: Evil map {PAYLOAD}
doc: evil
===

# Section {PAYLOAD}

[Evil claim]: It says {PAYLOAD} here.
  + [Support]: Because {PAYLOAD}.
"""
HOSTILE_PAGES = [
    "/documents",
    "/documents/evil",
    "/works",
    "/works/evil",
    "/id/work/evil",
    "/search?q=Evil",
    "/argmaps",
    "/argmaps/evil/claims",
    "/argmaps/evil/claims/evil-claim",
    "/queries/works",
]


@pytest.fixture(scope="module")
def hostile(serve_app):
    store = open_store("memory")
    store.replace_graph("https://w3id.org/technocracy/graph/corpus/evil", CORPUS, format="nt")
    load_map(store, read_text(ARGDOWN, "evil.argdown"), "evil", unknown="warn")
    with serve_app(create_app(Settings(store="memory"), store)) as url:
        yield url
    store.close()


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_a_script_in_the_graph_is_text_on_every_page(hostile, path):
    response = httpx.get(hostile + path, headers={"accept": BROWSER})
    assert response.status_code == 200, response.text[:300]
    assert PAYLOAD not in response.text
    tree = lxml.html.fromstring(response.text)
    assert not tree.xpath("//script")
    assert PAYLOAD in tree.text_content()  # shown, as text
    hrefs = [a.get("href") or "" for a in tree.iter("a")]
    assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:"))]
