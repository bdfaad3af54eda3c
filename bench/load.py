"""``tkg load`` against ``oxigraph load``: a file of triples into a new graph of an on-disk
store, time and peak memory, the two measured in turns in one run.

Each measurement is one process, timed from its start to its exit (so ``tkg``'s Python
start-up counts), its peak resident memory from ``wait4`` (the process and any children it
waited for). The contenders, each into a fresh store directory:

- ``oxigraph``: ``oxigraph load --location DIR --file F --graph G`` (Oxigraph's own CLI,
  installed beside the Python of this environment);
- ``tkg``: ``python -m api.cli load F --graph G --store oxigraph:DIR``, this tree;
- ``before`` (with ``--before TREE``): the same command on another tree of the code.

The rounds interleave the contenders (A, B, A, B, ...); the figures are medians, the ratios
against ``oxigraph`` of the same run. The input is SP2Bench's 1,000,005 triples, read from
``--data`` (gzip is unpacked to a temporary file first, outside the timing).

Writes ``bench/results/load.json`` and ``bench/results/load.md``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
GRAPH = "http://bench.example/graph/sp2b"
DATA = Path("/work/shared/peer-tests/sp2bench/data/sp2b-1000000.nt.gz")


def oxigraph_cli() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else "oxigraph"


def command(contender: str, data: Path, store: Path) -> list[str]:
    if contender == "oxigraph":
        where = ["--location", str(store), "--file", str(data), "--graph", GRAPH]
        return [oxigraph_cli(), "load", *where]
    where = [str(data), "--graph", GRAPH, "--store", f"oxigraph:{store}"]
    return [sys.executable, "-m", "api.cli", "load", *where]


def measure(cmd: list[str], code: Path | None) -> dict:
    """One process: wall seconds, peak RSS (MB), exit code."""
    env = {**os.environ, **({"PYTHONPATH": str(code)} if code else {})}
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=code)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        tail = out.read().decode(errors="replace").strip().splitlines()[-1:]
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_mb": round(usage.ru_maxrss / 1024, 1),
        "exit": os.waitstatus_to_exitcode(status),
        "said": tail[0][:200] if tail else "",
    }


def run(data: Path, rounds: int, before: Path | None) -> dict:
    trees: dict[str, Path] = {"tkg": ROOT} | ({"before": before} if before else {})
    contenders = ["oxigraph", *trees]
    runs: dict[str, list[dict]] = {c: [] for c in contenders}
    with tempfile.TemporaryDirectory(prefix="tkg-bench-load-") as tmp:
        work = Path(tmp)
        source = data
        if data.suffix == ".gz":
            source = work / data.stem
            with gzip.open(data, "rb") as packed, source.open("wb") as plain:
                shutil.copyfileobj(packed, plain)
        for n in range(rounds):
            for contender in contenders if n % 2 == 0 else contenders[::-1]:
                store = work / f"store-{contender}"
                shutil.rmtree(store, ignore_errors=True)
                one = measure(command(contender, source, store), trees.get(contender))
                shutil.rmtree(store, ignore_errors=True)
                runs[contender].append(one)
                print(contender, json.dumps(one), file=sys.stderr, flush=True)
    medians = {
        c: {
            "seconds": statistics.median(r["seconds"] for r in rs),
            "cpu_seconds": statistics.median(r["cpu_seconds"] for r in rs),
            "peak_mb": statistics.median(r["peak_mb"] for r in rs),
        }
        for c, rs in runs.items()
    }
    base = medians["oxigraph"]
    for m in medians.values():
        m["time_ratio"] = round(m["seconds"] / base["seconds"], 2)
        m["cpu_ratio"] = round(m["cpu_seconds"] / base["cpu_seconds"], 2)
        m["memory_ratio"] = round(m["peak_mb"] / base["peak_mb"], 2)
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; shared with other work (load average at the end "
        f"{[round(x, 2) for x in os.getloadavg()]})",
        "data": str(data),
        "rounds": rounds,
        "runs": runs,
        "medians": medians,
    }


def markdown(result: dict) -> str:
    lines = [
        "# tkg load against oxigraph load",
        "",
        f"{result['data']} into a new graph of a new on-disk store; {result['rounds']} rounds,",
        "the contenders in turns (A, B, ..., then B, A, ...); medians; each figure one process",
        "from start to exit (Python's start-up included for `tkg`); CPU seconds of all its",
        "threads (steadier than wall time on a shared machine) and peak RSS, from `wait4`.",
        f"Machine: {result['machine']}.",
        "",
        "| contender | seconds | CPU s | peak MB | time ratio | CPU ratio | memory ratio "
        "| each round (s / MB) |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, m in result["medians"].items():
        each = ", ".join(f"{r['seconds']} / {r['peak_mb']:.0f}" for r in result["runs"][name])
        lines.append(
            f"| {name} | {m['seconds']:.1f} | {m['cpu_seconds']:.1f} | {m['peak_mb']:.0f} "
            f"| {m['time_ratio']:.2f}x | {m['cpu_ratio']:.2f}x | {m['memory_ratio']:.2f}x "
            f"| {each} |"
        )
    return "\n".join(lines) + "\n"


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another tree of the code, measured too")
    args = parser.parse_args()
    result = run(args.data, args.rounds, args.before)
    bad = [r for rs in result["runs"].values() for r in rs if r["exit"] != 0]
    if bad:
        raise SystemExit(f"a load failed: {bad[0]}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "load.md").write_text(markdown(result), encoding="utf-8")
    return result


if __name__ == "__main__":
    print(json.dumps(main()["medians"], indent=2))
