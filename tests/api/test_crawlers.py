"""``/robots.txt`` and the sitemaps: valid against the sitemaps.org schemas, every page listed."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from lxml import etree

from kg.catalogue.sitemap import LIMIT

SCHEMAS = Path(__file__).parent.parent / "data" / "sitemaps"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _valid(body: bytes, schema: str) -> etree._Element:
    document = etree.fromstring(body)
    xsd = etree.XMLSchema(etree.parse(str(SCHEMAS / schema)))
    assert xsd.validate(document), xsd.error_log
    return document


@pytest.fixture(scope="module")
def sitemaps(built_server) -> dict[str, list[str]]:
    """Each sitemap file of the index -> its URLs."""
    index = httpx.get(f"{built_server}/sitemap.xml", timeout=60)
    assert index.status_code == 200
    assert index.headers["content-type"].startswith("application/xml")
    files = _valid(index.content, "siteindex.xsd").xpath("//s:sitemap/s:loc/text()", namespaces=NS)
    found = {}
    for url in files:
        r = httpx.get(url, timeout=120)
        assert r.status_code == 200, url
        urls = _valid(r.content, "sitemap.xsd").xpath("//s:url/s:loc/text()", namespaces=NS)
        assert 0 < len(urls) <= LIMIT
        found[url] = urls
    return found


def test_robots_txt_names_the_sitemap(built_server):
    r = httpx.get(f"{built_server}/robots.txt")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    assert f"Sitemap: {built_server}/sitemap.xml" in r.text.splitlines()
    assert "User-agent: *" in r.text


def test_the_sitemaps_list_every_kind_of_page(sitemaps, built_server, built_store):
    urls = [u for listed in sitemaps.values() for u in listed]
    assert len(urls) == len(set(urls))
    paths = {u[len(built_server) :] for u in urls}
    assert {"/", "/ontology", "/concepts?format=html", "/works?format=html"} <= paths
    assert "/id/work/vanolo2014smartmentality" in paths
    assert "/ontology/Smartmentality" in paths
    assert any(p.startswith("/argmaps/") for p in paths)
    assert "/litmaps/cocitation?format=html" in paths
    assert "/queries/pillars" in paths
    assert {"/documents?format=html", "/argmaps?format=html", "/queries?format=html"} <= paths
    assert "/documents/kitchin2019smart?format=html" in paths
    assert "/argmaps/kitchin2019smart/claims?format=html" in paths
    # every work of the bibliography has its page listed
    works = built_store.query(
        "SELECT DISTINCT ?w WHERE { GRAPH <https://w3id.org/technocracy/graph/bibliography> "
        "{ ?w a ?type FILTER STRSTARTS(STR(?w), 'https://w3id.org/technocracy/id/work/') "
        "FILTER(!CONTAINS(STR(?w), '#')) } }"
    ).rows()
    assert works
    assert {
        "/id/" + r["w"].value[len("https://w3id.org/technocracy/id/") :] for r in works
    } <= paths


def test_the_pages_listed_answer(sitemaps, built_server):
    pages = sitemaps[f"{built_server}/sitemaps/pages.xml"]
    resources = [u for f, listed in sitemaps.items() if "resources-" in f for u in listed]
    terms = [u for u in pages if "/ontology/" in u]
    sample = [u for u in pages if "/ontology/" not in u] + terms[:10] + resources[:20]
    with httpx.Client(timeout=120) as client:
        for url in sample:
            r = client.get(url, headers={"Accept": "text/html,*/*;q=0.8"})  # as a browser
            assert r.status_code == 200, url
