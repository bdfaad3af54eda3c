"""Ingest memory: peak RSS of ``tkg ingest`` against the size of the text.

Each size is one ``python -m api.cli ingest TEXT --store oxigraph:TMP`` in a process of
its own, into a copy of a store that holds the built ontology (so that concept mentions
are found), with the address space capped (``RLIMIT_AS``, ``--guard-gb``, 12 GB by
default) so that a runaway run is stopped rather than the machine's memory taken. The
texts: a tiny one (the start-up), the chapter repeated to 1 MB when it is at hand, and
generated citation-dense texts (:mod:`bench.dense`, one citation per sentence) of 1, 5
and 50 MB, each first under the default ``TKG_MAX_TEXT_BYTES`` (a text over it is
refused), then, if refused, with the setting lifted; the smallest is also ingested twice
into one store (the second replaces its graph). Recorded per run: wall time, peak RSS
(``wait4``), MB of peak RSS per MB of text above the start-up, the exit code and the first
line of the error output. A run whose projected peak (the largest rate so far) is above
the guard is skipped and says so.

Results go to ``bench/results/ingest-memory.json`` and ``.md``; ``--before TREE`` (a
checkout of the code before a change, e.g. ``/work/main``: the same runs on it, alongside,
so both meet the same load) or ``--before FILE`` (the JSON of an earlier run) adds a before/after
table.
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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.dense import write_dense
from kg.settings import default_corpus_dir

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parent.parent
CHAPTER = "kitchin2019-smart-cities-algorithmic-technocracy.txt"
MB = 1_000_000
TINY = "A tiny text (Smith 2019).\n\nReferences\n\nSmith, J. (2019) A book. Press.\n"


def _cli(*args: str, guard: int, env: dict[str, str] | None = None, root: Path = ROOT) -> dict:
    """Run ``python -m api.cli ARGS`` of the code at ``root`` under an address-space cap;
    what it cost."""
    cmd = [sys.executable, "-m", "api.cli", *args]

    def cap() -> None:
        os.nice(10)
        resource.setrlimit(resource.RLIMIT_AS, (guard, guard))

    environ = {**os.environ, "PYTHONPATH": str(root), **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(  # run from root: ``-m`` puts the working folder first
            cmd, stdout=out, stderr=err, env=environ, preexec_fn=cap, cwd=root
        )
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    errors = [line for line in stderr.splitlines() if line.strip()]
    return {
        "exit": proc.returncode,
        "wall_s": round(wall, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "first_error_line": errors[0][:300] if errors else "",
        "report": stdout.splitlines()[0][:300] if stdout.strip() else "",
    }


def _chapter_repeated(path: Path, size: int) -> bool:
    folder = default_corpus_dir()
    if folder is None or not (folder / CHAPTER).is_file():
        return False
    chapter = (folder / CHAPTER).read_text(encoding="utf-8")
    copies = -(-size // len(chapter.encode("utf-8")))
    path.write_text("\n\n".join([chapter] * copies), encoding="utf-8")
    return True


def run(
    sizes: list[float], guard_gb: float, env: dict[str, str] | None = None, root: Path = ROOT
) -> dict:
    guard = int(guard_gb * 1024**3)
    result: dict = {
        "code": _revision(root),
        "machine": {
            "cores": os.cpu_count(),
            "load_at_start": [round(x, 2) for x in os.getloadavg()],
            "note": "shared with other engineers' work; runs under nice",
        },
        "guard_gb": guard_gb,
        "runs": {},
    }
    with tempfile.TemporaryDirectory(prefix="tkg-ingest-memory-") as tmp:
        work = Path(tmp)
        template = work / "template"
        built = _cli(
            "build", "--no-reason", "--store", f"oxigraph:{template}", guard=guard, root=root
        )
        if built["exit"] != 0:
            raise SystemExit(f"cannot build the template store: {built['first_error_line']}")

        def ingest(label: str, text: Path, *, again: bool = False, limit: bool = False) -> dict:
            """One ingest into a fresh copy of the template (``again``: twice, the second,
            which replaces the graph, measured); the size limit lifted unless ``limit``."""
            store = work / "store"
            shutil.rmtree(store, ignore_errors=True)
            shutil.copytree(template, store)
            size = text.stat().st_size
            args = ("ingest", str(text), "--id", "bench-memory", "--store", f"oxigraph:{store}")
            lifted = {**(env or {}), **({} if limit else {"TKG_MAX_TEXT_BYTES": str(10**13)})}
            one = _cli(*args, guard=guard, env=lifted, root=root)
            if again and one["exit"] == 0:
                one = _cli(*args, guard=guard, env=lifted, root=root)
            one["text_mb"] = round(size / MB, 3)
            shutil.rmtree(store, ignore_errors=True)
            result["runs"][label] = one
            print(result["code"], label, json.dumps(one), file=sys.stderr)
            return one

        tiny = work / "tiny.txt"
        tiny.write_text(TINY, encoding="utf-8")
        start = ingest("start-up (a tiny text)", tiny)["peak_rss_mb"]
        result["startup_rss_mb"] = start

        def per_mb(one: dict) -> None:
            if one["exit"] == 0 and one["text_mb"] > 0:
                one["mb_per_mb"] = round((one["peak_rss_mb"] - start) / one["text_mb"], 1)

        chapter = work / "chapter.txt"
        if _chapter_repeated(chapter, MB):
            per_mb(ingest("the chapter repeated to 1 MB", chapter))
        rate = 0.0
        for size in sizes:
            label = f"dense {size:g} MB"
            projected = start + rate * size
            text = work / f"dense-{size:g}.txt"
            write_dense(text, int(size * MB))
            refused = ingest(f"{label}, default size setting", text, limit=True)
            per_mb(refused)
            if projected > guard_gb * 1024:
                result["runs"][label] = {
                    "skipped": f"setting lifted: projected peak {projected / 1024:.1f} GB (at "
                    f"{rate:.0f} MB per MB) is above the {guard_gb:g} GB guard",
                    "text_mb": size,
                }
                print(result["code"], label, result["runs"][label]["skipped"], file=sys.stderr)
            elif refused["exit"] != 0:
                per_mb(ingest(label + ", setting lifted", text))
            if size == sizes[0] and projected * 3 < guard_gb * 1024:
                per_mb(ingest(label + ", replacing its graph (ingested twice)", text, again=True))
            text.unlink()
            for one in result["runs"].values():
                rate = max(rate, one.get("mb_per_mb", 0.0))
    result["machine"]["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return result


def _table(result: dict) -> list[str]:
    lines = [
        "| text | MB | exit | wall s | peak RSS MB | MB per MB above start-up | first error line |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for label, one in result["runs"].items():
        if "skipped" in one:
            lines.append(f"| {label} | {one['text_mb']} | - | - | - | - | {one['skipped']} |")
            continue
        lines.append(
            f"| {label} | {one['text_mb']} | {one['exit']} | {one['wall_s']} "
            f"| {one['peak_rss_mb']} | {one.get('mb_per_mb', '-')} "
            f"| {one['first_error_line'].replace('|', '/')} |"
        )
    return lines


def markdown(result: dict) -> str:
    machine = result["machine"]
    lines = [
        "# Ingest memory",
        "",
        f"`tkg ingest` in a process of its own per text, into a copy of a store holding the "
        f"built ontology; address space capped at {result['guard_gb']:g} GB. Code: "
        f"{result.get('code', '?')}. This machine: "
        f"{machine['cores']} cores, {machine['note']} (load average "
        f"{machine['load_at_start']} at the start, {machine['load_at_end']} at the end). "
        f"Start-up (a tiny text): {result['startup_rss_mb']} MB peak RSS. Target: at most "
        "about 150 MB per MB of text above start-up on the dense texts (one citation per "
        "sentence), or a one-line refusal above a size setting, never an abort.",
        "",
        *_table(result),
    ]
    if "before" in result:
        lines += [
            "",
            "## Before the change (the same benchmark on the code before it)",
            "",
            f"Code: {result['before'].get('code', '?')}. "
            f"Start-up: {result['before']['startup_rss_mb']} MB.",
            "",
            *_table(result["before"]),
        ]
    return "\n".join(lines) + "\n"


def _revision(root: Path) -> str:
    """The commit checked out at ``root`` (with ``+`` if it has changes), or ``?``."""
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return head + ("+" if dirty else "")


def main(sizes: list[float], guard_gb: float, before: Path | None = None) -> dict:
    old = None
    if before is not None and before.is_dir():  # the code before, measured alongside
        with ThreadPoolExecutor(2) as pool:  # each run a process of its own: same load
            earlier = pool.submit(run, sizes, guard_gb, root=before.resolve())
            result = run(sizes, guard_gb)
            old = earlier.result()
    else:
        if before is not None:
            old = json.loads(before.read_text(encoding="utf-8"))
        result = run(sizes, guard_gb)
    if old is not None:
        keys = ("code", "startup_rss_mb", "runs", "machine")
        result["before"] = {k: old[k] for k in keys if k in old}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ingest-memory.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "ingest-memory.md").write_text(markdown(result), encoding="utf-8")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 50])
    parser.add_argument("--guard-gb", type=float, default=12.0)
    parser.add_argument("--before", type=Path, help="a checkout of the code before, or its JSON")
    args = parser.parse_args()
    print(json.dumps(main(args.sizes, args.guard_gb, args.before), indent=2))
