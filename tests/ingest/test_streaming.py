"""Ingest's memory does not hold its whole graph at once (issue 21, memory that scales with
the text): its N-Triples are made as they are written, a batch at a time, and they reach an
on-disk store in pieces, never more than one piece in the loader; and what reaches the
store is what the analysis says, whether made at once or streamed. Asserted on content
(how much has been made when the first line is written; the sizes the loader is given),
not on memory, which a busy machine does not change but other libraries' versions do."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import pytest

from bench.dense import write_dense
from kg.build import build
from kg.ingest import pipeline
from kg.ingest import rdf as rdf_module
from kg.ingest.mentions import load_matcher
from kg.ingest.pipeline import analyse, ingest, ntriples, read_text
from kg.rdf import graphs
from kg.store import OxigraphStore, open_store
from kg.store.pieces import PIECE_BYTES


@pytest.fixture
def dense(tmp_path):
    """A text of 200 kB, one citation per sentence (about 1,650 sentences, 5.6 MB of
    N-Triples: more than one piece)."""
    path = tmp_path / "dense.txt"
    write_dense(path, 200_000)
    return path


@pytest.fixture
def quotes(monkeypatch):
    """How many sentences the writer has quoted so far (each sentence's words, with
    ``sentences="all"`` or a citing sentence's)."""
    made = [0]
    real = rdf_module.quote

    def counting(text, **options):
        made[0] += 1
        return real(text, **options)

    monkeypatch.setattr(rdf_module, "quote", counting)
    return made


def test_the_lines_are_made_as_they_are_asked_for(dense, quotes):
    text, _ = read_text(dense)
    found = analyse(text, doc_id="dense", matcher=None)
    sentences = len(found.document.sentences)
    lines = pipeline.graph_lines(found, sentences="all")
    first = list(islice(lines, 10))
    assert len(first) == 10 and quotes[0] < sentences // 4  # a batch, not the text
    rest = list(lines)
    assert quotes[0] == sentences + len(found.document.footnotes)
    everything = first + rest
    assert len(everything) == len(set(everything))  # each line once
    assert sorted(everything) == ntriples(found, sentences="all")


def test_prepare_writes_the_lines_before_it_has_made_them_all(dense, quotes, tmp_path, monkeypatch):
    text, _ = read_text(dense)
    sentences = len(analyse(text, doc_id="dense", matcher=None).document.sentences)
    quotes[0] = 0
    at_first_line = []
    real = pipeline.write_blocks

    def watching(path, blocks):
        def watched():
            for block in blocks:
                if block and not at_first_line:
                    at_first_line.append(quotes[0])
                yield block

        return real(path, watched())

    monkeypatch.setattr(pipeline, "write_blocks", watching)
    report, _ = pipeline.prepare(
        dense, tmp_path / "graph.nt", matcher=None, doc_id="dense", sentences="all"
    )
    assert at_first_line and at_first_line[0] < sentences // 4
    assert report.sentences == sentences and quotes[0] >= sentences
    assert report.triples == len((tmp_path / "graph.nt").read_bytes().splitlines())


class Recording:
    """An Oxigraph store whose bulk loads are noted (the size of each input), else itself."""

    def __init__(self, real) -> None:
        self.real = real
        self.sizes: list[int] = []

    def __getattr__(self, name):
        return getattr(self.real, name)

    def bulk_load(self, input=None, format=None, *, path=None, **options):
        data = input if isinstance(input, bytes) else Path(path).read_bytes()
        self.sizes.append(len(data))
        self.real.bulk_load(data, format, **options)


def test_an_ingest_reaches_a_store_on_disk_in_pieces_with_the_lines_of_its_analysis(
    dense, tmp_path
):
    on_disk = OxigraphStore(tmp_path / "store")
    build(on_disk, reason=False, corpus_dir=None)
    recording = Recording(on_disk._store)
    on_disk._store = recording  # type: ignore[assignment]
    report = ingest(on_disk, dense, doc_id="dense")
    graph = graphs.corpus("dense")
    assert len(recording.sizes) >= 2  # the graph's 5.6 MB of N-Triples, in pieces
    assert max(recording.sizes) <= PIECE_BYTES + 4096
    in_memory = open_store("memory")
    build(in_memory, reason=False, corpus_dir=None)
    assert ingest(in_memory, dense, doc_id="dense").triples == report.triples
    text, _ = read_text(dense)
    found = analyse(text, doc_id="dense", matcher=load_matcher(in_memory))
    assert len(found.citations) == report.citations > 1000
    wanted = in_memory.dump_graph(graph, format="nt").splitlines()
    on_disk._store = recording.real
    assert sorted(on_disk.dump_graph(graph, format="nt").splitlines()) == sorted(wanted)
    assert len(wanted) == report.triples
    on_disk.close()
    in_memory.close()
