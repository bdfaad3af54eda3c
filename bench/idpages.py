"""How long an ``/id/`` page takes on a large store, pages that exist and 404s alike.

The store (on disk) holds the built chapter graph and a generated graph of about ``n``
triples: resources under ``/id/gen/`` with a type, labels, links to each other, and one in
forty with an anchor (quotation, page), so that the store's anchors grow with it. The API
(``api.create_app`` over the store opened read-only) is served by uvicorn on 127.0.0.1 in a
child process and asked for each page (HTML) ``runs`` times after a warm-up; the median
and the slowest are recorded. ``--before DIR`` serves the same store from another tree of
the code (the one before the change) as well, for before/after figures in one run.

Writes ``bench/results/idpages.json`` and ``bench/results/idpages.md``.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
ID = "https://w3id.org/technocracy/id/"
TECH = "https://w3id.org/technocracy/ontology#"
OA = "http://www.w3.org/ns/oa#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
PAGES = {
    "work": "/id/work/vanolo2014smartmentality",
    "person": "/id/person/vanolo-alberto",
    "anchor": "/id/anchor/smartmentality",
    "generated": "/id/gen/r12345",
    "generated, anchored": "/id/gen/r40",
    "404": "/id/work/no-such-work",
    "404 (other kind)": "/id/gen/no-such-thing",
}


def generated(n: int) -> bytes:
    """About ``n`` N-Triples lines of generated resources (6 each, 12 with an anchor)."""
    lines = []
    count = n // 6
    for i in range(count):
        s = f"<{ID}gen/r{i}>"
        lines += [
            f"{s} {RDF_TYPE} <{TECH}GeneratedThing> .",
            f'{s} <http://www.w3.org/2000/01/rdf-schema#label> "generated thing {i}"@en .',
            f'{s} <http://purl.org/dc/terms/title> "Title of thing {i}" .',
            f"{s} <http://purl.org/dc/terms/references> <{ID}gen/r{(i * 7919) % count}> .",
            f"{s} <http://purl.org/dc/terms/relation> <{ID}gen/r{(i * 104729) % count}> .",
            f'{s} <http://purl.org/dc/terms/identifier> "gen-{i}" .',
        ]
        if i % 40 == 0:
            a, q = f"<{ID}anchor/gen-{i}>", f"<{ID}anchor/gen-{i}#quote>"
            lines += [
                f"{s} <{TECH}anchor> {a} .",
                f"{a} {RDF_TYPE} <{TECH}Anchor> .",
                f"{a} <{OA}hasSelector> {q} .",
                f"{q} {RDF_TYPE} <{OA}TextQuoteSelector> .",
                f'{q} <{OA}exact> "a quotation about thing {i}" .',
                f'{a} <{TECH}page> "{i % 300}" .',
            ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def make_store(path: Path, n: int) -> dict:
    from kg.build import build
    from kg.store import OxigraphStore

    store = OxigraphStore(path)
    built = sum(build(store, reason=False).triples.values())
    started = time.perf_counter()
    store._store.bulk_load(generated(n), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(ID + "gen"))
    loaded = time.perf_counter() - started
    term = next(iter(store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").rows()))["n"]
    total = int(term.value) if term is not None else 0
    store.close()
    return {"built_triples": built, "total_triples": total, "generate_load_s": round(loaded, 1)}


def serve(store: Path, port: int, code: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(code)}
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "serve", str(store), str(port)],
        env=env,
        cwd=ROOT,
    )


def measure(url: str, runs: int) -> dict:
    out = {}
    with httpx.Client(base_url=url, headers={"Accept": "text/html"}, timeout=120) as client:
        deadline = time.time() + 120
        while True:
            try:
                client.get(PAGES["work"])
                break
            except httpx.TransportError:
                if time.time() > deadline:
                    raise
                time.sleep(0.5)
        for name, page in PAGES.items():
            for _ in range(2):
                client.get(page)
            times, status = [], None
            for _ in range(runs):
                started = time.perf_counter()
                response = client.get(page)
                times.append((time.perf_counter() - started) * 1000)
                status = response.status_code
            out[name] = {
                "page": page,
                "status": status,
                "median_ms": round(statistics.median(times), 1),
                "max_ms": round(max(times), 1),
            }
    return out


def main(
    sizes: tuple[int, ...] = (1_000_000, 3_000_000), runs: int = 15, before: Path | None = None
) -> dict:
    from bench.sparql_backends import free_port

    trees = ({"before": before} if before else {}) | {"after": ROOT}
    cases = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "store"
            made = make_store(path, n)
            case: dict = {"generated": n, **made, "pages": {}}
            for label, code in trees.items():
                port = free_port()
                server = serve(path, port, code)
                try:
                    case["pages"][label] = measure(f"http://127.0.0.1:{port}", runs)
                finally:
                    server.terminate()
                    server.wait(30)
            cases.append(case)
            print(json.dumps(case), file=sys.stderr, flush=True)
    result = {
        "machine": f"{platform.machine()} {platform.python_version()}, pyoxigraph {ox.__version__}",
        "note": "a 2-core machine shared with other jobs while measuring (run under nice)",
        "runs": runs,
        "cases": cases,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "idpages.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    labels = list(trees)
    lines = [
        "# /id/ pages on a large store",
        "",
        f"One run on one machine ({result['machine']}); {result['note']}. The store holds the",
        "built chapter graph and a generated graph (resources under /id/gen/, one in forty",
        "with an anchor); each page (HTML) is asked for",
        f"{runs} times after a warm-up, through `create_app` served by uvicorn on 127.0.0.1.",
        "Median milliseconds (slowest in brackets).",
        "",
    ]
    for case in cases:
        lines += [
            f"## {case['total_triples']:,} triples",
            "",
            "| page | status | " + " | ".join(f"{label} ms" for label in labels) + " |",
            "|---|---|" + "---|" * len(labels),
        ]
        for name in PAGES:
            got = [case["pages"][label][name] for label in labels]
            cells = [f"{g['median_ms']} ({g['max_ms']})" for g in got]
            status = case["pages"][labels[-1]][name]["status"]
            lines.append(f"| {name} | {status} | " + " | ".join(cells) + " |")
        lines.append("")
    (RESULTS / "idpages.md").write_text("\n".join(lines), encoding="utf-8")
    return result


def _serve(store: str, port: int) -> None:  # pragma: no cover - in a child
    import uvicorn

    from api import create_app
    from kg.settings import Settings
    from kg.store import OxigraphStore

    app = create_app(
        Settings(store="memory", update_token=None), OxigraphStore(store, read_only=True)
    )
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        _serve(sys.argv[2], int(sys.argv[3]))
    else:
        args = sys.argv[1:]
        before = Path(args[args.index("--before") + 1]) if "--before" in args else None
        sizes = tuple(int(a) for a in args if a.isdigit()) or (1_000_000, 3_000_000)
        print(json.dumps(main(sizes, before=before), indent=2))
