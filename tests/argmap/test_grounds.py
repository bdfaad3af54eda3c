"""``tkg argmap import`` refuses a misspelt work or concept and an unclosed bracket, with
line and column, leaving the store as it was; ``unknown="warn"`` loads and says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.argmap.storage import load_file
from kg.build import build
from kg.cli import app
from kg.errors import DanglingReferenceError, MapSyntaxError
from kg.ingest.pipeline import ingest
from kg.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "peer-tests" / "argmaps" / "argdown"
DATA = ROOT / "tests" / "data"

MAP = """\
# Sensing the city

[Sensors]: Cities are sensed. {cites: [townsend2013smart]}
  + [Extraction]: Data are extracted. {about: [LivingLab]}
"""


@pytest.fixture(scope="module")
def built():
    store = OxigraphStore()
    build(store, reason=False)
    yield store
    store.close()


def _write(tmp_path: Path, text: str, name: str = "sensing.argdown") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_known_works_and_concepts_import(built, tmp_path: Path) -> None:
    doc, _m, size = load_file(built, _write(tmp_path, MAP))
    assert doc == "sensing" and size > 10


def _at(text: str, name: str) -> str:
    """``line:column`` of the first ``name`` in ``text`` (1-based)."""
    line = next(n for n, one in enumerate(text.splitlines(), start=1) if name in one)
    return f"{line}:{text.splitlines()[line - 1].index(name) + 1}"


@pytest.mark.parametrize(
    ("old", "new"), [("townsend2013smart", "townsend2013smrt"), ("LivingLab", "LivingLabb")]
)
def test_an_unknown_work_or_concept_is_refused_and_changes_nothing(
    built, tmp_path: Path, old: str, new: str
) -> None:
    before = built.dump(format="nq")
    text = MAP.replace(old, new)
    with pytest.raises(DanglingReferenceError) as caught:
        load_file(built, _write(tmp_path, text, "typo.argdown"), doc="typo")
    message = str(caught.value)
    assert f"typo.argdown:{_at(text, new)}: [" in message
    hint = old
    assert repr(new) in message and f"did you mean {hint!r}?" in message
    assert built.dump(format="nq") == before


def test_warn_loads_the_map_and_says_what_is_unknown(built, tmp_path: Path) -> None:
    warnings: list[str] = []
    text = MAP.replace("townsend2013smart", "sadowski2017googel")
    load_file(built, _write(tmp_path, text, "warned.argdown"), unknown="warn", warn=warnings.append)
    assert warnings == [
        f"warned.argdown:{_at(text, 'sadowski')}: [Sensors] cites 'sadowski2017googel', a work that neither the "
        "bibliography nor any document's reference list holds"
    ]
    assert "https://w3id.org/technocracy/graph/argmap/warned" in built.graphs()


def test_an_unclosed_bracket_is_a_syntax_error_with_line_and_column(built, tmp_path) -> None:
    before = built.dump(format="nq")
    text = MAP.replace("[Extraction]: Data are extracted.", "[Extraction hidden")
    with pytest.raises(MapSyntaxError) as caught:
        load_file(built, _write(tmp_path, text, "unclosed.argdown"))
    assert (caught.value.line, caught.value.column) == (4, 5)
    assert "never closed: expected ']'" in str(caught.value)
    with pytest.raises(MapSyntaxError, match=r":3:1: argument title never closed"):
        load_file(built, _write(tmp_path, "[T]: a\n\n<Gist: b\n", "gist.argdown"))
    assert built.dump(format="nq") == before


def test_a_work_of_an_ingested_papers_reference_list_is_known(tmp_path: Path) -> None:
    store = OxigraphStore()
    try:
        build(store, reason=False)
        ingest(store, DATA / "texts" / "notes.md")
        key = store.query(
            "SELECT ?w WHERE { ?r <http://purl.org/spar/biro/references> ?w "
            "FILTER CONTAINS(STR(?r), '/reference/notes/') } ORDER BY ?w LIMIT 1"
        ).rows()[0]["w"]
        assert key is not None
        text = MAP.replace("townsend2013smart", key.value.rsplit("/", 1)[1])
        load_file(store, _write(tmp_path, text))
    finally:
        store.close()


def test_the_projects_and_the_real_argdown_maps_still_import(built, tmp_path: Path) -> None:
    paths = [ROOT / "kg" / "corpus" / "kitchin2019smart.argdown"]
    paths += sorted(SHARED.glob("*.argdown")) if SHARED.is_dir() else []
    for path in paths:
        doc, _m, size = load_file(built, path, doc=f"check-{path.stem}")
        assert size > 0, doc


def test_the_cli_refuses_by_default_and_warns_on_request(tmp_path: Path) -> None:
    runner = CliRunner()
    store = f"oxigraph:{tmp_path / 'store'}"
    path = _write(tmp_path, MAP)
    result = runner.invoke(app, ["argmap", "import", str(path), "--store", store])
    assert result.exit_code == 2
    assert f"sensing.argdown:{_at(MAP, 'townsend')}: [Sensors] cites 'townsend" in result.output
    result = runner.invoke(
        app, ["argmap", "import", str(path), "--unknown", "warn", "--store", store]
    )
    assert (
        result.exit_code == 0
        and f"warning: sensing.argdown:{_at(MAP, 'LivingLab')}:" in result.output
    )
    result = runner.invoke(
        app, ["argmap", "import", str(path), "--unknown", "maybe", "--store", store]
    )
    assert result.exit_code == 2
