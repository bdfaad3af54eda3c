"""``tkg ingest`` over a corpus: many files, analysed in worker processes, written by one.

The files: those named, and in each folder named its ``.pdf``, ``.txt`` and ``.md`` files,
recursively, in path order (a ``paper.pdf.txt`` beside its ``paper.pdf`` is the text an
earlier ingest kept of it, not another paper). Analysis is CPU-bound Python, so it runs in
``workers`` processes (:func:`kg.ingest.pipeline.prepare`: read, analyse, N-Triples to a
temporary file); the parent alone writes to the store, one document at a time, each
graph replaced in one transaction, so a document that fails touches no other graph.

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

import gc
import hashlib
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, TkgError
from kg.ingest.mentions import ConceptMatcher, concept_labels
from kg.ingest.model import IngestWarning
from kg.ingest.pipeline import IngestReport, prepare
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
BATCH = 20  # new graphs per run of the bulk loader, on disk (as bench/ingest.py measured)


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


_MATCHER: ConceptMatcher | None = None


def _start_worker(labels: list[tuple[str, str]]) -> None:
    global _MATCHER
    _MATCHER = ConceptMatcher(labels)
    gc.disable()  # collected after each paper instead (_prepare_one): see bench/ingest.py


def _prepare_one(
    path: Path,
    doc_id: str,
    body: Path,
    sentences: str,
    max_bytes: int | None,
    works: Store | None = None,
) -> tuple[IngestReport, bool] | str:
    """Analyse one file (in a worker): its report and leniency, or why it failed.

    Anything one paper raises is that paper's failure, said in one line, not the run's: a
    corpus of real papers will hold one that trips the analysis, and the others go on.
    """
    try:
        return prepare(
            path,
            body,
            matcher=_MATCHER,
            doc_id=doc_id,
            sentences=sentences,
            max_bytes=max_bytes,
            works=works,
        )
    except TkgError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - one paper's failure, reported as its row
        return f"{path}: the analysis failed: {type(exc).__name__}: {exc}"
    finally:
        gc.collect(0)


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
    global _MATCHER
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
    with tempfile.TemporaryDirectory(prefix="tkg-corpus-") as tmp:
        writer = _Writer(store, lambda i, report: finish(i, _ingested(files[i], report)))

        def write(index: int, result: tuple[IngestReport, bool] | str) -> None:
            if isinstance(result, str):
                finish(index, Outcome(files[index], ids[index], "failed", message=result))
            else:
                writer.add(index, *result, body_of(index))
            for i, message in writer.failed:
                finish(i, Outcome(files[i], ids[i], "failed", message=message))
            writer.failed.clear()

        def body_of(index: int) -> Path:
            return Path(tmp) / f"{index}.nt"

        def analyse(i: int) -> tuple[IngestReport, bool] | str:
            # one process: references are linked to the works the store holds (kg.ingest.works);
            # workers cannot read the store the parent holds open, so theirs are linked within
            # their own lists only (docs/ingestion.md)
            return _prepare_one(files[i], ids[i], body_of(i), sentences, max_bytes, store)

        if workers <= 1 or len(pending) <= 1:
            _MATCHER = ConceptMatcher(labels)
            try:
                for i in pending:
                    write(i, analyse(i))
            finally:
                _MATCHER = None
        else:
            with ProcessPoolExecutor(
                workers, initializer=_start_worker, initargs=(labels,)
            ) as pool:
                running: dict[Future, int] = {}
                for i in pending:  # a few papers ahead of the writer, not the whole corpus on disk
                    args = (files[i], ids[i], body_of(i), sentences, max_bytes)
                    running[pool.submit(_prepare_one, *args)] = i
                    while len(running) >= 2 * workers:
                        _drain(running, write)
                while running:
                    _drain(running, write)
        writer.flush()
        for i, message in writer.failed:
            finish(i, Outcome(files[i], ids[i], "failed", message=message))
    return [o for o in outcomes if o is not None]


def _drain(running: dict[Future, int], write) -> None:
    finished, _ = wait(running, return_when=FIRST_COMPLETED)
    for future in finished:
        index = running.pop(future)
        try:
            result = future.result()
        except Exception as exc:  # noqa: BLE001 - a worker that died: that paper's failure
            result = f"the worker analysing it stopped: {type(exc).__name__}: {exc}"
        write(index, result)


class _Writer:
    """The one writer: each document into its graph in one transaction; into a store on
    disk, new graphs :data:`BATCH` at a time with Oxigraph's bulk loader (a run of it has
    a cost of its own), which drops them all again on any error: then they go one by one,
    so that a bad one fails alone."""

    def __init__(self, store: Store, ingested: Callable[[int, IngestReport], None]) -> None:
        self.store = store
        self.ingested = ingested
        self.batch: list[tuple[int, IngestReport, bool, Path]] = []
        self.failed: list[tuple[int, str]] = []
        self.bulk = (
            getattr(store, "bulk_load_graphs", None) if getattr(store, "path", None) else None
        )

    def add(self, index: int, report: IngestReport, lenient: bool, body: Path) -> None:
        if self.bulk is not None and not self.store.has_graph(report.graph):
            self.batch.append((index, report, lenient, body))
            if len(self.batch) >= BATCH:
                self.flush()
        else:
            self.one(index, report, lenient, body)

    def flush(self) -> None:
        batch, self.batch = self.batch, []
        if not batch:
            return
        started = time.perf_counter()
        try:
            items = [(r.graph, body.read_bytes()) for _i, r, _l, body in batch]
            self.bulk(items, lenient=all(lenient for _i, _r, lenient, _b in batch))  # type: ignore[misc]
        except (TkgError, OSError):
            for one in batch:
                self.one(*one)
            return
        each = (time.perf_counter() - started) / len(batch)
        for index, report, _lenient, body in batch:
            body.unlink(missing_ok=True)
            report.seconds["store"] = each
            self.ingested(index, report)

    def one(self, index: int, report: IngestReport, lenient: bool, body: Path) -> None:
        started = time.perf_counter()
        try:
            self.store.load_stream(
                body, format="nt", graph=report.graph, replace=True, lenient=lenient
            )
        except TkgError as exc:
            self.failed.append((index, str(exc)))
            return
        finally:
            body.unlink(missing_ok=True)
        report.seconds["store"] = time.perf_counter() - started
        self.ingested(index, report)


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
