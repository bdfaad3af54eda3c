"""``tkg build``: the default corpus into the store, one named graph at a time.

Each graph is made in memory, checked by parsing, given its provenance and then
swapped in atomically, so a failure leaves the store as it was, and building
twice yields the same graphs.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.bib.graph import bibliography_graph, load_document
from kg.buildcache import fingerprint, inputs_key, keep_graphs, kept_file, load_kept
from kg.buildkey import build_key, graph_sizes, is_current, record
from kg.errors import InputError
from kg.rdf import graphs
from kg.rdf.ntriples import Lines
from kg.rdf.provenance import Input, add_provenance
from kg.resources import corpus_file, ontology_file
from kg.store import Store

__all__ = [
    "DEFAULT_DOCUMENT",
    "BuildReport",
    "build",
    "built_state",
    "from_kept",
    "load_graph",
    "reason_built",
]

DEFAULT_DOCUMENT = "kitchin2019smart"

Step = Callable[[str], None]


@dataclass
class BuildReport:
    """What a build wrote: triples per graph and seconds per step."""

    triples: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: the store already held this build (same key): nothing was written
    current: bool = False

    @property
    def total(self) -> int:
        return sum(self.triples.values())


def _parse_turtle(path: Path) -> bytes:
    """``path``'s Turtle as N-Triples, parsed by Oxigraph (strict, and twenty times faster
    than rdflib on the ontology); a syntax error names the file, line and column."""
    import pyoxigraph as ox

    try:
        triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.as_uri())
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    except (SyntaxError, ValueError) as exc:
        raise InputError(f"Turtle does not parse: {exc}", where=str(path)) from exc


def load_graph(
    store: Store, graph_iri: str, g: Graph | bytes, inputs: list[Input], *, activity: str
) -> int:
    """Swap in ``g`` (a graph, or N-Triples) as ``graph_iri``, with its provenance record;
    returns its size."""
    body = g if isinstance(g, bytes) else g.serialize(format="nt", encoding="utf-8")
    record = Lines()
    add_provenance(record, graph_iri, inputs, activity=activity)
    provenance = "".join(f"{line}\n" for line in record).encode("utf-8")
    return store.replace_graph(graph_iri, body + b"\n" + provenance, format="nt")


def _not_in(store: Store, lines: list[str], others: tuple[str, ...]) -> list[str]:
    """``lines`` (N-Triples) without the triples the graphs ``others`` already hold, so that
    each triple lives in one graph and the union default graph has no duplicates."""
    import pyoxigraph as ox

    held: set = set()
    for iri in others:
        held.update(
            store.query(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {ox.NamedNode(iri)} {{ ?s ?p ?o }} }}"
            ).triples()
        )
    lines = [line for line in lines if line.strip()]
    # one parse for all lines: each line is one triple, so quads and lines pair up
    quads = ox.parse("\n".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    kept = [line for line, quad in zip(lines, quads, strict=True) if quad.triple not in held]
    return kept


def _corpus(
    store: Store, document: str, facts_path: Path, corpus_dir: Path | None, report: BuildReport
) -> int:
    """The document's corpus graph: its curated facts and what ingesting its text finds
    (from the text when at hand, else from the committed snapshot), swapped in at once."""
    from kg.ingest.snapshot import chapter_lines, snapshot_path

    lines: list[str] = []
    inputs: list[Input] = []
    if facts_path.is_file():
        lines.extend(_parse_turtle(facts_path).decode("utf-8").splitlines())
        inputs.append(Input(f"kg/corpus/{facts_path.name}", facts_path.read_bytes()))
    if corpus_file(f"{document}.yaml").is_file():
        try:
            ingested, source, data = chapter_lines(store, document, corpus_dir)
        except InputError as exc:
            if snapshot_path(document).is_file() or corpus_dir is not None:
                raise
            report.notes.append(f"{document}: text not ingested ({exc})")
        else:
            lines.extend(_not_in(store, ingested, (graphs.ONTOLOGY, graphs.BIBLIOGRAPHY)))
            inputs.append(Input(Path(source).name, data))
            report.notes.append(f"{document}: citations and contexts from {Path(source).name}")
    record = Lines()
    add_provenance(record, graphs.corpus(document), inputs, activity="build-corpus")
    lines.extend(record)
    body = "\n".join(line for line in lines if line.strip()).encode("utf-8")
    return store.replace_graph(graphs.corpus(document), body, format="nt")


def _argmap_step(store: Store, path: Path) -> Callable[[], int]:
    """Load one curated argument map (``kg/corpus/{doc}.argdown``) into ``graph:argmap/{doc}``."""

    def step() -> int:
        from kg.argmap.storage import load_file

        return load_file(store, path, doc=path.stem)[2]

    return step


def build(
    store: Store,
    *,
    document: str = DEFAULT_DOCUMENT,
    reason: bool = True,
    corpus_dir: Path | None = None,
    step: Step | None = None,
    force: bool = False,
) -> BuildReport:
    """Build the ontology, bibliography, corpus and argument-map graphs (and, with
    ``reason``, the inferred graph) for ``document`` from the curated files shipped in
    ``kg/corpus/``.

    With ``reason``, a build whose key (:mod:`kg.buildkey`: the files it reads, the code,
    the sizes of the store's graphs) is the one the last build recorded changes nothing:
    it is skipped, and ``report.current`` says so, unless ``force``.
    """
    report = BuildReport()
    say = step or (lambda _msg: None)
    empty = not store.graphs()
    if reason:
        from kg.ingest.snapshot import text_path

        text = text_path(document, corpus_dir)
        key = build_key(store, document=document, text=text)
        if not force and is_current(store, key):
            report.current = True
            sizes = graph_sizes(store)
            report.triples = {g: sizes[g] for g in _built(document) if g in sizes}
            report.notes.append(
                "up to date: the ontology, facts, corpus, argument maps, code and graphs are "
                "those of the last build; nothing rebuilt (--force rebuilds)"
            )
            _ontology_page(report).join()  # made only if none is kept for this ontology
            return report

    def timed(name: str, action: Callable[[], int]) -> None:
        say(name)
        started = time.perf_counter()
        report.triples[name] = action()
        report.seconds[name] = time.perf_counter() - started

    onto_path = ontology_file()
    timed(
        graphs.ONTOLOGY,
        lambda: load_graph(
            store,
            graphs.ONTOLOGY,
            _parse_turtle(onto_path),
            [Input(f"ontology/{onto_path.name}", onto_path.read_bytes())],
            activity="build-ontology",
        ),
    )

    csl_path = corpus_file("references.csl.json")
    doc_path = corpus_file(f"{document}.yaml")
    if not doc_path.is_file():
        raise InputError(f"no document description {doc_path.name} in kg/corpus/", where=document)

    def bibliography() -> int:
        try:
            items = json.loads(csl_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(f"CSL-JSON does not parse: {exc}", where=str(csl_path)) from exc
        g = bibliography_graph(items, load_document(doc_path))
        inputs = [
            Input(f"kg/corpus/{csl_path.name}", csl_path.read_bytes()),
            Input(f"kg/corpus/{doc_path.name}", doc_path.read_bytes()),
        ]
        return load_graph(store, graphs.BIBLIOGRAPHY, g, inputs, activity="build-bibliography")

    timed(graphs.BIBLIOGRAPHY, bibliography)

    facts_path = corpus_file(f"{document}.facts.ttl")
    timed(graphs.corpus(document), lambda: _corpus(store, document, facts_path, corpus_dir, report))
    for argdown in sorted(corpus_file("").glob("*.argdown")):
        timed(graphs.argmap(argdown.stem), _argmap_step(store, argdown))
    if reason:
        say(graphs.INFERRED)
        # the ontology's page (pyLODE) in a thread while HermiT reasons in its JVM; not
        # in ``tkg serve``'s own reasoning, which shares its process with the requests
        page = _ontology_page(report)
        try:
            # into an empty store, the graphs depend on the inputs alone: kept for the next
            reason_built(store, document=document, corpus_dir=corpus_dir, report=report, keep=empty)
        finally:
            page.join()
    return report


def built_state(store: Store, document: str = DEFAULT_DOCUMENT) -> str:
    """What ``store`` holds in the graphs a build of ``document`` writes before reasoning.
    Given to :func:`reason_built`, which keeps the finished build (:mod:`kg.buildcache`)
    only if those graphs are still the same then and the store holds no other: no write
    came in between."""
    return fingerprint(store, _built(document)[:-1])


def from_kept(
    store: Store, *, document: str = DEFAULT_DOCUMENT, corpus_dir: Path | None = None
) -> BuildReport | None:
    """Give an empty ``store`` the kept build of the same inputs (:mod:`kg.buildcache`), all
    of it or nothing; None when none is kept (then build)."""
    from kg.ingest.snapshot import text_path

    key = inputs_key(store, document=document, text=text_path(document, corpus_dir))
    started = time.perf_counter()
    if not load_kept(store, key):
        return None
    report = BuildReport(current=True)
    sizes = graph_sizes(store)
    report.triples = {g: sizes[g] for g in _built(document) if g in sizes}
    report.seconds["kept"] = time.perf_counter() - started
    report.notes.append(f"the build of these inputs was kept: loaded from {kept_file(key)}")
    return report


def reason_built(
    store: Store,
    *,
    document: str = DEFAULT_DOCUMENT,
    corpus_dir: Path | None = None,
    report: BuildReport | None = None,
    keep: str | bool = False,
) -> BuildReport:
    """The last step of a build: HermiT's inferred graph, and the build's key recorded in
    it. ``tkg serve`` runs it on its own, once it serves a store it built without it.

    ``keep``: the build began with an empty store, so the finished build is kept for the
    next empty store (``kg.buildcache``) if the store holds only the build's graphs; given as
    the :func:`built_state` the build left, only if those graphs are still the same (no
    write came in between: ``tkg serve`` reasons while it serves).
    """
    from kg.ingest.snapshot import text_path
    from kg.owl.reason import java_executable
    from kg.owl.reason import reason as run_reasoner

    report = report if report is not None else BuildReport()
    if java_executable() is None:
        report.notes.append("no Java runtime: skipped reasoning (install a JRE, then `tkg reason`)")
        return report
    started = time.perf_counter()
    result = run_reasoner(store)
    text = text_path(document, corpus_dir)
    record(store, build_key(store, document=document, text=text))
    report.triples[graphs.INFERRED] = result.inferred
    report.seconds[graphs.INFERRED] = time.perf_counter() - started
    names = _built(document)
    unchanged = keep is True or (bool(keep) and built_state(store, document) == keep)
    if unchanged and sorted(store.graphs()) == sorted(names):
        key = inputs_key(store, document=document, text=text)
        if keep_graphs(store, key, names) is not None:
            report.notes.append(f"kept for the next empty store: {kept_file(key)}")
    return report


def _ontology_page(report: BuildReport) -> threading.Thread:
    """The ontology's documentation page (pyLODE, :mod:`kg.owl.ontodoc`) made and kept for
    ``/ontology`` in a thread, started; nothing is made when a page of the ontology's key is
    kept already or there is no build cache. A failure is a note: the server then makes the
    page at its first request."""

    def make() -> None:
        from kg.owl.ontodoc import keep_ontology_html, page_file, page_key

        file = page_file(page_key())
        if file is None or file.is_file():
            return
        started = time.perf_counter()
        try:
            kept = keep_ontology_html()
        except Exception as exc:  # noqa: BLE001 - pyLODE's own errors: the server retries
            report.notes.append(f"the ontology's page was not made ({type(exc).__name__}: {exc})")
            return
        report.seconds["ontology page"] = time.perf_counter() - started
        if kept is not None:
            report.notes.append(f"the ontology's page (pyLODE), for /ontology: {kept}")

    thread = threading.Thread(target=make, name="tkg-ontology-page", daemon=True)
    thread.start()
    return thread


def _built(document: str) -> list[str]:
    """The graphs a build of ``document`` writes, in the order it writes them."""
    argmaps = [graphs.argmap(path.stem) for path in sorted(corpus_file("").glob("*.argdown"))]
    return [
        graphs.ONTOLOGY,
        graphs.BIBLIOGRAPHY,
        graphs.corpus(document),
        *argmaps,
        graphs.INFERRED,
    ]
