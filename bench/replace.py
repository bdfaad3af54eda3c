"""What ``tkg load`` costs when it replaces a graph, against a load into a new graph.

Each measurement is a child process that opens an on-disk store and calls
``OxigraphStore.load(file, format="nt", graph=G, replace=True)`` (what ``tkg load`` does),
reporting the seconds and its peak resident memory (``VmHWM``: ``ru_maxrss`` would also
count the parent's memory at the fork, which holds the generated data). The store was
prepared by another child: without ``G`` (a new graph), or with ``G`` already holding a
graph of the same size; with a size ``N:R``, beside ``R`` triples of another graph (a small
graph in a large store: copied from one store prepared once per size). The replacing data
is the same as the old graph, a tenth of it changed, or all of it different.
``--before DIR`` also runs the children on another tree of the code (the one before the
change), for the before/after figures in one run; ``--rounds R`` measures each case R
times, the cases and the trees in turns, and reports medians.

Writes ``bench/results/replace.json`` and ``bench/results/replace.md``.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
GRAPH = "http://bench.example/graph"
REST = "http://bench.example/rest"
CASES = ("new", "same", "changed", "other")


def triples(n: int, *, variant: str) -> bytes:
    """``n`` N-Triples lines, 8 per resource. ``changed`` alters the literals of every
    tenth resource; ``other`` names other resources altogether."""
    ns = "http://bench.example/other/" if variant == "other" else "http://bench.example/id/"
    lines = []
    for i in range(n):
        r, k = divmod(i, 8)
        s = f"<{ns}r{r}>"
        tag = "v2" if variant == "changed" and r % 10 == 0 else "v1"
        if k == 0:
            lines.append(f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{ns}C{r % 50}> .")
        elif k < 5:
            lines.append(f'{s} <http://bench.example/p{k}> "{tag} value {i} of {r}"@en .')
        else:
            lines.append(f"{s} <http://bench.example/q{k}> <{ns}r{(r * 7 + k) % (n // 8 + 1)}> .")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _child(args: list[str], code: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(code)}
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def rest_triples(n: int) -> bytes:
    """``n`` triples about resources of their own, for the graph beside ``G``."""
    return triples(n, variant="other").replace(b"/other/", b"/rest/")


def measure(n: int, case: str, code: Path, tmp: Path, data: Path, rest: Path | None) -> dict:
    store = tmp / f"store-{case}"
    shutil.rmtree(store, ignore_errors=True)
    if rest is not None:
        shutil.copytree(rest, store)
    _child(["prepare", str(store), str(n), case], code)
    result = _child(["load", str(store), str(data)], code)
    shutil.rmtree(store, ignore_errors=True)
    return {"triples": n, "case": case, **result}


def _rest_store(tmp: Path, size: int) -> Path | None:
    """A store holding ``size`` triples in the graph ``REST``, made once, copied for each
    measurement (the copy is not measured)."""
    if not size:
        return None
    path = tmp / f"rest-{size}"
    if not path.exists():
        store = ox.Store(str(path))
        store.bulk_load(rest_triples(size), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(REST))
        store.flush()
        del store
    return path


def main(
    sizes: tuple[tuple[int, int], ...] = ((200_000, 0), (500_000, 0)),
    before: Path | None = None,
    rounds: int = 1,
) -> dict:
    """Measure each ``(triples of G, triples beside it)`` of ``sizes``."""
    trees = {"after": ROOT} | ({"before": before} if before else {})
    runs: list[dict] = []
    variants = {"new": "same", "same": "same", "changed": "changed", "other": "other"}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for n, rest in sizes:
            beside = _rest_store(tmp, rest)
            files = {v: tmp / f"data-{n}-{v}.nt" for v in set(variants.values())}
            for variant, path in files.items():
                path.write_bytes(triples(n, variant=variant))
            for r in range(rounds):  # the cases, and the trees, in turns
                for case in CASES if r % 2 == 0 else CASES[::-1]:
                    for label, code in trees.items() if r % 2 == 0 else list(trees.items())[::-1]:
                        row = measure(n, case, code, tmp, files[variants[case]], beside)
                        runs.append({"code": label, "round": r, "rest": rest, **row})
                        print(json.dumps(runs[-1]), file=sys.stderr, flush=True)
    rows = []
    for label in trees:
        for n, rest in sizes:
            for case in CASES:
                key = (label, n, rest, case)
                mine = [x for x in runs if (x["code"], x["triples"], x["rest"], x["case"]) == key]
                rows.append(
                    {
                        "code": label,
                        "triples": n,
                        "rest": rest,
                        "case": case,
                        "seconds": statistics.median(x["seconds"] for x in mine),
                        "cpu_seconds": statistics.median(x.get("cpu_seconds", 0) for x in mine),
                        "peak_mb": statistics.median(x["peak_mb"] for x in mine),
                        "rounds": len(mine),
                        "graph_size": mine[0]["graph_size"],
                    }
                )
    measured = time.strftime("%Y-%m-%d", time.gmtime())
    for row in rows:
        row["measured"] = measured
    result = {
        "machine": f"{platform.machine()} {platform.python_version()}, pyoxigraph {ox.__version__}",
        "note": "a 2-core machine shared with other jobs while measuring; medians of the "
        "rounds, the cases and the trees measured in turns",
        "rows": rows,
        "runs": runs,
    }
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "replace.json"
    earlier = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    result = merged(result, earlier)
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "replace.md").write_text(_table(result), encoding="utf-8")
    return result


def merged(result: dict, earlier: dict | None) -> dict:
    """``result`` with the rows and runs of ``earlier`` (the results it replaces) whose
    sizes it did not measure, so that the file keeps every size measured, each from the run
    that measured it (``measured``: its date, or ``earlier`` where it was not noted)."""
    if not earlier:
        return result
    done = {(r["triples"], r.get("rest", 0)) for r in result["rows"]}
    kept = [
        {"rest": 0, "measured": "earlier", **r}
        for r in earlier.get("rows", [])
        if (r["triples"], r.get("rest", 0)) not in done
    ]
    runs = [
        {"rest": 0, **r}
        for r in earlier.get("runs", [])
        if (r["triples"], r.get("rest", 0)) not in done
    ]
    return {**result, "rows": kept + result["rows"], "runs": runs + result["runs"]}


def _table(result: dict) -> str:
    rows = result["rows"]
    lines = [
        "# tkg load: replacing a graph against loading a new one",
        "",
        f"One run on one machine ({result['machine']}); {result['note']}. Each figure is",
        "a child process: `OxigraphStore.load(file, graph=G, replace=True)` on an on-disk store,",
        "seconds (wall, and CPU of all its threads: steadier on a shared machine) and peak",
        "resident memory. `rest`: the triples of another graph beside G in the store. `new`: G",
        "did not exist; `same`: G held the same triples; `changed`: a tenth of its resources",
        "had other literals; `other`: G held as many triples about other resources. Ratios",
        "are to `new` of the same code and sizes. Rows of sizes a run did not measure are",
        "kept from the run that did (`measured`: its date).",
        "",
        "| code | triples | rest | case | rounds | seconds | CPU s | peak MB | time ratio "
        "| CPU ratio | memory ratio | measured |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        base = next(
            r
            for r in rows
            if (r["code"], r["triples"], r["rest"], r["case"])
            == (row["code"], row["triples"], row["rest"], "new")
        )
        lines.append(
            f"| {row['code']} | {row['triples']:,} | {row['rest']:,} | {row['case']} "
            f"| {row['rounds']} | {row['seconds']:.1f} | {row['cpu_seconds']:.1f} "
            f"| {row['peak_mb']:.0f} | {row['seconds'] / base['seconds']:.2f}x "
            f"| {row['cpu_seconds'] / max(base['cpu_seconds'], 0.01):.2f}x "
            f"| {row['peak_mb'] / base['peak_mb']:.2f}x | {row['measured']} |"
        )
    return "\n".join(lines) + "\n"


def _prepare(path: str, n: int, case: str) -> dict:  # pragma: no cover - in a child
    store = ox.Store(path)
    if case == "new":
        e = "http://bench.example/"
        store.add(
            ox.Quad(
                ox.NamedNode(e + "x"),
                ox.NamedNode(e + "p"),
                ox.Literal("other"),
                ox.NamedNode(e + "g"),
            )
        )
    else:
        data = triples(n, variant="same")
        store.bulk_load(data, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH))
    store.flush()
    return {}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread of the process
    return usage.ru_utime + usage.ru_stime


def _peak_mb() -> float:
    """The peak resident memory of this process image, in MB: ``VmHWM`` (reset by exec),
    else ``ru_maxrss``."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load(path: str, data: str) -> dict:  # pragma: no cover - in a child
    from kg.store import OxigraphStore

    store = OxigraphStore(path)
    started, used = time.perf_counter(), _cpu()
    count = store.load(Path(data), format="nt", graph=GRAPH, replace=True)
    seconds, cpu = time.perf_counter() - started, _cpu() - used
    peak = _peak_mb()
    counted = store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")
    term = next(iter(counted.rows()))["n"]
    size = int(term.value) if term is not None else 0
    store.close()
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_mb": round(peak, 1),
        "read": count,
        "graph_size": size,
    }


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "prepare":
        print(json.dumps(_prepare(sys.argv[2], int(sys.argv[3]), sys.argv[4])))
    elif len(sys.argv) > 1 and sys.argv[1] == "load":
        print(json.dumps(_load(sys.argv[2], sys.argv[3])))
    else:
        args = sys.argv[1:]
        before = Path(args[args.index("--before") + 1]) if "--before" in args else None
        rounds = int(args[args.index("--rounds") + 1]) if "--rounds" in args else 1
        # each size is N (triples of G) or N:R (and R triples of another graph beside it)
        picked = [a for i, a in enumerate(args) if a[:1].isdigit() and args[i - 1] != "--rounds"]
        sizes = tuple(
            (int(a.partition(":")[0]), int(a.partition(":")[2] or 0)) for a in picked
        ) or ((200_000, 0), (500_000, 0))
        print(json.dumps(main(sizes, before, rounds)["rows"], indent=2))
