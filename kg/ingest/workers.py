"""The analysis of a corpus run's papers, one at a time or in worker processes, with the
same links to works either way.

Each paper is analysed by :func:`prepare_one` (:func:`kg.ingest.pipeline.prepare`: read,
analyse, N-Triples to a file; then the works that file describes, for the table of the
run, :mod:`kg.ingest.worktable`). Linking its references to works
(:func:`kg.ingest.works.link_works`) reads the store and the run's table, which only the
parent holds; so a worker asks the parent (a :class:`~kg.ingest.works.WorkSource` over a
pipe), and the parent answers a paper's questions only when every paper before it in the
run is analysed and its works are in the table. The links are then those of one process
going through the files in order (``--workers 1``), whatever the timing: the analysis,
the bulk of the work, runs side by side, the linking (milliseconds) in the files' order.

A worker that dies fails its paper, and another takes its place.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from kg.errors import TkgError
from kg.ingest.mentions import ConceptMatcher
from kg.ingest.pipeline import IngestReport, prepare
from kg.ingest.works import WorkRow, WorkSource
from kg.ingest.worktable import GraphWorks, WorkTable, graph_works

__all__ = ["Analysed", "Job", "analysed", "prepare_one"]

#: A paper analysed: its report, whether its IRIs may load unchecked, and its works; or
#: why it failed, in one line.
Analysed = tuple[IngestReport, bool, GraphWorks] | str
#: A paper to analyse: its file, document id, the file its N-Triples go to, which
#: sentences keep their words, and the largest text read.
Job = tuple[Path, str, Path, str, int | None]


def prepare_one(job: Job, works: WorkSource | None, matcher: ConceptMatcher | None) -> Analysed:
    """Analyse one paper. Anything it raises is that paper's failure, said in one line,
    not the run's: a corpus of real papers will hold one that trips the analysis."""
    path, doc_id, body, sentences, max_bytes = job
    try:
        report, lenient = prepare(
            path,
            body,
            matcher=matcher,
            doc_id=doc_id,
            sentences=sentences,
            max_bytes=max_bytes,
            works=works,
        )
        return report, lenient, graph_works(body, report.graph)
    except TkgError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - one paper's failure, reported as its row
        return f"{path}: the analysis failed: {type(exc).__name__}: {exc}"
    finally:
        gc.collect(0)


class _Asker:
    """The works, as a worker sees them: each question sent to the parent, which answers
    when it is this paper's turn."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def rows(self, keys: set[str], own: str) -> list[WorkRow]:
        self.conn.send(("ask", "rows", keys, own))
        return self.conn.recv()

    def taken(self, slugs: set[str], own: str) -> set[str]:
        self.conn.send(("ask", "taken", slugs, own))
        return self.conn.recv()


def _serve(conn: Connection, labels: list[tuple[str, str]]) -> None:
    """A worker: analyse each job the parent sends, until it sends ``None``."""
    matcher = ConceptMatcher(labels)
    gc.disable()  # collected after each paper instead (prepare_one): see bench/ingest.py
    asker = _Asker(conn)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        index, args = job
        conn.send(("done", index, prepare_one(args, asker, matcher)))


@dataclass
class _Hand:
    process: mp.process.BaseProcess
    job: int | None = None


def analysed(
    jobs: Sequence[tuple[int, Job]],
    workers: int,
    labels: list[tuple[str, str]],
    table: WorkTable,
) -> Iterator[tuple[int, Analysed]]:
    """Analyse ``jobs`` (index and job, in the run's order) in ``workers`` processes,
    their works added to ``table`` in that order; each result as it comes."""
    context = mp.get_context()
    crew: dict[Connection, _Hand] = {}
    order = [index for index, _ in jobs]
    unfinished = set(order)
    turn = 0  # order[turn]: the paper whose questions are answered now
    asked: dict[int, tuple[Connection, str, set[str], str]] = {}
    queue = list(reversed(jobs))

    def hire() -> None:
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs, labels), daemon=True)
        process.start()
        theirs.close()
        crew[ours] = _Hand(process)

    for _ in range(min(workers, len(jobs))):
        hire()
    try:
        while unfinished:
            for conn, hand in crew.items():
                if hand.job is None and queue:
                    index, job = queue.pop()
                    conn.send((index, job))
                    hand.job = index
            finished: list[tuple[int, Analysed]] = []
            for ready in wait(list(crew)):
                conn = next(c for c in crew if c is ready)
                hand = crew[conn]
                try:
                    message = conn.recv()
                except (EOFError, OSError):
                    del crew[conn]
                    hand.process.join(5)
                    if hand.job is not None:
                        asked.pop(hand.job, None)
                        unfinished.discard(hand.job)
                        code = hand.process.exitcode
                        finished.append((hand.job, f"the worker analysing it stopped ({code})"))
                    if queue:
                        hire()
                    continue
                if message[0] == "ask":
                    asked[hand.job] = (conn, *message[1:])  # type: ignore[index]
                    continue
                _, index, result = message
                hand.job = None
                unfinished.discard(index)
                finished.append((index, result))
                if not isinstance(result, str):
                    table.add(result[2])
            while turn < len(order) and order[turn] not in unfinished:
                turn += 1
            if turn < len(order) and order[turn] in asked:
                conn, kind, terms, own = asked.pop(order[turn])
                conn.send(table.rows(terms, own) if kind == "rows" else table.taken(terms, own))
            yield from finished
    finally:
        for conn, hand in crew.items():
            with contextlib.suppress(OSError):  # a worker that died cannot hear it
                conn.send(None)
            hand.process.join(10)
            if hand.process.is_alive():
                hand.process.terminate()
            conn.close()
