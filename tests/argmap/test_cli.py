"""``tkg argmap import|export|list``: thin verbs, one-line errors, exit codes."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app

DATA = Path(__file__).parents[1] / "data" / "argmap"
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "peer-tests" / "argmaps"


def test_import_list_export(tmp_path: Path) -> None:
    runner = CliRunner()
    store = f"oxigraph:{tmp_path / 'store'}"
    # an empty store holds neither the works nor the concepts the map names: warned, loaded
    result = runner.invoke(
        app,
        ["argmap", "import", str(DATA / "sample.argdown"), "--unknown", "warn", "--store", store],
    )
    assert result.exit_code == 0, result.output
    assert "imported sample: 9 statements, 2 arguments, 6 relations" in result.output
    assert "warning: sample.argdown:13:11: [Automation] cites 'dodge2007codes'" in result.output
    result = runner.invoke(
        app,
        [
            *("argmap", "import", str(DATA / "anchored.argdown"), "--doc", "other"),
            *("--unknown", "warn", "--store", store),
        ],
    )
    assert result.exit_code == 0 and "imported other" in result.output
    listed = runner.invoke(app, ["argmap", "list", "--store", store])
    assert listed.exit_code == 0 and "sample" in listed.output and "other" in listed.output
    out = tmp_path / "sample.argdown"
    result = runner.invoke(
        app, ["argmap", "export", "sample", "-f", "argdown", "-o", str(out), "--store", store]
    )
    assert result.exit_code == 0
    assert "[Automation]: Cities are increasingly managed by software." in out.read_text()
    result = runner.invoke(
        app, ["argmap", "export", "other", "--format", "mermaid", "--store", store]
    )
    assert result.exit_code == 0 and result.stdout.startswith("flowchart BT")


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    store = f"oxigraph:{tmp_path / 'store'}"
    bad = tmp_path / "bad.argdown"
    bad.write_text("[A]: a\n  + <B>: b {x: [}\n", encoding="utf-8")
    result = runner.invoke(app, ["argmap", "import", str(bad), "--store", store])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: bad.argdown:2:17: metadata is not a YAML mapping: expected the node content, "
        "but found '}'; expected {key: value, ...}"
    ]
    missing = runner.invoke(app, ["argmap", "export", "nope", "--store", store])
    assert missing.exit_code == 1 and "no argument map 'nope'" in missing.output
    assert "Traceback" not in missing.output


def test_import_of_aif_json(tmp_path: Path) -> None:
    path = SHARED / "aif" / "rebut_undercut.json"
    if not path.is_file():
        return
    runner = CliRunner()
    store = f"oxigraph:{tmp_path / 'store'}"
    result = runner.invoke(app, ["argmap", "import", str(path), "--store", store])
    assert result.exit_code == 0, result.output
    assert "imported rebut-undercut: 4 statements, 1 arguments, 2 relations" in result.output
