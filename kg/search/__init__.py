"""Full-text search over the graph and the texts ingested into it: labels, definitions,
titles, claims, quotations, references and every sentence, ranked, each hit with its words
in context and the page that shows it. An SQLite FTS5 index beside the store (``index``),
filled from the store a graph at a time (``entries``); answers as models (``results``).

``SearchIndex(index_path(settings.store)).sync(store)`` brings it in step (``update`` for
the graphs a write touched); ``.search(q)`` answers. A served store's index is kept in step
by ``IndexKeeper``, in a thread of its own, one build at a time (``building``); ``state``
says how far a build has come.
"""

from __future__ import annotations

from kg.search.building import Building, BuildLock
from kg.search.index import SearchIndex, index_path
from kg.search.keeper import IndexKeeper, state
from kg.search.results import Found, Hit, Segment, href_of

__all__ = [
    "BuildLock",
    "Building",
    "Found",
    "Hit",
    "IndexKeeper",
    "SearchIndex",
    "Segment",
    "href_of",
    "index_path",
    "state",
]
