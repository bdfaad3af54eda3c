"""Run the API with uvicorn: what ``tkg serve`` calls."""

from __future__ import annotations

import uvicorn

from api.app import create_app
from kg.settings import Settings
from kg.store import Store, open_store

__all__ = ["serve"]


def serve(settings: Settings, store: Store | None = None) -> None:
    """Serve the API on ``settings.host:settings.port`` until interrupted.

    Without a ``store``, the one named by ``settings.store`` is opened here, before the
    server starts, so that a store that cannot be opened (locked by another process, say)
    raises its ``StoreError`` to the caller instead of failing the server's start-up; it is
    closed when the server stops. A store passed in stays open.
    """
    opened = open_store(settings.store, outbound=settings.outbound) if store is None else store
    try:
        uvicorn.run(create_app(settings, opened), host=settings.host, port=settings.port)
    finally:
        if store is None:
            opened.close()
