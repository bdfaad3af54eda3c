"""``tkg ingest DIR --workers N`` on a synthetic corpus: the path a user takes.

The papers of :mod:`bench.synthetic` (about 8,000 words and 50 references each) are
written as text files, each with its reference list at its end (read from the text, as
a real paper's is: no bibliography file), and ingested by
:func:`kg.ingest.corpus.ingest_corpus`, as ``tkg ingest DIR --workers N`` does: analysed
in N worker processes, each written by this process into its own graph in one
transaction, into an in-memory store and into one on disk. Then the same folder again
into the store on disk: every paper is skipped (resuming). The machine's load average is
noted before and after each run: its 2 cores are shared.

``bench/ingest.py`` measures the lower bound of the same work (CSL-JSON bibliographies,
bulk loads of 20 papers on disk); this measures the command.

With ``--before TREE`` (another checkout, e.g. the main branch), the same folder is also
ingested by that tree's code, each run in a fresh interpreter, the two trees taking turns
(before, after; memory, then disk), so that both meet about the same load.

Results go to ``bench/results/corpus.json`` and ``bench/results/corpus.md`` (``--name``:
another name, for a smaller run beside the 1,000 papers).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from bench.load import oxigraph_cli
from bench.synthetic import corpus
from kg.build import build
from kg.ingest.corpus import corpus_files, ingest_corpus
from kg.store import open_store

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = RESULTS.parent.parent
#: run in a fresh interpreter with a tree's code: ``run`` of that tree's bench.corpus
_ONE = (
    "import json, sys; from pathlib import Path; from bench.corpus import run; "
    "print(json.dumps(run(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), "
    "again=sys.argv[4] == 'again')))"
)


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def run(folder: Path, spec: str, workers: int, *, again: bool = False) -> dict:
    """Ingest every file in ``folder`` into a new store (``spec``), timed; with ``again``,
    ingest the folder a second time into the same store (every paper skipped)."""
    store = open_store(spec)
    try:
        build(store, reason=False)
        files = corpus_files([folder])
        result: dict = {"store": spec.split(":")[0], "papers": len(files), "workers": workers}
        result["load_before"] = _load()
        own, theirs = _cpu()
        started = time.perf_counter()
        outcomes = ingest_corpus(store, files, workers=workers)
        result["wall_s"] = round(time.perf_counter() - started, 2)
        result["load_after"] = _load()
        own_after, theirs_after = _cpu()
        # this process (its main thread and the writer's) and the workers (joined by now)
        result["cpu_s"] = {
            "writing process": round(own_after - own, 2),
            "workers": round(theirs_after - theirs, 2),
        }
        result["papers_per_s"] = round(len(files) / result["wall_s"], 1)
        for status in ("ingested", "skipped", "failed"):
            result[status] = sum(1 for o in outcomes if o.status == status)
        result["citations"] = sum(o.citations for o in outcomes)
        result["resolved"] = sum(o.resolved for o in outcomes)
        result["warnings"] = sum(len(o.warnings) for o in outcomes)
        stages: dict[str, float] = {}
        for o in outcomes:
            for stage, seconds in (o.report.seconds if o.report else {}).items():
                stages[stage] = stages.get(stage, 0.0) + seconds
        result["stages_s"] = {k: round(v, 2) for k, v in stages.items()}
        result["quads_in_store"] = int(
            store.query("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }").rows()[0]["n"].value  # type: ignore[union-attr]
        )
        if again:
            started = time.perf_counter()
            second = ingest_corpus(store, files, workers=workers)
            result["again_wall_s"] = round(time.perf_counter() - started, 2)
            result["again_skipped"] = sum(1 for o in second if o.status == "skipped")
        quads = folder.parent / "store.nq"
        if again or result["store"] == "memory":
            store._store.dump(output=str(quads), format=ox.RdfFormat.N_QUADS)  # type: ignore[attr-defined]
    finally:
        store.close()
    if again:
        result["oxigraph_load"] = oxigraph_load(quads, folder.parent / "bound")
        quads.unlink()
    elif result["store"] == "memory":
        result["memory_load"] = {how: memory_load(quads, how) for how in ("load", "bulk_load")}
        quads.unlink()
    return result


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def oxigraph_load(quads: Path, location: Path) -> dict:
    """The engine's own bound: ``oxigraph load --lenient`` of the very quads the run left
    in the store (N-Quads, every graph) into a new store on disk; wall and CPU seconds."""
    shutil.rmtree(location, ignore_errors=True)
    cmd = [oxigraph_cli(), "load", "--lenient", "--location", str(location), "--file", str(quads)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    shutil.rmtree(location, ignore_errors=True)
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "exit": os.waitstatus_to_exitcode(status),
        "bytes": quads.stat().st_size,
    }


#: a fresh interpreter loading N-Quads (argv[1]) into a new in-memory store, one call
_MEMORY_LOAD = (
    "import sys, pyoxigraph as ox; s = ox.Store(); "
    "getattr(s, sys.argv[2])(path=sys.argv[1], format=ox.RdfFormat.N_QUADS, lenient=True); "
    "print(len(s))"
)


def memory_load(quads: Path, how: str) -> dict:
    """The engine's own bound in memory: the very quads the run left in the store, as
    N-Quads, loaded into a new in-memory ``Store()`` by pyoxigraph's parser in one call
    (``how``: ``load``, one transaction, as the writer loads each document's N-Triples
    into its graph; or ``bulk_load``), in a fresh interpreter; wall and CPU seconds (the
    interpreter's start, about 0.1 s, included)."""
    cmd = [sys.executable, "-c", _MEMORY_LOAD, str(quads), how]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = proc.stdout.read() if proc.stdout else b""  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "exit": os.waitstatus_to_exitcode(status),
        "quads": int(out.strip() or 0),
    }


def run_tree(tree: Path, folder: Path, spec: str, workers: int, *, again: bool = False) -> dict:
    """:func:`run` with the code of ``tree``, in a new interpreter."""
    argv = [sys.executable, "-c", _ONE, str(folder), spec, str(workers), "again" if again else ""]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(argv, cwd=tree, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(
    papers: int,
    workers: int,
    before: Path | None = None,
    stores: tuple[str, ...] = ("memory", "disk"),
    name: str = "corpus",
) -> dict:
    result: dict = {"machine": {"cores": os.cpu_count(), "load_at_start": _load()}}
    trees = {"before": before, "after": ROOT} if before else {"after": ROOT}
    result["trees"] = {label: str(tree) for label, tree in trees.items()}
    with tempfile.TemporaryDirectory(prefix="tkg-bench-corpus-") as tmp:
        folder = Path(tmp) / "papers"
        folder.mkdir()
        started = time.perf_counter()
        words = 0
        for paper in corpus(papers):
            (folder / f"{paper.id}.txt").write_text(paper.text, encoding="utf-8")
            words += paper.words
        result["generate_s"] = round(time.perf_counter() - started, 2)
        result["words"] = words
        for kind in stores:
            for label, tree in trees.items():
                spec = "memory" if kind == "memory" else f"oxigraph:{tmp}/store-{label}"
                print(f"{label} {kind} ...", file=sys.stderr, flush=True)
                one = run_tree(tree, folder, spec, workers, again=kind == "disk")
                result.setdefault(label, {})[kind] = one
    result["machine"]["load_at_end"] = _load()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (RESULTS / f"{name}.md").write_text(markdown(result), encoding="utf-8")
    return result


def markdown(result: dict) -> str:
    machine = result["machine"]
    labels = [label for label in ("before", "after") if label in result]
    after = result["after"]
    kinds = [kind for kind in ("memory", "disk") if kind in after]
    lines = [
        "# Ingesting a corpus: `tkg ingest DIR --workers N`",
        "",
        f"One run on this machine ({machine['cores']} cores, shared with other work: load "
        f"average {machine['load_at_start']} at the start, {machine['load_at_end']} at the "
        f"end). {after[kinds[0]]['papers']} synthetic papers "
        f"({result['words']:,} words), each a text file with its reference list at its end, "
        "read from the text; `python -m bench.corpus`"
        + (" `--before` " + result["trees"]["before"] if "before" in result else "")
        + ": each run in a fresh interpreter, the trees taking turns.",
        "",
        "| code | store | papers | workers | load before | load after | wall s | papers/s "
        "| target s | ingested | failed | citations | resolved | quads in store |",
        "|---|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, target in (("memory", 30), ("disk", 60)):
        for label in labels if kind in kinds else ():
            r = result[label][kind]
            lines.append(
                f"| {label} | {kind} | {r['papers']} | {r['workers']} | {r['load_before']} "
                f"| {r['load_after']} | {r['wall_s']} | {r['papers_per_s']} | {target} "
                f"| {r['ingested']} | {r['failed']} | {r['citations']:,} | {r['resolved']:,} "
                f"| {r['quads_in_store']:,} |"
            )
    lines += [
        "",
        "CPU seconds of the run (the writing process: its main thread and the writer's; "
        "the workers: the analysis and the N-Triples), and the engine's own bound: the very "
        "quads the run left in the store (dumped as N-Quads after it) loaded by the engine "
        "alone, in the same run: on disk `oxigraph load --lenient` into a new store on disk; "
        "in memory a fresh interpreter's `Store().load` (one call, one transaction: the way "
        "the writer loads each document's N-Triples into its graph) and `Store().bulk_load` "
        "into a new in-memory store. *Beyond* is the writing process's CPU less the bound's "
        "(`load` in memory):",
        "",
        "| code | store | CPU s, writing process | CPU s, workers | quads | engine's bound "
        "| bound wall s | bound CPU s | writing process beyond it, CPU s |",
        "|---|---|---:|---:|---:|---|---:|---:|---:|",
    ]
    for kind in kinds:
        for label in labels:
            r = result[label][kind]
            cpu = r.get("cpu_s", {})
            writing = cpu.get("writing process", "")
            bounds = [("`oxigraph load`", r["oxigraph_load"])] if "oxigraph_load" in r else []
            bounds += [(f"`Store().{how}`", b) for how, b in r.get("memory_load", {}).items()]
            for k, (what, bound) in enumerate(bounds or [("", {})]):
                beyond = ""
                if k == 0 and bound and writing != "":
                    beyond = str(round(writing - bound["cpu_s"], 2))
                lines.append(
                    f"| {label} | {kind} | {writing if k == 0 else ''} "
                    f"| {cpu.get('workers', '') if k == 0 else ''} | {r['quads_in_store']:,} "
                    f"| {what} | {bound.get('wall_s', '')} | {bound.get('cpu_s', '')} | {beyond} |"
                )
    lines.append("")
    for label in labels if "disk" in kinds else ():
        disk = result[label]["disk"]
        lines.append(
            f"Resuming ({label}): the same folder again into the store on disk, "
            f"{disk['again_skipped']} of {disk['papers']} skipped (already in, by their "
            f"SHA-256) in {disk['again_wall_s']} s."
        )
    stages = list(after[kinds[0]]["stages_s"])
    lines += [
        "",
        "Stage seconds summed over the papers (the workers run side by side; `store` is the "
        "writing process's, waiting for a core included):",
        "",
        "| code | store | " + " | ".join(stages) + " |",
        "|---|---|" + "---:|" * len(stages),
    ]
    for kind in kinds:
        for label in labels:
            got = result[label][kind]["stages_s"]
            lines.append(
                f"| {label} | {kind} | " + " | ".join(str(got.get(s, "")) for s in stages) + " |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--before", type=Path, help="another checkout to measure the same way")
    parser.add_argument(
        "--stores", default="memory,disk", help="the stores to ingest into: memory, disk or both"
    )
    parser.add_argument(
        "--name", default="corpus", help="the results' file name in bench/results/ (no suffix)"
    )
    args = parser.parse_args()
    stores = ("memory", "disk") if args.stores == "both" else tuple(args.stores.split(","))
    if not set(stores) <= {"memory", "disk"}:
        parser.error(f"--stores: memory, disk, both or memory,disk, not {args.stores!r}")
    print(json.dumps(main(args.papers, args.workers, args.before, stores, args.name), indent=2))
