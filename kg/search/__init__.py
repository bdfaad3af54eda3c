"""Full-text search over the graph and the texts ingested into it: labels, definitions,
titles, claims, quotations, references and every sentence, ranked, each hit with its words
in context and the page that shows it. An SQLite FTS5 index beside the store (``index``),
filled from the store a graph at a time (``entries``); answers as models (``results``).

``SearchIndex(index_path(settings.store)).sync(store)`` brings it in step;
``.search(q)`` answers.
"""

from __future__ import annotations

from kg.search.index import SearchIndex, index_path
from kg.search.results import Found, Hit, Segment, href_of

__all__ = ["Found", "Hit", "SearchIndex", "Segment", "href_of", "index_path"]
