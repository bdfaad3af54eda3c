"""The Store protocol on three backends, measured in one run on SP2Bench: the embedded
``OxigraphStore`` (on disk), and ``RemoteStore`` on Oxigraph's server and on Virtuoso.

    python -m bench.remote [--size 10000|100000|1000000] [--runs N] [--timeout S]

Load: ``store.load(file, format="nt", graph=G, bulk=True)`` — for the embedded store
pyoxigraph's bulk loader, for the servers the Graph Store Protocol in chunks of
``TKG_REMOTE_CHUNK_TRIPLES`` (the parsing into chunks, on our side, is in the time). Queries:
the 17 SP2Bench queries through ``store.query`` (so the remote figures include HTTP, the
server's JSON and pyoxigraph's parsing of it into a ``QueryResult``); one warm-up, then the
median of ``--runs``; a query over ``--timeout`` seconds is given up on and reported as such.
The servers are started by ``tests/servers.py``, as in the tests.

Results: ``bench/results/remote-SIZE.json`` and ``bench/results/remote-SIZE.md``, with every
figure as a ratio to the embedded store's in the same run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench.sparql import SP2BENCH, load_queries
from kg.errors import StoreError, StoreTimeoutError
from kg.store import OxigraphStore, Store, open_store
from kg.store.executor import ProcessExecutor
from kg.store.remote import RemoteSettings

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
GRAPH = "http://localhost/sp2bench"
BACKENDS = ("embedded", "oxigraph-server", "virtuoso")
sys.path.insert(0, str(ROOT / "tests"))


def _open(name: str, tmp: Path, stack: ExitStack, timeout: float) -> Store:
    from servers import oxigraph_server, virtuoso_server  # the tests' own fixtures

    if name == "embedded":
        return open_store(f"oxigraph:{tmp / 'embedded'}")
    if name == "oxigraph-server":
        url = stack.enter_context(oxigraph_server(tmp / name, timeout_s=int(timeout)))
    else:  # Virtuoso's guide: 170,000 buffers for 2 GiB; Oxigraph uses the page cache freely
        url = stack.enter_context(
            virtuoso_server(tmp / name, buffers=170_000, max_query_s=int(timeout))
        )
    return open_store(url, remote=RemoteSettings(timeout=timeout, retries=1))


def _size_of(store: Store, text: str) -> int | bool:
    """The size of a query's answer, read in full (in a query worker for the embedded
    store, so that a query over the time limit is stopped there)."""
    return _size(store.query(text))


def _size(answer: Any) -> int | bool:
    if answer.kind == "ask":
        return answer.boolean
    return len(answer.rows() if answer.kind == "select" else answer.triples())


def measure(store: Store, queries: dict[str, str], *, runs: int, timeout: float) -> dict:
    """Each query once as a warm-up, then ``runs`` times (once for a query over 5 s); a
    query near or over ``timeout`` is stopped and reported as such: by killing its worker
    for the embedded store, by the server's own limit and the client's for the others
    (Virtuoso answers what it has found by then, so its time is the test)."""
    pool = None
    if isinstance(store, OxigraphStore):  # queried as `tkg serve` queries it
        pool = ProcessExecutor(store, workers=1, allocator="jemalloc")

    def size(text: str) -> int | bool:
        if pool is not None:
            return pool.run(_size_of, text, timeout=timeout)
        return _size_of(store, text)

    cells: dict[str, dict] = {}
    try:
        for name, text in queries.items():
            started = time.perf_counter()
            try:
                rows = size(text)
                first = time.perf_counter() - started
                if first >= 0.95 * timeout:
                    cells[name] = {"status": "timeout", "seconds": first, "rows": rows}
                    continue
                times = []
                for _ in range(runs if first < 5 else 1):
                    started = time.perf_counter()
                    size(text)  # rows read in full: pyoxigraph's are lazy
                    times.append(time.perf_counter() - started)
                cells[name] = {"status": "ok", "median_s": statistics.median(times), "rows": rows}
            except StoreTimeoutError:
                cells[name] = {"status": "timeout", "seconds": time.perf_counter() - started}
            except StoreError as exc:
                over = time.perf_counter() - started >= 0.95 * timeout
                cells[name] = {"status": "timeout" if over else "error", "detail": str(exc)[:200]}
            print(f"  {name}: {cells[name]}", file=sys.stderr, flush=True)
    finally:
        if pool is not None:
            pool.close()
    return cells


def run(size: int, *, runs: int, timeout: float) -> dict:
    source = SP2BENCH / "data" / f"sp2b-{size}.nt.gz"
    queries = load_queries()
    result: dict[str, Any] = {
        "size": size,
        "runs": runs,
        "timeout_s": timeout,
        "machine": {"cpus": __import__("os").cpu_count(), "python": platform.python_version()},
        "load_s": {},
        "queries": {},
    }
    with tempfile.TemporaryDirectory(prefix="tkg-bench-remote-") as name, ExitStack() as stack:
        tmp = Path(name)
        nt_file = tmp / "data.nt"
        nt_file.write_bytes(gzip.decompress(source.read_bytes()))
        for backend in BACKENDS:
            print(f"{backend}: loading {size} triples", file=sys.stderr, flush=True)
            store = _open(backend, tmp, stack, timeout)
            started = time.perf_counter()
            count = store.load(nt_file, format="nt", graph=GRAPH, bulk=True)
            result["load_s"][backend] = time.perf_counter() - started
            result["triples"] = count
            result["queries"][backend] = measure(store, queries, runs=runs, timeout=timeout)
            store.close()
    return result


def _ratio(value: float | None, base: float | None) -> str:
    return f"{value / base:.2f}x" if value and base else "–"


def report(result: dict) -> str:
    load = result["load_s"]
    emb = result["queries"]["embedded"]
    lines = [
        f"# RemoteStore on SP2Bench {result['size']:,} triples",
        "",
        "Measured in one run by `python -m bench.remote --size "
        f"{result['size']}` on {result['machine']['cpus']} shared CPUs: the embedded "
        "OxigraphStore (on disk) against RemoteStore on Oxigraph's server and on Virtuoso "
        "(Debian's 7.2.5), each started by `tests/servers.py`. Ratios are to the embedded "
        "store (>1 is slower).",
        "",
        "| | embedded s | Oxigraph server s (x) | Virtuoso s (x) |",
        "|---|---|---|---|",
        f"| load ({result['triples']:,} triples, bulk) | {load['embedded']:.2f} | "
        f"{load['oxigraph-server']:.2f} ({_ratio(load['oxigraph-server'], load['embedded'])}) | "
        f"{load['virtuoso']:.2f} ({_ratio(load['virtuoso'], load['embedded'])}) |",
        "",
        "| query | rows (emb / oxi / virt) | embedded ms | Oxigraph server ms (x) | "
        "Virtuoso ms (x) |",
        "|---|---|---|---|---|",
    ]
    ratios: dict[str, list[float]] = {"oxigraph-server": [], "virtuoso": []}
    for name, cell in emb.items():
        base = cell.get("median_s")
        parts, rows = [], [str(cell.get("rows", "–"))]
        for backend in ("oxigraph-server", "virtuoso"):
            other = result["queries"][backend][name]
            rows.append(str(other.get("rows", "–")))
            value = other.get("median_s")
            if other["status"] != "ok":
                parts.append(other["status"])
                continue
            parts.append(f"{value * 1000:.1f} ({_ratio(value, base)})")
            if base:
                ratios[backend].append(value / base)
        shown = f"{base * 1000:.1f}" if base else cell["status"]
        lines.append(f"| {name} | {' / '.join(rows)} | {shown} | {parts[0]} | {parts[1]} |")
    lines += ["", "Geometric mean of the query ratios (queries all three answered):", ""]
    for backend, values in ratios.items():
        if values:
            gmean = statistics.geometric_mean(values)
            lines.append(f"- {backend}: {gmean:.2f}x the embedded store ({len(values)} queries)")
    result["gmean"] = {b: statistics.geometric_mean(v) if v else None for b, v in ratios.items()}
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, choices=(10_000, 100_000, 1_000_000))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    result = run(args.size, runs=args.runs, timeout=args.timeout)
    text = report(result)
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"remote-{args.size}"
    stem.with_suffix(".md").write_text(text, encoding="utf-8")
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
