"""How long ``tkg build`` and a first ``tkg serve`` take, as a user runs them.

Each case is the ``tkg`` command in a process of its own, from a tree of the code
(``--before DIR`` adds another tree, e.g. a checkout of the code before a change, measured
in turns with this one, in one run):

- ``build``: ``tkg build`` into a new on-disk store (HermiT included; the chapter's text read
  from ``../shared/corpus`` when it is there, as ``make serve`` does);
- ``rebuild``: ``tkg build`` again, nothing having changed;
- ``build --no-reason``: into a new store, without HermiT;
- ``serve``: ``tkg serve`` on an empty store, until ``/`` answers 200; the build of the same
  inputs kept (``kg.buildcache``: the ``build`` case before it, in each round, keeps one in
  the run's own ``TKG_BUILD_CACHE``), as for every empty store after the first;
- ``serve (nothing kept)``: the same with an empty ``TKG_BUILD_CACHE``, as in a fresh clone
  (it builds without HermiT, serves, then reasons).

Wall seconds, and the CPU seconds of the command's whole process tree (the JVM included;
steadier than wall on a shared machine), medians of ``--rounds``. The machine's load average
is recorded before and after. Commands run as a user's shell runs them, with Python's bytecode
cache (written in a first round that is not counted), and HermiT with the class-data archive
``make setup`` makes, where the tree's code uses one. Writes ``bench/results/build.{json,md}``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CASES = ("build", "rebuild", "build --no-reason", "serve", "serve (nothing kept)")


#: the builds kept during the run (``TKG_BUILD_CACHE``), made by ``main``
KEPT: dict[str, Path] = {}


def _env(tree: Path, store: Path, kept: Path | None = None) -> dict[str, str]:
    """The command's environment: the tree's code, the store, and where builds are kept
    (``kept``, else the run's folder)."""
    env = dict(os.environ, PYTHONPATH=str(tree), TKG_STORE=f"oxigraph:{store}")
    env["TKG_BUILD_CACHE"] = str(kept or KEPT["run"])
    # as a user's shell runs it: with Python's bytecode cache (a sandbox may turn it off,
    # and compiling ~120 modules from source then costs 0.4 s of every command)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    shared = ROOT.parent / "shared" / "corpus"
    if shared.is_dir():
        env["TKG_CORPUS_DIR"] = str(shared)
    return env


def _tkg(tree: Path, store: Path, *args: str) -> tuple[float, float]:
    """Run ``tkg ARGS``; its wall and process-tree CPU seconds."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", *args],
        cwd=tree,
        env=_env(tree, store),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"tkg {' '.join(args)} failed: {proc.stderr.read().decode()[-400:]}")  # type: ignore[union-attr]
    return wall, usage.ru_utime + usage.ru_stime


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(tree: Path, store: Path, kept: Path | None) -> tuple[float, float | None]:
    """``tkg serve`` on an empty store: seconds until ``/`` answers 200 (CPU not measured:
    the server keeps running)."""
    port = _free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
        cwd=tree,
        env=_env(tree, store, kept),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as answer:
                    if answer.status == 200:
                        return time.perf_counter() - started, None
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError("tkg serve stopped") from None
                time.sleep(0.05)
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def measure(tree: Path, case: str) -> tuple[float, float | None]:
    with tempfile.TemporaryDirectory(prefix="tkg-bench-build-") as tmp:
        store = Path(tmp) / "store"
        if case.startswith("serve"):
            kept = Path(tmp) / "kept" if case == "serve (nothing kept)" else None
            return _serve(tree, store, kept)
        if case == "rebuild":
            _tkg(tree, store, "build")
            return _tkg(tree, store, "build")
        return _tkg(tree, store, *case.split())


def _median_cpu(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(statistics.median(known), 2) if known else None


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="another tree of the code, measured too")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--cases", default=",".join(CASES), help=f"some of {'; '.join(CASES)}, comma-separated"
    )
    args = parser.parse_args()
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    if "serve" in cases and "build" not in cases:
        cases.insert(0, "build")  # it keeps the build that ``serve`` loads
    KEPT["run"] = Path(tempfile.mkdtemp(prefix="tkg-bench-kept-"))
    trees = {"after": ROOT} | ({"before": args.before.resolve()} if args.before else {})
    load_before = os.getloadavg()
    samples: dict[tuple[str, str], list[tuple[float, float | None]]] = {}
    for case in cases:  # a round not counted: the bytecode cache written, the files read
        for tree in trees.values():
            measure(tree, case)
    for _ in range(args.rounds):
        for case in cases:
            for name, tree in trees.items():
                samples.setdefault((name, case), []).append(measure(tree, case))
    load_after = os.getloadavg()
    shutil.rmtree(KEPT["run"], ignore_errors=True)
    rows = [
        {
            "code": name,
            "case": case,
            "rounds": len(values),
            "wall_s": round(statistics.median(v[0] for v in values), 2),
            "cpu_s": _median_cpu([v[1] for v in values]),
        }
        for (name, case), values in samples.items()
    ]
    result = {
        "machine": f"{platform.machine()} {platform.python_version()}, {os.cpu_count()} cores",
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "rows": rows,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "build.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# tkg build and a first tkg serve",
        "",
        f"One run on one machine ({result['machine']}); load average "
        f"{result['load_average_before']} before, {result['load_average_after']} after. "
        "Each figure is the median of the rounds of one `tkg` command in a process of its own; "
        "CPU is of its whole process tree (the JVM included), steadier than wall on a busy "
        "machine. Python's bytecode cache on (written in a first, uncounted round). "
        "`serve`: seconds from the start of `tkg serve` on an empty store to the "
        "first 200 of `/`, with the build of the same inputs kept (by the `build` case before "
        "it; `before` may not use it); `serve (nothing kept)`: the same, with none kept, as "
        "in a fresh clone.",
        "",
        "| code | case | rounds | wall s | CPU s |",
        "|---|---|---|---|---|",
    ]
    for row in sorted(rows, key=lambda r: (CASES.index(r["case"]), r["code"])):
        cpu = "-" if row["cpu_s"] is None else row["cpu_s"]
        lines.append(
            f"| {row['code']} | {row['case']} | {row['rounds']} | {row['wall_s']} | {cpu} |"
        )
    (RESULTS / "build.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
