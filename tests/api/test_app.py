"""The app around the routes: its store's lifespan, ``serve``, and the map of errors."""

from __future__ import annotations

import httpx
import pytest

import kg.errors
from api import create_app
from api.errors import ERRORS, NotAcceptableError, status_of
from api.server import serve
from kg.errors import StoreLockedError, TkgError
from kg.settings import Settings
from kg.store import open_store

GRAPH = "http://example.org/g"


def test_without_a_store_the_app_opens_and_closes_its_own(serve_app, tmp_path):
    spec = f"oxigraph:{tmp_path / 'store'}"
    seeded = open_store(spec)
    seeded.replace_graph(GRAPH, b'<http://example.org/a> <http://example.org/p> "1" .', format="nt")
    seeded.close()
    with serve_app(create_app(Settings(store=spec))) as url:
        body = httpx.get(url, headers={"accept": "application/json"}).json()
        with pytest.raises(StoreLockedError):  # the app holds it while it runs
            open_store(spec)
    assert body["graphs"] == [{"graph": GRAPH, "triples": 1}]
    open_store(spec).close()  # and let go of it when it stopped


def test_serve_runs_uvicorn_on_the_configured_address(monkeypatch, tmp_path):
    calls = []

    def run(app, *, host, port, http):
        calls.append((app, host, port))
        assert (http.header_timeout, http.body_timeout) == (10.0, 30.0)  # see test_slow_clients
        with pytest.raises(StoreLockedError):  # the store is open while serving
            open_store(spec)

    monkeypatch.setattr("api.server.uvicorn.run", run)
    spec = f"oxigraph:{tmp_path / 'store'}"
    serve(Settings(store=spec, host="127.0.0.1", port=8765))
    ((app, host, port),) = calls
    assert (host, port) == ("127.0.0.1", 8765)
    assert app.state.settings.port == 8765
    open_store(spec).close()  # closed once the server stopped


def test_serve_reports_a_locked_store_before_starting(monkeypatch, tmp_path):
    monkeypatch.setattr("api.server.uvicorn.run", pytest.fail)
    spec = f"oxigraph:{tmp_path / 'store'}"
    holder = open_store(spec)
    try:
        with pytest.raises(StoreLockedError, match="open in another process"):
            serve(Settings(store=spec))
    finally:
        holder.close()


def test_every_library_error_has_its_own_status():
    classes = [
        obj
        for obj in vars(kg.errors).values()
        if isinstance(obj, type) and issubclass(obj, TkgError)
    ]
    assert len(classes) == len(kg.errors.__all__)
    assert set(classes) <= set(ERRORS)


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (kg.errors.QuerySyntaxError("bad", where="query"), 400),
        (kg.errors.UnsupportedFormatError("no such format"), 400),
        (NotAcceptableError("nothing matches"), 406),
        (kg.errors.NotFoundError("no such graph"), 404),
        (kg.errors.StoreError("failed"), 500),
        (kg.errors.StoreLockedError("locked"), 503),
        (kg.errors.StoreTimeoutError("too long"), 503),
    ],
)
def test_status_of(error, status):
    assert status_of(error) == status


def test_codes_are_distinct():
    codes = [code for _, code in ERRORS.values()]
    assert len(codes) == len(set(codes))


def test_every_http_only_error_has_its_own_status_and_hangs_off_the_library_tree():
    import api.errors

    classes = [
        obj
        for obj in vars(api.errors).values()
        if isinstance(obj, type) and issubclass(obj, TkgError) and obj.__module__ == "api.errors"
    ]
    assert len(classes) == 6
    assert set(classes) <= set(ERRORS)
