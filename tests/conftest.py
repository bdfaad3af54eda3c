"""Shared fixtures: small in-memory stores and a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import atexit
import inspect
import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import httpx
import pytest
import uvicorn

from kg.rdf.namespaces import GRAPH
from kg.settings import Settings
from kg.store import OxigraphStore, Store


def _patient_httpx(seconds: float = 300.0) -> None:
    """httpx waits 5 s by default for an answer: a timing margin, which a page the server
    builds in 2 s on a quiet machine overruns on a busy one. The tests compare answers,
    not times, so every request waits up to ``seconds`` unless it sets its own timeout.
    (The default is one shared ``httpx.Timeout``, bound as the default of ``httpx.get``,
    ``httpx.Client`` and the rest; it is made patient in place.)"""
    default = inspect.signature(httpx.get).parameters["timeout"].default
    assert isinstance(default, httpx.Timeout)
    assert default is inspect.signature(httpx.Client).parameters["timeout"].default
    default.connect = default.read = default.write = default.pool = seconds


_patient_httpx()
# pages wait for their work, however busy the machine, as they did before it could go on in
# the background (tests/api/test_litmap_sizes.py sets a page_wait of its own)
os.environ.setdefault("TKG_PAGE_WAIT", "300")
# the builds tests finish are kept in a folder of the run's own, not in ~/.cache/tkg/build
# (kg.buildcache), so that no test serves a build kept by an earlier run or another tree
if "TKG_BUILD_CACHE" not in os.environ:
    os.environ["TKG_BUILD_CACHE"] = tempfile.mkdtemp(prefix="tkg-test-kept-")
    atexit.register(shutil.rmtree, os.environ["TKG_BUILD_CACHE"], True)

#: Oxigraph's server and Virtuoso, started on demand (fixtures `oxigraph_url`, `virtuoso_url`)
pytest_plugins = ["servers"]

#: The three pillars of technocracy (Raco and Savini, as the chapter reads them), paraphrased.
PILLARS_TTL = """\
@prefix tech: <https://w3id.org/technocracy/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

tech:AbstractionPillar a tech:TechnocracyPillar ;
    skos:prefLabel "abstraction and codification"@en ;
    skos:definition "Urban issues are abstracted and codified into knowledge."@en .
tech:LegitimationPillar a tech:TechnocracyPillar ;
    skos:prefLabel "legitimation"@en ;
    skos:definition "Technocratic logics are positioned as the legitimate approach."@en .
tech:ImpositionPillar a tech:TechnocracyPillar ;
    skos:prefLabel "imposition"@en ;
    skos:definition "Instrumental knowledge is imposed on the normative processes of politics."@en .
"""

#: Two works, in a second graph, for tests of the dataset a query runs over.
WORKS_TTL = """\
@prefix dct: <http://purl.org/dc/terms/> .
@prefix work: <https://w3id.org/technocracy/id/work/> .

work:townsend2013smart dct:title "Smart Cities" .
work:raco2019planning dct:title "Planning and Knowledge" .
"""


@pytest.fixture
def memory_store() -> Iterator[Store]:
    """An empty in-memory store, closed after the test."""
    store = OxigraphStore()
    yield store
    store.close()


@pytest.fixture(scope="session")
def sample_store() -> Iterator[Store]:
    """An in-memory store with ``PILLARS_TTL`` in the ontology graph (9 triples) and
    ``WORKS_TTL`` in the bibliography graph (2 triples). Shared: do not write to it."""
    store = OxigraphStore()
    store.replace_graph(str(GRAPH.ontology), PILLARS_TTL, format="ttl")
    store.replace_graph(str(GRAPH.bibliography), WORKS_TTL, format="ttl")
    yield store
    store.close()


@contextmanager
def _serving(app: Callable[..., object], settings: Settings | None = None) -> Iterator[str]:
    """Run ``app`` with uvicorn in a thread on a free port of 127.0.0.1; yield its base URL.
    With ``settings``, uvicorn is configured as ``tkg serve`` configures it
    (``api.server.server_config``: its timeouts among others)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    if settings is None:
        config = uvicorn.Config(app, lifespan="on", ws="none", log_config=None, access_log=False)
    else:
        from api.server import server_config

        config = server_config(
            app, settings, lifespan="on", ws="none", log_config=None, access_log=False
        )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    # its lifespan may start query workers (new interpreters): on a busy machine, seconds
    deadline = time.monotonic() + 120
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def serve_app() -> Callable[..., AbstractContextManager[str]]:
    """``with serve_app(app) as url:`` runs any ASGI app on 127.0.0.1 for the block;
    ``serve_app(app, settings)`` runs it as ``tkg serve`` would with those settings."""
    return _serving


@pytest.fixture(scope="session")
def live_server(sample_store: Store) -> Iterator[str]:
    """The base URL of the API over ``sample_store``, served by uvicorn on 127.0.0.1,
    with default settings (read-only: no update token)."""
    from api import create_app

    with _serving(create_app(Settings(store="memory", update_token=None), sample_store)) as url:
        yield url


@pytest.fixture(scope="session")
def built_store() -> Iterator[Store]:
    """The default corpus built into an in-memory store, with HermiT's inferred graph.
    Shared: do not write to it."""
    from kg.build import build

    store = OxigraphStore()
    build(store, reason=True)
    yield store
    store.close()


@pytest.fixture(scope="session")
def built_server(built_store: Store) -> Iterator[str]:
    """The base URL of the API over the built graph, served by uvicorn on 127.0.0.1."""
    from api import create_app

    with _serving(create_app(Settings(store="memory", update_token=None), built_store)) as url:
        yield url


#: Debian's Chromium, installed by ``make browser``; Playwright drives it (it never downloads one).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium (Debian's) driven by Playwright, for the whole session."""
    import os
    import shutil

    from playwright.sync_api import sync_playwright

    executable = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium is missing: `make browser` installs Debian's chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A fresh browser page; JavaScript errors and failed requests fail the test."""
    context = browser.new_context()
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    tab.on("requestfailed", lambda request: problems.append(f"request failed: {request.url}"))
    yield tab
    context.close()
    assert not problems, problems
