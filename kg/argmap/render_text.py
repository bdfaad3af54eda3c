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

__all__ = ["MERMAID_MAX_TEXT", "to_graphml", "to_mermaid", "to_networkx"]

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


#: Mermaid refuses a diagram longer than this (its ``maxTextSize``, counted in UTF-16 code
#: units) and draws an error box instead; a diagram cannot raise it: ``maxTextSize`` is one
#: of Mermaid's secure settings, which an ``%%{init: ...}%%`` directive does not change.
MERMAID_MAX_TEXT = 50_000

#: How a map too long for Mermaid is abridged, step by step, until it fits: (lines of each
#: statement's and argument's text, links to the text, titles cut at): fewer lines of text
#: (titles kept), then no text, then no links to the text, then titles cut short.
_FULL = 6
_ABRIDGED = (
    (_FULL, True, None),
    (3, True, None),
    (2, True, None),
    (1, True, None),
    (0, True, None),
    (0, False, None),
    (0, False, 24),
)


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def to_mermaid(m: ArgMap, doc: str, *, limit: int = MERMAID_MAX_TEXT) -> str:
    """A Mermaid flowchart: statements rounded, arguments square; one subgraph per section.

    A map over Mermaid's ``maxTextSize`` (``limit``) is abridged until it fits (texts left
    out, then links to the text, then titles cut short), with a note in the diagram that
    says what was left out and where the whole map is.
    """
    for lines, clicks, cut in _ABRIDGED:
        text = _mermaid(m, doc, lines=lines, clicks=clicks, cut=cut)
        if _utf16_length(text) <= limit:
            return text
    return text


def _abridgement_note(lines: int, clicks: bool, cut: int | None) -> str:
    left = [f"texts past {lines} line{'s' if lines > 1 else ''}"] if lines else ["texts"]
    left += ["links to the text"] if not clicks else []
    left += [f"titles past {cut} characters"] if cut else []
    return (
        f"Abridged to stay under Mermaid's maxTextSize ({MERMAID_MAX_TEXT:,} characters): "
        f"left out {', '.join(left)}. The whole map: Argdown, AIF, SVG or HTML."
    )


def _mermaid(m: ArgMap, doc: str, *, lines: int, clicks: bool, cut: int | None) -> str:
    slug = slugs(m)
    out = ["flowchart BT"]
    if lines < _FULL or not clicks or cut:
        note = _mermaid_text(_abridgement_note(lines, clicks, cut))
        out += [f"  %% {note}", f'  abridged_note["{note}"]']
    by_section: dict[str | None, list[Ref]] = {}
    for ref in m.order:
        by_section.setdefault(m.element(ref).section, []).append(ref)

    def node(ref: Ref, indent: str) -> str:
        element = m.element(ref)
        title = element.title if not cut or len(element.title) <= cut else element.title[:cut] + "…"
        label = "<br/>".join(
            [f"<b>{_mermaid_text(title)}</b>"]
            + [_mermaid_text(line) for line in wrap(element.text, 40, limit=lines) if line]
            if lines
            else [f"<b>{_mermaid_text(title)}</b>"]
        )
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
    by_colour: dict[str, list[str]] = {}
    for index, (kind, a, b) in enumerate(links):
        label = "" if kind == "premise" else f"|{EDGE_STYLE[kind][3]}|"
        out.append(f"  {node_id(a, slug)} {_MERMAID_ARROW[kind]}{label} {node_id(b, slug)}")
        by_colour.setdefault(EDGE_STYLE[kind][0], []).append(str(index))
    for ref in m.order if clicks else ():
        element = m.element(ref)
        if isinstance(element.data, dict) and element.data.get("quote"):
            out.append(f'  click {node_id(ref, slug)} "{anchor_iri(doc, ref, slug[ref])}"')
    out.append("  classDef argument fill:#d6eaf8,stroke:#2471a3")
    arguments = [node_id(("argument", t), slug) for t in m.arguments]
    if arguments:
        out.append(f"  class {','.join(arguments)} argument")
    styles = [f"  linkStyle {','.join(ix)} stroke:{colour}" for colour, ix in by_colour.items()]
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
