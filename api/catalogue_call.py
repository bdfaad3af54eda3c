"""What a catalogue route takes, said once: the request, the response whose headers it
sets, the settings, the public base URL and the format asked for (JSON or a page, or
what else the route offers), with what every such route does with them: run its work
under the query time limit, link the pages around a page of a list, and answer either a
page or its data, both varying by ``Accept``.

A route declares ``call: CatalogueDep`` in place of those five parameters; one that offers
formats of its own declares them once beside it, as
``Annotated[CatalogueCall, Depends(catalogue_call(negotiated(OFFERS)))]``. FastAPI makes a
``CatalogueCall`` per request. Like ``api.deps``, this module does not postpone its
annotations: FastAPI reads them from ``catalogue_call``'s dependency when a route is defined.
"""

from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request, Response
from fastapi.responses import HTMLResponse

from api.deps import BaseUrlDep, SettingsDep, negotiated, run_query_work
from api.memo import per_generation
from api.negotiation import CATALOGUE, HTML, VARY
from api.pagination import Paged, page_links, paged
from kg.catalogue.records import Listing
from kg.settings import Settings
from kg.store import Store
from kg.store.formats import Format

__all__ = ["CatalogueCall", "CatalogueDep", "catalogue_call"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class CatalogueCall:
    """One request to a catalogue route (see the module's docstring)."""

    request: Request
    response: Response
    settings: Settings
    #: the public URL of the server, without a trailing slash (``api.deps.base_url``)
    base: str
    #: the format chosen (``api.deps.negotiated``): JSON, a page, or one the route offers
    offer: Format[Any]

    @property
    def wants_page(self) -> bool:
        """Whether the client asked for HTML (a browser, or ``format=html``): ``HTML``, or
        a route's own offer of that name (a literature map's, an argument map's)."""
        return self.offer.name == HTML.name

    async def run(self, fn: Callable[..., T], *args: Any, watch: bool = True) -> T:
        """``fn(store, *args)`` in a query worker, under the settings' time limit
        (``api.deps.run_query_work``, whose ``watch`` this is; ``fn`` must be module-level)."""
        return await run_query_work(
            self.request, fn, *args, timeout=self.settings.query_timeout, watch=watch
        )

    async def kept(self, key: Hashable, fn: Callable[..., T], *args: Any) -> T:
        """:meth:`run`'s answer, computed once per store state under ``key``
        (``api.memo.per_generation``): for pages that read seconds of a large store."""
        return await per_generation(self.request, key, lambda: self.run(fn, *args))

    def links(self, *, total: int, limit: int, offset: int) -> dict[str, str | None]:
        """``next`` and ``prev`` URLs of this page of a list (``api.pagination.page_links``)."""
        return page_links(self.request, self.base, total=total, limit=limit, offset=offset)

    def page(
        self, html: str, status_code: int = 200, headers: dict[str, str] | None = None
    ) -> HTMLResponse:
        """``html`` as the answer, marked as varying by ``Accept`` (and with ``headers``)."""
        return HTMLResponse(html, status_code=status_code, headers={**VARY, **(headers or {})})

    def data(self, value: T) -> T:
        """``value`` as the answer (FastAPI serialises it), marked as varying by ``Accept``."""
        self.response.headers.update(VARY)
        return value

    async def listed(
        self, work: Callable[[Store], Listing[T]], render: Callable[..., str]
    ) -> Paged[T] | Response:
        """A list's answer: ``work`` run, paged with links, as JSON or, for a browser, as
        the page ``render(page, base=, links=)`` makes."""
        page = paged(await self.run(work), self.request, self.base)
        if self.wants_page:
            links = {"next": page.next, "prev": page.prev}
            return self.page(render(page, base=self.base, links=links))
        return self.data(page)


def catalogue_call(
    choose: Callable[..., Awaitable[Format[Any]]],
) -> Callable[..., Awaitable[CatalogueCall]]:
    """The dependency that makes a route's ``CatalogueCall``, its format chosen by the
    dependency ``choose`` (``api.deps.negotiated(OFFERS)``, as a rule)."""

    async def call(
        request: Request,
        response: Response,
        settings: SettingsDep,
        base: BaseUrlDep,
        offer: Annotated[Format[Any], Depends(choose)],
    ) -> CatalogueCall:
        return CatalogueCall(request, response, settings, base, offer)

    return call


#: A catalogue route's parameters, as one dependency: it sends JSON, or a page.
CatalogueDep = Annotated[CatalogueCall, Depends(catalogue_call(negotiated(CATALOGUE)))]
