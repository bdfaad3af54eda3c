"""``/search`` while its index is built, over real HTTP: a search answers at once from what
is indexed so far and says how far the build has come (JSON ``building``, a note on the
page), and finds the rest once the build is done; an index made stale behind the server's
back (a graph loaded while it was down) is found stale at start and brought up to date."""

from __future__ import annotations

import httpx
from lxml import html

from api import create_app
from kg.search import SearchIndex, index_path
from kg.settings import Settings
from kg.store import open_store
from tests.search.building import WORDS, load_graphs, paused_after_first_batch
from tests.search.current import current


def test_a_search_during_a_build_answers_at_once_and_says_so(serve_app, tmp_path, monkeypatch):
    spec = f"oxigraph:{tmp_path / 'store'}"
    store = open_store(spec)
    load_graphs(store)
    try:
        with (
            paused_after_first_batch(monkeypatch) as go_on,
            serve_app(create_app(Settings(store=spec), store)) as url,
        ):
            go_on.paused.wait()  # type: ignore[attr-defined]  # the build, started with the app
            found = httpx.get(f"{url}/search", params={"q": WORDS[0]}, timeout=120).json()
            assert found["building"] == {"done": 1, "total": 3}
            assert [h["label"] for h in found["items"]] == [WORDS[0]]
            later = httpx.get(f"{url}/search", params={"q": WORDS[2]}, timeout=120).json()
            assert later["building"] == {"done": 1, "total": 3} and later["total"] == 0
            page = httpx.get(f"{url}/search", params={"q": WORDS[2], "format": "html"}, timeout=120)
            note = html.fromstring(page.text).xpath("string(//*[@id='search-building'])")
            assert "being built: 1 of 3 graphs indexed" in note
            go_on.set()
            done = current(url, q=WORDS[2])
            assert [h["label"] for h in done["items"]] == [WORDS[2]]
    finally:
        store.close()


def test_a_stale_index_is_found_at_start_and_brought_up_to_date(serve_app, tmp_path):
    spec = f"oxigraph:{tmp_path / 'store'}"
    path = index_path(spec)
    assert path is not None
    store = open_store(spec)
    load_graphs(store, WORDS[:2])
    index = SearchIndex(path)
    index.sync(store)
    index.close()
    store.close()
    # while no server runs, a graph is written that the index does not know
    store = open_store(spec)
    load_graphs(store, WORDS)
    try:
        with serve_app(create_app(Settings(store=spec), store), Settings(store=spec)) as url:
            found = current(url, q=WORDS[2])
            assert [h["label"] for h in found["items"]] == [WORDS[2]]
            assert current(url, q=WORDS[0])["total"] == 1
    finally:
        store.close()
