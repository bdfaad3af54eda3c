"""``tkg ingest`` over a folder: workers, a row per paper, resuming, one failure apart.

Four of EXCITE's papers (``../shared/peer-tests/excite``, copied into a temporary folder
at test time, never into the repository), each ``text.txt`` in its own folder, and one
binary file among them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app, build_command
from kg.ingest.corpus import corpus_files, document_ids
from kg.rdf import graphs
from kg.settings import Settings
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[2]
EXCITE = ROOT.parent / "shared" / "peer-tests" / "excite" / "papers"
PAPERS = ["11218", "11534", "11611", "12279"]
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def dumped(spec: str) -> bytes:
    store = open_store(spec)
    try:
        return store.dump(format="nq")
    finally:
        store.close()


def rows(output: str) -> dict[str, str]:
    """The status cell of each table row (its wrapped lines joined), by document id."""
    found: dict[str, list[str]] = {}
    last = None
    for line in output.splitlines():
        cells = [c.strip() for c in line.strip().strip("│").split("│")]
        if len(cells) != 6 or cells[0] == "document":
            continue
        last = cells[0] or last
        if last is not None:
            found.setdefault(last, []).append(cells[5])
    return {doc: " ".join(c for c in cells if c) for doc, cells in found.items()}


@pytest.mark.skipif(not EXCITE.is_dir(), reason="../shared/peer-tests/excite is not here")
def test_a_folder_of_papers_with_a_broken_one_then_resumed_then_forced(tmp_path):
    corpus = tmp_path / "corpus"
    for paper in PAPERS:
        (corpus / paper).mkdir(parents=True)
        shutil.copy(EXCITE / paper / "text.txt", corpus / paper / "text.txt")
    (corpus / "broken.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)
    spec = f"oxigraph:{tmp_path / 'store'}"
    build_command(Settings(store=spec), reason=False, quiet=True)

    first = invoke("ingest", str(corpus), "--workers", "2", "--store", spec)
    assert first.exit_code == 1, first.output
    table = rows(first.stdout)
    assert {p: table[p] for p in PAPERS} == dict.fromkeys(PAPERS, "ingested")
    assert table["broken"] == "failed: this is a binary file, not a text (found NUL bytes)"
    assert "4 ingested, 0 skipped, 1 failed" in first.stdout
    store = open_store(spec)
    try:
        assert all(store.has_graph(graphs.corpus(paper)) for paper in PAPERS)
        assert not store.has_graph(graphs.corpus("broken"))
        before = store.dump(format="nq")
    finally:
        store.close()

    again = invoke("ingest", str(corpus), "--workers", "2", "--store", spec)
    assert again.exit_code == 1
    table = rows(again.stdout)
    assert all(table[p] == f"skipped: already in as {p}" for p in PAPERS), again.stdout
    assert "0 ingested, 4 skipped, 1 failed" in again.stdout
    assert dumped(spec) == before

    (corpus / "broken.txt").unlink()
    forced = invoke("ingest", str(corpus), "--workers", "2", "--force", "--store", spec)
    assert forced.exit_code == 0, forced.output
    assert "4 ingested, 0 skipped, 0 failed" in forced.stdout
    assert sorted(dumped(spec).splitlines()) == sorted(before.splitlines())


def test_options_of_one_text_are_refused_with_several(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Some text (Smith 2020).\n", encoding="utf-8")
    result = invoke(
        "ingest",
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
        "--id",
        "x",
        "--store",
        f"oxigraph:{tmp_path / 'store'}",
    )
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "--id" in result.output


def test_ids_from_folders_when_the_file_names_say_nothing(tmp_path):
    for folder in ("11218", "12279", "x/12279"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "text.txt").write_text("t", encoding="utf-8")
    (tmp_path / "Smith 2020.md").write_text("t", encoding="utf-8")
    (tmp_path / "11218" / "paper.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "11218" / "paper.pdf.txt").write_text("kept text", encoding="utf-8")
    files = corpus_files([tmp_path])
    names = [str(f.relative_to(tmp_path)) for f in files]
    assert names == [
        "11218/paper.pdf",
        "11218/text.txt",
        "12279/text.txt",
        "Smith 2020.md",
        "x/12279/text.txt",
    ]
    ids = document_ids(files)
    assert ids[:2] == ["11218-" + ids[0][6:], "11218-" + ids[1][6:]] and ids[0] != ids[1]
    assert ids[2].startswith("12279-") and ids[4].startswith("12279-") and ids[2] != ids[4]
    assert ids[3] == "smith-2020"


def test_a_bad_graph_in_a_bulk_batch_fails_alone(tmp_path):
    """On disk, new graphs go to the bulk loader together; one bad body drops the batch,
    which then goes one by one: the good ones in, the bad one failed, nothing else."""
    from kg.ingest.corpus import _Writer
    from kg.ingest.pipeline import IngestReport

    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    try:
        writer = _Writer(store)
        assert writer.bulk is not None
        for n, line in enumerate(
            [
                '<http://e/a> <http://e/p> "1" .',
                "<http://e/a> <p> .",
                "<http://e/b> <http://e/p> <http://e/c> .",
            ]
        ):
            body = tmp_path / f"{n}.nt"
            body.write_text(line + "\n", encoding="utf-8")
            report = IngestReport(f"d{n}", graphs.corpus(f"d{n}"), 1, 0, 0, 0, 0, 0)
            writer.add(n, report, False, body)
        writer.close()
        outcomes = writer.outcomes()
        assert [i for i, r in outcomes if not isinstance(r, str)] == [0, 2]
        assert [i for i, r in outcomes if isinstance(r, str)] == [1]
        assert [store.has_graph(graphs.corpus(f"d{n}")) for n in range(3)] == [True, False, True]
        assert not list(tmp_path.glob("*.nt"))
    finally:
        store.close()
