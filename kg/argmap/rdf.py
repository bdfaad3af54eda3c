"""An ``ArgMap`` as RDF in the Argument Interchange Format (AIF), and back.

::

    statement  -> aif:I-node     aif:claimText, dct:title (its title)
    argument   -> aif:RA-node    aif:Premise (each premise), aif:Conclusion (its conclusion),
                                 dct:description (its gist), dct:type (its scheme, if clear)
    support    -> aif:RA-node    aif:Premise (the supporter), aif:Conclusion (the supported)
    attack     -> aif:CA-node    aif:Conflicting (the attacker), aif:Conflicted (the attacked);
                                 contradictions and undercuts say so by dct:type

Every element ``dct:isPartOf`` its map (``https://w3id.org/technocracy/id/argmap/{doc}``)
and its section (``doco:Section``); tags are ``dcat:keyword``; metadata ``quote/start/end/
page`` become a ``tech:Anchor`` (``tech:anchor``), ``cites`` ``cito:citesAsEvidence`` links
to works, ``about`` ``dct:subject`` links to ontology terms. What only Argdown needs to
write the file again (the order of texts and premises, the metadata as given) rides along
as an ``rdf:JSON`` literal (``rdf:value``).

A multi-step premise-conclusion structure is a chain of RA-nodes: each inference is one,
the last is the argument itself, the others ``{argument}/step-{n}``.

>>> from kg.argmap.argdown_parse import parse_argdown
>>> m = parse_argdown("[T]: Thesis.\\n  + <A>: Gist. {cites: [haas1992introduction]}\\n")
>>> g = to_graph(m, "demo")
>>> str(claim_iri("demo", "t")), (claim_iri("demo", "t"), RDF.type, AIF["I-node"]) in g
('https://w3id.org/technocracy/id/claim/demo/t', True)
>>> from_graph(g, "demo").same_as(m)
True
"""

from __future__ import annotations

import json
import re
from typing import Any

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT
from rdflib.term import Node

from kg.argmap.model import ArgMap, Argument, Inference, PcsStep, Ref, Section, Statement
from kg.rdf.namespaces import (
    ANCHOR,
    CITO,
    DCTERMS,
    DCTYPE,
    DOCO,
    ID,
    OA,
    PROV,
    RDF,
    TEXT,
    WORK,
    XSD,
)
from kg.rdf.slugs import slugify
from kg.rdf.vocab import TECH, tech_iri

__all__ = [
    "AIF",
    "SCHEME",
    "SCHEMES",
    "anchor_iri",
    "argument_iri",
    "claim_iri",
    "from_graph",
    "map_iri",
    "slugs",
    "term_of",
    "to_graph",
    "work_of",
]

AIF = Namespace("http://www.arg.dundee.ac.uk/aif#")
SCHEME = Namespace(str(ID) + "scheme/")
RDF_JSON = URIRef(str(RDF) + "JSON")
#: argumentation schemes the curated maps may name (``scheme:`` in an argument's metadata)
SCHEMES = (
    "ExpertOpinion",
    "Example",
    "CauseToEffect",
    "Analogy",
    "Sign",
    "PositionToKnow",
    "Definition",
    "PracticalReasoning",
)
_RELATION_TYPE = {
    "support": (AIF["RA-node"], AIF.Premise, AIF.Conclusion, SCHEME.DefaultInference),
    "attack": (AIF["CA-node"], AIF.Conflicting, AIF.Conflicted, SCHEME.DefaultConflict),
    "contradiction": (AIF["CA-node"], AIF.Conflicting, AIF.Conflicted, SCHEME.Contradiction),
    "undercut": (AIF["CA-node"], AIF.Conflicting, AIF.Conflicted, SCHEME.Undercut),
}
_KIND_OF_SCHEME = {v[3]: k for k, v in _RELATION_TYPE.items()}


def map_iri(doc: str) -> URIRef:
    return URIRef(f"{ID}argmap/{doc}")


def claim_iri(doc: str, slug: str) -> URIRef:
    return URIRef(f"{ID}claim/{doc}/{slug}")


def argument_iri(doc: str, slug: str) -> URIRef:
    return URIRef(f"{ID}argument/{doc}/{slug}")


def anchor_iri(doc: str, ref: Ref, slug: str) -> str:
    """The IRI of an element's anchor (``.../id/anchor/{doc}/claim|argument/{slug}``)."""
    kind = "claim" if ref[0] == "statement" else "argument"
    return f"{ANCHOR}{doc}/{kind}/{slug}"


def slugs(m: ArgMap) -> dict[Ref, str]:
    """A readable slug per element, unique within its kind, stable for a given map."""
    out: dict[Ref, str] = {}
    for kind, titles in (("statement", m.statements), ("argument", m.arguments)):
        taken: set[str] = set()
        for title in titles:
            base = slugify(title) or kind
            slug, n = base, 2
            while slug in taken:
                slug, n = f"{base}-{n}", n + 1
            taken.add(slug)
            out[(kind, title)] = slug
    return out


def _scheme(m: ArgMap, argument: Argument) -> str | None:
    """The scheme named in the metadata, else ExpertOpinion when a premise (or the argument
    itself) rests on a cited work."""
    named = argument.data.get("scheme")
    if isinstance(named, str) and named:
        return named
    cited = bool(argument.data.get("cites")) or any(
        m.statements[p].data.get("cites") for p in argument.premises
    )
    return "ExpertOpinion" if cited else None


def _local(name: str) -> str:
    """A name safe as the last part of an IRI."""
    return re.sub(r"[^\w\-.]", "", name)


def work_of(name: str) -> URIRef:
    """The work a map's ``cites`` names.

    >>> str(work_of("townsend2013smart"))
    'https://w3id.org/technocracy/id/work/townsend2013smart'
    """
    return WORK[_local(name)]


def term_of(name: str) -> URIRef:
    """The ontology term a map's ``about`` names."""
    return tech_iri(_local(name))


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


class _Builder:
    def __init__(self, m: ArgMap, doc: str) -> None:
        self.m, self.doc, self.g = m, doc, Graph()
        self.slug = slugs(m)
        self.map = map_iri(doc)
        text_doc = str(m.frontmatter.get("doc") or doc)
        self.text = TEXT[slugify(text_doc) or doc]

    def iri(self, ref: Ref) -> URIRef:
        make = claim_iri if ref[0] == "statement" else argument_iri
        return make(self.doc, self.slug[ref])

    def section_iri(self, section_id: str) -> URIRef:
        return URIRef(f"{self.map}/section/{section_id}")

    def run(self) -> Graph:
        g, m = self.g, self.m
        for prefix, namespace in (
            ("aif", AIF),
            ("cito", CITO),
            ("oa", OA),
            ("tech", str(TECH)),
            ("doco", DOCO),
            ("dctype", DCTYPE),
            ("work", WORK),
        ):
            g.bind(prefix, namespace)
        g.add((self.map, RDF.type, DCTYPE.Dataset))
        g.add((self.map, RDF.type, PROV.Entity))
        g.add((self.map, DCTERMS.identifier, Literal(self.doc)))
        g.add((self.map, DCTERMS.title, Literal(str(m.frontmatter.get("title") or self.doc))))
        if m.frontmatter.get("source"):
            g.add((self.map, DCTERMS.source, self.text))
            g.add((self.text, DCTERMS.identifier, Literal(str(m.frontmatter["source"]))))
        self.json(
            self.map,
            {
                "frontmatter": m.frontmatter,
                "sections": [[s.id, s.title, s.level, s.parent] for s in m.sections],
            },
        )
        for s in m.sections:
            node = self.section_iri(s.id)
            g.add((node, RDF.type, DOCO.Section))
            g.add((node, DCTERMS.title, Literal(s.title)))
            parent = self.section_iri(s.parent) if s.parent else self.map
            g.add((node, DCTERMS.isPartOf, parent))
        for position, ref in enumerate(m.order):
            self.element(ref, position)
        for relation in m.relations:
            self.relation(relation.kind, relation.source, relation.target)
        return g

    def json(self, node: URIRef, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
        self.g.add((node, RDF.value, Literal(text, datatype=RDF_JSON)))

    def element(self, ref: Ref, position: int) -> None:
        g, node = self.g, self.iri(ref)
        element = self.m.element(ref)
        g.add((node, DCTERMS.title, Literal(element.title)))
        g.add((node, DCTERMS.isPartOf, self.map))
        if element.section:
            g.add((node, DCTERMS.isPartOf, self.section_iri(element.section)))
        for tag in element.tags:
            g.add((node, DCAT.keyword, Literal(tag)))
        details: dict[str, Any] = {"order": position, "tags": element.tags, "data": element.data}
        if isinstance(element, Statement):
            g.add((node, RDF.type, AIF["I-node"]))
            if element.text:
                g.add((node, AIF.claimText, Literal(element.text)))
            details["texts"] = element.texts
        else:
            g.add((node, RDF.type, AIF["RA-node"]))
            for description in element.descriptions[:1]:
                g.add((node, DCTERMS.description, Literal(description)))
            details["texts"] = element.descriptions
            details["pcs"] = [
                [s.title, None if s.inference is None else [s.inference.rules, s.inference.data]]
                for s in element.pcs
            ]
            self.structure(node, element)
            scheme = _scheme(self.m, element)
            if scheme:
                g.add((node, DCTERMS.type, SCHEME[_local(scheme)]))
        self.json(node, details)
        self.grounds(node, ref, element.data)

    def structure(self, node: URIRef, argument: Argument) -> None:
        """Each inference of the structure as an RA-node; the last one is the argument."""
        steps = [i for i, s in enumerate(argument.pcs) if s.is_conclusion]
        begin = 0
        for n, index in enumerate(steps, start=1):
            ra = node if index == steps[-1] else URIRef(f"{node}/step-{n}")
            if ra != node:
                self.g.add((ra, RDF.type, AIF["RA-node"]))
                self.g.add((ra, DCTERMS.isPartOf, node))
            for step in argument.pcs[begin:index]:
                self.g.add((ra, AIF.Premise, self.iri(("statement", step.title))))
            conclusion = argument.pcs[index].title
            self.g.add((ra, AIF.Conclusion, self.iri(("statement", conclusion))))
            begin = index

    def grounds(self, node: URIRef, ref: Ref, data: dict[str, Any]) -> None:
        g = self.g
        for work in _as_list(data.get("cites")):
            g.add((node, CITO.citesAsEvidence, work_of(str(work))))
        for term in _as_list(data.get("about")):
            g.add((node, DCTERMS.subject, term_of(str(term))))
        if "quote" in data and "start" in data and "end" in data:
            anchor = URIRef(anchor_iri(self.doc, ref, self.slug[ref]))
            quote, position = URIRef(f"{anchor}#quote"), URIRef(f"{anchor}#position")
            g.add((node, TECH.anchor, anchor))
            g.add((anchor, RDF.type, TECH.Anchor))
            g.add((anchor, OA.hasSource, self.text))
            g.add((anchor, OA.hasSelector, quote))
            g.add((anchor, OA.hasSelector, position))
            g.add((quote, RDF.type, OA.TextQuoteSelector))
            g.add((quote, OA.exact, Literal(" ".join(str(data["quote"]).split()))))
            g.add((position, RDF.type, OA.TextPositionSelector))
            g.add((position, OA.start, Literal(int(data["start"]), datatype=XSD.integer)))
            g.add((position, OA.end, Literal(int(data["end"]), datatype=XSD.integer)))
            if "page" in data:
                g.add((anchor, TECH.page, Literal(int(data["page"]), datatype=XSD.integer)))

    def relation(self, kind: str, source: Ref, target: Ref) -> None:
        cls, from_p, to_p, scheme = _RELATION_TYPE[kind]
        short = {"statement": "s", "argument": "a"}
        node = URIRef(
            f"{ID}relation/{self.doc}/{kind}/{short[source[0]]}-{self.slug[source]}"
            f"/{short[target[0]]}-{self.slug[target]}"
        )
        self.g.add((node, RDF.type, cls))
        self.g.add((node, from_p, self.iri(source)))
        self.g.add((node, to_p, self.iri(target)))
        self.g.add((node, DCTERMS.type, scheme))
        self.g.add((node, DCTERMS.isPartOf, self.map))


def to_graph(m: ArgMap, doc: str) -> Graph:
    """The map as AIF triples (for the graph ``graphs.argmap(doc)``)."""
    return _Builder(m, doc).run()


def _json(g: Graph, node: Node) -> Any:
    value = g.value(node, RDF.value)
    return json.loads(str(value)) if value is not None else {}


def from_graph(g: Graph, doc: str) -> ArgMap:
    """The map ``to_graph`` wrote for ``doc``, read back from its triples."""
    root = map_iri(doc)
    head = _json(g, root)
    m = ArgMap(frontmatter=head.get("frontmatter", {}))
    m.sections = [Section(*row) for row in head.get("sections", [])]
    found: list[tuple[int, Ref, Node]] = []
    refs: dict[Node, Ref] = {}
    for node in g.subjects(DCTERMS.isPartOf, root):
        label = g.value(node, DCTERMS.title)
        if label is None or (node, RDF.type, DOCO.Section) in g:
            continue
        kind = "statement" if (node, RDF.type, AIF["I-node"]) in g else "argument"
        ref = (kind, str(label))
        refs[node] = ref
        found.append((int(_json(g, node).get("order", 0)), ref, node))
    for _, ref, node in sorted(found):
        details = _json(g, node)
        section = None
        for part in g.objects(node, DCTERMS.isPartOf):
            if (part, RDF.type, DOCO.Section) in g:
                section = str(part).rsplit("/", 1)[-1]
        element: Statement | Argument
        if ref[0] == "statement":
            element = m.statement(ref[1], section=section)
            element.texts = list(details.get("texts") or [])
        else:
            element = m.argument(ref[1], section=section)
            element.descriptions = list(details.get("texts") or [])
            element.pcs = [
                PcsStep(title, None if inf is None else Inference(inf[0], inf[1]))
                for title, inf in details.get("pcs", [])
            ]
        element.tags = list(
            details.get("tags") or sorted(str(t) for t in g.objects(node, DCAT.keyword))
        )
        element.data = dict(details.get("data") or {})
    relations = []
    for node in g.subjects(DCTERMS.isPartOf, root):
        scheme = g.value(node, DCTERMS.type)
        relation = _KIND_OF_SCHEME.get(scheme) if isinstance(scheme, URIRef) else None
        if relation is None:
            continue
        _, from_p, to_p, _ = _RELATION_TYPE[relation]
        source, target = g.value(node, from_p), g.value(node, to_p)
        if source is not None and target is not None and source in refs and target in refs:
            relations.append((str(node), relation, refs[source], refs[target]))
    for _, kind, source_ref, target_ref in sorted(relations):
        m.relate(kind, source_ref, target_ref)
    return m
