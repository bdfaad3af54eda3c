"""The full-text index on the chapter's graph: the whole index built (every graph), the check
each search makes first when nothing changed, and searches of a few words, the median of
each; with ``papers`` synthetic texts ingested beside the chapter (each 60 sentences, every
sentence's words read from its file), the cost of the sync after one more ingest.

``python -m bench.search [PAPERS]`` (default 20) writes ``bench/results/search.json`` and ``.md``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kg.build import build
from kg.ingest.pipeline import ingest
from kg.search import SearchIndex
from kg.store import open_store

RESULTS = Path(__file__).resolve().parent / "results"
WORDS = ["smartmentality", "technocracy", "sidewalk", "urban technocrats", "data trust", "loop"]


def _paper(n: int) -> str:
    lines = [f"# Synthetic paper {n} on the platform city", ""]
    for p in range(6):
        lines.append(f"## Part {p}")
        lines.append(
            " ".join(
                f"Sentence {s} of part {p} in paper {n} says the sidewalk and the data trust "
                f"met the urban technocrats number {n * 100 + s}."
                for s in range(10)
            )
        )
        lines.append("")
    return "\n".join(lines)


def _median_ms(fn, repeat: int = 20) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def measure(papers: int = 20) -> dict:
    """Build the chapter, ingest the papers, index, search; the figures."""
    store = open_store("memory")
    build(store, reason=False)
    with tempfile.TemporaryDirectory() as folder:
        texts = Path(folder)
        for n in range(papers):
            (texts / f"paper{n}.md").write_text(_paper(n), encoding="utf-8")
            ingest(store, texts / f"paper{n}.md", doc_id=f"paper{n}")
        index = SearchIndex(texts / "index.sqlite", corpus_dir=texts)
        started = time.perf_counter()
        entries = index.rebuild(store)
        rebuild_s = time.perf_counter() - started
        unchanged = _median_ms(lambda: index.sync(store))
        searches = {w: _median_ms(lambda w=w: index.search(w, limit=20)) for w in WORDS}
        (texts / "extra.md").write_text(_paper(papers), encoding="utf-8")
        ingest(store, texts / "extra.md", doc_id="extra")
        started = time.perf_counter()
        redone = index.sync(store)
        one_more_s = time.perf_counter() - started
        hits = index.search("sidewalk").total
        index.close()
    store.close()
    return {
        "papers": papers,
        "entries": entries,
        "rebuild_s": round(rebuild_s, 2),
        "sync_unchanged_ms": unchanged,
        "search_ms": searches,
        "sync_after_one_ingest_s": round(one_more_s, 2),
        "graphs_redone": len(redone),
        "sidewalk_hits": hits,
        "load": round(os.getloadavg()[0], 1),
    }


def _markdown(r: dict) -> str:
    rows = "\n".join(
        f"| search `{w}` (20 hits a page) | {ms} ms |" for w, ms in r["search_ms"].items()
    )
    return (
        "# Full-text search (SQLite FTS5) on the chapter and synthetic papers\n\n"
        f"The chapter built (no reasoning) and {r['papers']} papers of 60 sentences ingested; "
        f"load average {r['load']} on the shared two-core machine.\n\n"
        "| what | figure |\n|---|---|\n"
        f"| texts indexed | {r['entries']:,} |\n"
        f"| index built, every graph | {r['rebuild_s']} s |\n"
        f"| the check before each search, nothing changed | {r['sync_unchanged_ms']} ms |\n"
        f"{rows}\n"
        f"| sync after one more paper ({r['graphs_redone']} graph(s) redone) | "
        f"{r['sync_after_one_ingest_s']} s |\n"
        f"| hits for `sidewalk` after it | {r['sidewalk_hits']:,} |\n"
    )


def main(papers: int = 20) -> dict:
    """Measure and write ``bench/results/search.json`` and ``.md``."""
    result = measure(papers)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "search.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "search.md").write_text(_markdown(result))
    return result


if __name__ == "__main__":
    print(json.dumps(main(*[int(a) for a in sys.argv[1:2]]), indent=2))
