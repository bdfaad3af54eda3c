"""The wheel carries the ontology and the queries: an installed ``tkg`` works anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
    )
    (found,) = out.glob("technocracy_kg-*.whl")
    return found


def test_wheel_carries_data_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "kg/_data/ontology/technocracy.ttl" in names
    assert "kg/_data/ontology/shapes.ttl" in names
    assert any(n.startswith("kg/_data/queries/qc/") and n.endswith("-violation.rq") for n in names)
    assert "kg/corpus/references.csl.json" in names
    assert "api/app.py" in names
    # the pages' templates and browser code, YASGUI's and Swagger UI's (`make web-assets`)
    assert "api/templates/sparql.html" in names
    assert "api/static/sparql-editor.js" in names and "api/static/sparql.css" in names
    assert "api/static/vendor/yasgui/yasgui.min.js" in names
    assert "api/static/vendor/swagger-ui/swagger-ui-bundle.js" in names
    assert {"api/templates/base.html", "api/static/site.css"} <= names  # the pages' frame
    assert not any(n.startswith(("tests/", "ontology/", "queries/")) for n in names)


def test_installed_tkg_builds_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = venv / "bin" / "pip"
    subprocess.run([str(pip), "install", "--quiet", str(wheel)], check=True, timeout=900)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TKG_")}
    env["TKG_STORE"] = "oxigraph:./store"
    done = subprocess.run(
        [str(venv / "bin" / "tkg"), "build", "--no-reason"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "graph/ontology" in done.stdout
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import kg, sys; print(kg.__file__)"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(venv) in where  # the installed copy, not the checkout
    query = subprocess.run(
        [
            str(venv / "bin" / "tkg"),
            "query",
            "--format",
            "csv",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert query.returncode == 0, query.stderr
    assert int(query.stdout.splitlines()[1]) > 1000
