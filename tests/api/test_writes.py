"""``PUT``/``DELETE /argmaps/{id}`` and ``DELETE /documents/{id}`` over a real server: behind
the update token, all or nothing, with the same checks and answers as the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api import create_app
from kg.build import build
from kg.ingest.pipeline import ingest
from kg.rdf import graphs
from kg.settings import Settings
from kg.store import OxigraphStore

TOKEN = "writes-token"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
ARGDOWN = {"Content-Type": "text/vnd.argdown", **BEARER}
DATA = Path(__file__).parents[1] / "data"
MAP = """\
[Sensors]: Cities are sensed. {cites: [townsend2013smart]}
  + [Extraction]: Data are extracted. {about: [LivingLab]}
"""


@pytest.fixture(scope="module")
def store() -> Iterator[OxigraphStore]:
    s = OxigraphStore()
    build(s, reason=False)
    yield s
    s.close()


@pytest.fixture(scope="module")
def url(serve_app, store) -> Iterator[str]:
    with serve_app(create_app(Settings(store="memory", update_token=TOKEN), store)) as base:
        yield base


def nquads(store: OxigraphStore) -> list[str]:
    return sorted(store.dump(format="nq").decode("utf-8").splitlines())


def test_writes_need_the_token(url, serve_app, store) -> None:
    assert httpx.put(f"{url}/argmaps/x", content=MAP).status_code == 401
    assert httpx.delete(f"{url}/argmaps/x").status_code == 401
    wrong = {"Authorization": "Bearer guess"}
    assert httpx.delete(f"{url}/documents/x", headers=wrong).status_code == 401
    closed = create_app(Settings(store="memory", update_token=None), store)
    with serve_app(closed) as other:
        assert httpx.delete(f"{other}/documents/kitchin2019smart").status_code == 403
        assert httpx.put(f"{other}/argmaps/x", content=MAP).status_code == 403


def test_import_replace_read_and_delete_a_map(url, store) -> None:
    before = nquads(store)
    created = httpx.put(f"{url}/argmaps/sensing", content=MAP, headers=ARGDOWN)
    assert created.status_code == 201, created.text
    assert created.json() == {
        "id": "sensing",
        "statements": 2,
        "arguments": 0,
        "relations": 1,
        "triples": created.json()["triples"],
        "warnings": [],
    }
    again = httpx.put(f"{url}/argmaps/sensing", content=MAP, headers=ARGDOWN)
    assert again.status_code == 200
    assert httpx.get(f"{url}/argmaps/sensing").json()["counts"]["statements"] == 2
    deleted = httpx.delete(f"{url}/argmaps/sensing", headers=BEARER)
    assert deleted.status_code == 200
    assert deleted.json() == {
        "id": "sensing",
        "triples": created.json()["triples"],
        "removed": {graphs.argmap("sensing"): created.json()["triples"]},
    }
    assert nquads(store) == before
    gone = httpx.delete(f"{url}/argmaps/sensing", headers=BEARER)
    assert gone.status_code == 404 and gone.json()["error"] == "not-found"


def test_a_bad_map_is_refused_with_where_and_changes_nothing(url, store) -> None:
    before = nquads(store)
    typo = httpx.put(
        f"{url}/argmaps/typo", content=MAP.replace("LivingLab", "LivingLabb"), headers=ARGDOWN
    )
    assert typo.status_code == 400 and typo.json()["error"] == "dangling-reference"
    assert "typo.argdown:2:48: [Extraction] about 'LivingLabb'" in typo.json()["message"]
    assert "did you mean 'LivingLab'?" in typo.json()["message"]
    unclosed = httpx.put(
        f"{url}/argmaps/typo",
        content=MAP.replace("[Extraction]: Data are extracted.", "[Extraction hidden"),
        headers=ARGDOWN,
    )
    assert unclosed.status_code == 400 and unclosed.json()["error"] == "bad-argument-map"
    assert unclosed.json()["where"] == "typo.argdown:2:5"
    picture = {**BEARER, "Content-Type": "image/png"}
    assert httpx.put(f"{url}/argmaps/typo", content=MAP, headers=picture).status_code == 415
    assert nquads(store) == before


def test_unknown_warn_loads_and_says_so(url) -> None:
    body = MAP.replace("townsend2013smart", "sadowski2017googel")
    answer = httpx.put(f"{url}/argmaps/warned?unknown=warn", content=body, headers=ARGDOWN)
    assert answer.status_code == 201
    (warning,) = answer.json()["warnings"]
    assert warning.startswith("warned.argdown:1:40: [Sensors] cites 'sadowski2017googel'")
    assert httpx.delete(f"{url}/argmaps/warned", headers=BEARER).status_code == 200


def test_delete_a_document(url, store) -> None:
    before = nquads(store)
    report = ingest(store, DATA / "texts" / "notes.md")
    answer = httpx.delete(f"{url}/documents/notes", headers=BEARER)
    assert answer.status_code == 200
    assert answer.json() == {
        "id": "notes",
        "triples": report.triples,
        "removed": {graphs.corpus("notes"): report.triples},
    }
    assert nquads(store) == before
    gone = httpx.delete(f"{url}/documents/notes", headers=BEARER)
    assert gone.status_code == 404 and "no document 'notes'" in gone.json()["message"]


def test_options_names_every_method_of_the_path(url) -> None:
    answer = httpx.options(f"{url}/argmaps/anything")
    assert answer.status_code == 204
    assert {"GET", "HEAD", "PUT", "DELETE"} <= set(answer.headers["allow"].split(", "))
    answer = httpx.options(f"{url}/documents/anything")
    assert answer.status_code == 204 and answer.headers["allow"] == "GET, HEAD, DELETE, OPTIONS"


AIF = Path(__file__).resolve().parents[2].parent / "shared" / "peer-tests" / "argmaps" / "aif"


@pytest.mark.skipif(not AIF.is_dir(), reason="../shared/peer-tests is not here")
def test_a_real_aif_map_imports_and_goes(url, store) -> None:
    before = nquads(store)
    body = (AIF / "nodeset28010.json").read_bytes()
    headers = {**BEARER, "Content-Type": "application/vnd.aif+json"}
    answer = httpx.put(f"{url}/argmaps/nodeset28010", content=body, headers=headers)
    assert answer.status_code == 201, answer.text
    assert answer.json()["statements"] == 9 and answer.json()["warnings"] == []
    assert httpx.delete(f"{url}/argmaps/nodeset28010", headers=BEARER).status_code == 200
    assert nquads(store) == before


WRONG_YEAR = """# Algorithms and the city

Smart cities are governed by algorithms (Kitchin 2014), as Townsend (2013) argues.

## References

Kitchin, R. (2041) The real-time city? Big data and smart urbanism. GeoJournal 79(1): 1-14.

Townsend, A. (2013) Smart Cities. New York: Norton.
"""
KITCHIN_CSL = {
    "id": "whatever",
    "type": "article-journal",
    "title": "The real-time city? Big data and smart urbanism",
    "author": [{"family": "Kitchin", "given": "Rob"}],
    "issued": {"date-parts": [[2014]]},
    "container-title": "GeoJournal",
}


def test_put_one_reference_resolves_its_citation(url, store, tmp_path) -> None:
    (tmp_path / "wrongyear.md").write_text(WRONG_YEAR, encoding="utf-8")
    ingest(store, tmp_path / "wrongyear.md")
    where = f"{url}/documents/wrongyear/references/1"
    csl = {"Content-Type": "application/vnd.citationstyles.csl+json"}
    assert httpx.put(where, content="[]", headers=csl).status_code == 401
    refused = httpx.put(where, content="x", headers={**BEARER, "Content-Type": "image/png"})
    assert refused.status_code == 415
    before = nquads(store)
    bad = httpx.put(
        where, content="@article{k,", headers={**BEARER, "Content-Type": "application/x-bibtex"}
    )
    assert bad.status_code == 400 and nquads(store) == before
    answer = httpx.put(where, json=[KITCHIN_CSL], headers={**BEARER, **csl})
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "id": "wrongyear",
        "position": 1,
        "reference": "kitchin2041realtime",
        "citations": 2,
        "resolved_before": 1,
        "resolved_after": 2,
        "changed": [{"citation": 1, "before": None, "after": "kitchin2041realtime"}],
    }
    listed = httpx.get(f"{url}/documents/wrongyear/references").json()
    assert listed[0]["csl"]["author"] == [{"family": "Kitchin", "given": "Rob"}]
    assert [c["text"] for c in listed[0]["citations"]] == ["Kitchin 2014"]
    assert httpx.options(where).headers["allow"] == "PUT, OPTIONS"
    assert httpx.delete(f"{url}/documents/wrongyear", headers=BEARER).status_code == 200
