"""An error as a page for a browser: what happened, in the site's frame, with the way
home. ``api.error_responses`` sends it to a client that asks for HTML; every other client
gets the JSON or text it always had.

>>> from starlette.requests import Request
>>> from kg.settings import Settings
>>> request = Request({"type": "http", "method": "GET", "path": "/x", "headers": [],
...                    "query_string": b"", "server": ("h", 80), "scheme": "http",
...                    "app": type("App", (), {"state": type("S", (), {"settings": Settings()})})})
>>> page = error_page(request, 404, "not-found", "no <work>", None)
>>> "<h1>Not found</h1>" in page and "no &lt;work&gt;" in page
True
"""

from __future__ import annotations

from http import HTTPStatus

from starlette.requests import Request

from api.deps import base_url
from api.templating import render

__all__ = ["TITLES", "error_page"]

#: The heading of an error's page, by status; any other status is headed by its phrase.
TITLES = {
    400: "Bad request",
    404: "Not found",
    405: "Not allowed here",
    406: "Not available in that format",
    422: "Bad request",
    500: "Something went wrong on the server",
    503: "The server is busy",
}


def _title(status: int) -> str:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return TITLES.get(status, phrase)


def error_page(request: Request, status: int, code: str, message: str, where: str | None) -> str:
    """The page of an error: its heading (by status), the message and where the problem
    is, the status and the stable error code (as the JSON has them), links home and to
    the API's documentation."""
    base = base_url(request, request.app.state.settings)
    return render(
        "error.html",
        base=base,
        title=_title(status),
        crumbs=[],
        status=status,
        code=code,
        message=message,
        where=where,
        path=request.url.path,
    )
