"""Reliability under attack and under load: clients sending cheap queries while others send
runaway ones, against our endpoint over a store on disk, served from memory as ``tkg serve``
serves it.

    python -m bench.reliability [--seconds 30] [--clients 50] [--runaway 0.1]
                                [--runaway-hosts 1] [--timeout 5] [--no-spread]

Our server (``api.create_app``, uvicorn, the query workers with their defaults) runs in its
own process on 127.0.0.1 over a store of 3,000 triples on disk; with the default memory
budget its workers answer from an in-memory copy (``kg.store.executor``), and the clients
start once every worker holds it, so that a killed worker's replacement is forked over the
copy as in service. The clients run in this process, on
one event loop, each its own connection (httpx, keep-alive) sending one query after another
for ``--seconds``: a fraction ``--runaway`` of them send a query that never ends on its own
(a three-way cross join, 2.7e10 rows, stopped at ``--timeout`` s, ``TKG_QUERY_TIMEOUT``);
the others a one-row lookup of a random subject. Every client comes from its own loopback
address (127.0.0.10, .11, ...: Linux answers all of 127.0.0.0/8), so that the server sees
each as another client; except that the runaway clients come from ``--runaway-hosts``
addresses (127.0.0.2, ...): by default one, a host running that many connections; then,
unless ``--no-spread``, the run again with each runaway client from its own address.

Target (issue 21): at least 99% of cheap queries answered, their p99 under 1 s, no 500.

Results: ``bench/results/reliability.json`` (every number) and ``bench/results/reliability.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
GRAPH = "http://example.org/graph/numbers"
TRIPLES = 3000
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CHEAP = f"SELECT ?o WHERE {{ GRAPH <{GRAPH}> {{ <http://example.org/n/%d> ?p ?o }} }}"
#: the most clients this benchmark starts, and the longest it runs: it is a benchmark, not a
#: load generator
MOST_CLIENTS = 200
MOST_SECONDS = 300.0


def _load(path: Path) -> None:
    from kg.store import OxigraphStore

    store = OxigraphStore(path)
    lines = "".join(
        f'<http://example.org/n/{i}> <http://example.org/v> "{i}" .\n' for i in range(TRIPLES)
    )
    store.replace_graph(GRAPH, lines, format="nt")
    store.close()


def _serve(path: str, port: int, timeout: float) -> None:  # pragma: no cover - a child
    """The server's process: our app over the store at ``path``; ``<path>.memory`` is
    written once every worker holds the in-memory copy (or none will: then ``"disk"``)."""
    import threading

    import uvicorn

    from api import create_app
    from kg.settings import Settings
    from kg.store import OxigraphStore

    settings = Settings(store="memory", query_timeout=timeout)
    app = create_app(settings, OxigraphStore(Path(path)))

    def say_when_in_memory() -> None:
        while getattr(app.state, "executor", None) is None:
            time.sleep(0.05)
        executor = app.state.executor
        served = "memory" if executor.wait_for_memory() else "disk"
        while served == "memory" and executor.in_memory()[1] < executor.size:
            time.sleep(0.05)
        Path(path + ".memory").write_text(served, encoding="utf-8")

    threading.Thread(target=say_when_in_memory, daemon=True).start()
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(path: Path, timeout: float) -> tuple[subprocess.Popen[bytes], str, str]:
    """Start the server; return it, its URL and where it serves from (memory or disk)."""
    port = _free_port()
    ready = path.with_name(path.name + ".memory")
    command = [sys.executable, "-m", "bench.reliability", "serve", str(path), str(port)]
    process = subprocess.Popen([*command, str(timeout)], cwd=ROOT)
    url = f"http://127.0.0.1:{port}/sparql"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if (
                ready.exists()
                and httpx.get(url, params={"query": "ASK {}"}, timeout=5).status_code == 200
            ):
                return process, url, ready.read_text(encoding="utf-8")
        except httpx.TransportError:
            pass
        if process.poll() is not None:
            raise SystemExit(f"the server exited ({process.returncode})")
        time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not answer within 120 s")


async def _client(
    url: str, address: str, runaway: bool, until: float, timeout: float, log: list[Any]
) -> None:
    transport = httpx.AsyncHTTPTransport(local_address=address)
    async with httpx.AsyncClient(transport=transport, timeout=timeout + 60) as client:
        while time.monotonic() < until:
            query = RUNAWAY if runaway else CHEAP % random.randrange(TRIPLES)
            started = time.perf_counter()
            try:
                response = await client.get(url, params={"query": query})
                outcome: Any = response.status_code
                if outcome == 503:
                    outcome = f"503 {response.json().get('error')}"
            except httpx.HTTPError as exc:
                outcome = type(exc).__name__
            log.append(("runaway" if runaway else "cheap", outcome, time.perf_counter() - started))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def measure(url: str, clients: int, runaway: float, hosts: int, seconds: float, timeout: float):
    log: list[Any] = []
    count = round(clients * runaway)

    async def main() -> None:
        until = time.monotonic() + seconds
        tasks = [
            _client(url, f"127.0.0.{2 + i % hosts}", True, until, timeout, log)
            for i in range(count)
        ] + [
            _client(url, f"127.0.0.{10 + i}", False, until, timeout, log)
            for i in range(clients - count)
        ]
        await asyncio.gather(*tasks)

    started = time.monotonic()
    asyncio.run(main())
    elapsed = time.monotonic() - started
    report: dict[str, Any] = {"elapsed_s": round(elapsed, 1)}
    for kind in ("cheap", "runaway"):
        rows = [(o, s) for k, o, s in log if k == kind]
        times = [s for o, s in rows if o == 200]
        outcomes = Counter(str(o) for o, _ in rows)
        report[kind] = {
            "sent": len(rows),
            "answered": outcomes.get("200", 0),
            "answer_rate": round(outcomes.get("200", 0) / len(rows), 5) if rows else None,
            "outcomes": dict(sorted(outcomes.items())),
            "p50_ms": round(statistics.median(times) * 1000, 1) if times else None,
            "p99_ms": round(_percentile(times, 0.99) * 1000, 1) if times else None,
            "max_ms": round(max(times) * 1000, 1) if times else None,
            "all_p99_ms": round(_percentile([s for _, s in rows], 0.99) * 1000, 1),
        }
    cheap = report["cheap"]
    errors_500 = sum(n for o, n in Counter(str(o) for _, o, _ in log).items() if o == "500")
    report["target"] = {
        "answer_rate_at_least_0.99": (cheap["answer_rate"] or 0) >= 0.99,
        "p99_under_1s": cheap["all_p99_ms"] < 1000,
        "no_500": errors_500 == 0,
    }
    return report


def _markdown(result: dict[str, Any]) -> str:
    s, r = result["settings"], result["report"]
    lines = [
        "# Reliability: cheap queries among runaway ones",
        "",
        f"`python -m bench.reliability` — {s['clients']} clients for {s['seconds']:g} s, "
        f"{s['runaway_clients']} of them sending runaway queries (a three-way cross join over "
        f"{TRIPLES:,} triples, stopped at TKG_QUERY_TIMEOUT={s['timeout']:g} s); the others a "
        "one-row lookup of a random subject, each from its own loopback address. Our server "
        f"with its defaults: {s['workers']} query workers, at most {s['share']} per client, "
        "answering from "
        + " and ".join(
            "the in-memory copy (workers forked over it; the clients started once every worker "
            "held it)"
            if where == "memory"
            else "the store on disk"
            for where in dict.fromkeys(result.get("served_from", ["disk"]))
        )
        + f". One run each on {result['machine']['cpus']} CPUs ({result['machine']['platform']}"
        + (
            f"; shared with other work, load average {result['machine']['load_average'][0]} "
            f"at the start, {result['machine']['load_average'][1]} at the end"
            if result["machine"].get("load_average")
            else ""
        )
        + "), clients (one process, asyncio, httpx, keep-alive) and server on the same "
        "machine. p99 (all) counts every cheap query, answered or not.",
        "",
        "| runaway clients from | kind | sent | answered | rate | p50 ms | p99 ms (all) "
        "| max ms (answered) | outcomes |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    runs = [(s["runaway_hosts"], r)]
    if result.get("spread"):
        runs.append((result["spread"]["runaway_hosts"], result["spread"]["report"]))
    for hosts, report in runs:
        for name in ("cheap", "runaway"):
            row = report[name]
            outcomes = ", ".join(f"{k}: {v}" for k, v in row["outcomes"].items())
            lines.append(
                f"| {hosts} address(es) | {name} | {row['sent']} | {row['answered']} | "
                f"{row['answer_rate']} | {row['p50_ms']} | {row['all_p99_ms']} | "
                f"{row['max_ms']} | {outcomes} |"
            )
    lines.append("")
    for hosts, report in runs:
        met = all(report["target"].values())
        lines.append(
            f"- Target with runaways from {hosts} address(es) (at least 99% of cheap queries "
            f"answered, p99 under 1 s, no 500): {'met' if met else 'NOT met'} — "
            + ", ".join(f"{k}: {'yes' if v else 'no'}" for k, v in report["target"].items())
            + "."
        )
    lines += [
        f"- Left beside the store after the server stopped: {result['left_beside_the_store']}.",
        "",
        "How cheap queries get through (`kg.store.executor.turns`):",
        "",
        "- A client (remote address) holds at most its share of the workers "
        "(TKG_WORKERS_PER_CLIENT, half of them by default); its other queries wait their turn, "
        "and a worker that comes free goes to the waiting client that holds the fewest. So one "
        "runaway host holds half the workers, for the time limit, and cheap queries share the "
        "rest.",
        "- A client whose query was stopped at the time limit comes after all others for "
        "60 s: it gets a worker only when nobody else waits and another worker stays idle, and "
        "such clients together hold at most the share. So runaways from many addresses take "
        "every worker once, for one time limit (the 503 `server-busy` of cheap queries in "
        "that run: those that waited then), and not again.",
        "- A worker whose query has run 0.5 s is niced (10) only while other work of the pool "
        "runs or waits (then, or as soon as more work comes): short work, the server's and the "
        "other workers', gets the CPU first. A long query alone keeps its priority: on a "
        "machine busy with other programs a lowered one starved it. A worker that finishes "
        "its work gets its priority back (where allowed); one stopped at the limit is "
        "replaced by a fresh one (`kg.store.executor.pool`, `run_async`).",
        "- Waiting is not running time; a query that gets no worker within TKG_QUERY_WAIT (by "
        "default TKG_QUERY_TIMEOUT) is a 503 `server-busy` with Retry-After, not the time "
        "limit's `query-timeout` (here: the runaway hosts' extra queries).",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m bench.reliability")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--runaway", type=float, default=0.1)
    parser.add_argument("--runaway-hosts", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--no-spread", action="store_true", help="no run with spread runaways")
    parser.add_argument("--no-write", action="store_true", help="print, do not write results")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= MOST_CLIENTS or not 0 < args.seconds <= MOST_SECONDS:
        raise SystemExit(f"at most {MOST_CLIENTS} clients and {MOST_SECONDS:g} s")
    from kg.store.executor import default_workers
    from kg.store.executor.turns import default_share

    runs = [args.runaway_hosts]
    if not args.no_spread and round(args.clients * args.runaway) > args.runaway_hosts:
        runs.append(round(args.clients * args.runaway))
    reports, left, served = [], [], []
    load = round(os.getloadavg()[0], 1)
    for hosts in runs:
        with tempfile.TemporaryDirectory(prefix="tkg-reliability-") as tmp:
            path = Path(tmp) / "db"
            _load(path)
            process, url, where = _start(path, args.timeout)
            served.append(where)
            try:
                reports.append(
                    measure(url, args.clients, args.runaway, hosts, args.seconds, args.timeout)
                )
            finally:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            left += [p.name for p in Path(tmp).iterdir() if p.name not in ("db", "db.memory")]
    workers = default_workers()
    result = {
        "settings": {
            "clients": args.clients,
            "seconds": args.seconds,
            "runaway_clients": round(args.clients * args.runaway),
            "runaway_hosts": args.runaway_hosts,
            "timeout": args.timeout,
            "workers": workers,
            "share": default_share(workers),
        },
        "report": reports[0],
        "spread": {"runaway_hosts": runs[-1], "report": reports[-1]} if len(runs) > 1 else None,
        "left_beside_the_store": left,
        "served_from": served,
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average": [load, round(os.getloadavg()[0], 1)],
        },
    }
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "reliability.json").write_text(json.dumps(result, indent=2) + "\n")
        (RESULTS / "reliability.md").write_text(_markdown(result))
    return result


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        _serve(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
    else:
        print(json.dumps(main(), indent=2))
