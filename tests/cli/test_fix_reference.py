"""``tkg fix-reference``: one entry corrected from the command line, a bad one refused."""

from __future__ import annotations

from typer.testing import CliRunner

from kg.cli import app, build_command
from kg.settings import Settings
from tests.ingest.test_fix_reference import BIBTEX, CORRECTED, PAPER

runner = CliRunner()


def test_fix_reference_from_text_and_from_a_file(tmp_path):
    spec = f"oxigraph:{tmp_path / 'store'}"
    build_command(Settings(store=spec), reason=False, quiet=True)
    (tmp_path / "paper.md").write_text(PAPER, encoding="utf-8")
    assert (
        runner.invoke(app, ["ingest", str(tmp_path / "paper.md"), "--store", spec]).exit_code == 0
    )

    fixed = runner.invoke(app, ["fix-reference", "paper", "1", CORRECTED, "--store", spec])
    assert fixed.exit_code == 0, fixed.output
    assert fixed.stdout.splitlines() == [
        "paper: entry 1 (kitchin2041realtime) replaced; citations resolved: 2 before, 3 now, of 3",
        "  citation 1: unresolved -> kitchin2041realtime",
    ]
    (tmp_path / "k.bib").write_text(BIBTEX, encoding="utf-8")
    again = runner.invoke(
        app, ["fix-reference", "paper", "1", str(tmp_path / "k.bib"), "--store", spec]
    )
    assert again.exit_code == 0 and "3 now, of 3" in again.stdout

    refused = runner.invoke(app, ["fix-reference", "paper", "9", CORRECTED, "--store", spec])
    assert refused.exit_code == 2
    assert refused.output == "error: N: no entry 9 in the reference list of 'paper' (1 to 3)\n"
