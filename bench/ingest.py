"""Ingestion speed: the chapter, and a synthetic corpus of many papers.

- The chapter (``TKG_CORPUS_DIR``): analysis + RDF + swap into the store, no reasoning;
  median of repeated runs. Target: under 1 s.
- A synthetic corpus (``bench.synthetic``): N papers of about 8,000 words and 50
  references each, analysed in a process pool (one worker per core; in this process for
  one worker) and bulk-loaded as they come back into a new graph each, in an on-disk
  store (20 papers per run of Oxigraph's bulk loader) and in an in-memory store (one
  load each); without IRI validation where the writer vouches for the IRIs
  (``kg.ingest.pipeline.iris_are_safe``). Target for N = 1,000: under 60 s. Stage times are summed
  over the papers (so over the workers, which run side by side); ``main_process_cpu_s``
  is what loading into the store cost the process that owns it. The machine's load
  average is noted before each run: the cores are shared.

Results go to ``bench/results/ingest.json`` and ``bench/results/ingest.md``.

``--stages N [--before TREE]``: the CPU time of each analysis stage per paper, on N
synthetic papers with their reference lists in the text (as ``bench.corpus`` writes
them: the bibliography is read from the text), in this process, best of 3 rounds; with
``--before``, the same in a fresh interpreter on that tree's code (this file run with
``PYTHONPATH=TREE``), the two trees taking turns, twice. Results go to
``bench/results/ingest_stages.json`` and the "CPU per analysis stage" section of
``bench/results/ingest.md``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import types
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import kg.ingest.pipeline
from bench.synthetic import corpus
from kg.build import build
from kg.ingest.mentions import ConceptMatcher, concept_labels
from kg.ingest.pipeline import analyse, ingest, iris_are_safe, ntriples
from kg.rdf import graphs
from kg.settings import default_corpus_dir
from kg.store import open_store

RESULTS = Path(__file__).resolve().parent / "results"
CHAPTER = "kitchin2019-smart-cities-algorithmic-technocracy.txt"

_MATCHER: ConceptMatcher | None = None


def _init(labels: list[tuple[str, str]]) -> None:
    global _MATCHER
    _MATCHER = ConceptMatcher(labels)
    # Analysing a paper leaves no reference cycles (a test checks it): what it makes is
    # freed as it goes, and the cycle collector would only rescan the worker's caches
    # again and again (a sixth of the time).
    gc.disable()


def _work(paper) -> tuple[str, bytes, int, int, dict[str, float], bool]:
    """Analyse one paper and write its N-Triples (in a worker); the time of each stage,
    and whether its IRIs are safe to load without validating them."""
    timings: dict[str, float] = {}
    cpu = time.process_time()
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
    timings["cpu"] = time.process_time() - cpu
    return (
        paper.id,
        body,
        len(found.citations),
        sum(1 for r in found.resolutions if r.reference),
        timings,
        iris_are_safe(found),
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
        citations = resolved = triples = lenient = 0
        started = time.perf_counter()
        cpu = time.process_time()
        if workers > 1:
            pool = ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(labels,))
            results = pool.map(_work, generated, chunksize=4)
        else:
            pool = None
            _init(labels)
            results = map(_work, generated)
        worker_cpu = 0.0
        batch: list[tuple[str, bytes]] = []
        safe_batch = True

        def load() -> None:  # on disk, BATCH papers at a time: fewer, larger writes
            loading = time.perf_counter()
            store.bulk_load_graphs(batch, lenient=safe_batch)
            stages["store"] = stages.get("store", 0.0) + time.perf_counter() - loading

        for n, (doc, body, found, ok, timings, safe) in enumerate(results, start=1):
            worker_cpu += timings.pop("cpu")
            batch.append((graphs.corpus(doc), body))
            safe_batch = safe_batch and safe
            lenient += safe
            if len(batch) >= (BATCH if store.path is not None else 1) or n == papers:
                load()
                batch, safe_batch = [], True
            for stage, seconds in timings.items():
                stages[stage] = stages.get(stage, 0.0) + seconds
            triples += body.count(b"\n")
            citations += found
            resolved += ok
        if pool is not None:
            pool.shutdown()
        else:
            gc.enable()  # in this process, off only for the run
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
        "analysis_cpu_s": round(worker_cpu, 2),
        "cpu_ms_per_paper": round(
            1000 * ((worker_cpu if workers > 1 else 0) + main_cpu_s) / papers, 1
        ),
        "stages_s": {k: round(v, 2) for k, v in stages.items()},
        "citations": citations,
        "resolved": resolved,
        "triples": triples,
        "quads_in_store": stored,
        "loaded_without_iri_validation": lenient,
    }


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


BATCH = 20  # papers per bulk load on disk
STAGES = ("segment", "bibliography", "citations", "resolve", "mentions", "rdf", "store")
COMPARED = "## Before and after"


def compare(before: dict, after: dict) -> dict:
    """Ratios after / before of two results of :func:`main` (the same runs, the code
    before a change run just before this one): wall time, CPU per paper, and each stage
    per paper in the one-process run."""
    out: dict = {"load_at_start_before": before["machine"]["load_at_start"]}
    if "median_s" in before.get("chapter", {}) and "median_s" in after.get("chapter", {}):
        out["chapter_s"] = [before["chapter"]["median_s"], after["chapter"]["median_s"]]
    for key, run in after.items():
        old = before.get(key)
        if not key.startswith("synthetic") or not old:
            continue
        n = run["papers"]
        out[key] = {
            "wall_s": [old["ingest_s"], run["ingest_s"]],
            "wall_ratio": round(run["ingest_s"] / old["ingest_s"], 2),
            "cpu_ms_per_paper": [old["cpu_ms_per_paper"], run["cpu_ms_per_paper"]],
            "cpu_ratio": round(run["cpu_ms_per_paper"] / old["cpu_ms_per_paper"], 2),
            "stage_ms_per_paper": {
                stage: [
                    round(1000 * old["stages_s"].get(stage, 0) / n, 1),
                    round(1000 * run["stages_s"].get(stage, 0) / n, 1),
                ]
                for stage in STAGES
            },
        }
    return out


def main(papers: int = 1000, before: Path | None = None) -> dict:
    workers = os.cpu_count() or 1
    result: dict = {"machine": {"cores": workers, "load_at_start": _load()}}
    result["chapter"] = chapter()
    runs = [(100, 1, "memory"), (100, workers, "memory"), (100, workers, "oxigraph:{tmp}/s")]
    if papers > 100:
        runs += [(papers, workers, "memory"), (papers, workers, "oxigraph:{tmp}/s")]
    for n, w, spec in runs:
        load = _load()
        run = synthetic(n, w, spec=spec)
        run["load_before"] = load
        kind = "disk" if spec.startswith("oxigraph") else "memory"
        result[f"synthetic_{n}_{kind}" + ("_sequential" if w == 1 else "")] = run
    for kind in ("memory", "disk"):
        small, large = result.get(f"synthetic_100_{kind}"), result.get(f"synthetic_{papers}_{kind}")
        if small and large and papers > 100:
            result[f"growth_{kind}"] = round(large["ingest_s"] / small["ingest_s"], 2)
    result["machine"]["load_at_end"] = _load()
    if before is not None:
        result["before"] = compare(json.loads(before.read_text(encoding="utf-8")), result)
    RESULTS.mkdir(exist_ok=True)
    md = RESULTS / "ingest.md"
    kept = _kept_sections(md.read_text(encoding="utf-8")) if md.is_file() else ""
    (RESULTS / "ingest.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    md.write_text(_markdown(result, papers) + kept, encoding="utf-8")
    return result


def _kept_sections(markdown: str) -> str:
    """The hand-written sections of an earlier ``ingest.md`` (its history), kept."""
    parts = ("\n" + markdown).split("\n## ")[1:]
    kept = [p for p in parts if not ("## " + p).startswith(COMPARED)]
    return "".join("\n## " + p.rstrip("\n") + "\n" for p in kept)


def _compared(result: dict) -> list[str]:
    before = result.get("before")
    if not before:
        return []
    lines = [
        "",
        f"{COMPARED} (the code before this change, run just before this run: load average "
        f"{before['load_at_start_before']} at its start)",
        "",
    ]
    if "chapter_s" in before:
        old, new = before["chapter_s"]
        lines += [f"- The chapter: {old} s before, {new} s now (ratio {new / old:.2f}).", ""]
    lines += [
        "| papers | store | workers | wall s before | wall s now | ratio "
        "| CPU ms/paper before | now | ratio |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, run in result.items():
        if key.startswith("synthetic") and key in before:
            b = before[key]
            lines.append(
                f"| {run['papers']} | {run['store']} | {run['workers']} | {b['wall_s'][0]} "
                f"| {b['wall_s'][1]} | {b['wall_ratio']} | {b['cpu_ms_per_paper'][0]} "
                f"| {b['cpu_ms_per_paper'][1]} | {b['cpu_ratio']} |"
            )
    sequential = next((k for k in before if k.endswith("_sequential")), None)
    if sequential:
        lines += [
            "",
            f"Per stage, ms per paper, one process ({sequential}; the store is the "
            "process's own, in memory):",
            "",
            "| stage | before | now | ratio |",
            "|---|---:|---:|---:|",
        ]
        for stage, (old, new) in before[sequential]["stage_ms_per_paper"].items():
            ratio = f"{new / old:.2f}" if old else "-"
            lines.append(f"| {stage} | {old} | {new} | {ratio} |")
    return lines


def _markdown(result: dict, papers: int) -> str:
    machine = result["machine"]
    lines = [
        "# Ingestion",
        "",
        f"Measured in one run on this machine ({machine['cores']} cores, shared with other "
        f"work: load average {machine['load_at_start']} at the start, "
        f"{machine['load_at_end']} at the end).",
        "",
    ]
    ch = result["chapter"]
    if "median_s" in ch:
        lines.append(
            f"- The chapter: {ch['median_s']} s (median of {ch['runs']}), {ch['citations']} "
            f"citations, {ch['sentences']} sentences, {ch['triples']} triples; target 1 s "
            f"(ratio {ch['median_s'] / 1.0:.2f} of the target)."
        )
    lines += [
        "",
        "| papers | store | workers | load before | wall s | papers/s | target ratio "
        "| segment | bibliography | citations | resolve | mentions | rdf | store load "
        "| loader's CPU s | CPU ms/paper |",
        "|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, run in result.items():
        if not key.startswith("synthetic"):
            continue
        st = run["stages_s"]
        lines.append(
            f"| {run['papers']} | {run['store']} | {run['workers']} | {run['load_before']} "
            f"| {run['ingest_s']} | {run['papers_per_s']} "
            f"| {run['ingest_s'] / (60 * run['papers'] / 1000):.2f} "
            + " ".join(
                f"| {st.get(k, 0)}"
                for k in ("segment", "bibliography", "citations", "resolve", "mentions", "rdf")
            )
            + f" | {st.get('store', 0)} | {run['main_process_cpu_s']} "
            f"| {run['cpu_ms_per_paper']} |"
        )
    first = next(r for k, r in result.items() if k.startswith("synthetic"))
    last = [r for k, r in result.items() if k.startswith("synthetic")][-1]
    gave = (
        f"{last['papers']:,} papers gave {last['citations']:,} citations "
        f"({last['resolved']:,} resolved) and {last['triples']:,} triples; "
        if {"citations", "resolved", "triples"} <= last.keys()
        else ""
    )
    lines += [
        "",
        f"Every run: {first['words']:,} words per 100 papers; {gave}stage columns are seconds "
        "summed over papers (the workers run side by side, so they add up to more than "
        "the wall time); the target ratio is wall time over 60 s per 1,000 papers.",
    ]
    for kind in ("memory", "disk"):
        if f"growth_{kind}" in result:
            lines.append(
                f"- From 100 to {papers} papers ({kind}): {result[f'growth_{kind}']}x the time."
            )
    lines += _compared(result)
    return "\n".join(lines) + "\n"


ANALYSIS = ("segment", "bibliography", "citations", "resolve", "mentions")
STAGES_SECTION = "## CPU per analysis stage"


def stage_cpu(papers: int = 50, rounds: int = 3) -> dict:
    """CPU ms per paper of each analysis stage (best round by total), this tree's code.

    :func:`kg.ingest.pipeline.analyse` times its stages with ``time.perf_counter``; here
    its clock is the process's CPU time (``time.process_time``), steadier than wall time
    on a shared machine. The reference lists are read from the text."""
    store = open_store("memory")
    build(store, reason=False)
    matcher = ConceptMatcher(concept_labels(store))
    generated = list(corpus(papers))
    kg.ingest.pipeline.time = types.SimpleNamespace(perf_counter=time.process_time)  # type: ignore[assignment]
    gc.disable()  # as in the workers (see _init)
    best: tuple[float, dict[str, float]] | None = None
    try:
        for _ in range(rounds):
            timings: dict[str, float] = {}
            cpu = time.process_time()
            for paper in generated:
                analyse(paper.text, doc_id=paper.id, matcher=matcher, timings=timings)
            total = time.process_time() - cpu
            if best is None or total < best[0]:
                best = (total, timings)
    finally:
        gc.enable()
        kg.ingest.pipeline.time = time  # type: ignore[assignment]
    assert best is not None
    ms = {k: round(1000 * best[1].get(k, 0.0) / papers, 2) for k in ANALYSIS}
    ms["analysis"] = round(sum(ms.values()), 2)
    return {"papers": papers, "rounds": rounds, "ms_per_paper": ms, "load": _load()}


def _stage_cpu_of(tree: Path, papers: int) -> dict:
    """:func:`stage_cpu` with ``tree``'s code, in a fresh interpreter."""
    argv = [sys.executable, str(Path(__file__).resolve()), "--stages-json", str(papers)]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(argv, cwd=tree, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def stages(papers: int, before: Path | None) -> dict:
    """:func:`stage_cpu` here (and on ``before``, taking turns, twice each); written to
    ``bench/results/ingest_stages.json`` and ``ingest.md``."""
    here = Path(__file__).resolve().parent.parent
    runs: dict[str, list[dict]] = {"after": []}
    if before is not None:
        runs["before"] = []
    for _ in range(2 if before is not None else 1):
        if before is not None:
            runs["before"].append(_stage_cpu_of(before, papers))
        runs["after"].append(_stage_cpu_of(here, papers))
    best = {
        code: min(found, key=lambda r: r["ms_per_paper"]["analysis"])
        for code, found in runs.items()
    }
    result = {"papers": papers, "runs": runs, "best": best}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ingest_stages.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    write_stages(result)
    return result


EARLIER = "## Whole-ingest runs"


def write_stages(result: dict) -> None:
    """Put the figures of :func:`stages` at the head of ``ingest.md``; what was there
    (the whole-ingest runs of :func:`main`, measured on the code of their day) follows
    under :data:`EARLIER`."""
    md = RESULTS / "ingest.md"
    old = md.read_text(encoding="utf-8") if md.is_file() else ""
    parts = ("\n" + old).split("\n## ")
    rest = [p for p in parts[1:] if not ("## " + p).startswith(STAGES_SECTION)]
    head = parts[0].strip().removeprefix("# Ingestion").strip()
    if head:  # the body of an earlier main() run: its own section now
        note = "(`python -m bench.ingest`, on the code of the day; see the file's history)"
        rest.insert(0, f"{EARLIER[3:]} {note}\n\n{head}\n")
    body = "".join("\n## " + p.rstrip("\n") + "\n" for p in rest)
    md.write_text("# Ingestion\n\n" + _stages_markdown(result) + body, encoding="utf-8")


def _stages_markdown(result: dict) -> str:
    best = result["best"]
    after = best["after"]["ms_per_paper"]
    before = best.get("before", {}).get("ms_per_paper")
    loads = "; ".join(
        f"{code} {', '.join(str(r['load'][0]) for r in found)}"
        for code, found in result["runs"].items()
    )
    lines = [
        STAGES_SECTION,
        "",
        f"`python -m bench.ingest --stages {result['papers']}"
        + (" --before TREE`" if before else "`")
        + f": {result['papers']} synthetic papers (about 8,000 words and 50 references each, "
        "the reference list read from the text, as `tkg ingest DIR` reads them), analysed "
        "in one process with the cycle collector off, as in the workers; CPU time of each "
        "stage, ms per paper, the best of 3 rounds"
        + (
            "; the code before (TREE) and after run in turn, each in a fresh interpreter, "
            "twice, the better run of each kept"
            if before
            else ""
        )
        + f". Load average at the end of each run: {loads} (2 cores, shared: CPU time "
        "on a busy machine is longer than on a quiet one, for both). Whether the "
        "analysis finds the same before and after is told apart, by "
        "`PYTHONHASHSEED=0 python -m bench.fingerprint --check` (a hash of what it finds "
        "in the chapter, the 60 EXCITE papers and 23 synthetic ones, and of their "
        "N-Triples): the same for a change made for speed, not for one that reads more.",
        "",
    ]
    if before:
        lines += ["| stage | before | after | ratio |", "|---|---:|---:|---:|"]
        for stage, new in after.items():
            old = before.get(stage, 0)
            lines.append(
                f"| {stage} | {old} | {new} | {new / old:.2f} |"
                if old
                else f"| {stage} | - | {new} | - |"
            )
    else:
        lines += ["| stage | ms per paper |", "|---|---:|"]
        lines += [f"| {stage} | {ms} |" for stage, ms in after.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if sys.argv[1:2] == ["--stages-json"]:  # one measurement, for stages(): JSON to stdout
        print(json.dumps(stage_cpu(int(sys.argv[2]))))
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument(
        "--before",
        type=Path,
        help="ingest.json of the same benchmark run on the code before a change: "
        "ratios go into the results",
    )
    parser.add_argument(
        "--stages",
        type=int,
        metavar="N",
        help="only the CPU per analysis stage, on N papers (with --before: that tree's too)",
    )
    args = parser.parse_args()
    if args.stages:
        print(json.dumps(stages(args.stages, args.before), indent=2))
    else:
        print(json.dumps(main(args.papers, args.before), indent=2))
