"""How long the document reader takes on the server: the chapter's page (and any other
ingested document's), through the real server and step by step.

The store is the one at ``--store`` (built with ``tkg build`` first if it is empty). The
API is started as ``tkg serve`` would start it, in a child process on 127.0.0.1, and asked
for each document's page (``Accept: text/html``) ``runs`` times after a warm-up; the
fastest and the median are recorded. Then, in this process, the two steps of the page:
reading the store back and laying it out (``kg.ingest.layout.laid_out``, six named
queries) and rendering the template (``api.html.reader.reader_page``), in wall time and
in CPU time (the store runs in this process, so its work counts). The load average is
recorded with them: on a shared machine wall times grow with it, CPU time much less.

``python -m bench.reader --store oxigraph:/tmp/store [--doc ID ...] [--runs 20]``; writes
``bench/results/reader.json`` and ``bench/results/reader.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ms(seconds: list[float]) -> dict[str, float]:
    return {
        "fastest_ms": round(min(seconds) * 1000, 1),
        "median_ms": round(statistics.median(seconds) * 1000, 1),
    }


def through_server(store: str, docs: list[str], runs: int) -> dict[str, dict]:
    """Each document's page through ``tkg serve`` (a child process), timed at the client."""
    port = _port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--store", store, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                httpx.get(f"{base}/robots.txt", timeout=5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.5)
        out = {}
        for doc in docs:
            url = f"{base}/documents/{doc}"
            first = httpx.get(url, headers={"accept": BROWSER}, timeout=120)  # warm-up
            first.raise_for_status()
            seconds = []
            for _ in range(runs):
                started = time.perf_counter()
                httpx.get(url, headers={"accept": BROWSER, "cache-control": "no-cache"})
                seconds.append(time.perf_counter() - started)
            out[doc] = {**_ms(seconds), "bytes": len(first.content)}
        return out
    finally:
        server.terminate()
        server.wait(timeout=30)


def in_process(store_url: str, docs: list[str], runs: int) -> dict[str, dict]:
    """Each document's two steps, timed apart in this process."""
    from api.html.reader import reader_page
    from kg.ingest.layout import laid_out
    from kg.store import open_store
    from kg.store.named import load_queries

    store, queries = open_store(store_url), load_queries()
    out = {}
    try:
        for doc in docs:
            reading, rendering, cpu = [], [], []
            for _ in range(runs + 1):
                started, cpu_started = time.perf_counter(), time.process_time()
                laid = laid_out(store, doc, queries)
                read = time.perf_counter()
                reader_page(laid, base="")
                reading.append(read - started)
                rendering.append(time.perf_counter() - read)
                cpu.append(time.process_time() - cpu_started)
            out[doc] = {
                "read and lay out": _ms(reading[1:]),
                "render": _ms(rendering[1:]),
                "cpu": _ms(cpu[1:]),
                "counts": laid["counts"],
            }
    finally:
        store.close()
    return out


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True, help="oxigraph:PATH (built if empty)")
    parser.add_argument("--doc", action="append", help="a document id (default: the chapter)")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    docs = args.doc or ["kitchin2019smart"]
    load_before = os.getloadavg()
    served = through_server(args.store, docs, args.runs)
    steps = in_process(args.store, docs, args.runs)
    result = {
        "runs": args.runs,
        "cpus": os.cpu_count(),
        "load average (1 min) before, after": [
            round(load_before[0], 1),
            round(os.getloadavg()[0], 1),
        ],
        "through the server": served,
        "in process": steps,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "reader.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# The document reader's server time",
        "",
        f"`python -m bench.reader`, {args.runs} runs after a warm-up, {os.cpu_count()} CPUs, "
        f"load average {result['load average (1 min) before, after']} (before, after).",
        "",
        "| document | through the server, fastest / median | read and lay out | render "
        "| CPU time, both steps | page |",
        "|---|---|---|---|---|---|",
    ]
    for doc in docs:
        s, p = served[doc], steps[doc]
        lines.append(
            f"| {doc} | {s['fastest_ms']} / {s['median_ms']} ms "
            f"| {p['read and lay out']['fastest_ms']} / {p['read and lay out']['median_ms']} ms "
            f"| {p['render']['fastest_ms']} / {p['render']['median_ms']} ms "
            f"| {p['cpu']['fastest_ms']} / {p['cpu']['median_ms']} ms "
            f"| {s['bytes']:,} bytes |"
        )
    (RESULTS / "reader.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
