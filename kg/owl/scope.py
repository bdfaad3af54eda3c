"""What HermiT must see, and what a closure over the schema gives just as well.

Most of a built or ingested store is text: sentences, paragraphs, mentions, selectors,
citation pointers. Their classes and properties carry no axiom beyond ``rdfs:subClassOf``,
``rdfs:subPropertyOf``, ``rdfs:domain`` and ``rdfs:range`` between *plain* terms, and for
such nodes OWL 2 entails nothing about named classes or named properties that the RDFS
closure of those four does not give (no restriction, equivalence, disjointness, inverse,
chain, key or property characteristic reaches them). HermiT's time grows with the
individuals it realises, so it is given the schema, every node that touches a term with
more axioms, and one typing per link between the two sets; the other nodes' types and
super-property values are closed here, over the class hierarchy HermiT classified.
The schema's own annotations (labels, definitions: two thirds of what is left) carry no
axiom either, and HermiT is not given them.

A term is *plain* when it appears in no OWL axiom but the four above (or is a functional
property: a node with two values of one is left to HermiT), and everything it reaches
through them (super-classes, super-properties, domains, ranges) is plain too. A
node is *bulk* when it is no schema term, and all its asserted types and all the properties
it is subject or object of are plain. Blank nodes can be bulk too (text selectors): with
nominals in the schema, each of HermiT's classification tests carries every individual
along, and the chapter's selectors took most of its time; HermiT names no anonymous
individual's types or values, so none is written about them. The individuals an axiom
names (an ``owl:hasValue``'s) are schema terms. Two disjoint types on a bulk node, an
inconsistency HermiT would no longer see, cannot occur: a disjointness makes both
classes, and all below them, complex.
``tests/owl/test_scope.py`` compares the inferred graph with HermiT's over everything.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

__all__ = ["DECLARATIONS", "Scope", "split"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
TYPE = ox.NamedNode(_RDF + "type")
SUBCLASS = ox.NamedNode(_RDFS + "subClassOf")
SUBPROPERTY = ox.NamedNode(_RDFS + "subPropertyOf")
DOMAIN = ox.NamedNode(_RDFS + "domain")
RANGE = ox.NamedNode(_RDFS + "range")
_THING = _OWL + "Thing"
_FUNCTIONAL = _OWL + "FunctionalProperty"
#: The predicates whose domain and range have a meaning in OWL (annotation properties' do not).
_MEANINGFUL = {_OWL + "ObjectProperty", _OWL + "DatatypeProperty"}
_ANNOTATION = {_OWL + "AnnotationProperty"}
#: The annotation properties OWL 2 builds in.
_OWN_ANNOTATIONS = {_RDFS + n for n in ("label", "comment", "seeAlso", "isDefinedBy")} | {
    _OWL + n
    for n in (
        "versionInfo",
        "deprecated",
        "priorVersion",
        "backwardCompatibleWith",
        "incompatibleWith",
    )
}
#: Declarations: they make a term a schema term, and add no axiom.
DECLARATIONS = {
    _OWL + name
    for name in (
        "Class",
        "ObjectProperty",
        "DatatypeProperty",
        "AnnotationProperty",
        "Ontology",
        "NamedIndividual",
    )
} | {_RDFS + "Class", _RDFS + "Datatype", _RDF + "Property"}
#: Predicates of the schema that add no axiom between terms (labels, comments, versions).
_SCHEMA_PLAIN = {SUBCLASS, SUBPROPERTY, DOMAIN, RANGE}

#: A subject or an object (RDF-star triples included, as pyoxigraph types them).
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass
class Scope:
    """The asserted triples split in two: ``core`` for HermiT, ``bulk`` closed here."""

    core: list[ox.Triple] = field(default_factory=list)
    bulk: list[ox.Triple] = field(default_factory=list)
    #: one typing per link between a core node and a bulk node (the domain or range the link
    #: gives the core node), so that HermiT still sees what the bulk nodes say about it
    bridges: list[ox.Triple] = field(default_factory=list)
    supers_of_property: dict[ox.NamedNode, set[ox.NamedNode]] = field(default_factory=dict)
    domains: dict[ox.NamedNode, set[ox.NamedNode]] = field(default_factory=dict)
    ranges: dict[ox.NamedNode, set[ox.NamedNode]] = field(default_factory=dict)
    bulk_nodes: set[Term] = field(default_factory=set)
    #: annotations of named core nodes (labels, definitions): no axiom, HermiT ignores them
    annotations: list[ox.Triple] = field(default_factory=list)

    def closure(self, hermit: Iterable[ox.Triple], asserted: Iterable[ox.Triple]) -> set[ox.Triple]:
        """The types and super-property values of the bulk nodes: asserted types, the domains
        and ranges of their properties, closed over the class hierarchy (asserted, and
        classified by HermiT in ``hermit``)."""
        parents: dict[ox.NamedNode, set[ox.NamedNode]] = defaultdict(set)
        for t in [*asserted, *hermit]:
            if (
                t.predicate == SUBCLASS
                and isinstance(t.object, ox.NamedNode)
                and isinstance(t.subject, ox.NamedNode)
            ):
                parents[t.subject].add(t.object)
        ancestors: dict[ox.NamedNode, set[ox.NamedNode]] = {}

        def up(cls: ox.NamedNode) -> set[ox.NamedNode]:
            if cls not in ancestors:
                ancestors[cls] = {cls}  # a cycle ends here; equivalences are not plain
                for parent in parents.get(cls, ()):
                    ancestors[cls] |= up(parent)
            return ancestors[cls]

        out: set[ox.Triple] = set()
        for t in self.bulk:
            if t.predicate == TYPE and isinstance(t.object, ox.NamedNode):
                classes = {t.object}
            else:
                classes = set()
                for prop in self.supers_of_property.get(t.predicate, {t.predicate}):
                    if prop != t.predicate:
                        out.add(ox.Triple(t.subject, prop, t.object))
                    if t.subject in self.bulk_nodes:
                        out.update(
                            ox.Triple(t.subject, TYPE, c) for c in self.domains.get(prop, ())
                        )
                    if t.object in self.bulk_nodes and not isinstance(t.object, ox.Literal):
                        out.update(ox.Triple(t.object, TYPE, c) for c in self.ranges.get(prop, ()))
            for cls in classes:
                out.update(ox.Triple(t.subject, TYPE, c) for c in up(cls))
        closed: set[ox.Triple] = set()
        for t in out:
            if t.predicate == TYPE and isinstance(t.object, ox.NamedNode):
                closed.update(ox.Triple(t.subject, TYPE, c) for c in up(t.object))
            else:
                closed.add(t)
        return closed


def _schema(asserted: list[ox.Triple]) -> tuple[set[Term], set[ox.NamedNode]]:
    """The schema's terms, and those of them with an axiom beyond the plain four."""
    terms: set[Term] = set()
    complex_: set[ox.NamedNode] = set()
    for t in asserted:
        if t.predicate == TYPE and isinstance(t.object, ox.NamedNode):
            if t.object.value in DECLARATIONS or t.object.value == _FUNCTIONAL:
                terms.add(t.subject)  # a functional property is checked node by node
            elif t.object.value.startswith(_OWL):  # a characteristic, a restriction, a list...
                terms.add(t.subject)
                if isinstance(t.subject, ox.NamedNode):
                    complex_.add(t.subject)
            continue
        axiom = t.predicate.value.startswith(_OWL) and t.predicate.value != _OWL + "sameAs"
        structural = isinstance(t.subject, ox.BlankNode) and (
            axiom or t.predicate.value.startswith(_RDF) or t.predicate in _SCHEMA_PLAIN
        )
        if axiom or structural:
            for term in (t.subject, t.object):
                if isinstance(term, ox.NamedNode):
                    complex_.add(term)
            # an axiom's individuals (a hasValue's, a oneOf's) are the schema's too
            terms.update(n for n in (t.subject, t.object) if not isinstance(n, ox.Literal))
        elif t.predicate in _SCHEMA_PLAIN:
            terms.update((t.subject, t.object))
            if not isinstance(t.object, ox.NamedNode) or not isinstance(t.subject, ox.NamedNode):
                for term in (t.subject, t.object):
                    if isinstance(term, ox.NamedNode):
                        complex_.add(term)
    return terms, complex_


def _plain(asserted: list[ox.Triple], complex_: set[ox.NamedNode]) -> set[ox.NamedNode]:
    """The complex terms, grown by everything that reaches one through the plain four."""
    reaches: dict[Term, set[Term]] = defaultdict(set)
    for t in asserted:
        if t.predicate in _SCHEMA_PLAIN:
            reaches[t.subject].add(t.object)
    bad = set(complex_)
    if ox.NamedNode(_THING) in bad:
        return bad  # an axiom on owl:Thing reaches every node
    changed = True
    while changed:
        changed = False
        for term, targets in reaches.items():
            if isinstance(term, ox.NamedNode) and term not in bad and targets & bad:
                bad.add(term)
                changed = True
    return bad


def split(asserted: list[ox.Triple]) -> Scope:
    """Split ``asserted`` into what HermiT must see and what :meth:`Scope.closure` closes."""
    terms, complex_ = _schema(asserted)
    bad = _plain(asserted, complex_)
    scope = Scope()
    if ox.NamedNode(_THING) in bad:
        scope.core = list(asserted)
        return scope
    meaningful = {
        t.subject
        for t in asserted
        if t.predicate == TYPE
        and isinstance(t.subject, ox.NamedNode)
        and isinstance(t.object, ox.NamedNode)
        and t.object.value in _MEANINGFUL
    }
    for t in asserted:
        if not isinstance(t.subject, ox.NamedNode) or not isinstance(t.object, ox.NamedNode):
            continue
        if t.predicate == SUBPROPERTY:
            scope.supers_of_property.setdefault(t.subject, {t.subject}).add(t.object)
        elif t.predicate == DOMAIN and t.subject in meaningful:
            scope.domains.setdefault(t.subject, set()).add(t.object)
        elif t.predicate == RANGE and t.subject in meaningful:
            scope.ranges.setdefault(t.subject, set()).add(t.object)
    _close_properties(scope.supers_of_property)
    # a node is held back (stays core) by one complex type or property
    held: set[Term] = set(terms)
    for t in asserted:
        if t.predicate == TYPE:
            held.add(t.object)  # a class, whether declared or not
            if t.object in bad or not isinstance(t.object, ox.NamedNode):
                held.add(t.subject)
        elif t.predicate in bad:
            held.add(t.subject)
            held.add(t.object)
    # two values of a functional property: HermiT decides (an inconsistency, or a sameAs)
    functional = {
        t.subject
        for t in asserted
        if t.predicate == TYPE
        and isinstance(t.object, ox.NamedNode)
        and t.object.value == _FUNCTIONAL
    }
    values: dict[tuple[Term, ox.NamedNode], set[Term]] = defaultdict(set)
    for t in asserted:
        if t.predicate in functional:
            values[(t.subject, t.predicate)].add(t.object)
    held.update(node for (node, _), objects in values.items() if len(objects) > 1)
    nodes: set[Term] = {t.subject for t in asserted}
    nodes.update(t.object for t in asserted if not isinstance(t.object, ox.Literal))
    scope.bulk_nodes = nodes - held
    annotation = _annotation_properties(asserted)
    for t in asserted:
        if t.subject in scope.bulk_nodes:
            scope.bulk.append(t)
            if t.object not in scope.bulk_nodes and not isinstance(t.object, ox.Literal):
                scope.bridges.extend(_typings(scope, t, which=RANGE))
        elif t.object in scope.bulk_nodes:
            scope.bulk.append(t)
            scope.bridges.extend(_typings(scope, t, which=DOMAIN))
        elif t.predicate in annotation and isinstance(t.subject, ox.NamedNode):
            scope.annotations.append(t)
        else:
            scope.core.append(t)
    return scope


def _annotation_properties(asserted: list[ox.Triple]) -> set[ox.NamedNode]:
    """OWL's own annotation properties and those declared so (and not also as another kind)."""
    declared: dict[Term, set[str]] = defaultdict(set)
    for t in asserted:
        if t.predicate == TYPE and isinstance(t.object, ox.NamedNode):
            declared[t.subject].add(t.object.value)
    own = {ox.NamedNode(iri) for iri in _OWN_ANNOTATIONS}
    return own | {
        p
        for p, kinds in declared.items()
        if isinstance(p, ox.NamedNode) and kinds & _ANNOTATION and not kinds & _MEANINGFUL
    }


def _typings(scope: Scope, t: ox.Triple, *, which: ox.NamedNode) -> list[ox.Triple]:
    """The typings a link between the two sets gives its core end."""
    table = scope.ranges if which == RANGE else scope.domains
    node = t.object if which == RANGE else t.subject
    return [
        ox.Triple(node, TYPE, cls)  # type: ignore[arg-type]
        for prop in scope.supers_of_property.get(t.predicate, {t.predicate})
        for cls in table.get(prop, ())
    ]


def _close_properties(supers: dict[ox.NamedNode, set[ox.NamedNode]]) -> None:
    changed = True
    while changed:
        changed = False
        for ups in supers.values():
            more = set().union(*(supers.get(u, {u}) for u in ups)) - ups
            if more:
                ups |= more
                changed = True
