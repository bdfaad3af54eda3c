"""The key of a build: what it read, hashed, so that a rebuild that would change nothing
says so and stops.

The key covers the files a build reads (ontology, bibliography, document description,
facts, argument maps, and the chapter's text, or its snapshot when the text is not at
hand), the code that reads them (every module of the ``kg`` package and the named queries),
and the size of every graph in the store but the inferred one: a graph written since the
build (an ingested paper, a SPARQL update, a load) changes what HermiT would infer, so it
changes the key. The key is kept in the inferred graph, written last, as one more input of
its provenance record (``prov:wasDerivedFrom`` an entity with ``tech:sha256``); a build
that stops half-way leaves the old key or none, never a key for graphs it did not write.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox

from kg.rdf import graphs
from kg.rdf.namespaces import DCTERMS, ID, PROV
from kg.rdf.vocab import TECH
from kg.resources import corpus_file, ontology_file
from kg.store import Store

__all__ = ["KEY_NAME", "build_key", "graph_sizes", "input_lines", "is_current", "record"]

#: The name the key's entity carries (``dcterms:identifier``).
KEY_NAME = "build inputs"
_CODE = Path(__file__).resolve().parent


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "absent"


def _code_digest() -> str:
    """The modules of ``kg`` and the named queries, by relative path and content."""
    h = hashlib.sha256()
    roots = [_CODE, _CODE.parent / "queries"]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.suffix in {".py", ".rq", ".js"}):
            h.update(str(path.relative_to(root.parent)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def graph_sizes(store: Store) -> dict[str, int]:
    """The number of triples in each named graph of ``store``."""
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    sizes: dict[str, int] = {}
    for row in rows.rows():
        graph, count = row["g"], row["n"]
        if isinstance(graph, ox.NamedNode) and isinstance(count, ox.Literal):
            sizes[graph.value] = int(count.value)
    return sizes


def input_lines(document: str, text: Path | None) -> list[str]:
    """What a build of ``document`` reads, one line per input: each file's name and digest,
    the text's (``text``: when at hand), and the code's (:func:`build_key` without the
    store's graphs)."""
    from kg.version import __version__

    files = [
        ontology_file(),
        corpus_file("references.csl.json"),
        corpus_file(f"{document}.yaml"),
        corpus_file(f"{document}.facts.ttl"),
        corpus_file(f"{document}.ingest.nt"),
        *sorted(corpus_file("").glob("*.argdown")),
    ]
    lines = [f"{path.name} {_digest(path)}" for path in files]
    lines.append(f"text {_digest(text) if text is not None else 'absent'}")
    lines.append(f"code {__version__} {_code_digest()}")
    return lines


def build_key(store: Store, *, document: str, text: Path | None) -> str:
    """The key of building ``document`` into ``store`` now (``text``: its text, when at hand)."""
    lines = input_lines(document, text)
    sizes = graph_sizes(store)
    lines.extend(f"{g} {n}" for g, n in sorted(sizes.items()) if g != graphs.INFERRED)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def is_current(store: Store, key: str) -> bool:
    """Whether the inferred graph records ``key`` as the key of the build that wrote it."""
    graph = ox.NamedNode(graphs.INFERRED)
    # a SELECT, not an ASK: Virtuoso 7 answers true to an ASK of a GRAPH pattern over a
    # graph it does not hold
    return bool(
        store.query(
            f"SELECT ?input WHERE {{ GRAPH {graph} {{ {graph} <{PROV.wasDerivedFrom}> ?input . "
            f'?input <{TECH.sha256}> "{key}" ; <{DCTERMS.identifier}> "{KEY_NAME}" }} }} LIMIT 1'
        ).rows()
    )


def record(store: Store, key: str) -> None:
    """Add ``key`` to the inferred graph's provenance (after the build wrote it)."""
    graph = ox.NamedNode(graphs.INFERRED)
    entity = ox.NamedNode(str(ID[f"file/{key}"]))
    store.update(
        f"INSERT DATA {{ GRAPH {graph} {{ {graph} <{PROV.wasDerivedFrom}> {entity} . "
        f'{entity} a <{PROV.Entity}> ; <{DCTERMS.identifier}> "{KEY_NAME}" ; '
        f'<{TECH.sha256}> "{key}" }} }}',
        graphs=[graphs.INFERRED],
    )
