"""Errors as pages for browsers, and as before for programs: a browser asking for a page
that is not there (404), with a bad parameter (422) or a bad value (400), or meeting a
fault of the server (500) reads what happened in the site's frame, with a link home and
the site's Content-Security-Policy; a client that does not ask for HTML gets today's JSON
or text."""

from __future__ import annotations

import httpx
import lxml.html
import pytest

from api import create_app
from kg.settings import Settings

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def server(serve_app, sample_store):
    """The real app over the small sample store, with one route that fails as a bug would."""
    app = create_app(Settings(store="memory", update_token=None), sample_store)

    async def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/broken-for-the-test", broken)
    with serve_app(app) as url:
        yield url


def _page(url: str, status: int) -> lxml.html.HtmlElement:
    response = httpx.get(url, headers={"accept": BROWSER})
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "Accept" in response.headers.get("vary", "")
    return lxml.html.fromstring(response.text)


@pytest.mark.parametrize(
    ("path", "status", "heading", "says"),
    [
        ("/no/such/page", 404, "Not found", "Not Found"),
        ("/works/no-such-work", 404, "Not found", "work/no-such-work"),
        ("/concepts/NoSuchTerm", 404, "Not found", "NoSuchTerm"),
        ("/works?limit=0", 422, "Bad request", "greater than or equal to 1"),
        ("/search?q=", 422, "Bad request", "at least 1 character"),
        ("/litmaps/citation?grain=bogus", 400, "Bad request", "bogus"),
        ("/broken-for-the-test", 500, "Something went wrong on the server", "the fault is ours"),
    ],
)
def test_a_browser_reads_what_happened_in_the_frame(server, path, status, heading, says):
    tree = _page(server + path, status)
    (h1,) = tree.xpath("//main/h1")
    assert h1.text_content() == heading
    main = tree.xpath("//main")[0].text_content()
    assert says in main and str(status) in main
    assert tree.xpath("//main//a[@href=$home]", home=f"{server}/")  # the way home
    assert tree.xpath("//body/header//nav//a") and tree.xpath("//body/footer")  # the frame
    assert tree.xpath("//nav[@aria-label='Breadcrumb']//a")[0].get("href") == f"{server}/"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/no/such/page", 404),
        ("/works/no-such-work", 404),
        ("/concepts/NoSuchTerm", 404),
        ("/litmaps/citation?grain=bogus", 400),
    ],
)
@pytest.mark.parametrize("accept", [None, "*/*", "application/json"])
def test_programs_keep_their_json(server, path, status, accept):
    headers = {"accept": accept} if accept else {}
    response = httpx.get(server + path, headers=headers)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["error"] and body["message"]


def test_a_validation_error_stays_fastapi_s_json_for_programs(server):
    response = httpx.get(server + "/works?limit=0", headers={"accept": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "limit"]


def test_text_clients_keep_their_line_of_text(server):
    response = httpx.get(server + "/no/such/page", headers={"accept": "text/plain"})
    assert response.status_code == 404
    assert response.text == "404 not-found: Not Found\n"


def test_a_server_error_is_starlette_s_text_for_programs(server):
    response = httpx.get(server + "/broken-for-the-test", headers={"accept": "application/json"})
    assert response.status_code == 500
    assert response.text == "Internal Server Error"


def test_the_message_is_escaped(server):
    response = httpx.get(server + "/works/%3Cscript%3E", headers={"accept": BROWSER})
    assert response.status_code == 404
    assert "<script>" not in response.text.split("<body>", 1)[1]
