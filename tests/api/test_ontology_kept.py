"""``/ontology``'s page made by ``tkg build`` and kept (``kg.owl.ontodoc``): the route serves
the kept file of the ontology's key as it is, and makes (and keeps) pyLODE's page itself when
the file is missing or of another key."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import httpx
import pytest

from api import create_app
from kg.owl.ontodoc import keep_ontology_html, kept_ontology_html, page_file, page_key
from kg.settings import Settings
from kg.store import Store

HTML = {"Accept": "text/html"}


def _lines(page: str) -> Counter[str]:
    """The page's lines, its blank nodes' random labels masked: pyLODE writes them, and some
    lists, in an order that differs from one run to the next."""
    return Counter(re.sub(r"\bn[0-9a-f]{32,}\b", "_:b", line) for line in page.splitlines())


def test_the_build_keeps_the_page_and_the_route_serves_that_file(built_store, built_server):
    file = page_file(page_key())
    assert file is not None and file.is_file()  # the session's build (HermiT's step) made it
    kept = file.read_text(encoding="utf-8")
    served = httpx.get(f"{built_server}/ontology", headers=HTML, timeout=180)
    assert served.status_code == 200
    assert served.text == kept
    assert re.search(r"<title>(.*?)</title>", kept).group(1) == "Technocracy ontology"


def test_the_kept_page_is_the_page_pylode_makes():
    from kg.owl.ontodoc import ontology_html

    kept = kept_ontology_html()
    assert kept is not None
    assert _lines(kept) == _lines(ontology_html())


def test_a_kept_page_of_the_ontology_s_key_is_served_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve_app, sample_store: Store
):
    monkeypatch.setenv("TKG_BUILD_CACHE", str(tmp_path))
    page = "<html><head><title>kept</title></head><body>the kept page</body></html>"
    assert keep_ontology_html(page) == tmp_path / f"ontology-{page_key()}.html"
    app = create_app(Settings(store="memory", update_token=None), sample_store)
    with serve_app(app) as url:
        assert httpx.get(f"{url}/ontology", headers=HTML).text == page


def test_a_page_of_another_key_is_not_served_the_route_makes_and_keeps_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve_app, sample_store: Store
):
    monkeypatch.setenv("TKG_BUILD_CACHE", str(tmp_path))
    stale = tmp_path / f"ontology-{'0' * 64}.html"
    stale.write_text("<html><title>stale</title></html>", encoding="utf-8")
    assert kept_ontology_html() is None
    app = create_app(Settings(store="memory", update_token=None), sample_store)
    with serve_app(app) as url:
        page = httpx.get(f"{url}/ontology", headers=HTML, timeout=180).text
    assert re.search(r"<title>(.*?)</title>", page).group(1) == "Technocracy ontology"
    assert kept_ontology_html() == page  # kept for the next server
    assert not stale.exists()  # the page of the other key is gone


def test_without_a_build_cache_nothing_is_kept(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TKG_BUILD_CACHE", "off")
    assert page_file(page_key()) is None
    assert keep_ontology_html("<html></html>") is None
    assert kept_ontology_html() is None
