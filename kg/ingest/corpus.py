"""``tkg ingest`` over a corpus: many files, analysed in worker processes, written by one.

The files: those named, and in each folder named its ``.pdf``, ``.txt`` and ``.md`` files,
recursively, in path order (a ``paper.pdf.txt`` beside its ``paper.pdf`` is the text an
earlier ingest kept of it, not another paper). Analysis is CPU-bound Python, so it runs in
``workers`` processes (:mod:`kg.ingest.workers`: read, analyse, N-Triples to a temporary
file); the parent alone writes to the store, in a thread beside the one that deals with
the workers (:class:`_Writer`), each graph replaced in one transaction (or new graphs
bulk loaded together, all dropped again on an error), so a document that fails touches
no other graph.

References are linked to works (one work, one IRI: :mod:`kg.ingest.works`) in the order
of the files, the same with one worker or many: to the works of the store, the graphs of
this run's documents left out, and to those of the documents before them in the run
(:mod:`kg.ingest.worktable`). (A document that is analysed but then cannot be written has
its works in that table all the same: a later one may use a work IRI it minted, and
describes the work itself.)

A document whose file is already in the store (its SHA-256, which every ingest records
in the document's graph as the ``prov:wasDerivedFrom`` input) is skipped unless
``force``; so is a file with the same bytes as one before it in the same run. A failure
(an unusable file, or anything the analysis of one paper raises) is that paper's
outcome, and the run goes on.

Document ids (:func:`document_ids`): the file's stem as a slug (``Smith 2020.pdf`` →
``smith-2020``); when the stem is a generic name (``paper``, ``text``, ``main``, ...), as
in corpora that keep each paper in its own folder, the folder's name instead
(``11218/text.txt`` → ``11218``); ids still shared by several files get ``-`` and the
first 6 hex digits of the SHA-256 of the file's absolute path.
"""

from __future__ import annotations

import contextlib
import hashlib
import queue
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, StoreError, TkgError
from kg.ingest.mentions import ConceptMatcher, concept_labels
from kg.ingest.model import IngestWarning
from kg.ingest.pipeline import IngestReport
from kg.ingest.workers import Analysed, Job, analysed, prepare_one
from kg.ingest.works import StoreWorks
from kg.ingest.worktable import WorkTable
from kg.rdf import graphs
from kg.rdf.namespaces import ID
from kg.rdf.slugs import slugify
from kg.store import Store

__all__ = [
    "GENERIC_STEMS",
    "Outcome",
    "corpus_files",
    "document_ids",
    "ingest_corpus",
    "ingested_as",
]

SUFFIXES = frozenset({".pdf", ".txt", ".md"})
#: File stems that say nothing of the paper: its folder names it instead.
GENERIC_STEMS = frozenset(
    [
        "paper",
        "text",
        "main",
        "index",
        "article",
        "document",
        "manuscript",
        "fulltext",
        "full-text",
        "content",
        "draft",
        "final",
        "output",
        "input",
        "source",
        "body",
    ]
)
_CORPUS = graphs.corpus("")
#: new graphs per run of the bulk loader, on disk, at most: each run has a cost of its own
#: (the writer's CPU seconds for 200 synthetic papers, 1.75 M quads: 35.8 in runs of 20,
#: 22.8 of 100, 22.6 of 200; ``oxigraph load`` of them all at once about 20), and one
#: that grows with what the store holds already, as the run is merged into it (600
#: papers' 5.3 M quads: 101.6 CPU s in runs of 100, the sixth run 2.4 times the first;
#: 79.9 in runs of 300; 72.3 in one); the last run is written after the analysis, alone
BATCH = 250
#: ... and bytes of N-Triples per run, at most (the run's N-Quads go to a temporary file)
BATCH_BYTES = 512 << 20


@dataclass
class Outcome:
    """What became of one file: ``ingested``, ``skipped`` (already in) or ``failed``."""

    path: Path
    doc_id: str
    status: str
    citations: int = 0
    resolved: int = 0
    warnings: list[IngestWarning] = field(default_factory=list)
    message: str = ""
    report: IngestReport | None = None


def corpus_files(paths: Iterable[Path]) -> list[Path]:
    """The files to ingest: each file named, and the texts in each folder named.

    Raises ``InputError`` for a path that does not exist or a folder with no text in it.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES and p.is_file() and not _kept_text(p)
            )
            if not found:
                raise InputError("no .pdf, .txt or .md file in this folder", where=str(path))
            files += found
        elif path.exists():
            files.append(path)
        else:
            raise InputError("no such file or folder", where=str(path))
    unique: dict[Path, Path] = {}
    for one in files:
        unique.setdefault(one.resolve(), one)
    return list(unique.values())


def _kept_text(path: Path) -> bool:
    return path.name.lower().endswith(".pdf.txt") and path.with_name(path.name[:-4]).exists()


def document_ids(files: Sequence[Path]) -> list[str]:
    """An id for each file, unique among them (the rule is in the module's docstring).

    >>> document_ids([Path("a/11218/text.txt"), Path("a/12279/text.txt"), Path("Smith 2020.md")])
    ['11218', '12279', 'smith-2020']
    >>> a, b = document_ids([Path("x/paper.md"), Path("y/x/paper.md")])
    >>> a[:2], b[:2], len(a), a != b
    ('x-', 'x-', 8, True)
    """
    ids = []
    for path in files:
        stem = slugify(path.stem.removesuffix(".pdf"))
        if stem in GENERIC_STEMS or not stem:
            stem = slugify(path.resolve().parent.name) or stem or "document"
        ids.append(stem)
    counts: dict[str, int] = {}
    for one in ids:
        counts[one] = counts.get(one, 0) + 1
    return [
        f"{one}-{hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:6]}"
        if counts[one] > 1
        else one
        for one, path in zip(ids, files, strict=True)
    ]


def ingested_as(store: Store, sha256: str) -> str | None:
    """The id of a document in ``store`` whose graph was made from a file with these bytes."""
    from pyoxigraph import NamedNode

    rows = store.query(
        "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
        "SELECT ?g ?file WHERE { GRAPH ?g { ?g prov:wasDerivedFrom ?file } }",
        bindings={"file": NamedNode(str(ID[f"file/{sha256}"]))},
    ).rows()
    for row in rows:
        term = row.get("g")
        graph = term.value if term is not None else ""
        if graph.startswith(_CORPUS):
            return graph[len(_CORPUS) :]
    return None


def ingest_corpus(
    store: Store,
    files: Sequence[Path],
    *,
    workers: int = 1,
    force: bool = False,
    sentences: str = "context",
    max_bytes: int | None = None,
    done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Ingest ``files`` into ``store`` (ids by :func:`document_ids`), analysing in
    ``workers`` processes; one :class:`Outcome` per file, in the order of ``files``.
    ``done`` hears of each outcome as it comes (for a progress bar)."""
    ids = document_ids(files)
    outcomes: list[Outcome | None] = [None] * len(files)
    pending: list[int] = []
    seen: dict[str, str] = {}

    def finish(index: int, outcome: Outcome) -> None:
        outcomes[index] = outcome
        if done:
            done(outcome)

    for index, (path, doc) in enumerate(zip(files, ids, strict=True)):
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            finish(index, Outcome(path, doc, "failed", message=f"{path}: {exc.strerror}"))
            continue
        earlier = seen.get(digest) or (None if force else ingested_as(store, digest))
        if earlier is not None:
            finish(index, Outcome(path, doc, "skipped", message=f"already in as {earlier}"))
        else:
            seen[digest] = doc
            pending.append(index)
    labels = concept_labels(store)
    left_out = frozenset(graphs.corpus(ids[i]) for i in pending)  # the table answers for them
    table = WorkTable(StoreWorks(store, left_out))
    with tempfile.TemporaryDirectory(prefix="tkg-corpus-") as tmp:
        writer = _Writer(store)

        def written() -> None:
            for i, result in writer.outcomes():
                if isinstance(result, str):
                    finish(i, Outcome(files[i], ids[i], "failed", message=result))
                else:
                    finish(i, _ingested(files[i], result))

        def write(index: int, result: Analysed) -> None:
            if isinstance(result, str):
                finish(index, Outcome(files[index], ids[index], "failed", message=result))
            else:
                writer.add(index, result[0], result[1], jobs[index][2])
            written()

        jobs: dict[int, Job] = {
            i: (files[i], ids[i], Path(tmp) / f"{i}.nt", sentences, max_bytes) for i in pending
        }
        try:
            if workers <= 1 or len(pending) <= 1:
                matcher = ConceptMatcher(labels)
                for i in pending:
                    result = prepare_one(jobs[i], table, matcher)
                    if not isinstance(result, str):
                        table.add(result[2])
                    write(i, result)
            else:
                for i, result in analysed(list(jobs.items()), workers, labels, table):
                    write(i, result)
        finally:
            writer.close()  # before the folder of N-Triples goes
        written()
    return [o for o in outcomes if o is not None]


class _Writer:
    """The one writer, in a thread of its own: each document into its graph in one
    transaction; into a store on disk, new graphs :data:`BATCH` at a time (or
    :data:`BATCH_BYTES` of N-Triples) with Oxigraph's bulk loader (a run of it has a
    cost of its own), which drops them all again on any error: then they go one by one,
    so that a bad one fails alone.

    Oxigraph lets go of the GIL while it loads, so the process's main thread meanwhile
    answers the workers' questions (:mod:`kg.ingest.workers`) and hands over the next
    papers: the analysis and the writing overlap, where a writer in the main thread kept
    the workers waiting for their answers while it loaded. What the workers are told does
    not depend on what is written when: the run's own graphs are left out of the store's
    answers (:class:`~kg.ingest.works.StoreWorks`). Outcomes are collected here and
    handed to the main thread (:meth:`outcomes`), which reports them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        #: documents waiting (their N-Triples in files): when the writer lags this many
        #: behind, the main thread waits, and the workers with it
        self.inbox: queue.Queue[tuple[int, IngestReport, bool, Path] | None] = queue.Queue(
            4 * BATCH
        )
        self.done: queue.SimpleQueue[tuple[int, IngestReport | str]] = queue.SimpleQueue()
        self.error: BaseException | None = None
        #: whether new graphs are gathered for the store's bulk loader (on disk)
        self.bulk = store.bulk_load_graphs([])
        #: the bulk loads made (the store merged after them when they call for it)
        self.loads = 0
        self.thread = threading.Thread(target=self._run, name="tkg-writer", daemon=True)
        self.thread.start()

    def add(self, index: int, report: IngestReport, lenient: bool, body: Path) -> None:
        """Write this document's N-Triples (the file ``body``, removed after) to its graph."""
        self.inbox.put((index, report, lenient, body))

    def outcomes(self) -> list[tuple[int, IngestReport | str]]:
        """The documents written (their reports) or failed (why) since last asked."""
        found = []
        while True:
            try:
                found.append(self.done.get_nowait())
            except queue.Empty:
                return found

    def close(self) -> None:
        """Write what is left and wait for it; raise what stopped the writer, if anything."""
        self.inbox.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error
        if self.loads:  # their files overlap: merged when they add enough to the store
            # (kg.store.compaction), for a long-lived writer (tkg serve) too; a merge that
            # fails is tried again when the store closes, which logs it
            with contextlib.suppress(StoreError):
                self.store.compact(when_due=True)

    def _run(self) -> None:
        batch: list[tuple[int, IngestReport, bool, Path]] = []
        size = 0
        try:
            while (item := self.inbox.get()) is not None:
                if self.bulk and not self.store.has_graph(item[1].graph):
                    batch.append(item)
                    size += _size(item[3])
                    if len(batch) >= BATCH or size >= BATCH_BYTES:
                        self._flush(batch)
                        batch, size = [], 0
                else:
                    self._one(*item)
            self._flush(batch)
        except BaseException as exc:  # noqa: BLE001 - raised again in the main thread (close)
            self.error = exc

    def _flush(self, batch: list[tuple[int, IngestReport, bool, Path]]) -> None:
        if not batch:
            return
        started = time.perf_counter()
        try:
            items: list[tuple[str, bytes | Path]] = [(r.graph, body) for _i, r, _l, body in batch]
            lenient = all(lenient for _i, _r, lenient, _b in batch)
            self.store.bulk_load_graphs(items, lenient=lenient)
            self.loads += 1
        except (TkgError, OSError):
            for one in batch:
                self._one(*one)
            return
        each = (time.perf_counter() - started) / len(batch)
        for index, report, _lenient, body in batch:
            body.unlink(missing_ok=True)
            report.seconds["store"] = each
            self.done.put((index, report))

    def _one(self, index: int, report: IngestReport, lenient: bool, body: Path) -> None:
        started = time.perf_counter()
        try:
            self.store.load_stream(
                body, format="nt", graph=report.graph, replace=True, lenient=lenient
            )
        except TkgError as exc:
            self.done.put((index, str(exc)))
            return
        finally:
            body.unlink(missing_ok=True)
        report.seconds["store"] = time.perf_counter() - started
        self.done.put((index, report))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _ingested(path: Path, report: IngestReport) -> Outcome:
    return Outcome(
        path,
        report.doc_id,
        "ingested",
        citations=report.citations,
        resolved=report.resolved,
        warnings=report.warnings,
        report=report,
    )
