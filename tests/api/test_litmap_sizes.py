"""A co-citation map's page over a large store: its most-cited works by default, with links
to wider and narrower maps, and a page that says the map is being made when it is not made
in time (the map then made in the background and shown when asked again)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx
import pytest
from litmap_support import litmap_store
from lxml import html

from api import create_app
from kg.settings import Settings
from kg.store import Store

URL = "/litmaps/cocitation?format=html&grain=paragraph"


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    opened = litmap_store()
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def map_server(serve_app, store: Store) -> Iterator[str]:
    with serve_app(create_app(Settings(store="memory"), store)) as url:
        yield url


def _view(page: str) -> dict:
    (data,) = html.fromstring(page).xpath("//script[@id='litmap-data']/text()")
    return json.loads(data)


def test_the_page_offers_its_most_cited_works_and_all(map_server: str) -> None:
    whole = httpx.get(f"{map_server}{URL}", timeout=120)
    assert whole.status_code == 200
    view = _view(whole.text)
    assert len(view["nodes"]) == view["paired"] > 3  # fewer than VIEW_TOP: all of them
    cut = httpx.get(f"{map_server}{URL}&top=3", timeout=120)
    assert cut.status_code == 200
    tree = html.fromstring(cut.text)
    shown = _view(cut.text)
    assert 0 < len(shown["nodes"]) <= 3 and shown["paired"] == view["paired"]
    cites = sorted((-n["citations"], n["iri"]) for n in view["nodes"])
    assert {n["iri"] for n in shown["nodes"]} <= {iri for _, iri in cites[:3]}
    (sizes,) = tree.xpath("//p[@class='map-sizes']")
    assert sizes.xpath("strong/text()") == ["3"]
    (everything,) = sizes.xpath("a[starts-with(text(), 'all')]")
    assert everything.text == f"all {view['paired']}" and "top=0&" in everything.get("href")
    # the downloads are of the map shown
    assert tree.xpath("//a[contains(@href, 'top=3&format=gexf')]")


def test_a_map_not_made_in_time_is_made_in_the_background(serve_app, store: Store) -> None:
    with serve_app(create_app(Settings(store="memory", page_wait=0), store)) as server:
        _made_in_the_background(f"{server}{URL}&min_weight=2")


def _made_in_the_background(url: str) -> None:
    first = httpx.get(url, timeout=120)
    assert first.status_code == 202
    tree = html.fromstring(first.text)
    assert "being made" in tree.xpath("string(//main)")
    assert tree.xpath("//script/@src")[-1].endswith("/static/pending.js")
    for _ in range(600):  # asked again, as the page does, until the map is there
        again = httpx.get(url, timeout=120)
        if again.status_code != 202:
            break
        time.sleep(0.2)
    assert again.status_code == 200
    assert all(e["weight"] >= 2 for e in _view(again.text)["edges"])
