"""The catalogue as pages for people: lists of concepts and works, search results, a work
with its citations in their sentences. Each list is one page of the JSON's, with the same
``next`` and ``prev`` links; every value passes through ``html.escape``.

>>> from kg.catalogue.records import Listing, SearchHit
>>> hits = Listing[SearchHit](items=[SearchHit(iri="https://e/<x>", kind="label", text="<b>")],
...                           total=1, limit=10, offset=0)
>>> page = search_page("<b>", hits, base="", links={"next": None, "prev": None})
>>> "&lt;b&gt;" in page and "<b>" not in page.split("<body>")[1]
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from html import escape
from typing import TypeVar

from api.html.pages import layout, link
from kg.catalogue.records import (
    Citation,
    ConceptSummary,
    Link,
    Listing,
    SearchHit,
    WorkDetail,
    WorkSummary,
)

__all__ = ["concepts_page", "search_page", "work_page", "works_page"]

T = TypeVar("T")
Links = Mapping[str, str | None]


def _a(iri: str, text: str | None, base: str) -> str:
    return link(iri, text or iri, base)


def _table(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "\n".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table>\n<tr>{head}</tr>\n{body}\n</table>"


def _pager(total: int, count: int, offset: int, links: Links, noun: str) -> str:
    """Where a page is ("21–40 of 261 concepts"), with links to the pages around it."""
    where = f"{offset + 1}–{offset + count} of {total:,}" if count else f"none of {total:,}"
    nav = [
        f'<a rel="{rel}" href="{escape(url)}">{label}</a>'
        for rel, label in (("prev", "← previous"), ("next", "next →"))
        if (url := links.get(rel))
    ]
    return f'<p class="pager">{escape(where)} {escape(noun)}' + (
        f" · {' · '.join(nav)}</p>" if nav else "</p>"
    )


def _listing(
    title: str,
    intro: str,
    listing: Listing[T],
    columns: Sequence[str],
    row: Callable[[T], Sequence[str]],
    links: Links,
    noun: str,
) -> str:
    pager = _pager(listing.total, len(listing.items), listing.offset, links, noun)
    table = _table(columns, (row(item) for item in listing.items)) if listing.items else ""
    return layout(title, "\n".join(part for part in (intro, pager, table, pager if table else "")))


def concepts_page(listing: Listing[ConceptSummary], *, base: str, links: Links) -> str:
    """The terms of the ontology, by family: label, family, definition, sources."""
    return _listing(
        "Concepts",
        "<p>The terms of the ontology, by family and label. Each links to its page: "
        "definition, source works and the quotations it rests on.</p>",
        listing,
        ("term", "family", "definition", "sources"),
        lambda c: (
            _a(c.iri, c.label, base),
            _a(c.scheme.iri, c.scheme.label, base),
            escape(c.definition),
            escape("; ".join(c.sources)),
        ),
        links,
        "concepts",
    )


def works_page(listing: Listing[WorkSummary], *, base: str, links: Links) -> str:
    """The works of the bibliography: identifier, authors, year, title, how often cited."""
    return _listing(
        "Works",
        "<p>The works of the bibliography. Each links to its citations, in their sentences.</p>",
        listing,
        ("work", "authors", "year", "title", "cited by", "citations"),
        lambda w: (
            f'<a href="{escape(base)}/works/{escape(w.slug)}">{escape(w.slug)}</a>',
            escape("; ".join(w.authors)),
            escape(w.year or ""),
            escape(w.title or ""),
            f"{w.cited_by:,}",
            f"{w.citations:,}",
        ),
        links,
        "works",
    )


def search_page(q: str, listing: Listing[SearchHit], *, base: str, links: Links) -> str:
    """A search form, and the hits: what matched, in which kind of text, and what it anchors."""
    form = (
        f'<form method="get" action="{escape(base)}/search"><p>'
        f'<input type="search" name="q" value="{escape(q)}" aria-label="search"> '
        '<input type="hidden" name="format" value="html">'
        '<button type="submit">Search</button></p></form>'
    )

    def row(hit: SearchHit) -> Sequence[str]:
        anchors = ", ".join(_a(iri, None, base) for iri in hit.anchors)
        return (_a(hit.iri, hit.label, base), escape(hit.kind), escape(hit.text), anchors)

    return _listing(
        f"Search: {q}",
        form,
        listing,
        ("resource", "matched in", "text", "anchors"),
        row,
        links,
        "hits",
    )


def _link_list(links: Sequence[Link], base: str) -> str:
    return ", ".join(_a(link.iri, link.label, base) for link in links)


def _citation_row(c: Citation, base: str) -> Sequence[str]:
    where = f"{c.start}–{c.end}" if c.start is not None and c.end is not None else ""
    return (
        _a(c.document, c.document_title, base),
        "" if c.page is None else str(c.page),
        escape(c.text),
        escape(c.context or ""),
        escape(where),
    )


def work_page(work: WorkDetail, *, base: str, links: Links) -> str:
    """A work: its metadata, the terms it is the source of, who cites it, and one page of
    its in-text citations, each in its sentence."""
    facts = [
        ("identifier", _a(work.iri, work.slug, base)),
        ("authors", _link_list(work.authors, base)),
        ("year", escape(work.year or "")),
        ("DOI", escape(work.doi or "")),
        ("in", _a(work.venue.iri, work.venue.label, base) if work.venue else ""),
        ("source of", _link_list(work.concepts, base)),
    ]
    parts = [
        _table(("", ""), [(escape(k), v) for k, v in facts if v]),
        f"<h2>Cited by ({work.cited_by_total:,})</h2>",
    ]
    if work.cited_by:
        items = "".join(
            f"<li>{_a(d.iri, d.title or d.slug, base)}"
            + (f" ({escape(d.year)})" if d.year else "")
            + "</li>"
            for d in work.cited_by
        )
        parts.append(f"<ul>{items}</ul>")
    parts.append(f"<h2>Citations ({work.citations_total:,})</h2>")
    pager = _pager(work.citations_total, len(work.citations), work.offset, links, "citations")
    parts.append(pager)
    if work.citations:
        parts.append(
            _table(
                ("in", "page", "as written", "sentence", "characters"),
                (_citation_row(c, base) for c in work.citations),
            )
        )
    return layout(work.title or work.slug, "\n".join(parts))
