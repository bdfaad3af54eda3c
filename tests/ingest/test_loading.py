"""Loading analysed papers fast, and the benchmark's record of before and after.

- ``iris_are_safe`` vouches for a paper whose ids are plain, not for odd ids;
- a lenient bulk load (no IRI validation) stores exactly the quads a validating one
  stores, in memory and on disk;
- word counts for the hyphen rule are made only when a text breaks a word at a line end;
- ``bench.ingest.compare`` gives the ratios of two runs; the history of ``ingest.md``
  survives a new run.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bench.ingest import COMPARED, _kept_sections, _markdown, compare
from bench.synthetic import corpus
from kg.errors import RdfSyntaxError, StoreError
from kg.ingest import dehyphenate
from kg.ingest.pipeline import analyse, iris_are_safe, ntriples
from kg.ingest.segment import segment
from kg.store import open_store


@pytest.fixture(scope="module")
def paper():
    one = next(corpus(1))
    found = analyse(one.text, doc_id=one.id, matcher=None, bib=json.dumps(one.bibliography))
    return found


def test_plain_ids_are_vouched_for_and_odd_ones_not(paper):
    assert len(paper.references) == 50
    assert iris_are_safe(paper)
    odd = replace(paper.references[0], id="Smith 2001")
    assert not iris_are_safe(replace(paper, references=[odd, *paper.references[1:]]))
    assert not iris_are_safe(replace(paper, doc_id="doc#1"))


@pytest.mark.parametrize("where", ["memory", "disk"])
def test_a_lenient_load_stores_what_a_validating_one_does(paper, where, tmp_path):
    body = ("\n".join(ntriples(paper, ordered=False)) + "\n").encode("utf-8")
    dumps = []
    for lenient in (False, True):
        spec = "memory" if where == "memory" else f"oxigraph:{tmp_path}/s{int(lenient)}"
        store = open_store(spec)
        store.bulk_load_graph("https://example.org/g", body, lenient=lenient)
        dumps.append(sorted(store.dump(format="nq").decode("utf-8").splitlines()))
        store.close()
    assert len(dumps[0]) == body.count(b"\n") > 5000
    assert dumps[0] == dumps[1]


def test_word_counts_only_when_a_word_is_broken_at_a_line_end(monkeypatch):
    calls = []
    original = dehyphenate.word_counts
    monkeypatch.setattr(dehyphenate, "word_counts", lambda t: calls.append(t) or original(t))
    plain = "A title\n\nIntroduction\n\nCities grow. They govern and they plan.\n"
    assert [s.text for s in segment(plain).sentences] == [
        "Cities grow.",
        "They govern and they plan.",
    ]
    assert calls == []
    broken = "A title\n\nIntroduction\n\nCities gov-\nern. They self-\nmanage and self-manage.\n"
    texts = [s.text for s in segment(broken).sentences]
    assert texts == ["Cities govern.", "They self-manage and self-manage."]
    assert len(calls) == 1


def _run(wall: float, cpu: float, segment_s: float) -> dict:
    return {
        "papers": 100,
        "store": "memory",
        "workers": 1,
        "words": 800000,
        "load_before": [1.0, 1.0, 1.0],
        "ingest_s": wall,
        "papers_per_s": round(100 / wall, 1),
        "main_process_cpu_s": cpu / 10,
        "cpu_ms_per_paper": cpu,
        "stages_s": {"segment": segment_s, "rdf": 1.0},
    }


def test_compare_gives_ratios_per_run_and_stage():
    before = {
        "machine": {"cores": 2, "load_at_start": [2.0, 2.0, 2.0]},
        "chapter": {"median_s": 0.2},
        "synthetic_100_memory_sequential": _run(10.0, 100.0, 4.0),
    }
    after = {
        "machine": {"cores": 2, "load_at_start": [1.0, 1.0, 1.0], "load_at_end": [1, 1, 1]},
        "chapter": {"median_s": 0.1, "runs": 7, "citations": 38, "sentences": 130,
                    "triples": 6661},
        "synthetic_100_memory_sequential": _run(5.0, 40.0, 1.5),
    }  # fmt: skip
    ratios = compare(before, after)
    run = ratios["synthetic_100_memory_sequential"]
    assert run["wall_ratio"] == 0.5 and run["cpu_ratio"] == 0.4
    assert run["stage_ms_per_paper"]["segment"] == [40.0, 15.0]
    assert run["stage_ms_per_paper"]["rdf"] == [10.0, 10.0]
    assert ratios["chapter_s"] == [0.2, 0.1]
    after["before"] = ratios
    text = _markdown(after, 100)
    assert "| segment | 40.0 | 15.0 | 0.38 |" in text
    assert "| 100 | memory | 1 | 10.0 | 5.0 | 0.5 | 100.0 | 40.0 | 0.4 |" in text
    assert "0.2 s before, 0.1 s now (ratio 0.50)" in text


def test_the_history_of_the_results_is_kept():
    old = (
        "# Ingestion\n\ngenerated\n\n"
        f"{COMPARED} (old)\n\n| a |\n\n"
        "## Before the speed work\n\nhistory one\n\n## Where the 60 s goes\n\nhistory two\n"
    )
    kept = _kept_sections(old)
    assert kept == (
        "\n## Before the speed work\n\nhistory one\n\n## Where the 60 s goes\n\nhistory two\n"
    )


G1, G2 = "https://example.org/g1", "https://example.org/g2"
ONE = b'<http://a/s> <http://a/p> "x \\" ." .\n<http://a/s> <http://a/p> <http://a/o> .\n'
TWO = b'<http://a/t> <http://a/p> "2"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'


def _quads(store) -> list[str]:
    return sorted(store.dump(format="nq").decode("utf-8").splitlines())


@pytest.mark.parametrize("where", ["memory", "disk"])
def test_several_graphs_load_at_once_as_they_would_one_by_one(where, tmp_path):
    stores = [open_store("memory" if where == "memory" else f"oxigraph:{tmp_path}/{k}")
              for k in ("a", "b")]  # fmt: skip
    stores[0].bulk_load_graphs([(G1, ONE), (G2, TWO)])
    stores[1].bulk_load_graph(G1, ONE)
    stores[1].bulk_load_graph(G2, TWO)
    assert _quads(stores[0]) == _quads(stores[1])
    assert len(_quads(stores[0])) == 3
    assert sorted(stores[0].graphs()) == [G1, G2]
    for store in stores:
        store.close()


@pytest.mark.parametrize("where", ["memory", "disk"])
def test_bad_data_in_a_batch_leaves_the_store_as_it_was(where, tmp_path):
    store = open_store("memory" if where == "memory" else f"oxigraph:{tmp_path}/s")
    store.bulk_load_graph("https://example.org/old", TWO)
    before = _quads(store)
    with pytest.raises(RdfSyntaxError):
        store.bulk_load_graphs([(G1, ONE), (G2, b"<http://a/t> <http://a/p> .\n")])
    assert _quads(store) == before
    with pytest.raises(StoreError, match="exist"):
        store.bulk_load_graphs([(G1, ONE), ("https://example.org/old", TWO)])
    with pytest.raises(StoreError, match="repeat"):
        store.bulk_load_graphs([(G1, ONE), (G1, TWO)])
    assert _quads(store) == before
    # not every line ends " ." (a blank line, blank nodes): loaded graph by graph
    store.bulk_load_graphs([(G1, ONE + b"\n"), (G2, b"_:b <http://a/p> <http://a/o> .\n")])
    assert sorted(store.graphs()) == sorted([G1, G2, "https://example.org/old"])
    assert len(_quads(store)) == 4
    store.close()
