"""Ingestion speed: the chapter, and a synthetic corpus of many papers.

- The chapter (``TKG_CORPUS_DIR``): analysis + RDF + swap into the store, no reasoning;
  median of repeated runs. Target: under 1 s.
- A synthetic corpus (``bench.synthetic``): N papers of about 8,000 words and 50
  references each, analysed in a process pool (one worker per core) and written to an
  on-disk store, one graph per paper. Target for N = 1,000: under 60 s.

Results go to ``bench/results/ingest.json`` and ``bench/results/ingest.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.synthetic import corpus
from kg import graphs
from kg.build import build
from kg.ingest.mentions import ConceptMatcher, concept_labels
from kg.ingest.pipeline import analyse, ingest, ntriples
from kg.settings import default_corpus_dir
from kg.store import open_store

RESULTS = Path(__file__).resolve().parent / "results"
CHAPTER = "kitchin2019-smart-cities-algorithmic-technocracy.txt"

_MATCHER: ConceptMatcher | None = None


def _init(labels: list[tuple[str, str]]) -> None:
    global _MATCHER
    _MATCHER = ConceptMatcher(labels)


def _work(paper) -> tuple[str, bytes, int, int, dict[str, float]]:
    """Analyse one paper and write its N-Triples (in a worker); the time of each stage."""
    timings: dict[str, float] = {}
    found = analyse(
        paper.text,
        doc_id=paper.id,
        matcher=_MATCHER,
        bib=json.dumps(paper.bibliography),
        text_name=f"{paper.id}.txt",
        timings=timings,
    )
    started = time.perf_counter()
    body = ("\n".join(ntriples(found, ordered=False)) + "\n").encode("utf-8")
    timings["rdf"] = time.perf_counter() - started
    return (
        paper.id,
        body,
        len(found.citations),
        sum(1 for r in found.resolutions if r.reference),
        timings,
    )


def chapter(runs: int = 7) -> dict:
    corpus_dir = default_corpus_dir()
    if corpus_dir is None:
        return {"skipped": "the chapter's text is not at hand"}
    store = open_store("memory")
    build(store, reason=False)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        report = ingest(store, corpus_dir / CHAPTER, bib=None, doc_id="bench-chapter")
        times.append(time.perf_counter() - started)
    return {
        "runs": runs,
        "median_s": round(statistics.median(times), 3),
        "citations": report.citations,
        "sentences": report.sentences,
        "triples": report.triples,
        "stages_s": {k: round(v, 4) for k, v in report.seconds.items()},
    }


def synthetic(papers: int, workers: int, *, spec: str = "oxigraph:{tmp}/store") -> dict:
    """Analyse ``papers`` (in a pool of ``workers`` processes, or in this one for 1) and
    bulk-load each into a new graph of its own as it comes back."""
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(spec.replace("{tmp}", tmp))
        build(store, reason=False)
        labels = concept_labels(store)
        started = time.perf_counter()
        generated = list(corpus(papers))
        generate_s = time.perf_counter() - started
        words = sum(p.words for p in generated)
        stages: dict[str, float] = {}
        citations = resolved = triples = 0
        started = time.perf_counter()
        cpu = time.process_time()
        if workers > 1:
            pool = ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(labels,))
            results = pool.map(_work, generated, chunksize=4)
        else:
            pool = None
            _init(labels)
            results = map(_work, generated)
        for doc, body, found, ok, timings in results:
            loading = time.perf_counter()
            store.bulk_load_graph(graphs.corpus(doc), body)
            timings["store"] = time.perf_counter() - loading
            for stage, seconds in timings.items():
                stages[stage] = stages.get(stage, 0.0) + seconds
            triples += body.count(b"\n")
            citations += found
            resolved += ok
        if pool is not None:
            pool.shutdown()
        ingest_s = time.perf_counter() - started
        main_cpu_s = time.process_time() - cpu
        stored = int(
            store.query("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }").rows()[0]["n"].value
        )
        store.close()
    return {
        "store": spec.split(":")[0],
        "papers": papers,
        "words": words,
        "workers": workers,
        "generate_s": round(generate_s, 2),
        "ingest_s": round(ingest_s, 2),
        "papers_per_s": round(papers / ingest_s, 1),
        "main_process_cpu_s": round(main_cpu_s, 2),
        "stages_s": {k: round(v, 2) for k, v in stages.items()},
        "citations": citations,
        "resolved": resolved,
        "triples": triples,
        "quads_in_store": stored,
    }


def main(papers: int = 1000) -> dict:
    workers = os.cpu_count() or 1
    result = {
        "chapter": chapter(),
        "synthetic_100_disk": synthetic(100, workers),
        "synthetic_100_memory": synthetic(100, workers, spec="memory"),
    }
    if papers > 100:
        result[f"synthetic_{papers}_disk"] = synthetic(papers, workers)
        result[f"synthetic_{papers}_memory"] = synthetic(papers, workers, spec="memory")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ingest.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lines = ["# Ingestion", "", "Measured in one run on this machine.", ""]
    ch = result["chapter"]
    if "median_s" in ch:
        lines.append(
            f"- The chapter: {ch['median_s']} s (median of {ch['runs']}), {ch['citations']} "
            f"citations, {ch['sentences']} sentences, {ch['triples']} triples; target 1 s "
            f"(ratio {ch['median_s'] / 1.0:.2f} of the target)."
        )
    for key, run in result.items():
        if key.startswith("synthetic"):
            lines.append(
                f"- {run['papers']} synthetic papers ({run['words']:,} words, {run['workers']} "
                f"workers, {run['store']} store): {run['ingest_s']} s, "
                f"{run['papers_per_s']} papers/s, "
                f"{run['citations']:,} citations ({run['resolved']:,} resolved), "
                f"{run['triples']:,} triples."
            )
    (RESULTS / "ingest.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=1000)
    print(json.dumps(main(parser.parse_args().papers), indent=2))
