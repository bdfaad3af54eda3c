"""``tkg reason``: HermiT, through owlready2, over everything asserted in the store.

owlready2 reads N-Triples (not Turtle), so the asserted graphs are exported from
the store as N-Triples and loaded into a fresh owlready2 ``World``. HermiT sees the
schema and the nodes its axioms reach; the text layer (sentences, mentions, selectors),
whose terms carry only domains, ranges and sub-classes, is closed over the hierarchy
HermiT classified (:mod:`kg.owl.scope`), with the same result in a fraction of the time.
The JVM starts as :mod:`kg.owl.jvm` says (its quick compiler, and the class-data archive
``make setup`` made). HermiT checks consistency and classifies; what it adds is swapped
into the inferred graph in one transaction. When the facts are inconsistent nothing is
written: the store keeps its last good inferred graph, and the error names the individuals
at fault.
"""

from __future__ import annotations

import io
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS

from kg.errors import InconsistentError, JavaMissingError, ReasonerError
from kg.owl.jvm import hermit_classpath, java_executable, launcher
from kg.owl.scope import DECLARATIONS, Scope, split
from kg.rdf import graphs
from kg.rdf.namespaces import PREFIXES
from kg.rdf.provenance import Input, add_provenance
from kg.store import Store, serialize_rdf
from kg.store.formats import rdf_format

__all__ = ["ReasonResult", "diagnose", "java_executable", "reason"]

JAVA_HINT = (
    "HermiT needs a Java runtime (java 11 or newer) and none was found on the PATH or in "
    "JAVA_HOME; install one, e.g. `apt-get install default-jre-headless` on Debian/Ubuntu, "
    "or run `make setup`, which installs it"
)

_ASSERTED = f"""
CONSTRUCT {{ ?s ?p ?o }}
WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != {ox.NamedNode(graphs.INFERRED)}) }}
"""

# Individuals typed (through the asserted class hierarchy) with two disjoint classes.
_DISJOINT_CLASH = """
SELECT DISTINCT ?x ?c1 ?c2 WHERE {
  { ?c1 owl:disjointWith ?c2 }
  UNION { ?c2 owl:disjointWith ?c1 }
  UNION { ?all a owl:AllDisjointClasses ; owl:members ?list .
          ?list rdf:rest*/rdf:first ?c1 . ?list rdf:rest*/rdf:first ?c2 . FILTER (?c1 != ?c2) }
  ?x rdf:type/rdfs:subClassOf* ?c1 .
  ?x rdf:type/rdfs:subClassOf* ?c2 .
  FILTER (STR(?c1) < STR(?c2))
} ORDER BY ?x ?c1 ?c2
"""

# Individuals with two values of a functional property.
_FUNCTIONAL_CLASH = """
SELECT DISTINCT ?x ?p ?v1 ?v2 WHERE {
  ?p a owl:FunctionalProperty .
  ?x ?p ?v1 , ?v2 .
  FILTER (STR(?v1) < STR(?v2))
  FILTER NOT EXISTS { ?v1 owl:sameAs ?v2 }
} ORDER BY ?x ?p
"""


@dataclass
class ReasonResult:
    """What a reasoner run did."""

    asserted: int
    inferred: int
    seconds: float


def _prefixed(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    if isinstance(term, ox.NamedNode):
        for prefix, ns in PREFIXES.items():
            if term.value.startswith(ns) and term.value != ns:
                return f"{prefix}:{term.value[len(ns) :]}"
        return f"<{term.value}>"
    return str(term)


def diagnose(store: Store) -> tuple[list[str], list[str]]:
    """Name the individuals behind an inconsistency, with one reason each.

    Looks for the two clashes facts most often cause: two disjoint types, and two
    values of a functional property.
    """
    offenders: list[str] = []
    reasons: list[str] = []
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    for row in store.query(prologue + _DISJOINT_CLASH).rows():
        offenders.append(row["x"].value if isinstance(row["x"], ox.NamedNode) else str(row["x"]))
        reasons.append(
            f"{_prefixed(row['x'])} is both {_prefixed(row['c1'])} and {_prefixed(row['c2'])}, "
            "which are disjoint"
        )
    for row in store.query(prologue + _FUNCTIONAL_CLASH).rows():
        offenders.append(row["x"].value if isinstance(row["x"], ox.NamedNode) else str(row["x"]))
        reasons.append(
            f"{_prefixed(row['x'])} has two values of the functional property "
            f"{_prefixed(row['p'])}: {_prefixed(row['v1'])} and {_prefixed(row['v2'])}"
        )
    return sorted(set(offenders)), reasons


#: owlready2's own class path for HermiT (a folder of patched classes, then the jar)
_PLAIN_CLASSPATH = ""


def _run_hermit(ntriples: bytes, java: str, individuals: set[str]) -> bytes:
    """Run HermiT over N-Triples; return the inferred triples as N-Triples."""
    import owlready2
    import owlready2.reasoning
    from owlready2.base import OwlReadyInconsistentOntologyError

    global _PLAIN_CLASSPATH
    _PLAIN_CLASSPATH = _PLAIN_CLASSPATH or owlready2.reasoning._HERMIT_CLASSPATH
    shared = hermit_classpath()  # the class-data archive `make setup` made, if any
    owlready2.reasoning._HERMIT_CLASSPATH = shared[0] if shared else _PLAIN_CLASSPATH
    with tempfile.TemporaryDirectory(prefix="tkg-reason-") as tmp:
        owlready2.JAVA_EXE = launcher(java, Path(tmp), shared[1] if shared else None)
        source = Path(tmp) / "asserted.nt"
        source.write_bytes(ntriples)
        world = owlready2.World()
        try:
            world.get_ontology(source.as_uri()).load(format="ntriples")
            # outside any `with ontology:` block, owlready2 files what HermiT infers
            # under the ontology http://inferrences/, apart from the asserted facts
            owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
        except OwlReadyInconsistentOntologyError as exc:
            raise InconsistentError(
                "HermiT found the facts inconsistent", offenders=[], reasons=[]
            ) from exc
        except (OSError, owlready2.OwlReadyJavaError) as exc:
            raise ReasonerError(f"HermiT failed: {str(exc).strip().splitlines()[-1]}") from exc
        out = io.BytesIO()
        world.get_ontology("http://inferrences/").save(file=out, format="ntriples")
        out.write(_entailed_types(world, individuals))
        world.close()
    return out.getvalue()


def _entailed_types(world, individuals: set[str]) -> bytes:
    """Every named class each named individual belongs to, after classification.

    HermiT reports only the most specific types; writing the whole closure lets a
    plain query ask ``?x a foaf:Agent`` without property paths over the hierarchy.
    """
    import owlready2

    lines = []
    for iri in sorted(individuals):
        individual = world[iri]
        if not isinstance(individual, owlready2.Thing):
            continue
        for cls in individual.INDIRECT_is_a:
            if isinstance(cls, owlready2.ThingClass) and cls is not owlready2.Thing:
                lines.append(f"<{iri}> <{RDF_TYPE}> <{cls.iri}> .\n")
    return "".join(lines).encode("utf-8")


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_INFERENCES_ONTOLOGY = ox.NamedNode("http://inferrences")
_TRIVIAL_OBJECTS = {
    "http://www.w3.org/2002/07/owl#Thing",
    "http://www.w3.org/2002/07/owl#NamedIndividual",
}


def reason(store: Store, *, scoped: bool = True) -> ReasonResult:
    """Check consistency and write what HermiT infers into the inferred graph.

    ``scoped`` gives HermiT the schema and the nodes its axioms reach, and closes the rest
    here (:mod:`kg.owl.scope`); without it HermiT sees everything (the same result, slower:
    ``tests/owl/test_scope.py`` compares the two).

    Raises ``JavaMissingError`` without Java and ``InconsistentError`` (naming the
    offending individuals) when the facts contradict the ontology; in both cases the
    store is left as it was.
    """
    java = java_executable()
    if java is None:
        raise JavaMissingError(JAVA_HINT)
    started = time.perf_counter()
    asserted = store.query(_ASSERTED).triples()
    ntriples = serialize_rdf(asserted, rdf_format("nt"))
    scope = split(asserted) if scoped else Scope(core=list(asserted))
    seen = scope.core + scope.bridges
    try:
        raw = _run_hermit(serialize_rdf(seen, rdf_format("nt")), java, _individuals(seen))
    except InconsistentError as exc:
        offenders, reasons = diagnose(store)
        detail = "; ".join(reasons) if reasons else "no single clash found by the diagnosis"
        raise InconsistentError(
            f"the facts are inconsistent: {detail}", offenders=offenders, reasons=reasons
        ) from exc
    known = set(asserted)
    inferred_graph = ox.NamedNode(graphs.INFERRED)
    hermit = [quad.triple for quad in ox.parse(raw, format=ox.RdfFormat.N_TRIPLES)]
    fresh = []
    for triple in dict.fromkeys([*hermit, *scope.bridges, *scope.closure(hermit, asserted)]):
        if (
            triple in known
            # HermiT names no anonymous individual's types or values; neither does the closure
            or isinstance(triple.subject, ox.BlankNode)
            or isinstance(triple.object, ox.BlankNode)
            or triple.subject == _INFERENCES_ONTOLOGY
            or (isinstance(triple.object, ox.NamedNode) and triple.object.value in _TRIVIAL_OBJECTS)
        ):
            continue
        fresh.append(triple)
    fresh.extend(_provenance_triples(ntriples))
    body = serialize_rdf(
        [ox.Quad(t.subject, t.predicate, t.object, inferred_graph) for t in fresh],
        rdf_format("nq"),
    )
    count = store.replace_graph(graphs.INFERRED, body, format="nq")
    return ReasonResult(len(asserted), count, time.perf_counter() - started)


_OWL_META = DECLARATIONS | {
    "http://www.w3.org/2002/07/owl#" + name
    for name in (
        "Restriction",
        "AllDifferent",
        "AllDisjointClasses",
        "FunctionalProperty",
        "TransitiveProperty",
        "InverseFunctionalProperty",
        "SymmetricProperty",
        "AsymmetricProperty",
        "ReflexiveProperty",
        "IrreflexiveProperty",
    )
}


def _individuals(asserted: list[ox.Triple]) -> set[str]:
    """The named individuals of the data: subjects typed with a class that is not
    part of OWL's own vocabulary."""
    rdf_type = ox.NamedNode(RDF_TYPE)
    return {
        t.subject.value
        for t in asserted
        if t.predicate == rdf_type
        and isinstance(t.subject, ox.NamedNode)
        and isinstance(t.object, ox.NamedNode)
        and t.object.value not in _OWL_META
    }


def _provenance_triples(ntriples: bytes) -> list[ox.Triple]:
    g = Graph()
    add_provenance(g, graphs.INFERRED, [Input("asserted graphs", ntriples)], activity="reason")
    for activity in g.subjects(RDF.type, PROV.Activity):
        g.add((activity, RDFS.comment, Literal("HermiT, run through owlready2")))
    data = g.serialize(format="nt", encoding="utf-8")
    return [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
