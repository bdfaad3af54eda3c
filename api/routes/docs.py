"""``/docs``: the API's documentation in Swagger UI, and ``/static``, where its files are.

Swagger UI's script and style come from this server (``/static/vendor/swagger-ui/``, which
``make web-assets`` fills from the npm package, pinned), not from a CDN: the page works
offline, and nothing loads from another host. The page is ours (``api/templates/swagger.html``:
in English), with no inline script: ``/static/swagger-init.js``
starts Swagger UI from the page's JSON block, and ``/static/swagger-overrides.css`` darkens its
colours and enlarges its small targets (axe-core finds nothing serious on the page: issue 19).
The validator badge, which would load from validator.swagger.io, is off.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

from api.templating import STATIC, environment

__all__ = ["router", "static_files", "swagger_ui"]

router = APIRouter(tags=["docs"], include_in_schema=False)


def static_files() -> StaticFiles:
    """The app mounted at ``/static``."""
    return StaticFiles(directory=STATIC)


@router.get("/docs", name="swagger_ui")
async def swagger_ui(request: Request) -> HTMLResponse:
    """The OpenAPI description in Swagger UI."""
    root = request.scope.get("root_path", "").rstrip("/")
    openapi_url = f"{root}{request.app.openapi_url}"
    config = {
        "url": openapi_url,
        "layout": "BaseLayout",
        "deepLinking": True,
        "showExtensions": True,
        "showCommonExtensions": True,
        "validatorUrl": None,
    }
    page = (
        environment()
        .get_template("swagger.html")
        .render(
            title=f"{request.app.title} – API",
            static=f"{root}/static",
            openapi_url=openapi_url,
            config=config,
        )
    )
    return HTMLResponse(page)
