"""The full-text index beside the store: SQLite FTS5, one file, kept in step graph by graph.

Why SQLite FTS5 (Python's standard library) rather than tantivy: both rank by BM25 and
cut highlighted snippets, but FTS5 needs no package on any machine, writes a graph's rows
in one transaction (a delete is ``DELETE ... WHERE graph = ?``), and lets the server, its
query workers and a ``tkg ingest`` in another process share the file under SQLite's locks
(tantivy allows one writer per index). The Porter stemmer with unicode61 folds case and
diacritics: "Sidewalks" finds "Sidewalk".

The index remembers how many text triples each graph had when indexed
(``kg.search.entries.graph_counts``); ``sync`` indexes again the graphs whose count
changed and drops those gone, so an ingest, a delete or a SPARQL update that adds or removes
text shows on the next search. An update that rewrites a text in place keeps the count:
``tkg search-index --rebuild`` (or ``tkg build``) reindexes everything.

>>> from kg.store import OxigraphStore
>>> store = OxigraphStore()
>>> _ = store.load(b'<https://w3id.org/technocracy/id/work/w> '
...     b'<http://purl.org/dc/terms/title> "Sidewalk Toronto and its critics" .',
...     format="nt", graph="https://w3id.org/technocracy/graph/t")
>>> index = SearchIndex(None)
>>> index.sync(store)
['https://w3id.org/technocracy/graph/t']
>>> found = index.search("sidewalks")
>>> found.total, found.items[0].href, found.items[0].snippet[0].text
(1, '/works/w', 'Sidewalk')
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.search.entries import Entry, graph_counts, graph_entries
from kg.search.results import KIND_BOOST, Found, Hit, href_of, match_expression, segments
from kg.store import Store

__all__ = ["SearchIndex", "index_path"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS graphs (graph TEXT PRIMARY KEY, count INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS texts (graph TEXT PRIMARY KEY, path TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS entries USING fts5(
    text, label UNINDEXED, iri UNINDEXED, kind UNINDEXED, graph UNINDEXED, boost UNINDEXED,
    anchors UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
"""

#: The marks FTS5 puts around a hit in a snippet: private-use characters, never in a text.
OPEN, CLOSE = "\ue000", "\ue001"


def index_path(store: str) -> Path | None:
    """Where the index of a store lives: beside an on-disk store (``oxigraph:PATH`` gives
    ``PATH.search.sqlite``); nowhere for ``memory`` or a SPARQL server's URL, whose index
    the web app keeps in a file of its own, filled on its first search.

    >>> index_path("oxigraph:.tkg/store").name, index_path("memory")
    ('store.search.sqlite', None)
    """
    if store.startswith("oxigraph:"):
        path = Path(store.removeprefix("oxigraph:"))
        return path.with_name(path.name + ".search.sqlite")
    return None


class SearchIndex:
    """An FTS5 index in ``path`` (``None``: in memory), over the texts of a store.

    ``corpus_dir`` is a folder of source texts read by name (the chapter's); texts
    ingested from elsewhere are registered with ``register_text``."""

    def __init__(self, path: Path | None, *, corpus_dir: Path | None = None) -> None:
        self.path = path
        self.corpus_dir = corpus_dir
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(
            str(path) if path else ":memory:", timeout=60, check_same_thread=False
        )
        self._lock = threading.Lock()
        with self._lock, self._db:
            self._db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.rollback()
                raise
            self._db.commit()

    def register_text(self, graph: str, path: Path) -> None:
        """Where the text file of a document's graph is (its sentences' words are read from
        it); the graph is indexed again on the next ``sync``."""
        with self._writing() as db:
            db.execute("INSERT OR REPLACE INTO texts VALUES (?, ?)", (graph, str(path.resolve())))
            db.execute("DELETE FROM graphs WHERE graph = ?", (graph,))

    def _texts(self) -> dict[str, Path]:
        folder = self.corpus_dir
        if folder is None or not folder.is_dir():
            return {}
        return {p.name: p for p in folder.iterdir() if p.is_file()}

    def sync(self, store: Store) -> list[str]:
        """Index again the graphs whose text changed, drop those gone: the graphs redone."""
        now = graph_counts(store)
        with self._lock:
            have = dict(self._db.execute("SELECT graph, count FROM graphs").fetchall())
            own = dict(self._db.execute("SELECT graph, path FROM texts").fetchall())
        changed = [g for g, n in now.items() if have.get(g) != n]
        gone = [g for g in have if g not in now]
        if not changed and not gone:
            return []
        texts = self._texts()
        fresh = {
            g: graph_entries(store, g, texts, Path(own[g]) if g in own else None) for g in changed
        }
        with self._writing() as db:
            for g in [*gone, *changed]:
                db.execute("DELETE FROM entries WHERE graph = ?", (g,))
                db.execute("DELETE FROM graphs WHERE graph = ?", (g,))
            db.executemany("DELETE FROM texts WHERE graph = ?", [(g,) for g in gone])
            for g, entries in fresh.items():
                self._insert(db, entries)
                db.execute("INSERT INTO graphs VALUES (?, ?)", (g, now[g]))
        return sorted([*gone, *changed])

    @staticmethod
    def _insert(db: sqlite3.Connection, entries: Iterable[Entry]) -> None:
        db.executemany(
            "INSERT INTO entries (text, label, iri, kind, graph, boost, anchors)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (e.text, e.label, e.iri, e.kind, e.graph, KIND_BOOST.get(e.kind, 1.0), e.anchors)
                for e in entries
            ),
        )

    def rebuild(self, store: Store) -> int:
        """Everything indexed anew (the registered texts kept); the number of entries."""
        with self._writing() as db:
            db.execute("DELETE FROM entries")
            db.execute("DELETE FROM graphs")
        self.sync(store)
        return self.size()

    def size(self) -> int:
        """How many texts the index holds."""
        with self._lock:
            (n,) = self._db.execute("SELECT count(*) FROM entries").fetchone()
        return int(n)

    def _snippet(self, expression: str, rowid: int) -> str:
        """The words around the hit in one entry, the hit between ``OPEN`` and ``CLOSE``."""
        (snippet,) = self._db.execute(
            "SELECT snippet(entries, 0, ?, ?, '…', 24) FROM entries"
            " WHERE entries MATCH ? AND rowid = ?",
            (OPEN, CLOSE, expression, rowid),
        ).fetchone()
        return str(snippet)

    def search(self, q: str, *, limit: int = 20, offset: int = 0) -> Found:
        """The texts that hold every word of ``q``, best first (BM25, times a weight by
        kind: a label above a title, a definition, a quotation, a sentence)."""
        expression = match_expression(q)
        if expression is None:
            return Found(q=q, total=0, offset=offset, limit=limit, items=[])
        with self._lock:
            (total,) = self._db.execute(
                "SELECT count(*) FROM (SELECT DISTINCT iri, kind, text FROM entries "
                "WHERE entries MATCH ?)",
                (expression,),
            ).fetchone()
            # one hit per resource, kind and text (a work's title is in every graph that
            # describes it), best first; the snippets cut for this page's hits only
            rows = self._db.execute(
                "WITH matched AS MATERIALIZED ("
                "  SELECT rowid AS id, iri, kind, label, text, boost, anchors,"
                "   bm25(entries) * boost AS score FROM entries WHERE entries MATCH ?"
                ") SELECT iri, kind, max(label), min(score) AS best, max(anchors), id"
                " FROM matched"
                " GROUP BY iri, kind, text ORDER BY best, max(boost) DESC, iri"
                " LIMIT ? OFFSET ?",
                (expression, limit, offset),
            ).fetchall()
            rows = [(*row[:5], self._snippet(expression, row[5])) for row in rows]
        items = [
            Hit(
                iri=iri,
                kind=kind,
                label=label or "",
                href=href_of((anchors or iri).split()[0]),
                snippet=(pieces := segments(snippet, OPEN, CLOSE)),
                text="".join(p.text for p in pieces),
                anchors=(anchors or "").split(),
                score=round(-score, 4),
            )
            for iri, kind, label, score, anchors, snippet in rows
        ]
        return Found(q=q, total=int(total), offset=offset, limit=limit, items=items)
