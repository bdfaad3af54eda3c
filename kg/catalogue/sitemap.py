"""Sitemaps (https://www.sitemaps.org/protocol.html) of the pages a server shows.

A sitemap file holds at most 50,000 URLs, so the site's is an index: one file of the
catalogue's pages (made by the web layer, which knows its routes), then the resource pages
(every IRI of ours that is a subject, ``/id/...``, hash IRIs being parts of their page) in
files of ``LIMIT`` each, paged by the store in IRI order. The XML is written by
``xml.etree.ElementTree``, which escapes what needs it.

>>> print(urlset(["http://h/a?x=1&y=2"]).decode())  # doctest: +NORMALIZE_WHITESPACE
<?xml version='1.0' encoding='UTF-8'?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://h/a?x=1&amp;y=2</loc></url></urlset>
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from urllib.parse import quote

import pyoxigraph as ox

from kg.rdf.namespaces import ID
from kg.rdf.vocab import TECH
from kg.store import Store

__all__ = [
    "LIMIT",
    "NAMESPACE",
    "ontology_terms",
    "resource_files",
    "resource_paths",
    "sitemap_index",
    "urlset",
]

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: The most URLs one sitemap file may hold.
LIMIT = 50_000

#: Our own IRIs that are subjects: each has a page of its own at /id/...
_RESOURCES = f"""FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{ID}") && !CONTAINS(STR(?s), "#"))"""
_COUNT = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o {_RESOURCES} }}"
_PAGE = "SELECT DISTINCT ?s WHERE {{ ?s ?p ?o {filter} }} ORDER BY ?s LIMIT {limit} OFFSET {offset}"
_TERMS = f"""SELECT DISTINCT ?s WHERE {{
  ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{TECH}"))
}} ORDER BY ?s"""


def _document(root: ET.Element) -> bytes:
    return bytes(ET.tostring(root, encoding="UTF-8", xml_declaration=True))


def urlset(urls: Iterable[str]) -> bytes:
    """A sitemap: one ``<url><loc>`` per URL (at most ``LIMIT``)."""
    root = ET.Element("urlset", xmlns=NAMESPACE)
    for n, url in enumerate(urls):
        if n == LIMIT:
            raise ValueError(f"a sitemap holds at most {LIMIT} URLs")
        ET.SubElement(ET.SubElement(root, "url"), "loc").text = url
    return _document(root)


def sitemap_index(sitemaps: Iterable[str]) -> bytes:
    """A sitemap index: one ``<sitemap><loc>`` per sitemap file.

    >>> b"<sitemapindex" in sitemap_index(["http://h/s.xml"])
    True
    """
    root = ET.Element("sitemapindex", xmlns=NAMESPACE)
    for url in sitemaps:
        ET.SubElement(ET.SubElement(root, "sitemap"), "loc").text = url
    return _document(root)


def resource_files(store: Store) -> int:
    """How many sitemap files the resource pages fill (blocking).

    >>> from kg.store import open_store
    >>> resource_files(open_store("memory"))
    0
    """
    (row,) = store.query(_COUNT).rows()
    count = int(row["n"].value) if row["n"] is not None else 0
    return math.ceil(count / LIMIT)


def resource_paths(store: Store, number: int) -> list[str]:
    """The paths (``/id/...``) of the resource pages in sitemap file ``number`` (from 1)."""
    query = _PAGE.format(filter=_RESOURCES, limit=LIMIT, offset=(number - 1) * LIMIT)
    return [_path(row["s"]) for row in store.query(query).rows() if row["s"] is not None]


def ontology_terms(store: Store) -> list[str]:
    """The local names of the ontology's terms that the store says something about."""
    return [
        row["s"].value[len(str(TECH)) :]
        for row in store.query(_TERMS).rows()
        if row["s"] is not None and len(row["s"].value) > len(str(TECH))
    ]


def _path(term: ox.NamedNode | ox.BlankNode | ox.Literal | object) -> str:
    value = str(getattr(term, "value", ""))
    return "/id/" + quote(value[len(str(ID)) :], safe=_IRI_SAFE)


#: What stays as it is when an IRI's path becomes a URL's (RFC 3986 sub-delims and more).
_IRI_SAFE = "/:@!$&'()*+,;=-._~%"
