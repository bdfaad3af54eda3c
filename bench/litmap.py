"""Scale of the literature maps: a synthetic corpus of N documents citing 10·N works with
100 in-text citations each (each in a sentence of a paragraph of its document), loaded into
the embedded store (Oxigraph, in memory, its parser reading a stream), then its
sentence-level co-citation map computed by ``kg.litmap.build_map`` (SPARQL rows, pair
counts, networkx graph, degree, PageRank, Louvain). Each size runs in a fresh process so
that its peak RSS is its own.

``python -m bench.litmap [N ...]`` (default 1000 2500 5000 10000) writes
``bench/results/litmap.json`` and ``.md``. Targets at N = 10,000 (100,000 works, 1,000,000
citations): under 60 s for load + map, under 4 GiB peak RSS.

The triples follow ``kg/ingest/rdf.py``: pointer ``c4o:denotes`` reference,
``dct:isPartOf`` text, ``c4o:hasContext`` sentence; reference ``biro:references`` work;
sentence ``frbr:partOf`` paragraph ``frbr:partOf`` text; text ``frbr:realizationOf`` work;
each work a title and a ``fabio:hasPublicationYear``. Works are drawn with a skew (a few
are cited very often, most rarely), as in real bibliographies.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
ID = "https://w3id.org/technocracy/id/"
C4O = "http://purl.org/spar/c4o/"
DCT = "http://purl.org/dc/terms/"
FRBR = "http://purl.org/vocab/frbr/core#"
BIRO = "http://purl.org/spar/biro/"
FABIO = "http://purl.org/spar/fabio/"
GYEAR = "http://www.w3.org/2001/XMLSchema#gYear"
CITATIONS_PER_DOC = 100
WORKS_PER_DOC = 10
PARAGRAPHS = 10
SENTENCES = 4  # per paragraph


def _document(d: int, n_works: int, rng: random.Random) -> bytes:
    g = f"<https://w3id.org/technocracy/graph/corpus/doc{d}>"
    text, doc = f"<{ID}text/doc{d}>", f"<{ID}work/doc{d}>"
    lines = [f"{text} <{FRBR}realizationOf> {doc} {g} ."]
    for p in range(PARAGRAPHS):
        para = f"<{ID}paragraph/doc{d}/{p}>"
        lines.append(f"{para} <{FRBR}partOf> {text} {g} .")
        for s in range(SENTENCES):
            lines.append(f"<{ID}sentence/doc{d}/{p * SENTENCES + s}> <{FRBR}partOf> {para} {g} .")
    referenced = set()
    for c in range(CITATIONS_PER_DOC):
        work = int(n_works * rng.random() ** 3)  # skewed: low numbers are cited most
        sentence = rng.randrange(PARAGRAPHS * SENTENCES)
        pointer, ref = f"<{ID}citation/doc{d}/{c}>", f"<{ID}reference/doc{d}/w{work}>"
        lines.append(f"{pointer} <{C4O}denotes> {ref} {g} .")
        lines.append(f"{pointer} <{DCT}isPartOf> {text} {g} .")
        lines.append(f"{pointer} <{C4O}hasContext> <{ID}sentence/doc{d}/{sentence}> {g} .")
        if work not in referenced:
            referenced.add(work)
            lines.append(f"{ref} <{BIRO}references> <{ID}work/w{work}> {g} .")
    return ("\n".join(lines) + "\n").encode()


def _works(n_works: int, rng: random.Random) -> bytes:
    g = "<https://w3id.org/technocracy/graph/bibliography>"
    lines = []
    for w in range(n_works):
        work = f"<{ID}work/w{w}>"
        lines.append(f'{work} <{DCT}title> "Work number {w}" {g} .')
        lines.append(
            f'{work} <{FABIO}hasPublicationYear> "{rng.randint(1960, 2024)}"^^<{GYEAR}> {g} .'
        )
    return ("\n".join(lines) + "\n").encode()


class _Stream:
    """A file-like object over generated N-Quads, so the corpus is never held whole."""

    def __init__(self, docs: int, seed: int = 1) -> None:
        rng = random.Random(seed)
        n_works = docs * WORKS_PER_DOC
        self._chunks = iter([_works(n_works, rng)])
        self._docs = (_document(d, n_works, rng) for d in range(docs))
        self._buffer = b""
        self.bytes = 0

    def _next(self) -> bytes:
        for source in (self._chunks, self._docs):
            chunk = next(source, None)
            if chunk is not None:
                return chunk
        return b""

    def read(self, size: int = -1) -> bytes:
        if size < 0:
            out = self._buffer + b"".join(iter(self._next, b""))
            self._buffer = b""
        else:
            parts, have = [self._buffer], len(self._buffer)
            while have < size:
                chunk = self._next()
                if not chunk:
                    break
                parts.append(chunk)
                have += len(chunk)
            joined = b"".join(parts)
            out, self._buffer = joined[:size], joined[size:]
        self.bytes += len(out)
        return out


def run_one(docs: int) -> dict:
    """Load and map one size in this process; return the figures."""
    import pyoxigraph as ox

    from kg.litmap import Filters, build_map
    from kg.litmap.networks import measure
    from kg.store import OxigraphStore

    if True:
        store = OxigraphStore()  # in memory: queries run ~10x faster than on disk here
        started = time.perf_counter()
        stream = _Stream(docs)
        # Oxigraph's parser reads the stream itself: kg.store's load() parses into Python
        # quads first, which a corpus of millions of triples cannot afford.
        store._store.load(stream, ox.RdfFormat.N_QUADS)
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        import kg.litmap.networks as networks

        timings: dict[str, float] = {}
        original = networks.measure

        def timed_measure(g):  # split the map's time: counting vs. metrics
            timings["counted"] = time.perf_counter() - started
            original(g)

        networks.measure = timed_measure
        try:
            built = build_map(store, "cocitation", Filters(grain="sentence"))
        finally:
            networks.measure = measure
        mapped = time.perf_counter() - started
        quads = len(store._store)
        store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    return {
        "documents": docs,
        "works": docs * WORKS_PER_DOC,
        "citations": docs * CITATIONS_PER_DOC,
        "quads": quads,
        "nquads_bytes": stream.bytes,
        "load_seconds": round(loaded, 2),
        "map_seconds": round(mapped, 2),
        "map_rows_and_pairs_seconds": round(timings.get("counted", 0), 2),
        "map_metrics_seconds": round(mapped - timings.get("counted", 0), 2),
        "total_seconds": round(loaded + mapped, 2),
        "peak_rss_bytes": peak,
        "nodes": built.graph.number_of_nodes(),
        "edges": built.graph.number_of_edges(),
        "communities": max(c for _, c in built.graph.nodes(data="community")),
    }


def main(sizes: list[int] | None = None) -> dict:
    """Run each size in a child process; write the results."""
    sizes = sizes or [1000, 2500, 5000, 10000]
    runs = []
    for docs in sizes:
        out = subprocess.run(
            [sys.executable, "-m", "bench.litmap", "--one", str(docs)],
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(runs[-1]), file=sys.stderr)
    base = runs[0]
    for run in runs:
        run["time_ratio_to_first"] = round(run["total_seconds"] / base["total_seconds"], 2)
        run["size_ratio_to_first"] = round(run["documents"] / base["documents"], 2)
    result = {
        "benchmark": "litmap: synthetic corpus load + sentence-level co-citation map",
        "machine": "2 cores (shared), 24 GiB",
        "targets": {"seconds": 60, "peak_rss_bytes": 4 * 1024**3, "at_documents": 10000},
        "runs": runs,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "litmap.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "litmap.md").write_text(_markdown(result))
    return result


NOTES = """\
Reading the figures: memory stays under the 4 GiB target (about 0.34 GiB per million
citations); time does not meet 60 s at 10,000 documents on this shared 2-core machine.
Time grows faster than size: the in-memory load grows about 35x for 10x the data (the
store's indexes outgrow the caches), the map about 15x (1.2 million distinct co-citation
edges: the SPARQL rows, the pair counts and the networkx graph are Python objects, and
PageRank plus igraph's Louvain take the rest). Tried and measured on the way: the on-disk
store with Oxigraph's bulk loader loads about as fast but answers the map's query about 10x
slower; networkx's own Louvain takes about 5 s per 100,000 edges (so maps over 20,000
edges use igraph's C Louvain); one lean query per grain halves the row cost of the full
pointer query. What would meet the target: counting pairs inside the store (a SPARQL
GROUP BY over sentence co-occurrence) or in a columnar tool (numpy over integer ids) rather
than per-row Python objects, and loading once into a persistent store instead of per run.
The machine's load average was about 5 during the run (five engineers share 2 cores).
"""


def _markdown(result: dict) -> str:
    rows = [
        "| documents | works | citations | quads | load s | map s (rows+pairs / metrics) "
        "| total s | × time | × size | peak RSS | nodes | edges |",
        "|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["runs"]:
        rows.append(
            f"| {r['documents']:,} | {r['works']:,} | {r['citations']:,} | {r['quads']:,} "
            f"| {r['load_seconds']} | {r['map_seconds']} ({r['map_rows_and_pairs_seconds']} / "
            f"{r['map_metrics_seconds']}) | {r['total_seconds']} | {r['time_ratio_to_first']} "
            f"| {r['size_ratio_to_first']} | {r['peak_rss_bytes'] / 1024**3:.2f} GiB "
            f"| {r['nodes']:,} | {r['edges']:,} |"
        )
    last = result["runs"][-1]
    verdict = (
        f"At {last['documents']:,} documents: {last['total_seconds']} s "
        f"(target 60 s) and {last['peak_rss_bytes'] / 1024**3:.2f} GiB peak RSS (target 4 GiB)."
    )
    return (
        "# Literature maps at scale\n\n"
        "`python -m bench.litmap`: a synthetic corpus (N documents, 10·N works, 100 in-text "
        "citations per document in 40 sentences of 10 paragraphs) loaded into an in-memory "
        "Oxigraph store, then the sentence-level co-citation map computed with "
        "`kg.litmap.build_map` (SPARQL rows, pair counts, networkx graph, degree, PageRank, "
        "Louvain). One fresh process per size; peak RSS from `getrusage`. Figures from one "
        "run on a 2-core machine shared with other work.\n\n"
        + "\n".join(rows)
        + f"\n\n{verdict}\n\n"
        + NOTES
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(run_one(int(sys.argv[2]))))
    else:
        main([int(a) for a in sys.argv[1:]] or None)
