"""The full-text index beside the store: SQLite FTS5, one file, kept in step graph by graph.

Why SQLite FTS5 (Python's standard library) rather than tantivy: both rank by BM25 and
cut highlighted snippets, but FTS5 needs no package on any machine, writes a batch of
graphs' rows in one transaction (a delete is ``DELETE ... WHERE graph = ?``), and lets the
server, its query workers and a ``tkg ingest`` in another process share the file under
SQLite's locks (tantivy allows one writer per index). The Porter stemmer with unicode61
folds case and diacritics: "Sidewalks" finds "Sidewalk". The file is in WAL mode, so a
search reads what is committed while a build writes.

The index remembers a fingerprint of each graph when indexed (how many text triples it had
and their length, ``kg.search.entries.fingerprints``). ``update`` indexes given graphs anew
(what ``tkg ingest`` and ``tkg delete`` wrote); ``sync`` those whose fingerprint changed, and
drops those gone (at ``tkg serve`` start, and after a write through the web app:
``kg.search.keeper``). Graphs are read a batch at a time, a few queries a batch, and each
batch written in one transaction, its progress with it (``progress``).

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
>>> index.sync(store)
[]
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from kg.search.entries import Entry, batch_entries, fingerprints
from kg.search.results import KIND_BOOST, Found, Hit, href_of, match_expression, segments
from kg.store import Store

__all__ = ["BATCH", "SearchIndex", "index_path"]

#: what an index file holds; a file of another version is emptied and filled anew
_VERSION = 2
_SCHEMA = """
CREATE TABLE IF NOT EXISTS graphs (
    graph TEXT PRIMARY KEY, count INTEGER NOT NULL, length INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS texts (graph TEXT PRIMARY KEY, path TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS progress (
    id INTEGER PRIMARY KEY CHECK (id = 1), done INTEGER NOT NULL, total INTEGER NOT NULL,
    started REAL NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS entries USING fts5(
    text, label UNINDEXED, iri UNINDEXED, kind UNINDEXED, graph UNINDEXED, boost UNINDEXED,
    anchors UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
"""
_TABLES = ("graphs", "texts", "progress", "entries")

#: how many graphs one batch reads and writes (a paper's graph is a few thousand triples)
BATCH = 100

#: The marks FTS5 puts around a hit in a snippet: private-use characters, never in a text.
OPEN, CLOSE = "\ue000", "\ue001"


def index_path(store: str) -> Path | None:
    """Where the index of a store lives: beside an on-disk store (``oxigraph:PATH`` gives
    ``PATH.search.sqlite``); nowhere for ``memory`` or a SPARQL server's URL, whose index
    the web app keeps in a file of its own.

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
    ingested from elsewhere are registered with ``register_text``. ``readonly`` opens an
    existing file to search it and never writes (a search must not wait on a build's
    write lock); a missing file then reads as an empty index."""

    def __init__(
        self, path: Path | None, *, corpus_dir: Path | None = None, readonly: bool = False
    ) -> None:
        self.path = path
        self.corpus_dir = corpus_dir
        self._lock = threading.Lock()
        if readonly and path is not None and path.is_file():
            uri = f"{path.resolve().as_uri()}?mode=ro"
            self._db = sqlite3.connect(uri, uri=True, timeout=60, check_same_thread=False)
            return
        if readonly:  # no file yet: an empty index, in memory
            path = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(
            str(path) if path else ":memory:", timeout=60, check_same_thread=False
        )
        if path is not None:
            self._db.execute("PRAGMA journal_mode=WAL")
        with self._lock, self._db:
            (version,) = self._db.execute("PRAGMA user_version").fetchone()
            if version != _VERSION:  # an index of another layout: derived data, made anew
                for table in _TABLES:
                    self._db.execute(f"DROP TABLE IF EXISTS {table}")
            self._db.executescript(_SCHEMA)
            self._db.execute(f"PRAGMA user_version = {_VERSION}")

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

    def stale(self, store: Store) -> list[str]:
        """The graphs whose fingerprint differs from the one indexed, and those gone from
        the store: what ``sync`` redoes (one query, a scan of the store's text triples)."""
        return self._stale(fingerprints(store))

    def _stale(self, now: Mapping[str, tuple[int, int]]) -> list[str]:
        with self._lock:
            have = {g: (n, length) for g, n, length in self._db.execute("SELECT * FROM graphs")}
        return sorted({*(g for g, f in now.items() if have.get(g) != f), *set(have) - set(now)})

    def sync(
        self, store: Store, *, progress: Callable[[int, int], None] | None = None
    ) -> list[str]:
        """Index again the graphs whose text changed, drop those gone: the graphs redone."""
        now = fingerprints(store)
        graphs = self._stale(now)
        self.update(store, graphs, progress=progress, marks=now)
        return graphs

    def update(
        self,
        store: Store,
        graphs: Iterable[str],
        *,
        progress: Callable[[int, int], None] | None = None,
        marks: Mapping[str, tuple[int, int]] | None = None,
    ) -> None:
        """Index ``graphs`` anew from ``store`` (a graph with no text there is dropped), a
        batch of ``BATCH`` graphs at a time: a few queries and one transaction a batch, the
        progress (graphs done of all) written with it and cleared at the end. ``marks``:
        the store's fingerprints, when just read (else each batch reads its own)."""
        todo = list(dict.fromkeys(graphs))
        if not todo:
            return
        with self._lock:
            own = {g: Path(p) for g, p in self._db.execute("SELECT graph, path FROM texts")}
        texts = self._texts()
        started = time.time()
        mark = "INSERT OR REPLACE INTO progress VALUES (1, ?, ?, ?)"
        try:
            with self._writing() as db:
                db.execute(mark, (0, len(todo), started))
            for at in range(0, len(todo), BATCH):
                if progress is not None:
                    progress(at, len(todo))  # which may stop the update between batches
                batch = todo[at : at + BATCH]
                prints = fingerprints(store, batch) if marks is None else marks
                fresh = batch_entries(store, batch, texts, own)
                done = at + len(batch)
                with self._writing() as db:
                    self._replace(db, batch, prints, fresh)
                    db.execute(mark, (done, len(todo), started))
                if progress is not None:
                    progress(done, len(todo))
        finally:
            with self._writing() as db:
                db.execute("DELETE FROM progress")

    def _replace(
        self,
        db: sqlite3.Connection,
        batch: list[str],
        marks: Mapping[str, tuple[int, int]],
        fresh: dict[str, list[Entry]],
    ) -> None:
        keys = [(g,) for g in batch]
        db.executemany("DELETE FROM entries WHERE graph = ?", keys)
        db.executemany("DELETE FROM graphs WHERE graph = ?", keys)
        db.executemany("DELETE FROM texts WHERE graph = ?", [(g,) for g in batch if g not in marks])
        db.executemany(
            "INSERT INTO entries (text, label, iri, kind, graph, boost, anchors)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (e.text, e.label, e.iri, e.kind, e.graph, KIND_BOOST.get(e.kind, 1.0), e.anchors)
                for g in batch
                for e in fresh.get(g, ())
            ),
        )
        db.executemany(
            "INSERT INTO graphs VALUES (?, ?, ?)", [(g, *marks[g]) for g in batch if g in marks]
        )

    def rebuild(self, store: Store) -> int:
        """Everything indexed anew (the registered texts kept); the number of entries."""
        with self._writing() as db:
            db.execute("DELETE FROM entries")
            db.execute("DELETE FROM graphs")
        self.sync(store)
        return self.size()

    def progress(self) -> tuple[int, int] | None:
        """(graphs done, graphs to do) of the update under way, as last committed; None when
        none is (or one stopped without finishing: ``kg.search.building`` tells which)."""
        with self._lock:
            try:
                row = self._db.execute("SELECT done, total FROM progress").fetchone()
            except sqlite3.OperationalError:  # a file from before the table, or none yet
                return None
        return (int(row[0]), int(row[1])) if row else None

    def empty(self) -> bool:
        """Whether the index holds nothing (a read-only index with no file yet holds
        nothing); cheaper than ``size``, which counts every row."""
        with self._lock:
            try:
                return self._db.execute("SELECT 1 FROM entries LIMIT 1").fetchone() is None
            except sqlite3.OperationalError:
                return True

    def size(self) -> int:
        """How many texts the index holds (0 for a read-only index with no file yet)."""
        with self._lock:
            try:
                (n,) = self._db.execute("SELECT count(*) FROM entries").fetchone()
            except sqlite3.OperationalError:
                return 0
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
