"""An ``ArgMap`` as Mermaid (a flowchart) and as GraphML (through networkx).

>>> from kg.argmap.argdown_parse import parse_argdown
>>> m = parse_argdown("[T]: Thesis.\\n  - <A>: Objection.\\n")
>>> [line for line in to_mermaid(m, "demo").splitlines() if "attacks" in line]
['  a_a -.->|attacks| s_t']
"""

from __future__ import annotations

import io

import networkx as nx

from kg.argmap.model import ArgMap, Ref
from kg.argmap.rdf import anchor_iri, slugs
from kg.argmap.render_dot import EDGE_STYLE, node_id, wrap

__all__ = ["to_graphml", "to_mermaid", "to_networkx"]

#: Mermaid arrows: solid for supports, dotted for attacks, thick for contradictions
_MERMAID_ARROW = {
    "support": "-->",
    "attack": "-.->",
    "contradiction": "<==>",
    "undercut": "--x",
    "premise": "-->",
}


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def to_mermaid(m: ArgMap, doc: str) -> str:
    """A Mermaid flowchart: statements rounded, arguments square; one subgraph per section."""
    slug = slugs(m)
    out = ["flowchart BT"]
    by_section: dict[str | None, list[Ref]] = {}
    for ref in m.order:
        by_section.setdefault(m.element(ref).section, []).append(ref)

    def node(ref: Ref, indent: str) -> str:
        element = m.element(ref)
        lines = [f"<b>{_mermaid_text(element.title)}</b>"]
        lines += [_mermaid_text(line) for line in wrap(element.text, 40, limit=6) if line]
        label = "<br/>".join(lines)
        shape = ('("', '")') if ref[0] == "statement" else ('["', '"]')
        return f"{indent}{node_id(ref, slug)}{shape[0]}{label}{shape[1]}"

    for ref in by_section.pop(None, []):
        out.append(node(ref, "  "))
    for section in m.sections:
        refs = by_section.get(section.id, [])
        if not refs:
            continue
        out.append(f'  subgraph {section.id}["{_mermaid_text(section.title)}"]')
        out.extend(node(ref, "    ") for ref in refs)
        out.append("  end")
    links: list[tuple[str, Ref, Ref]] = []
    for title, argument in m.arguments.items():
        for premise in argument.premises:
            links.append(("premise", ("statement", premise), ("argument", title)))
        if argument.conclusion:
            links.append(("premise", ("argument", title), ("statement", argument.conclusion)))
    links += [(r.kind, r.source, r.target) for r in m.relations]
    styles = []
    for index, (kind, a, b) in enumerate(links):
        label = "" if kind == "premise" else f"|{EDGE_STYLE[kind][3]}|"
        out.append(f"  {node_id(a, slug)} {_MERMAID_ARROW[kind]}{label} {node_id(b, slug)}")
        styles.append(f"  linkStyle {index} stroke:{EDGE_STYLE[kind][0]}")
    for ref in m.order:
        element = m.element(ref)
        if isinstance(element.data, dict) and element.data.get("quote"):
            out.append(f'  click {node_id(ref, slug)} "{anchor_iri(doc, ref, slug[ref])}"')
    out.append("  classDef argument fill:#d6eaf8,stroke:#2471a3")
    arguments = [node_id(("argument", t), slug) for t in m.arguments]
    if arguments:
        out.append(f"  class {','.join(arguments)} argument")
    return "\n".join(out + styles) + "\n"


def to_networkx(m: ArgMap, doc: str) -> nx.MultiDiGraph:
    """The map as a networkx graph: node and edge attributes are plain strings and numbers."""
    slug = slugs(m)
    g = nx.MultiDiGraph(name=str(m.frontmatter.get("title") or doc))
    for ref in m.order:
        element = m.element(ref)
        data = element.data if isinstance(element.data, dict) else {}
        section = m.section(element.section)
        g.add_node(
            node_id(ref, slug),
            kind=ref[0],
            title=element.title,
            text=element.text,
            tags=" ".join(element.tags),
            section=section.title if section else "",
            quote=str(data.get("quote", "")),
            page=int(data["page"]) if str(data.get("page", "")).isdigit() else -1,
            anchor=anchor_iri(doc, ref, slug[ref]) if data.get("quote") else "",
        )
    for title, argument in m.arguments.items():
        for premise in argument.premises:
            g.add_edge(
                node_id(("statement", premise), slug),
                node_id(("argument", title), slug),
                kind="premise",
            )
        if argument.conclusion:
            g.add_edge(
                node_id(("argument", title), slug),
                node_id(("statement", argument.conclusion), slug),
                kind="conclusion",
            )
    for r in m.relations:
        g.add_edge(node_id(r.source, slug), node_id(r.target, slug), kind=r.kind)
    return g


def to_graphml(m: ArgMap, doc: str) -> bytes:
    """GraphML (for yEd, Gephi, Cytoscape)."""
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(m, doc), buffer, encoding="utf-8")
    return buffer.getvalue()
