"""How long the main pages take the server: home, lists, the reader, a work, a concept,
the argument explorer, a literature map's viewer, a named query's results, the SPARQL
editor and search. Target: under 300 ms server time each on the chapter.

The chapter is built into a store in memory (HermiT's inferences too); with
``--papers N``, N synthetic papers of :mod:`bench.synthetic` (about 8,000 words and 50
references each) are analysed and loaded beside it, and the pages are measured again. The
API is served by uvicorn on 127.0.0.1 in a thread of this process and asked for each page
as a browser asks (``Accept: text/html``, no ``If-None-Match``: every answer is computed),
``runs`` times after a warm-up. Recorded per page: the median and slowest wall-clock time
of the answer, and the median CPU time this process spent on it (the server's thread and
the client's; no query workers over a store in memory), with the machine's load average.

Writes ``bench/results/pages.json`` and ``bench/results/pages.md``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import socket
import statistics
import threading
import time
from pathlib import Path

import httpx
import uvicorn

RESULTS = Path(__file__).resolve().parent / "results"
DOC = "/documents/kitchin2019smart"
MAP = "/argmaps/kitchin2019smart"
TOWNSEND = "https%3A%2F%2Fw3id.org%2Ftechnocracy%2Fid%2Fwork%2Ftownsend2013smart"
TARGET_MS = 300
PAGES = {
    "home": "/",
    "documents": "/documents",
    "reader": DOC,
    "reference list": f"{DOC}/references",
    "works": "/works",
    "work": "/works/townsend2013smart",
    "concepts": "/concepts",
    "concept": "/concepts/Smartmentality",
    "ontology": "/ontology",
    "argument explorer": MAP,
    "works by concept": f"{MAP}/concepts?concept=HumanOffTheLoopSystem",
    "literature maps": "/litmaps",
    "co-citation viewer": "/litmaps/cocitation?format=html",
    "queries": "/queries",
    "named query (work-citations)": f"/queries/work-citations?format=html&work={TOWNSEND}",
    "SPARQL editor": "/sparql",
    "search": "/search?q=smartmentality&format=html",
}


def _warm(client: httpx.Client, url: str) -> None:
    """One request before measuring; a 503 (the search index still being built when the
    server has just started) is asked again, for up to five minutes."""
    deadline = time.monotonic() + 300
    while (response := client.get(url)).status_code == 503 and time.monotonic() < deadline:
        time.sleep(1)
    response.raise_for_status()


def measure(base: str, runs: int, pages: dict[str, str]) -> dict[str, dict[str, float]]:
    out = {}
    with httpx.Client(timeout=300, headers={"accept": "text/html"}) as client:
        # first the search index, built in the background when the server starts: until it
        # is ready it takes the interpreter's time from every page
        if "search" in pages:
            started = time.perf_counter()
            _warm(client, base + pages["search"])
            print(f"search ready after {time.perf_counter() - started:.0f} s", flush=True)
        for name, path in pages.items():
            try:
                _warm(client, base + path)
            except httpx.HTTPError as exc:
                out[name] = {"error": f"{type(exc).__name__} on the first request"}
                continue
            wall, cpu = [], []
            for _ in range(runs):
                started, used = time.perf_counter(), time.process_time()
                client.get(base + path).raise_for_status()
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - used) * 1000)
            print(name, round(statistics.median(wall)), "ms", flush=True)
            out[name] = {
                "median_ms": round(statistics.median(wall), 1),
                "max_ms": round(max(wall), 1),
                "cpu_ms": round(statistics.median(cpu), 1),
            }
    return out


def add_papers(store, papers: int) -> dict:
    """Analyse ``papers`` synthetic papers in this process and load each into its graph."""
    from bench import ingest as bench_ingest
    from bench.synthetic import corpus
    from kg.ingest.mentions import concept_labels
    from kg.rdf import graphs

    started = time.perf_counter()
    bench_ingest._init(concept_labels(store))
    try:
        for paper in corpus(papers):
            doc, body, *_, safe = bench_ingest._work(paper)
            store.bulk_load_graphs([(graphs.corpus(doc), body)], lenient=safe)
    finally:
        gc.enable()
    return {"papers": papers, "load_s": round(time.perf_counter() - started, 1)}


def _serve(store) -> tuple[str, uvicorn.Server, threading.Thread]:
    """The API over ``store`` on 127.0.0.1 in a thread; ten minutes a query, so that the
    search index, made on the first search, is made once (not again after a 503)."""
    from api import create_app
    from kg.settings import Settings

    settings = Settings(store="memory", update_token=None, query_timeout=600)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(
        create_app(settings, store), lifespan="on", ws="none", log_config=None, access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{sock.getsockname()[1]}", server, thread


def run(runs: int, papers: int = 0) -> dict:
    from kg.build import build
    from kg.store import OxigraphStore

    store = OxigraphStore()
    build(store, reason=True)
    added = add_papers(store, papers) if papers else {"papers": 0}
    base, server, thread = _serve(store)
    try:
        shown = dict(PAGES)
        if papers:
            # the first search indexes every sentence: over 5 minutes for 100 papers here
            del shown["search"]
            shown["reader (synthetic paper0)"] = "/documents/paper0"
        pages = measure(base, runs, shown)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()
    return {
        **added,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "pages": pages,
        "over_target": [n for n, t in pages.items() if t.get("median_ms", 1e9) > TARGET_MS],
    }


def _markdown(result: dict) -> str:
    parts = [
        "# The main pages' server time\n\n"
        f"`python -m bench.pages`: {result['runs']} requests per page after a warm-up, "
        "`Accept: text/html`, to uvicorn on 127.0.0.1 in a thread of the measuring process "
        "(store in memory, the chapter built with HermiT's inferences); wall-clock median "
        "and slowest, and the median CPU time of the process per request (server and "
        f"client). Target: under {TARGET_MS} ms per page on the chapter. "
        f"{result['cpus']} CPUs, Python {result['python']}; the machine was busy "
        "(load averages below), so wall-clock times are slower than on an idle one.\n"
    ]
    for run in result["stores"]:
        what = (
            "the chapter"
            if not run["papers"]
            else f"the chapter and {run['papers']} synthetic papers (loaded in {run['load_s']} s)"
        )
        if run["papers"]:
            what += (
                "\n\nSearch is left out: its first request indexes every sentence of the "
                "store, which took over 300 s (the client's timeout) for 100 papers on this "
                "machine. The reader of a synthetic paper (about 8,000 words, 50 references) "
                "is added."
            )
        rows = [
            f"| {name} | {t['median_ms']} | {t['max_ms']} | {t['cpu_ms']} |"
            if "error" not in t
            else f"| {name} | {t['error']} | | |"
            for name, t in run["pages"].items()
        ]
        over = ", ".join(run["over_target"]) or "none"
        parts.append(
            f"\n## On {what}\n\nLoad average {run['load_average']}. Over {TARGET_MS} ms "
            f"(median): {over}.\n\n"
            "| page | median ms | slowest ms | CPU ms (median) |\n|---|---|---|---|\n"
            + "\n".join(rows)
            + "\n"
        )
    return "".join(parts)


def main(runs: int = 7, papers: list[int] | None = None) -> dict:
    result = {
        "runs": runs,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "stores": [run(runs, n) for n in [0, *(papers or [])]],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "pages.json").write_text(json.dumps(result, indent=1) + "\n")
    (RESULTS / "pages.md").write_text(_markdown(result))
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--papers", type=int, nargs="*", help="also with N synthetic papers")
    options = parser.parse_args()
    print(json.dumps(main(options.runs, options.papers), indent=1))
