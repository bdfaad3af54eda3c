"""``tkg``: the library's command line (:mod:`kg.cli`) with ``tkg serve`` added.

``serve`` starts the web app, so it lives here, above both: ``kg`` never imports ``api``.
The ``tkg`` console script and ``python -m api.cli`` run this app.
"""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import Future
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli import app
from kg.cli.common import StoreOption, err, run, settings_for
from kg.settings import Settings
from kg.store import Store, open_store

if TYPE_CHECKING:
    from kg.store.executor import ProcessExecutor

__all__ = ["app", "main", "serve"]


@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="interface (default 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="port (default 8000)")] = None,
    store: StoreOption = None,
) -> None:
    """Serve the graph: SPARQL endpoint at /sparql, home page at /. Builds it first if empty."""
    from api.startup import starting_executor

    settings = settings_for(store)
    updates = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    settings = settings.model_copy(update=updates)
    opened = run(
        lambda: open_store(
            settings.store, outbound=settings.outbound, default_graph=settings.default_graph
        )
    )
    try:
        to_reason = run(lambda: _prepare(settings, opened))
    except BaseException:
        opened.close()
        raise
    # the query workers start now, in processes of their own, while this one imports the app
    # (after the build: their in-memory copy is then of the built store, not of an empty one
    # replaced at the first query); the app takes them when it starts
    workers = starting_executor(settings, opened)
    try:
        from api.server import serve as run_server
    except BaseException:
        workers.add_done_callback(_close_executor)
        opened.close()
        raise
    if to_reason is not None:
        threading.Thread(
            target=_reason_when_up,
            args=(settings, opened, to_reason),
            name="tkg-reason",
            daemon=True,
        ).start()
    err.print(f"serving on http://{settings.host}:{settings.port}/ (SPARQL at /sparql)")
    try:
        run_server(settings, opened, executor_start=workers)
    finally:
        opened.close()


def _prepare(settings: Settings, opened: Store) -> str | None:
    """A store to serve: an empty one given the kept build of the same inputs, or else built
    without HermiT (then: what it holds, for ``reason_built`` to keep once it has reasoned).
    None when there is nothing to reason."""
    if opened.graphs():
        return None
    from kg.build import build as run_build
    from kg.build import built_state, from_kept

    kept = from_kept(opened, corpus_dir=settings.corpus_dir)
    if kept is not None:
        err.print(f"the store was empty: {kept.notes[-1]} (HermiT's graph included)")
        return None
    err.print(
        "the store is empty: building the default corpus first (HermiT runs once the "
        "server answers)"
    )
    run_build(opened, corpus_dir=settings.corpus_dir, reason=False)
    return built_state(opened)


def _close_executor(started: Future[ProcessExecutor | None]) -> None:
    """Stop query workers started for a server that did not start."""
    if started.exception() is None and (executor := started.result()) is not None:
        executor.close()


def _reason_when_up(settings: Settings, store: Store, built: str) -> None:
    """Wait until the server accepts connections, then write the inferred graph (through
    the served store object, so the query workers see it like any other write). A store
    that serves its first page in a second or two, and classifies a few seconds later.
    ``built``: what the build left in the store; the finished build is kept for the next
    empty store if nothing else was written meanwhile (``kg.build.reason_built``)."""
    from kg.build import reason_built
    from kg.errors import TkgError

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((settings.host, settings.port), timeout=1):
                break
        except OSError:
            time.sleep(0.1)
    try:
        report = reason_built(store, corpus_dir=settings.corpus_dir, keep=built)
    except TkgError as exc:
        err.print(f"error: reasoning failed, the inferred graph is absent: {exc}")
        return
    for note in report.notes:
        err.print(f"note: {note}")
    if report.triples:
        err.print(f"reasoned: {sum(report.triples.values())} inferred triples")


def main() -> None:
    """Entry point of the ``tkg`` console script."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
