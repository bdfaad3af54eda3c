"""The search page: a form, and one page of hits, each with its words in context (the hit
marked by ``<mark>``, every word escaped by the template) and a link to the page that shows
it (the reader at the sentence, a term's, a work's, a claim's page).

>>> from kg.search import Found, Hit, Segment
>>> hit = Hit(iri="x", kind="sentence", label="d", href="/documents/d#s-1", text="a <b>",
...           snippet=[Segment(text="a "), Segment(text="<b>", hit=True)], score=1.0)
>>> page = search_page(Found(q="b", total=1, offset=0, limit=20, items=[hit]), base="", links={})
>>> "a <mark>&lt;b&gt;</mark>" in page and 'href="/documents/d#s-1"' in page
True
"""

from __future__ import annotations

from collections.abc import Mapping

from api.templating import render
from kg.search import Found

__all__ = ["search_page"]

#: What each kind of hit is, in the results' words.
KIND_NAMES = {
    "label": "label",
    "altLabel": "other label",
    "title": "title",
    "definition": "definition",
    "claim": "claim",
    "quotation": "quotation",
    "reference": "reference",
    "sentence": "sentence",
}


def search_page(found: Found, *, base: str, links: Mapping[str, str | None]) -> str:
    """The form with the words asked, the pager, and the hits best first."""
    return render(
        "search.html",
        base=base,
        title=f"Search: {found.q}",
        crumbs=[],
        found=found,
        links=links,
        kinds=KIND_NAMES,
    )
