"""How long ``tkg build`` takes, step by step, on this machine.

Runs the build several times into fresh stores (in memory and on disk) and
records the median seconds per graph, as ratios of the whole, in
``bench/results/build.json`` and ``bench/results/build.md``.
"""

from __future__ import annotations

import json
import platform
import statistics
import tempfile
import time
from pathlib import Path

from kg.build import build
from kg.store import open_store

RESULTS = Path(__file__).resolve().parent / "results"


def measure(spec: str, *, reason: bool, runs: int) -> dict:
    per_step: dict[str, list[float]] = {}
    totals = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(spec.replace("{tmp}", tmp))
            started = time.perf_counter()
            report = build(store, reason=reason)
            totals.append(time.perf_counter() - started)
            for step, seconds in report.seconds.items():
                per_step.setdefault(step, []).append(seconds)
            triples = report.triples
            store.close()
    return {
        "store": spec.split(":")[0],
        "reason": reason,
        "runs": runs,
        "median_total_s": round(statistics.median(totals), 3),
        "median_step_s": {k: round(statistics.median(v), 3) for k, v in per_step.items()},
        "triples": triples,
    }


def main(runs: int = 5) -> dict:
    cases = [
        measure("memory", reason=False, runs=runs),
        measure("oxigraph:{tmp}/store", reason=False, runs=runs),
        measure("oxigraph:{tmp}/store", reason=True, runs=max(1, runs // 2)),
    ]
    result = {"machine": f"{platform.machine()} {platform.python_version()}", "cases": cases}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "build.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# tkg build",
        "",
        f"Median of repeated runs on one machine ({result['machine']}), measured in one run.",
        "",
        "| store | reasoning | total s | ratio to in-memory build without reasoning |",
        "|---|---|---|---|",
    ]
    base = cases[0]["median_total_s"]
    for case in cases:
        reasoner = "HermiT" if case["reason"] else "no"
        total = case["median_total_s"]
        lines.append(f"| {case['store']} | {reasoner} | {total} | {total / base:.1f}x |")
    (RESULTS / "build.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
