"""How long the pages take the server: home, lists, the reader, a work, a concept, the
argument explorer (and its picture, concept form and a claim), a literature map's viewer,
a named query's results, the SPARQL editor and search; on the chapter alone, and beside
synthetic papers. Targets: under 300 ms server time each on the chapter, under 1 s on a
store holding 1,000 synthetic papers.

Stores are kept on disk under ``--stores DIR`` and made only when missing (minutes each), so
that later runs measure the same stores: ``DIR/store0`` holds the chapter (``tkg build``,
HermiT's inferences too); ``DIR/storeN`` the chapter and the first N papers of
:mod:`bench.synthetic` (about 8,000 words and 50 references each, written as text files
to ``DIR/papers``), made from the next smaller store by ``tkg ingest``'s own path
(:func:`kg.ingest.corpus.ingest_corpus`, two worker processes; the papers already in are
skipped). For the measurement a store is copied into memory, as ``tkg serve`` answers from
an in-memory copy when it fits (:func:`kg.store.executor.zygote.load_copy`), and the API is
served by uvicorn on 127.0.0.1 in a thread of this process, asked for each page as a
browser asks (``Accept: text/html``, no ``If-None-Match``: every answer is computed),
``runs`` times after a warm-up. Recorded per page: the median and slowest wall-clock time
of the answer and the median CPU time of this process for it (server and client), with the
machine's load average.

Writes ``bench/results/pages.json`` and ``bench/results/pages.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import threading
import time
from pathlib import Path

import httpx
import uvicorn

RESULTS = Path(__file__).resolve().parent / "results"
DOC = "/documents/kitchin2019smart"
MAP = "/argmaps/kitchin2019smart"
TOWNSEND = "https%3A%2F%2Fw3id.org%2Ftechnocracy%2Fid%2Fwork%2Ftownsend2013smart"
TARGET_MS = {0: 300, 1000: 1000}
PAGES = {
    "home": "/",
    "documents": "/documents",
    "reader": DOC,
    "reference list": f"{DOC}/references",
    "works": "/works",
    "work": "/works/townsend2013smart",
    "concepts": "/concepts",
    "concept": "/concepts/Smartmentality",
    "ontology": "/ontology",
    "argument explorer": MAP,
    "argument picture (SVG)": f"{MAP}/picture",
    "concept form": f"{MAP}/concepts",
    "works by concept": f"{MAP}/concepts?concept=HumanOffTheLoopSystem",
    "claim": f"{MAP}/claims/algorithmic-technocracy",
    "literature maps": "/litmaps",
    "co-citation viewer": "/litmaps/cocitation?format=html",
    "co-citation viewer (all works)": "/litmaps/cocitation?format=html&top=0",
    "queries": "/queries",
    "named query (work-citations)": f"/queries/work-citations?format=html&work={TOWNSEND}",
    "SPARQL editor": "/sparql",
    "search": "/search?q=smartmentality&format=html",
}
#: where there are papers, search also for words of their sentences (thousands of hits)
PAPER_SEARCH = {"search (papers' sentences)": "/search?q=epistemic+community&format=html"}
#: a synthetic paper's own pages, measured where there are papers
PAPER_PAGES = {
    "reader (synthetic paper0)": "/documents/paper0",
    "work (synthetic paper0)": "/works/paper0",
}


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _tree_cpu() -> float:
    """CPU ms of this process and its descendants (the query workers, which the process's
    own CPU time leaves out): what the server spent, less swayed by the machine's load."""
    tick, parents, used = os.sysconf("SC_CLK_TCK"), {}, {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        parents[int(pid)], used[int(pid)] = int(fields[1]), int(fields[11]) + int(fields[12])
    tree, grown = {os.getpid()}, True
    while grown:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree, grown = tree | more, bool(more)
    return sum(used[pid] for pid in tree) * 1000 / tick


def _warm(client: httpx.Client, url: str) -> tuple[float, float, float | None]:
    """One request before measuring: its wall-clock and CPU time in ms (what a page keeps
    per store state, ``api.memo``, costs the first time), and, when it answered that its
    work goes on in the background (202, ``api.memo.in_background``), the ms until the page,
    asked again as its script does (every 2 s), shows the answer. A 503 is asked again.
    Gives up after ten minutes."""
    deadline = time.monotonic() + 600
    started, used = time.perf_counter(), _tree_cpu()
    response = client.get(url)
    wall, cpu = (time.perf_counter() - started) * 1000, _tree_cpu() - used
    pending = response.status_code == 202
    while response.status_code in (202, 503) and time.monotonic() < deadline:
        time.sleep(2 if response.status_code == 202 else 1)
        response = client.get(url)
    response.raise_for_status()
    return wall, cpu, (time.perf_counter() - started) * 1000 if pending else None


def measure(base: str, runs: int, pages: dict[str, str]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    with httpx.Client(timeout=300, headers={"accept": "text/html"}) as client:
        for name, path in pages.items():
            load = _load()  # a run of some pages (--only) keeps the first run's averages
            try:
                first, first_cpu, ready = _warm(client, base + path)
            except httpx.HTTPError as exc:
                out[name] = {"error": f"{type(exc).__name__} on the first request"}
                continue
            wall, cpu = [], []
            for _ in range(runs):
                started, used = time.perf_counter(), _tree_cpu()
                client.get(base + path).raise_for_status()
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append(_tree_cpu() - used)
            print(f"  {name}: {statistics.median(wall):.0f} ms", flush=True)
            out[name] = {
                "median_ms": round(statistics.median(wall), 1),
                "max_ms": round(max(wall), 1),
                "cpu_ms": round(statistics.median(cpu), 1),
                "first_ms": round(first, 1),
                "first_cpu_ms": round(first_cpu, 1),
                "cpu": "tree",  # this process's and its workers' (before: this process's)
                "load_average": load,
                **({"ready_ms": round(ready, 1)} if ready is not None else {}),
            }
    return out


def _papers(folder: Path, papers: int) -> list[Path]:
    """The first ``papers`` synthetic papers as text files in ``folder`` (written once)."""
    from bench.synthetic import corpus

    folder.mkdir(parents=True, exist_ok=True)
    files = [folder / f"paper{n}.txt" for n in range(papers)]
    if not all(f.exists() for f in files):
        for paper, path in zip(corpus(papers), files, strict=True):
            path.write_text(paper.text, encoding="utf-8")
    return files


def _replicate(path: Path, ingested: int, papers: int) -> None:
    """Papers ``ingested`` to ``papers - 1`` as copies of the ingested ones' graphs (paper
    ``m`` is paper ``m % ingested`` under its own id: its IRIs and identifier renamed), bulk
    loaded into the store at ``path`` a hundred papers at a time (one load each: a load per
    paper took seconds of compaction): a store of that size without hours of analysis.
    Papers already there are left as they are."""
    import pyoxigraph as ox

    from kg.rdf import graphs

    store = ox.Store(str(path))
    try:
        there = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
        sources = {
            n: store.dump(
                format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graphs.corpus(f"paper{n}"))
            ).decode("utf-8")
            for n in range(ingested)
        }
        wanted = [m for m in range(ingested, papers) if graphs.corpus(f"paper{m}") not in there]
        for first in range(0, len(wanted), 100):
            batch = []
            for m in wanted[first : first + 100]:
                n = m % ingested
                renamed = re.sub(rf"\bpaper{n}\b", f"paper{m}", sources[n])
                graph = f" <{graphs.corpus(f'paper{m}')}> .\n"
                batch.append(renamed.replace(" .\n", graph))
            store.bulk_load("".join(batch).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    finally:
        del store


def make_store(stores: Path, papers: int, smaller: int | None, ingested: int | None = None) -> dict:
    """``stores/store{papers}``, made if missing: the chapter built, or the store of
    ``smaller`` papers copied and the rest ingested as ``tkg ingest DIR --workers 2`` does;
    with ``ingested``, only papers up to that many are ingested and the rest copied from
    them (:func:`_replicate`)."""
    from kg.build import build
    from kg.ingest.corpus import ingest_corpus
    from kg.store import OxigraphStore

    path = stores / f"store{papers}"
    about = path.with_name(path.name + ".json")  # how it was made, for later runs
    if path.exists():
        return {**(json.loads(about.read_text()) if about.exists() else {}), "made": False}
    started = time.perf_counter()
    partial = path.with_name(path.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    if smaller is None:
        store = OxigraphStore(partial)
        build(store, reason=True)
    else:
        shutil.copytree(stores / f"store{smaller}", partial)
        store = OxigraphStore(partial)
    analysed = papers if ingested is None else min(papers, ingested)
    try:
        if analysed:
            ingest_corpus(store, _papers(stores / "papers", analysed), workers=2)
    finally:
        store.close()
    if analysed < papers:
        _replicate(partial, analysed, papers)
    partial.rename(path)
    made = {"make_s": round(time.perf_counter() - started, 1), "ingested": analysed}
    made["copied"] = papers - analysed
    about.write_text(json.dumps(made))
    return {**made, "made": True}


def make_index(stores: Path, papers: int) -> dict:
    """The full-text index beside ``stores/store{papers}``, made if missing as ``tkg ingest``
    keeps it (:func:`kg.cli.search.keep_in_step`: each paper's text registered, then every
    graph with text indexed), timed; the copies of papers register their source's text."""
    from kg.rdf import graphs
    from kg.search import SearchIndex, index_path
    from kg.settings import Settings
    from kg.store import OxigraphStore

    path = stores / f"store{papers}"
    file = index_path(f"oxigraph:{path}")
    assert file is not None
    about = file.with_name(file.name + ".json")
    if file.exists() and about.exists():
        return {**json.loads(about.read_text()), "index_made": False}
    made = json.loads(path.with_name(path.name + ".json").read_text()) if papers else {}
    texts = _papers(stores / "papers", made.get("ingested", papers)) if papers else []
    started, used = time.perf_counter(), time.process_time()
    store = OxigraphStore(path, read_only=True)
    index = SearchIndex(file, corpus_dir=Settings().corpus_dir)
    try:
        for m in range(papers):
            index.register_text(graphs.corpus(f"paper{m}"), texts[m % len(texts)])
        index.sync(store)
        size = index.size()
    finally:
        index.close()
        store.close()
    done = {
        "index_s": round(time.perf_counter() - started, 1),
        "index_cpu_s": round(time.process_time() - used, 1),
        "index_texts": size,
    }
    about.write_text(json.dumps(done))
    return {**done, "index_made": True}


def _serve(
    store, index: Path | None = None, budget: int | None = None, settle: dict | None = None
) -> tuple[str, uvicorn.Server, threading.Thread]:
    """The API over ``store`` on 127.0.0.1 in a thread, searching the index file ``index``
    (kept in step by the app's keeper thread, as ``tkg serve`` keeps the one beside its
    store); ten minutes a query; ``budget``: ``TKG_MEMORY_BUDGET`` (None: as set).
    ``settle``: wait until the query workers' in-memory copy, if one is loading, is ready
    and the store's files are read into the page cache (``kg.store.executor.readahead``):
    the server's start, done; and put the seconds that took there (``settle_s``)."""
    from api import create_app
    from api.routes.search import keeper_of
    from kg.search import IndexKeeper
    from kg.settings import Settings
    from kg.store.executor.readahead import wait_read

    settings = Settings(store="memory", update_token=None, query_timeout=600)
    if budget is not None:
        settings = settings.model_copy(update={"memory_budget": budget})
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    app = create_app(settings, store)
    if index is not None:
        app.state.search_keeper = IndexKeeper(store, index, corpus_dir=settings.corpus_dir)
        keeper = keeper_of(app)
        keeper.start()
        while keeper.behind():  # its comparison at start, done before anything is measured
            time.sleep(0.2)
    config = uvicorn.Config(app, lifespan="on", ws="none", log_config=None, access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    executor = getattr(app.state, "executor", None)
    if settle is not None and executor is not None:
        started = time.perf_counter()
        settle["in_memory"] = executor.wait_for_memory(600)
        settle["read_ahead"] = wait_read(Path(store.path), 600)
        settle["settle_s"] = round(time.perf_counter() - started, 1)
    return f"http://127.0.0.1:{sock.getsockname()[1]}", server, thread


def run(
    stores: Path,
    runs: int,
    papers: int,
    serve: str = "memory",
    only: list[str] | None = None,
    settle: bool = True,
) -> dict:
    """The pages over the store of ``papers`` papers, copied into memory (``serve``
    ``memory``, served in this process's threads) or opened read-only (``disk``: served as
    ``tkg serve`` serves a store on disk, by query worker processes). ``settle``: on disk,
    the first visits come once the workers' in-memory copy is loaded (the server's start
    over), not while it loads on the other core."""
    from kg.owl.ontodoc import keep_ontology_html, kept_ontology_html
    from kg.search import index_path
    from kg.store import OxigraphStore
    from kg.store.executor.zygote import load_copy

    started = time.perf_counter()
    path = stores / f"store{papers}"
    store = load_copy(str(path), {}) if serve == "memory" else OxigraphStore(path, read_only=True)
    copied = round(time.perf_counter() - started, 1)
    (quads,) = store.query("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }").rows()
    index = index_path(f"oxigraph:{path}")
    made = index is not None and index.with_name(index.name + ".json").exists()
    # beside 1,000 papers on disk, no in-memory copy: its loading would take a core while
    # the first visits are measured, and they would then be answered from it
    budget = 0 if serve == "disk" and papers >= 1000 else None
    settled: dict = {}
    # the ontology's page, as `tkg build` keeps it (made here once if the store was built
    # before builds made it): /ontology serves it (kg.owl.ontodoc)
    page_started = time.perf_counter()
    if kept_ontology_html() is None and keep_ontology_html() is not None:
        settled["ontology_page_s"] = round(time.perf_counter() - page_started, 1)
    base, server, thread = _serve(
        store, index if made else None, budget, settled if settle else None
    )
    shown = dict(PAGES)
    if not made:  # search is measured over an index made beforehand (``make_index``)
        del shown["search"]
    if papers:
        shown.update(PAPER_SEARCH if made else {})
        shown.update(PAPER_PAGES)
    if only:
        shown = {name: path for name, path in shown.items() if name in only}
    print(f"{papers} papers ({quads['n'].value} quads):", flush=True)  # type: ignore[union-attr]
    try:
        before = _load()
        pages = measure(base, runs, shown)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()
    return {
        "papers": papers,
        "serve": serve,
        "quads": int(quads["n"].value),  # type: ignore[union-attr]
        "open_s": copied,
        **settled,
        "load_average": {"before": before, "after": _load()},
        "pages": pages,
    }


def _cell(run: dict | None, name: str) -> str:
    timing = (run or {}).get("pages", {}).get(name)
    if timing is None:
        return "–"
    if "error" in timing:
        return timing["error"]
    first = f"{timing['first_ms']:.0f}"
    if "first_cpu_ms" in timing:
        first += f" / {timing['first_cpu_ms']:.0f}"
    if "ready_ms" in timing:
        first += f"; 202, the map after {timing['ready_ms'] / 1000:.1f} s"
    return f"{timing['median_ms']:.0f} / {timing['cpu_ms']:.0f} ({first})"


def _name(run: dict) -> str:
    """A run's column: its store, and its label when it has one (``before``)."""
    what = "chapter" if run["papers"] == 0 else f"+{run['papers']} papers ({run['quads']:,} quads)"
    served = "in memory" if run.get("serve", "memory") == "memory" else "on disk"
    return what + f", {served}" + (f", {run['label']}" if run.get("label") else "")


def _slow(run: dict, target: float) -> list[str]:
    """The pages over ``target`` ms, by their median or their first request."""
    return [
        n
        for n, t in run["pages"].items()
        if max(t.get("median_ms", 1e9), t.get("first_ms", 0)) > target
    ]


def _markdown(result: dict) -> str:
    runs = result["stores"]
    head = " | ".join(_name(r) for r in runs)
    names = list(dict.fromkeys(n for r in runs for n in r["pages"]))
    rows = [f"| {name} | " + " | ".join(_cell(r, name) for r in runs) + " |" for name in names]
    loads = "; ".join(
        f"{_name(r)}: {r['load_average']['before']} before, {r['load_average']['after']} after"
        for r in runs
    )
    over = []
    for r in runs:
        target = TARGET_MS[0] if r["papers"] == 0 else TARGET_MS[1000]
        slow = _slow(r, target)
        over.append(f"{_name(r)}, over {target} ms (median or first): {', '.join(slow) or 'none'}")
    served = (
        " (each column says how): in memory, over an in-memory copy of an on-disk store "
        "(as `tkg serve` answers when the store fits its memory budget); on disk, over the "
        "on-disk store opened read-only and served as `tkg serve` serves one, by query "
        "worker processes (so the CPU column counts the server's own work and the "
        "client's, not the workers'), from the store on disk until their in-memory copy "
        "(`TKG_MEMORY_BUDGET`, 0 here for 1,000 papers: none) is loaded"
    )
    settled = "; ".join(f"{_name(r)}: {r['settle_s']} s" for r in runs if "settle_s" in r)
    if settled:
        served += (
            ". Runs that give `settle_s` in `pages.json` measured the first visits once the "
            "server's start was over (its workers' in-memory copy loaded, which takes a core "
            f"meanwhile; {settled}); the others at once, while it loaded (`--no-settle`)"
        )
    copies = list({r["papers"]: r for r in runs if r.get("copied")}.values())
    copied = "".join(
        f"; of the {r['papers']} papers, {r['ingested']} were ingested so and the other "
        f"{r['copied']} are copies of their graphs under new ids (`--ingested`, or an "
        "ingest cut short: analysing them all takes long on this busy machine)"
        for r in copies
    )
    return (
        "# The pages' server time\n\n"
        f"`python -m bench.pages`: {result['runs']} requests per page after a warm-up, "
        "`Accept: text/html`, to uvicorn on 127.0.0.1 in a thread of the measuring process"
        + served
        + ": the chapter built with HermiT's inferences, then with synthetic papers "
        "(`bench/synthetic.py`, about 8,000 words and 50 references each) ingested as "
        f"`tkg ingest DIR --workers 2` does{copied}. Each cell: the median wall-clock ms per "
        "page / the median CPU ms this process spent on it (server and client; less "
        "swayed by the machine's load than the wall clock; in the runs marked `cpu: tree` "
        "in `pages.json`, with its query workers'), and in brackets the first "
        "request's wall-clock ms / CPU ms (what is kept per store state, `api.memo`, is "
        "computed then: a scholar's first visit; a page whose work goes on in the "
        "background answers 202 and says so, and the cell adds when the answer was there, "
        "asked again every 2 s as the page does); the slowest are in `pages.json`. Targets: "
        f"under {TARGET_MS[0]} ms on the chapter, under {TARGET_MS[1000]} ms with 1,000 "
        "papers. Search answers from the full-text index beside the store (`kg.search`), "
        "made as `tkg ingest` keeps it (its time: `index_s` in `pages.json`) and kept in "
        "step by the app's keeper thread, whose comparison at start ends before anything "
        "is measured; with papers it also looks for words of their sentences. "
        f"{result['cpus']} CPUs shared with other work, Python {result['python']}; "
        f"load averages (1, 5, 15 min): {loads}.\n\n"
        f"| page | {head} |\n|---|"
        + "---|" * len(runs)
        + "\n"
        + "\n".join(rows)
        + "\n\n"
        + "".join(f"- {line}\n" for line in over)
        + "".join(f"\n{note}\n" for note in result.get("notes", []))
    )


def main(
    stores: Path,
    runs: int = 7,
    papers: list[int] | None = None,
    ingested: int | None = None,
    serve: str = "memory",
    label: str | None = None,
    index: bool = True,
    only: list[str] | None = None,
    settle: bool = True,
) -> dict:
    sizes = sorted(set(papers if papers is not None else [0, 100, 1000]))
    made = {}
    for size in sizes:  # each made from the next smaller store there is
        smaller = max((n for n in [0, 100, 1000] if n < size), default=None)
        made[size] = make_store(stores, size, smaller, ingested)
        if index:
            made[size].update(make_index(stores, size))
    result: dict = {}
    for size in sizes:  # the results written after each store: a long run cut short keeps some
        measured = {**run(stores, runs, size, serve, only, settle), **made[size]}
        result = _write(runs, {**measured, **({"label": label} if label else {})}, bool(only))
    return result


def _write(runs: int, measured: dict, some: bool = False) -> dict:
    """``measured`` written into the results beside the stores measured before (a run
    with another store or label stays: a store of 1,000 papers is measured on its own);
    ``some`` pages of a run (``--only``) are put into the run of that store and label."""
    before = RESULTS / "pages.json"
    kept = json.loads(before.read_text())["stores"] if before.exists() else []
    now = (measured["papers"], measured.get("label"))
    same = [r for r in kept if (r["papers"], r.get("label")) == now]
    if some and same:
        pages = {**same[0]["pages"], **measured["pages"]}
        measured = {**same[0], **{k: v for k, v in measured.items() if "index" in k}}
        measured["pages"] = pages
    kept = [r for r in kept if (r["papers"], r.get("label")) != now and "serve" in r]
    notes = json.loads(before.read_text()).get("notes", []) if before.exists() else []
    result = {
        "notes": notes,  # what a run could not record in its columns, written by hand
        "runs": runs,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "stores": sorted(
            [*kept, measured], key=lambda r: (r["papers"], r.get("label") != "before")
        ),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "pages.json").write_text(json.dumps(result, indent=1) + "\n")
    (RESULTS / "pages.md").write_text(_markdown(result))
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--papers",
        type=int,
        nargs="*",
        default=[0, 100, 1000],
        help="the stores of N papers to measure (0: the chapter alone)",
    )
    parser.add_argument(
        "--stores", type=Path, default=Path("/tmp/tkg-bench-pages"), help="where stores are kept"
    )
    parser.add_argument(
        "--ingested",
        type=int,
        help="analyse and ingest at most N papers; the rest are copies of those under new ids",
    )
    parser.add_argument(
        "--serve",
        choices=["memory", "disk"],
        default="memory",
        help="serve an in-memory copy of each store in threads, or the store on disk, "
        "read-only, by query workers as tkg serve does",
    )
    parser.add_argument(
        "--label", help="a name for this run's columns (`before`: kept beside the later runs)"
    )
    parser.add_argument(
        "--no-index",
        action="store_true",
        help="make no search index: search is measured only where one was made before",
    )
    parser.add_argument(
        "--only", nargs="*", help="measure these pages alone, into the run of that store and label"
    )
    parser.add_argument(
        "--no-settle",
        action="store_true",
        help="on disk, measure the first visits at once, while the workers' in-memory copy "
        "may still be loading (by default they wait until it is: settle_s in pages.json)",
    )
    options = parser.parse_args()
    result = main(
        options.stores,
        options.runs,
        options.papers,
        options.ingested,
        options.serve,
        options.label,
        not options.no_index,
        options.only,
        not options.no_settle,
    )
    print(json.dumps(result, indent=1))
