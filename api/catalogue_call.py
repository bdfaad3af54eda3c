"""What a catalogue route takes, said once: the request, the response whose headers it
sets, the settings, the public base URL and the format asked for (JSON or a page), with
the two things every such route does with them: run its work under the query time limit
and answer either a page or its data, both varying by ``Accept``.

A route declares ``call: CatalogueDep`` in place of those five parameters; FastAPI makes a
``CatalogueCall`` from them per request. Like ``api.deps``, this module does not postpone
its annotations: FastAPI reads them from ``__init__`` when a route is defined.
"""

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request, Response
from fastapi.responses import HTMLResponse

from api.deps import BaseUrlDep, SettingsDep, run_query_work
from api.negotiation import HTML, VARY
from api.pagination import CatalogueFormat
from kg.settings import Settings
from kg.store.formats import Format

__all__ = ["CatalogueCall", "CatalogueDep"]

T = TypeVar("T")


class CatalogueCall:
    """One request to a catalogue route (see the module's docstring)."""

    def __init__(
        self,
        request: Request,
        response: Response,
        settings: SettingsDep,
        base: BaseUrlDep,
        offer: CatalogueFormat,
    ) -> None:
        self.request = request
        self.response = response
        self.settings: Settings = settings
        self.base: str = base
        self.offer: Format[None] = offer

    @property
    def wants_page(self) -> bool:
        """Whether the client asked for HTML (a browser, or ``format=html``)."""
        return self.offer is HTML

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(store, *args)`` in a query worker, under the settings' time limit
        (``api.deps.run_query_work``; ``fn`` must be module-level)."""
        return await run_query_work(self.request, fn, *args, timeout=self.settings.query_timeout)

    def page(self, html: str) -> HTMLResponse:
        """``html`` as the answer, marked as varying by ``Accept``."""
        return HTMLResponse(html, headers=VARY)

    def data(self, value: T) -> T:
        """``value`` as the answer (FastAPI serialises it), marked as varying by ``Accept``."""
        self.response.headers.update(VARY)
        return value


#: A catalogue route's parameters, as one dependency.
CatalogueDep = Annotated[CatalogueCall, Depends()]
