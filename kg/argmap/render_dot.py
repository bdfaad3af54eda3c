"""An ``ArgMap`` as a Graphviz picture: DOT text, and SVG or PNG through ``dot``.

Statements are rounded white boxes, arguments filled boxes; supports are green solid
arrows, attacks red dashed ones, contradictions purple dotted double arrows, undercuts
orange dashed ones; a premise leads to its argument and the argument to its conclusion
(grey, solid). Each section is a cluster, each node's text is wrapped, and each node links
to its anchor (its tooltip is the quotation, where there is one).

>>> from kg.argmap.argdown_parse import parse_argdown
>>> dot = to_dot(parse_argdown("[T]: Thesis.\\n  - <A>: Objection.\\n"), "demo")
>>> "style=dashed" in dot and "color=\\"#c0392b\\"" in dot
True
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import textwrap
from collections import OrderedDict
from collections.abc import Callable
from html import escape
from typing import TypedDict, Unpack

import graphviz

from kg.argmap.model import ArgMap, Ref
from kg.argmap.rdf import anchor_iri, slugs
from kg.errors import GraphvizMissingError, TkgError

__all__ = [
    "EDGE_STYLE",
    "Drawing",
    "GraphvizMissingError",
    "Linker",
    "node_id",
    "render",
    "to_dot",
    "to_graph",
    "wrap",
]

#: kind -> (colour, line style, arrowhead, legend label)
EDGE_STYLE = {
    "support": ("#1e8449", "solid", "normal", "supports"),
    "attack": ("#c0392b", "dashed", "tee", "attacks"),
    "contradiction": ("#7d3c98", "dotted", "odiamond", "contradicts"),
    "undercut": ("#d35400", "dashed", "box", "undercuts"),
    "premise": ("#7f8c8d", "solid", "normal", "premise of / concludes"),
}
STATEMENT_FILL, ARGUMENT_FILL = "#ffffff", "#d6eaf8"
DEFAULT_BASE = "https://w3id.org/technocracy/"


def wrap(text: str, width: int = 34, *, limit: int = 8) -> list[str]:
    """Text as lines of at most ``width`` characters, ``limit`` lines at most.

    >>> wrap("one two three four", 9)
    ['one two', 'three', 'four']
    """
    lines = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(lines) > limit:
        lines = [*lines[: limit - 1], lines[limit - 1][: width - 1] + "…"]
    return lines


def _label(title: str, text: str, kind: str) -> str:
    title_html = escape(title)
    body = '<BR ALIGN="LEFT"/>'.join(escape(line) for line in wrap(text))
    head = f"<B>{title_html}</B>" if kind == "statement" else f"<B>&lt;{title_html}&gt;</B>"
    if not text:
        return f"<{head}>"
    return f'<{head}<BR/><FONT POINT-SIZE="10">{body}<BR ALIGN="LEFT"/></FONT>>'


def node_id(ref: Ref, slug: dict[Ref, str]) -> str:
    return ("s_" if ref[0] == "statement" else "a_") + slug[ref].replace("-", "_")


#: A node's link, given the element and its slug (for a page that links each node elsewhere).
Linker = Callable[[Ref, str], str]


def to_graph(
    m: ArgMap,
    doc: str,
    *,
    base: str = DEFAULT_BASE,
    legend: bool = True,
    local: bool = False,
    links: Linker | None = None,
    sections: bool = True,
) -> graphviz.Digraph:
    """The map as a ``graphviz.Digraph``; node links point to the anchors below ``base``
    (``/id/anchor/...``), or with ``local`` to ``#`` + the node's id (an HTML page's entry),
    or with ``links`` wherever it says (the argument explorer: each claim's page).

    With ``sections`` each section of the text is a box and the map reads left to right;
    without, the map is laid out by its relations alone, what supports a claim beneath it
    (as Argdown draws a map), so that chains of support run straight up to the thesis
    instead of across the sections' boxes."""
    slug = slugs(m)
    g = graphviz.Digraph(name=doc, engine="dot")
    g.attr(
        rankdir="LR" if sections else "BT",
        newrank="true",
        nodesep="0.25",
        ranksep="0.45",
        fontname="Helvetica",
        fontsize="14",
        labelloc="t",
        label=str(m.frontmatter.get("title") or doc),
        tooltip=str(m.frontmatter.get("title") or doc),
    )
    g.attr(
        "node",
        shape="box",
        style="rounded,filled",
        fontname="Helvetica",
        fontsize="11",
        margin="0.12,0.06",
        penwidth="1.2",
    )
    g.attr("edge", penwidth="1.4", arrowsize="0.8")

    def add_node(target: graphviz.Digraph, ref: Ref) -> None:
        element = m.element(ref)
        anchor = anchor_iri(doc, ref, slug[ref])
        quote = str(element.data.get("quote", "")) if isinstance(element.data, dict) else ""
        page = element.data.get("page") if isinstance(element.data, dict) else None
        link = anchor.replace(DEFAULT_BASE, base.rstrip("/") + "/", 1) if quote else None
        if local:
            link = f"#{node_id(ref, slug)}"
        if links is not None:
            link = links(ref, slug[ref])
        tip = f"p. {page}: “{quote}”" if quote else element.text or element.title
        attrs = {
            "label": _label(element.title, element.text, ref[0]),
            "fillcolor": STATEMENT_FILL if ref[0] == "statement" else ARGUMENT_FILL,
            "color": "#2c3e50" if ref[0] == "statement" else "#2471a3",
            "tooltip": tip,
            "id": f"node-{node_id(ref, slug)}",
        }
        if ref[0] == "argument":
            attrs["style"] = "filled"
        if link:
            attrs["URL"] = link
            attrs["target"] = "_top"
        target.node(node_id(ref, slug), **attrs)

    shown = _shown(m)
    by_section: dict[str | None, list[Ref]] = {}
    for ref in m.order:
        if ref in shown:
            by_section.setdefault(m.element(ref).section, []).append(ref)
    for ref in by_section.pop(None, []):
        add_node(g, ref)
    for number, section in enumerate(m.sections, start=1):
        refs = by_section.get(section.id, [])
        if not sections:
            for ref in refs:
                add_node(g, ref)
            continue
        if not refs:
            continue
        with g.subgraph(name=f"cluster_{number}") as c:
            c.attr(
                label=section.title,
                style="rounded,filled",
                fillcolor="#f4f6f7",
                color="#bdc3c7",
                fontsize="13",
                fontname="Helvetica-Bold",
                labeljust="l",
            )
            for ref in refs:
                add_node(c, ref)

    def edge(kind: str, a: Ref, b: Ref) -> None:
        colour, style, head, _label_text = EDGE_STYLE[kind]
        extra = {"dir": "both", "arrowtail": head} if kind == "contradiction" else {}
        g.edge(
            node_id(a, slug), node_id(b, slug), color=colour, style=style, arrowhead=head, **extra
        )

    for title, argument in m.arguments.items():
        for premise in argument.premises:
            if ("statement", premise) in shown:
                edge("premise", ("statement", premise), ("argument", title))
        conclusion = ("statement", argument.conclusion) if argument.conclusion else None
        said = {(r.source, r.target) for r in m.relations if r.kind == "support"}
        if conclusion and (("argument", title), conclusion) not in said:
            edge("premise", ("argument", title), conclusion)
    for r in m.relations:
        edge(r.kind, r.source, r.target)
    if legend:
        _legend(g)
    return g


def _shown(m: ArgMap) -> set[Ref]:
    """As Argdown draws a map: every argument, every statement in a relation and every
    main conclusion; a premise that nothing else relates to stays inside its argument."""
    shown: set[Ref] = {("argument", t) for t in m.arguments}
    for r in m.relations:
        shown.update((r.source, r.target))
    for a in m.arguments.values():
        if a.conclusion:
            shown.add(("statement", a.conclusion))
    return shown or set(m.order)


def _legend(g: graphviz.Digraph) -> None:
    with g.subgraph(name="cluster_legend") as c:
        c.attr(label="Legend", style="rounded", color="#95a5a6", fontsize="12")
        c.node("legend_statement", "[statement]", fillcolor=STATEMENT_FILL, color="#2c3e50")
        c.node(
            "legend_argument",
            "<argument>",
            fillcolor=ARGUMENT_FILL,
            color="#2471a3",
            style="filled",
        )
        previous = None
        for kind, (colour, style, head, text) in EDGE_STYLE.items():
            a, b = f"legend_{kind}_a", f"legend_{kind}_b"
            c.node(a, "", shape="point", width="0.05", color=colour)
            c.node(b, text, shape="plaintext", fontcolor=colour, style="")
            c.edge(a, b, color=colour, style=style, arrowhead=head, dir="forward")
            if previous:
                c.edge(previous, a, style="invis")
            previous = b


class Drawing(TypedDict, total=False):
    """The options of :func:`to_graph`, which :func:`to_dot` and :func:`render` pass on
    as they are (their defaults are :func:`to_graph`'s)."""

    base: str
    legend: bool
    local: bool
    links: Linker | None
    sections: bool


def to_dot(m: ArgMap, doc: str, **options: Unpack[Drawing]) -> str:
    """DOT source of the map."""
    return to_graph(m, doc, **options).source


#: Pictures drawn lately, by format and the SHA-256 of their DOT source: `dot` takes most of
#: a second on a large map, and the same map is drawn again for every reader.
_DRAWN: OrderedDict[tuple[str, bytes], bytes] = OrderedDict()


def render(
    m: ArgMap,
    doc: str,
    fmt: str = "svg",
    **options: Unpack[Drawing],
) -> bytes:
    """The map drawn by Graphviz ``dot`` as ``svg`` or ``png`` bytes (the same source is
    drawn once: the last few pictures are kept)."""
    exe = shutil.which("dot")
    if exe is None:
        raise GraphvizMissingError(
            "Graphviz's `dot` is not installed (Debian: apt-get install graphviz; `make setup`)"
        )
    source = to_dot(m, doc, **options).encode("utf-8")
    key = (fmt, hashlib.sha256(source).digest())
    if key in _DRAWN:
        _DRAWN.move_to_end(key)
        return _DRAWN[key]
    done = subprocess.run(
        [exe, f"-T{fmt}"], input=source, capture_output=True, timeout=120, check=False
    )
    if done.returncode != 0:
        raise TkgError(f"dot failed: {done.stderr.decode('utf-8', 'replace').strip()[:300]}")
    _DRAWN[key] = done.stdout
    while len(_DRAWN) > 8:
        _DRAWN.popitem(last=False)
    return done.stdout
