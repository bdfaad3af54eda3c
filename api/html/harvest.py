"""What reference managers read off a work's page: Highwire Press ``citation_*`` meta tags
and a COinS span, both made from the work's CSL-JSON item.

The meta tags are those of Google Scholar's inclusion guidelines, which Zotero's Embedded
Metadata translator reads too: ``citation_title``, one ``citation_author`` per author
("Family, Given"), ``citation_publication_date`` (and ``citation_date``) as ``YYYY/MM/DD``
or ``YYYY``, the container by kind (``citation_journal_title``, ``citation_inbook_title``,
``citation_conference_title``, a report's institution, a thesis's university),
``citation_publisher``, volume, issue, first and last page, DOI and ISBN.

COinS is an OpenURL ContextObject (Z39.88-2004) in key/encoded-value form, in the
``title`` of a ``<span class="Z3988">``: the journal format for articles, the book format
for books and chapters, Dublin Core for the rest. Each value is percent-encoded here; the
template escapes the ``&`` between them as ``&amp;`` (an attribute value), which a reader
of the HTML turns back.

>>> item = {"type": "article-journal", "title": "Smartmentality",
...         "container-title": "Urban Studies", "page": "883-898",
...         "author": [{"family": "Vanolo", "given": "Alberto"}],
...         "issued": {"date-parts": [[2014]]}, "DOI": "10.1177/0042098013494427"}
>>> highwire_tags(item)[:2]
[('citation_title', 'Smartmentality'), ('citation_author', 'Vanolo, Alberto')]
>>> from urllib.parse import parse_qs
>>> kev = parse_qs(coins(item))
>>> kev["rft.jtitle"], kev["rft.spage"], kev["rft_id"]
(['Urban Studies'], ['883'], ['info:doi/10.1177/0042098013494427'])
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlencode

__all__ = ["coins", "highwire_tags", "page_range", "person_name"]

Item = dict[str, Any]

#: The Highwire tag that names an item's container, by CSL type.
_CONTAINER_TAG = {
    "article-journal": "citation_journal_title",
    "article-magazine": "citation_journal_title",
    "article-newspaper": "citation_journal_title",
    "chapter": "citation_inbook_title",
    "entry-encyclopedia": "citation_inbook_title",
    "entry-dictionary": "citation_inbook_title",
    "paper-conference": "citation_conference_title",
}
_BOOKS = {"book", "chapter", "entry-encyclopedia", "entry-dictionary"}
_JOURNALS = {"article-journal", "article-magazine", "article-newspaper"}


def person_name(person: dict[str, Any]) -> str:
    """A CSL name as ``Family, Given`` (the form both Scholar and Zotero split right), or
    the literal name of a body.

    >>> person_name({"family": "Mac Donncha", "given": "Darach"}), person_name({"literal": "UN"})
    ('Mac Donncha, Darach', 'UN')
    """
    family = " ".join(p for p in (person.get("non-dropping-particle"), person.get("family")) if p)
    if not family:
        return str(person.get("literal") or person.get("given") or "")
    return f"{family}, {person['given']}" if person.get("given") else family


def page_range(pages: str | None) -> tuple[str | None, str | None]:
    """The first and last page of a CSL ``page`` (``883-898``, ``883–98``, ``e12``); a
    last page written short (``883–98``) is given in full.

    >>> page_range("883–98"), page_range("e12"), page_range(None)
    (('883', '898'), ('e12', None), (None, None))
    """
    if not pages or not pages.strip():
        return None, None
    first, *rest = re.split(r"\s*[-–—]+\s*", pages.strip(), maxsplit=1)
    last = rest[0] if rest and rest[0] else None
    if last and first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return first or None, last


def _date(item: Item, sep: str) -> str | None:
    parts = ((item.get("issued") or {}).get("date-parts") or [[]])[0]
    fields = [f"{int(parts[0]):04d}"] if parts and parts[0] else []
    fields += [f"{int(p):02d}" for p in parts[1:3] if p]
    return sep.join(fields) or None


def highwire_tags(item: Item) -> list[tuple[str, str]]:
    """The ``citation_*`` meta tags of a CSL item, as (name, content) pairs in order."""
    kind = item.get("type", "")
    first, last = page_range(item.get("page"))
    date = _date(item, "/")
    tags: list[tuple[str, str | None]] = [("citation_title", item.get("title"))]
    tags += [("citation_author", person_name(a)) for a in item.get("author") or []]
    tags += [("citation_publication_date", date), ("citation_date", date)]
    container = item.get("container-title")
    if container and kind in _CONTAINER_TAG:
        tags.append((_CONTAINER_TAG[kind], container))
    if kind == "report":
        tags += [
            ("citation_technical_report_institution", item.get("publisher")),
            ("citation_technical_report_number", item.get("number")),
        ]
    elif kind == "thesis":
        tags.append(("citation_dissertation_institution", item.get("publisher")))
    else:
        tags.append(("citation_publisher", item.get("publisher")))
    tags += [
        ("citation_volume", item.get("volume")),
        ("citation_issue", item.get("issue")),
        ("citation_firstpage", first),
        ("citation_lastpage", last),
        ("citation_doi", item.get("DOI")),
        ("citation_isbn", item.get("ISBN")),
        ("citation_issn", item.get("ISSN")),
        ("citation_language", item.get("language")),
    ]
    return [(name, str(value)) for name, value in tags if value]


def coins(item: Item) -> str:
    """The item as an OpenURL ContextObject in KEV form (the ``title`` of a COinS span)."""
    kind = item.get("type", "")
    authors = item.get("author") or []
    first, last = page_range(item.get("page"))
    pairs: list[tuple[str, str | None]] = [("ctx_ver", "Z39.88-2004")]
    if kind in _JOURNALS:
        pairs += [
            ("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"),
            ("rft.genre", "article"),
            ("rft.atitle", item.get("title")),
            ("rft.jtitle", item.get("container-title")),
            ("rft.volume", item.get("volume")),
            ("rft.issue", item.get("issue")),
            ("rft.issn", item.get("ISSN")),
        ]
    elif kind in _BOOKS:
        chapter = kind != "book"
        pairs += [
            ("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"),
            ("rft.genre", "bookitem" if chapter else "book"),
            ("rft.atitle", item.get("title") if chapter else None),
            ("rft.btitle", item.get("container-title") if chapter else item.get("title")),
            ("rft.pub", item.get("publisher")),
            ("rft.place", item.get("publisher-place")),
            ("rft.edition", item.get("edition")),
            ("rft.isbn", item.get("ISBN")),
        ]
    else:
        pairs += [
            ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"),
            ("rft.type", kind or None),
            ("rft.title", item.get("title")),
            ("rft.publisher", item.get("publisher")),
        ]
        pairs += [("rft.creator", person_name(a)) for a in authors]
    if kind in _JOURNALS or kind in _BOOKS:
        if authors and authors[0].get("family"):
            pairs += [
                ("rft.aulast", authors[0]["family"]),
                ("rft.aufirst", authors[0].get("given")),
            ]
        pairs += [("rft.au", person_name(a)) for a in authors]
        pairs += [("rft.spage", first), ("rft.epage", last), ("rft.pages", item.get("page"))]
    pairs.append(("rft.date", _date(item, "-")))
    if item.get("DOI"):
        pairs.append(("rft_id", f"info:doi/{item['DOI']}"))
    if item.get("URL"):
        pairs.append(("rft_id", item["URL"]))
    return urlencode([(k, str(v)) for k, v in pairs if v], quote_via=quote)
