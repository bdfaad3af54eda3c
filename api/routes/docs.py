"""``/docs``: the API's documentation in Swagger UI, and ``/static``, where its files are.

Swagger UI's script and style come from this server (``/static/vendor/swagger-ui/``, which
``make web-assets`` fills from the npm package, pinned), not from a CDN: the page works
offline, and nothing loads from another host. Its one inline script is allowed by its hash
(``api.headers``); the validator badge, which would load from validator.swagger.io, is off.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

from api.templating import STATIC

__all__ = ["router", "static_files", "swagger_ui"]

_SWAGGER = "/static/vendor/swagger-ui"

router = APIRouter(tags=["docs"], include_in_schema=False)


def static_files() -> StaticFiles:
    """The app mounted at ``/static``."""
    return StaticFiles(directory=STATIC)


@router.get("/docs", name="swagger_ui")
async def swagger_ui(request: Request) -> HTMLResponse:
    """The OpenAPI description in Swagger UI."""
    root = request.scope.get("root_path", "").rstrip("/")
    return get_swagger_ui_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=f"{request.app.title} – API",
        swagger_js_url=f"{root}{_SWAGGER}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{_SWAGGER}/swagger-ui.css",
        swagger_favicon_url=f"{root}{_SWAGGER}/favicon-32x32.png",
        swagger_ui_parameters={"validatorUrl": None},
    )
