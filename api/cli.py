"""``tkg``: the library's command line (:mod:`kg.cli`) with ``tkg serve`` added.

``serve`` starts the web app, so it lives here, above both: ``kg`` never imports ``api``.
The ``tkg`` console script and ``python -m api.cli`` run this app.
"""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli import app
from kg.cli.common import StoreOption, err, run, settings_for
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

    def prepare() -> Store:
        opened = open_store(
            settings.store, outbound=settings.outbound, default_graph=settings.default_graph
        )
        if not opened.graphs():
            err.print("the store is empty: building the default corpus first")
            from kg.build import build as run_build

            run_build(opened, corpus_dir=settings.corpus_dir)
        return opened

    opened = run(prepare)
    err.print(f"serving on http://{settings.host}:{settings.port}/ (SPARQL at /sparql)")
    try:
        run_server(settings, opened)
    finally:
        opened.close()


def main() -> None:
    """Entry point of the ``tkg`` console script."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
