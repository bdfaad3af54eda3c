"""``tkg``: the library's command line (:mod:`kg.cli`) with ``tkg serve`` added.

``serve`` starts the web app, so it lives here, above both: ``kg`` never imports ``api``.
The ``tkg`` console script and ``python -m api.cli`` run this app.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Annotated

import typer

from kg.cli import app
from kg.cli.common import StoreOption, err, run, settings_for
from kg.settings import Settings
from kg.store import Store, open_store

__all__ = ["app", "main", "serve"]


@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="interface (default 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="port (default 8000)")] = None,
    store: StoreOption = None,
) -> None:
    """Serve the graph: SPARQL endpoint at /sparql, home page at /. Builds it first if empty."""
    from api.server import serve as run_server

    settings = settings_for(store)
    updates = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    settings = settings.model_copy(update=updates)

    def prepare() -> tuple[Store, bool]:
        opened = open_store(
            settings.store, outbound=settings.outbound, default_graph=settings.default_graph
        )
        if opened.graphs():
            return opened, False
        err.print(
            "the store is empty: building the default corpus first (HermiT runs once the "
            "server answers)"
        )
        from kg.build import build as run_build

        run_build(opened, corpus_dir=settings.corpus_dir, reason=False)
        return opened, True

    opened, to_reason = run(prepare)
    if to_reason:
        threading.Thread(
            target=_reason_when_up, args=(settings, opened), name="tkg-reason", daemon=True
        ).start()
    err.print(f"serving on http://{settings.host}:{settings.port}/ (SPARQL at /sparql)")
    try:
        run_server(settings, opened)
    finally:
        opened.close()


def _reason_when_up(settings: Settings, store: Store) -> None:
    """Wait until the server accepts connections, then write the inferred graph (through
    the served store object, so the query workers see it like any other write). A store
    that serves its first page in a second or two, and classifies a few seconds later."""
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
        report = reason_built(store, corpus_dir=settings.corpus_dir)
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
