"""``tkg litmap``, ``tkg bib export`` and ``/litmaps`` over a real HTTP server."""

from __future__ import annotations

import io
import json

import httpx
import networkx as nx
import pytest
from litmap_support import DATA, litmap_store
from typer.testing import CliRunner

from api import create_app
from kg.cli import app
from kg.settings import Settings


@pytest.fixture(scope="module")
def store():
    opened = litmap_store()
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def server(store, serve_app):
    with serve_app(create_app(Settings(store="memory", update_token=None), store)) as url:
        yield url


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory):
    """The same graph in a store on disk, for the CLI."""
    path = tmp_path_factory.mktemp("litmap") / "store"
    runner = CliRunner()
    spec = f"oxigraph:{path}"
    assert runner.invoke(app, ["build", "--store", spec, "--no-reason"]).exit_code == 0
    for name in ("platforms", "sensing"):
        result = runner.invoke(
            app,
            [
                "ingest",
                str(DATA / f"{name}.md"),
                "--bib",
                str(DATA / "shared-works.csl.json"),
                "--meta",
                str(DATA / f"{name}.meta.json"),
                "--id",
                f"litmap-{name}",
                "--store",
                spec,
            ],
        )
        assert result.exit_code == 0, result.output
    return spec


def test_cli_writes_a_map_to_a_file(disk_store, tmp_path):
    target = tmp_path / "coupling.graphml"
    result = CliRunner().invoke(
        app, ["litmap", "coupling", "--format", "graphml", "-o", str(target), "--store", disk_store]
    )
    assert result.exit_code == 0, result.output
    g = nx.read_graphml(target)
    assert g["litmap-platforms"]["litmap-sensing"]["weight"] == 3


def test_cli_filters_and_stdout(disk_store):
    result = CliRunner().invoke(
        app,
        [
            "litmap",
            "cocitation",
            "-f",
            "csv",
            "--grain",
            "document",
            "--min-weight",
            "3",
            "--years",
            "2013-2014",
            "--store",
            disk_store,
        ],
    )
    assert result.exit_code == 0, result.output
    rows = result.stdout.strip().splitlines()
    assert rows[0].startswith("source,target,weight")
    assert "kitchin2014realtime,townsend2013smart,3,Kitchin 2014,Townsend 2013" in rows
    assert all(int(r.split(",")[2]) >= 3 for r in rows[1:])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["litmap", "nope"], "unknown map kind 'nope'"),
        (["litmap", "citation", "-f", "pajek"], "unknown map format 'pajek'"),
        (["litmap", "cocitation", "--years", "soon"], "--years: 'soon' is not a year range"),
        (["litmap", "cocitation", "--years", "2030-"], "nothing matches these filters"),
        (["litmap", "citation", "--doc", "nobody"], "doc=nobody"),
        (["litmap", "cocitation", "--grain", "page"], "unknown grain 'page'"),
        (["bib", "export", "-f", "mla"], "unknown format 'mla'"),
    ],
)
def test_cli_bad_input_is_one_line_and_writes_nothing(disk_store, tmp_path, args, message):
    target = tmp_path / "out.txt"
    result = CliRunner().invoke(app, [*args, "-o", str(target), "--store", disk_store])
    assert result.exit_code != 0
    assert message in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not target.exists()


def test_cli_bib_export(disk_store):
    result = CliRunner().invoke(
        app, ["bib", "export", "-f", "apa", "--doc", "litmap-sensing", "--store", disk_store]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 5 and lines[-1].startswith("Vanolo, A. (2014).")
    csl = CliRunner().invoke(app, ["bib", "export", "--store", disk_store])
    assert len(json.loads(csl.stdout)) == 25


def test_api_lists_the_kinds(server):
    body = httpx.get(f"{server}/litmaps").json()
    assert [k["kind"] for k in body["kinds"]] == [
        "citation",
        "cocitation",
        "coupling",
        "concept-work",
        "author-cocitation",
    ]
    assert "gexf" in {f["name"] for f in body["formats"]}


def test_api_json_by_default(server):
    response = httpx.get(f"{server}/litmaps/cocitation", params={"grain": "sentence"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["grain"] == "sentence" and body["counts"]["edges"] == len(body["edges"])
    heavy = {
        frozenset((e["source"], e["target"])): e["weight"] for e in body["edges"] if e["weight"] > 2
    }
    assert heavy == {
        frozenset(("kitchin2014realtime", "townsend2013smart")): 3,
        frozenset(("kitchin2014realtime", "greenfield2013against")): 3,
    }


@pytest.mark.parametrize(
    ("params", "accept", "media_type", "start"),
    [
        ({"format": "gexf"}, None, "application/gexf+xml", b"<?xml"),
        ({}, "application/graphml+xml", "application/graphml+xml", b"<?xml"),
        ({"format": "vosviewer"}, None, "application/vnd.vosviewer+json", b"{"),
        ({"format": "csv"}, None, "text/csv", b"source,target"),
        ({}, "image/svg+xml", "image/svg+xml", b"<?xml"),
        ({"format": "png"}, None, "image/png", b"\x89PNG"),
        ({"format": "bibtex"}, None, "application/x-bibtex", b"@"),
        ({"format": "html"}, None, "text/html", b"<!DOCTYPE html>"),
    ],
)
def test_api_formats(server, params, accept, media_type, start):
    headers = {"Accept": accept} if accept else {}
    response = httpx.get(f"{server}/litmaps/coupling", params=params, headers=headers, timeout=60)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media_type)
    assert response.content.startswith(start)
    assert "Accept" in response.headers["vary"].split(", ")


def test_api_graphml_reads_back(server):
    response = httpx.get(
        f"{server}/litmaps/citation", params={"format": "graphml", "doc": "litmap-sensing"}
    )
    g = nx.read_graphml(io.BytesIO(response.content))
    assert g.out_degree("litmap-sensing") == 5


@pytest.mark.parametrize(
    ("path", "params", "status", "code"),
    [
        ("/litmaps/bibliometrics", {}, 404, "not-found"),
        ("/litmaps/cocitation", {"format": "pajek"}, 406, "not-acceptable"),
        ("/litmaps/cocitation", {"year_from": 2030}, 404, "empty-map"),
        ("/litmaps/cocitation", {"concept": "NoSuchTerm"}, 404, "empty-map"),
        ("/litmaps/cocitation", {"grain": "page"}, 400, "bad-input"),
        ("/litmaps/cocitation", {"year_from": 2020, "year_to": 2010}, 400, "bad-input"),
        ("/litmaps/citation", {"doc": "nobody"}, 404, "empty-map"),
    ],
)
def test_api_bad_input(server, path, params, status, code):
    response = httpx.get(f"{server}{path}", params=params)
    assert response.status_code == status
    body = response.json()
    assert body["error"] == code and body["message"]


def test_api_not_acceptable(server):
    response = httpx.get(f"{server}/litmaps/citation", headers={"Accept": "image/jpeg"})
    assert response.status_code == 406
    assert "application/gexf+xml" in response.json()["offered"]
