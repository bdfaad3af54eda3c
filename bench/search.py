"""The full-text index on the chapter, and on 100 and 1,000 synthetic papers beside it.

For each size, in a store on disk: ``tkg build --no-reason``, then the papers of
:mod:`bench.synthetic` (about 8,000 words and 50 references each, written as text files)
ingested by ``tkg ingest DIR --workers 2``, which indexes the graphs it wrote (timed as a
whole: the command's wall clock). Then, in this process:

- the index built from nothing, as ``tkg serve`` builds it in its keeper thread when the
  file is missing (the stale check, one fingerprint query, then batches of 100 graphs);
- the stale check alone, when nothing changed (what ``tkg serve`` does at start);
- one more paper ingested and its graph indexed (what ``tkg ingest`` adds to an ingest);
- searches through ``/search`` (JSON) of the app served by uvicorn on 127.0.0.1 in a thread
  of this process, the index current: the median wall clock of ``RUNS`` answers after a
  warm-up, per query (on localhost, the server's time).

The machine's two cores are shared: its load average is noted. ``python -m bench.search
[SIZES...]`` (default ``0 100 100x10``: the 1,000 papers are 100 analysed and replicated
ten times, :func:`replicate`) writes ``bench/results/search.json`` and ``.md``.
"""

from __future__ import annotations

import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn

from api import create_app
from bench.synthetic import corpus
from kg.cli.search import keep_in_step
from kg.ingest.pipeline import ingest
from kg.rdf import graphs
from kg.search import SearchIndex, index_path
from kg.settings import Settings
from kg.store import open_store

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = RESULTS.parent.parent
RUNS = 15
#: a label, a phrase of the chapter, a concept the papers name, a frequent word, and two
#: syllable-words of the synthetic papers (one frequent, one rare)
QUERIES = ["smartmentality", "urban technocrats", "smart city", "algorithmic", "kalo", "quiros"]


def _tkg(*args: str) -> float:
    """Run ``tkg ARGS`` in a new interpreter; its wall clock in seconds."""
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "api.cli", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return round(time.perf_counter() - started, 2)


@contextmanager
def _served(app) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join()


def _median_ms(url: str, q: str) -> float:
    with httpx.Client(timeout=600) as client:
        while client.get(f"{url}/search", params={"q": q}).json()["building"]:
            time.sleep(0.5)  # the keeper's check at start; then a warm-up
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            answer = client.get(f"{url}/search", params={"q": q, "limit": 20})
            times.append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200 and answer.json()["building"] is None
    return round(statistics.median(times), 1)


def replicate(store, folder: Path, copies: int) -> int:
    """Each ingested paper's graph copied ``copies`` times under new ids (``paper7`` becomes
    ``paper7x1``, ...; blank nodes renamed too), its text file copied beside it under the
    name the copy records: a corpus ``copies + 1`` times as large, made in minutes where
    analysing it takes an hour on a busy machine. The paper graphs' quads; written a copy
    (all papers) at a time."""
    papers = [g for g in store.graphs() if re.search(r"/corpus/paper\d+$", g)]
    dumps = [store.dump(format="nq", graph=g) for g in papers]
    # the graph named in every quad: dump each paper graph as N-Quads
    written = 0
    for k in range(1, copies + 1):
        renamed = [
            re.sub(rb"(paper\d+)", rb"\1x%d" % k, re.sub(rb"_:(\w+)", rb"_:\1x%d" % k, d))
            for d in dumps
        ]
        written += store.load(b"".join(renamed), format="nq", bulk=True)
        for text in list(folder.glob("paper*.txt")):
            if "x" not in text.stem:
                (folder / f"{text.stem}x{k}.txt").write_bytes(text.read_bytes())
    return written


def measure(papers: int, copies: int = 0) -> dict:
    """Build, ingest ``papers`` (and replicate them ``copies`` times), index, search; the
    figures."""
    with tempfile.TemporaryDirectory(prefix="tkg-bench-search-") as tmp:
        folder, spec = Path(tmp) / "papers", f"oxigraph:{tmp}/store"
        folder.mkdir()
        extra = Path(tmp) / "extra.txt"
        for paper in corpus(papers + 1):
            target = folder / f"{paper.id}.txt" if len(list(folder.iterdir())) < papers else extra
            target.write_text(paper.text, encoding="utf-8")
        result: dict = {"papers": papers, "load_at_start": round(os.getloadavg()[0], 1)}
        result["tkg_build_s"] = _tkg("build", "--no-reason", "--store", spec)
        if papers:
            result["tkg_ingest_s"] = _tkg("ingest", str(folder), "--workers", "2", "--store", spec)
        if copies:
            store = open_store(spec)
            started = time.perf_counter()
            result["replicated_quads"] = replicate(store, folder, copies)
            result["replicate_s"] = round(time.perf_counter() - started, 2)
            result["papers"] = papers * (copies + 1)
            result["ingested_papers"] = papers
            store.close()
        result.update(index_and_search(folder, spec, extra))
        result["load_at_end"] = round(os.getloadavg()[0], 1)
    return result


def index_and_search(folder: Path, spec: str, extra: Path) -> dict:
    """The index of the store ``spec`` built from nothing, checked, updated after one more
    paper (``extra``), and searched; ``folder`` holds the papers' texts."""
    result: dict = {}
    path = index_path(spec)
    assert path is not None
    for leftover in path.parent.glob(path.name + "*"):  # the file, its WAL, its lock
        leftover.unlink()
    # the copies' texts, by name; two query workers (each a snapshot of the store to start)
    settings = Settings(store=spec, corpus_dir=folder, query_workers=2)
    store = open_store(spec)
    try:
        index = SearchIndex(path)
        started = time.perf_counter()
        redone = index.sync(store)
        result["index_build_s"] = round(time.perf_counter() - started, 2)
        result["graphs"] = len(redone)
        result["entries"] = index.size()
        started = time.perf_counter()
        assert index.stale(store) == []
        result["stale_check_s"] = round(time.perf_counter() - started, 2)
        index.close()
        report = ingest(store, extra, doc_id="extra")
        started = time.perf_counter()
        keep_in_step(settings, store, texts=[("extra", extra)], graphs=[report.graph])
        result["one_paper_update_s"] = round(time.perf_counter() - started, 2)
        assert report.graph == graphs.corpus("extra")
        print(json.dumps(result), file=sys.stderr, flush=True)  # kept if serving fails
        app = create_app(settings, store)
        with _served(app) as url:
            result["search_ms"] = {q: _median_ms(url, q) for q in QUERIES}
            result["hits"] = {
                q: httpx.get(f"{url}/search", params={"q": q}, timeout=600).json()["total"]
                for q in QUERIES
            }
    finally:
        store.close()
    result["index_file_mb"] = round(path.stat().st_size / 1e6, 1) if path.exists() else None
    return result


def markdown(results: list[dict]) -> str:
    """The figures as a table, a column per size."""
    for r in results:
        r.setdefault("ingested_papers", r["papers"])
    head = " | ".join(f"{r['papers']:,} papers" if r["papers"] else "chapter" for r in results)
    lines = [
        "# Full-text search (SQLite FTS5): index build and search time",
        "",
        "The chapter built (no reasoning) in a store on disk, then synthetic papers (about "
        "8,000 words, 50 references each) ingested by `tkg ingest DIR --workers 2`; "
        "`python -m bench.search`. Shared two-core machine: load average "
        + ", ".join(f"{r['load_at_start']}–{r['load_at_end']}" for r in results)
        + ". Searches: the median of "
        f"{RUNS} answers of `/search?q=…&limit=20` (JSON) by uvicorn on 127.0.0.1, after a "
        "warm-up, the index current.",
        "",
        f"| what | {head} |",
        "|---|" + "---|" * len(results),
    ]

    def row(label: str, key: str, unit: str = "") -> None:
        cells = " | ".join(
            f"{r[key]:,}{unit}"
            if isinstance(r.get(key), int)
            else f"{r[key]}{unit}"
            if key in r
            else "-"
            for r in results
        )
        lines.append(f"| {label} | {cells} |")

    row("graphs with text", "graphs")
    row("texts indexed", "entries")
    row("`tkg build --no-reason` (indexes its graphs)", "tkg_build_s", " s")
    row("papers analysed by `tkg ingest` (the rest: copies of them)", "ingested_papers")
    row("`tkg ingest DIR --workers 2` (indexes the papers' graphs)", "tkg_ingest_s", " s")
    row("papers' graphs copied (quads written)", "replicated_quads")
    row("index built from nothing (as at serve start, no file)", "index_build_s", " s")
    row("stale check at serve start, nothing changed", "stale_check_s", " s")
    row("one more paper ingested: its graph indexed", "one_paper_update_s", " s")
    row("index file", "index_file_mb", " MB")
    for q in QUERIES:
        cells = " | ".join(f"{r['search_ms'][q]} ms ({r['hits'][q]:,} hits)" for r in results)
        lines.append(f"| search `{q}` | {cells} |")
    return "\n".join(lines) + "\n"


def main(sizes: list[str]) -> list[dict]:
    """Measure each size (``N`` papers ingested, or ``NxK``: N ingested and the whole
    replicated to K times as many) and write ``bench/results/search.json`` and ``.md``,
    keeping the figures there of the sizes not measured this time."""
    path = RESULTS / "search.json"
    old = json.loads(path.read_text()) if path.is_file() else []
    results = {r["papers"]: r for r in (old if isinstance(old, list) else [])}
    for size in sizes:
        papers, _, times = size.partition("x")
        print(f"{size} papers ...", file=sys.stderr, flush=True)
        result = measure(int(papers), int(times or 1) - 1)
        results[result["papers"]] = result
        print(json.dumps(result), file=sys.stderr, flush=True)
    ordered = [results[k] for k in sorted(results)]
    RESULTS.mkdir(exist_ok=True)
    path.write_text(json.dumps(ordered, indent=2) + "\n")
    (RESULTS / "search.md").write_text(markdown(ordered))
    return ordered


if __name__ == "__main__":
    main(sys.argv[1:] or ["0", "100", "100x10"])
