"""``/dumps``: the whole dataset as N-Quads (gzipped) and TriG, with a tag that follows the store."""

from __future__ import annotations

import gzip

import httpx
import pyoxigraph as ox

from api import create_app
from kg.settings import Settings
from kg.store import OxigraphStore

_DATA = """\
<http://e/a> <http://e/p> "1" <http://e/g1> .
<http://e/b> <http://e/p> "2" <http://e/g1> .
<http://e/c> <http://e/p> "3" <http://e/g2> .
"""


def test_the_dumps_hold_every_graph_and_revalidate(serve_app):
    store = OxigraphStore()
    store.load(_DATA, format="nq")
    with serve_app(create_app(Settings(store="memory"), store)) as url:
        nq = httpx.get(f"{url}/dumps/dataset.nq.gz", timeout=60)
        trig = httpx.get(f"{url}/dumps/dataset.trig", timeout=60)
        again = httpx.get(
            f"{url}/dumps/dataset.nq.gz", headers={"If-None-Match": nq.headers["etag"]}
        )
        head = httpx.head(f"{url}/dumps/dataset.trig")
        store.update('INSERT DATA { GRAPH <http://e/g2> { <http://e/d> <http://e/p> "4" } }')
        changed = httpx.get(
            f"{url}/dumps/dataset.nq.gz", headers={"If-None-Match": nq.headers["etag"]}
        )
    assert nq.status_code == 200
    assert nq.headers["content-type"] == "application/gzip"
    assert "content-encoding" not in nq.headers  # the file itself is gzip, not the transfer
    quads = list(ox.parse(gzip.decompress(nq.content), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == 3
    assert {q.graph_name.value for q in quads} == {"http://e/g1", "http://e/g2"}
    assert trig.headers["content-type"].startswith("application/trig")
    from_trig = list(ox.parse(trig.content, format=ox.RdfFormat.TRIG))
    assert sorted(map(str, from_trig)) == sorted(map(str, quads))
    assert again.status_code == 304
    assert head.status_code == 200 and head.content == b""
    assert changed.status_code == 200
    assert len(gzip.decompress(changed.content).splitlines()) == 4
    store.close()
