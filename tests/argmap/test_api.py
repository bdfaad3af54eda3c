"""``/argmaps`` over a real HTTP server on 127.0.0.1: the list, each map in every format by
``format=`` or ``Accept``, each claim with its anchor, supports, attacks and works; 404s,
406s and the OpenAPI description."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.argmap.storage import load_file
from kg.settings import Settings
from kg.store import OxigraphStore

DATA = Path(__file__).parents[1] / "data" / "argmap"


@pytest.fixture(scope="module")
def url(serve_app) -> Iterator[str]:
    from api import create_app

    store = OxigraphStore()
    load_file(store, DATA / "sample.argdown", unknown="warn")
    load_file(store, DATA / "anchored.argdown", unknown="warn")
    with serve_app(create_app(Settings(store="memory", update_token=None), store)) as base:
        yield base
    store.close()


def test_list(url: str) -> None:
    response = httpx.get(f"{url}/argmaps")
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()}
    assert rows["sample"]["claims"] == 9 and rows["sample"]["relations"] == 6
    assert rows["anchored"]["title"] == "An anchored map"


def test_a_map_is_json_by_default(url: str) -> None:
    response = httpx.get(f"{url}/argmaps/sample")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["counts"] == {"statements": 9, "arguments": 2, "relations": 6}
    assert "Accept" in response.headers["vary"]


@pytest.mark.parametrize(
    ("query", "accept", "media", "marker"),
    [
        ("format=argdown", None, "text/vnd.argdown", "[Automation]: Cities are"),
        ("format=aif", None, "application/vnd.aif+json", '"locutions"'),
        ("format=xaif", None, "application/vnd.xaif+json", '"AIF"'),
        ("format=dot", None, "text/vnd.graphviz", "digraph"),
        ("format=mermaid", None, "text/vnd.mermaid", "flowchart BT"),
        ("format=graphml", None, "application/graphml+xml", "<graphml"),
        ("format=turtle", None, "text/turtle", "aif:I-node"),
        ("", "text/turtle", "text/turtle", "aif:claimText"),
        ("", "image/svg+xml", "image/svg+xml", "<svg"),
        ("", "text/html", "text/html", 'id="legend"'),
        ("", "text/vnd.argdown;q=0.9, text/plain;q=0.1", "text/vnd.argdown", "[Technocracy]"),
    ],
)
def test_other_formats_by_format_or_accept(
    url: str, query: str, accept: str | None, media: str, marker: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = httpx.get(f"{url}/argmaps/sample?{query}", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    assert marker in response.text


def test_not_found_and_not_acceptable(url: str) -> None:
    odd = httpx.get(f"{url}/argmaps/%C3%B1%20")
    assert odd.status_code == 404 and "no argument map" in odd.json()["message"]
    missing = httpx.get(f"{url}/argmaps/nowhere")
    assert missing.status_code == 404
    assert "no argument map 'nowhere'" in missing.json()["message"]
    refused = httpx.get(f"{url}/argmaps/sample?format=pdf")
    assert refused.status_code == 406
    assert "text/vnd.argdown" in refused.json()["offered"]
    refused = httpx.get(f"{url}/argmaps/sample", headers={"Accept": "application/pdf"})
    assert refused.status_code == 406
    claim = httpx.get(f"{url}/argmaps/sample/claims/nothing-here")
    assert claim.status_code == 404 and "nothing-here" in claim.json()["message"]


def test_a_claim_with_its_anchor_supports_attacks_and_works(url: str) -> None:
    body = httpx.get(f"{url}/argmaps/anchored/claims/code").json()
    assert body["iri"] == "https://w3id.org/technocracy/id/claim/anchored/code"
    assert body["text"] == "Software runs the city."
    assert body["anchor"] == {
        "iri": "https://w3id.org/technocracy/id/anchor/anchored/claim/code",
        "quote": "Software now runs much of the city.",
        "start": 0,
        "end": 35,
        "page": 1,
    }
    assert [(s["title"], s["kind"], s["direct"]) for s in body["supports"]] == [
        ("Why", "argument", True)
    ]
    assert [(a["title"], a["relation"]) for a in body["attacks"]] == [
        ("Not yet", "defaultconflict")
    ]
    assert [w["iri"] for w in body["works"]] == [
        "https://w3id.org/technocracy/id/work/kitchin2014realtime"
    ]
    assert body["concepts"] == ["https://w3id.org/technocracy/ontology#AutomatedManagement"]
    argument = httpx.get(f"{url}/argmaps/sample/claims/sensors").json()
    assert argument["kind"] == "argument" and argument["anchor"] is None
    assert {"Coverage", "Feeds", "Inter"} <= {s["title"] for s in argument["supports"]}


def test_openapi_documents_the_routes(url: str) -> None:
    spec = httpx.get(f"{url}/openapi.json").json()
    assert {"/argmaps", "/argmaps/{ident}", "/argmaps/{ident}/claims/{cid}"} <= set(spec["paths"])
    get = spec["paths"]["/argmaps/{ident}"]["get"]
    assert "text/vnd.argdown" in get["responses"]["200"]["content"]
    assert "406" in get["responses"]
