"""What the app does once, at its start, that the first visit of a page would otherwise pay:
one-off costs of the process and of the app, none of the store's (``api.memo`` keeps those).

Found in the first visits of the chapter's pages (bench/pages.py; CPU of the server
process, measured on a busy machine): the pages' Jinja2 templates compiled at their first
use (27 of them, 0.28 s in all; now loaded from ``api.templating``'s bytecode cache,
0.01 s); FastAPI (0.165) building the routes of an included router at the first request
that walks it (0.18 s for the app's 114 routes, paid by whichever first visit came first);
networkx, numpy and scipy.sparse imported by the co-citation viewer's first request (0.4 s;
where query workers make the map, they have them from the process that loads their
in-memory copy: ``api.startup.COPY_PRELOAD``); the ontology's licence read by the first
page.

``prepare(app)`` does it in the app's lifespan, before the server takes requests (in
``tkg serve``, while the query workers start on the other core), but for the imports, which
go on in a thread of their own once it has begun (0.4 s before the first page of an empty
store otherwise); nothing of it depends on the store, so nothing it does can be stale.

>>> from kg.store import open_store
>>> from api.app import create_app
>>> from kg.settings import Settings
>>> app = create_app(Settings(store="memory"), open_store("memory"))
>>> done = prepare(app)
>>> done["templates"] > 20, done["routes"] > 100
(True, True)
"""

from __future__ import annotations

import importlib
import threading

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from api.templating import environment
from kg.catalogue.dataset import licensing

__all__ = ["LAZY_MODULES", "prepare"]

#: modules a page imports at its first request, imported at the start instead
LAZY_MODULES = ("kg.litmap.networks", "scipy.sparse")


def prepare(app: FastAPI) -> dict[str, int]:
    """Compile every template, build every route of ``app``, import what pages import
    lazily and read the ontology's licence; how many templates and routes."""
    env = environment()
    templates = env.list_templates()
    for name in templates:
        env.get_template(name)
    routes = sum(1 for _ in iter_route_contexts(app.router.routes))
    # 0.4 s that the first page of ``tkg serve`` would wait for: in a thread of their own
    threading.Thread(target=_import_lazy, name="tkg-import-lazy", daemon=True).start()
    licensing()
    return {"templates": len(templates), "routes": routes}


def _import_lazy() -> None:
    for module in LAZY_MODULES:
        importlib.import_module(module)
