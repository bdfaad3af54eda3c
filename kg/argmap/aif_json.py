"""AIF JSON, as AIFdb writes it (``{"nodes", "edges", "locutions"}``) and as OVA wraps it
(``{"AIF": {nodes, edges, locutions, ...}, "OVA": ..., "text": ...}``, the xAIF envelope).

Maps are written in AIFdb's plain form by default, which AIFdb and arguebuf load as it is
(arguebuf tells AIF from its other JSON forms by the top-level ``locutions``, and reads the
envelope only through its separate xAIF loader); ``map_to_aif(m, envelope=True)`` writes
the envelope for tools that want OVA's form. Both are read.

``parse_aif`` / ``write_aif`` keep a document whole (every node, edge, locution,
participant and scheme fulfilment, and whatever else the file holds). ``aif_to_map`` takes
its argument part into an ``ArgMap`` (I-nodes as statements; RA-, MA- and PA-nodes as
arguments, with a premise-conclusion structure where their premises and conclusion are
I-nodes; CA-nodes as attacks); the dialogue part (L-, YA-, TA-nodes) has no place in an
argument map and is left out. ``map_to_aif`` writes a map as a fresh AIF document.

>>> doc = parse_aif('{"nodes": [{"nodeID": "1", "text": "p", "type": "I"},'
...                 ' {"nodeID": "2", "text": "q", "type": "I"},'
...                 ' {"nodeID": "3", "text": "Default Inference", "type": "RA"}],'
...                 ' "edges": [{"edgeID": 1, "fromID": "1", "toID": "3"},'
...                 ' {"edgeID": 2, "fromID": "3", "toID": "2"}]}')
>>> doc.counts()
{'nodes': {'I': 2, 'RA': 1}, 'edges': 2}
>>> m = aif_to_map(doc)
>>> [(a.premises, a.conclusion) for a in m.arguments.values()]
[(['p'], 'q')]
>>> map_to_aif(m).counts()
{'nodes': {'I': 2, 'RA': 1}, 'edges': 2}
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kg.argmap.model import ArgMap, Inference, PcsStep, Ref
from kg.errors import DanglingReferenceError, MapSyntaxError

__all__ = ["AifDocument", "aif_to_map", "map_to_aif", "parse_aif", "write_aif"]

_ARGUMENT_TYPES = ("RA", "MA", "PA")
_DIALOGUE_TYPES = ("L", "YA", "TA")


@dataclass
class AifDocument:
    """An AIF JSON document: its nodes and edges, and the rest as it came."""

    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    locutions: list[dict[str, Any]] = field(default_factory=list)
    #: other members of the "AIF" object (participants, schemefulfillments, ...)
    extra: dict[str, Any] = field(default_factory=dict)
    #: members beside "AIF" (OVA layout, the analysed text, ...)
    outer: dict[str, Any] = field(default_factory=dict)
    #: written in the xAIF envelope (``{"AIF": {...}}``) rather than AIFdb's plain form
    wrapped: bool = False

    def counts(self) -> dict[str, Any]:
        """Nodes per type and the number of edges."""
        return {
            "nodes": dict(Counter(str(n["type"]) for n in self.nodes)),
            "edges": len(self.edges),
        }


def _where(source: str | None, path: str) -> str:
    return f"{source or 'input'}: {path}"


def parse_aif(text: str, *, source: str | None = None) -> AifDocument:
    """Parse AIF JSON; syntax errors name line and column, structure errors the member."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MapSyntaxError(
            f"not JSON: {exc.msg}; expected an AIF JSON object",
            line=exc.lineno,
            column=exc.colno,
            source=source,
        ) from None
    if not isinstance(data, dict):
        raise MapSyntaxError(
            "expected a JSON object with 'nodes' and 'edges' (or 'AIF': {...})",
            line=1,
            column=1,
            source=source,
        )
    wrapped = isinstance(data.get("AIF"), dict)
    body = data["AIF"] if wrapped else data
    outer = {k: v for k, v in data.items() if k != "AIF"} if wrapped else {}
    nodes, edges = body.get("nodes"), body.get("edges")
    if not isinstance(nodes, list) or not isinstance(edges, list):
        missing = "nodes" if not isinstance(nodes, list) else "edges"
        raise MapSyntaxError(
            f"no '{missing}' list: expected AIF JSON with 'nodes' and 'edges' lists",
            line=1,
            column=1,
            source=source,
        )
    from kg.errors import InputError

    ids: set[str] = set()
    for i, node in enumerate(nodes):
        if not isinstance(node, dict):
            raise InputError("expected a node object", where=_where(source, f"nodes[{i}]"))
        for key in ("nodeID", "type"):
            if node.get(key) in (None, ""):
                raise InputError(
                    f"node without '{key}': expected nodeID, text and type",
                    where=_where(source, f"nodes[{i}]"),
                )
        node_id = str(node["nodeID"])
        if node_id in ids:
            raise InputError(f"nodeID {node_id!r} used twice", where=_where(source, f"nodes[{i}]"))
        ids.add(node_id)
    dangling = []
    for i, edge in enumerate(edges):
        if not isinstance(edge, dict):
            raise InputError("expected an edge object", where=_where(source, f"edges[{i}]"))
        for key in ("fromID", "toID"):
            if edge.get(key) is None:
                raise InputError(
                    f"edge without '{key}': expected fromID and toID",
                    where=_where(source, f"edges[{i}]"),
                )
            if str(edge[key]) not in ids:
                dangling.append(f"edges[{i}].{key} = {edge[key]!r}")
    if dangling:
        raise DanglingReferenceError(
            f"{len(dangling)} edge end(s) name no node: " + ", ".join(dangling[:10]),
            where=source,
        )
    locutions = body.get("locutions") or []
    extra = {k: v for k, v in body.items() if k not in ("nodes", "edges", "locutions")}
    return AifDocument(list(nodes), list(edges), list(locutions), extra, outer, wrapped)


def write_aif(doc: AifDocument) -> str:
    """The document as AIF JSON text."""
    body = {"nodes": doc.nodes, "edges": doc.edges, "locutions": doc.locutions, **doc.extra}
    data = {"AIF": body, **doc.outer} if doc.wrapped else body
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _title(text: str, node_id: str, taken: set[str]) -> str:
    words = " ".join(
        str(text or "")
        .replace("[", "(")
        .replace("]", ")")
        .replace("<", "‹")
        .replace(">", "›")
        .split()
    )
    if len(words) > 60:
        words = words[:57].rsplit(" ", 1)[0] + "…"
    title = words or f"node {node_id}"
    if title in taken:
        title = f"{title} ({node_id})"
    taken.add(title)
    return title


def aif_to_map(doc: AifDocument) -> ArgMap:
    """The argument part of ``doc`` as a map."""
    m = ArgMap()
    by_id = {str(n["nodeID"]): n for n in doc.nodes}
    into: dict[str, list[str]] = {}
    out_of: dict[str, list[str]] = {}
    for edge in doc.edges:
        src, dst = str(edge["fromID"]), str(edge["toID"])
        out_of.setdefault(src, []).append(dst)
        into.setdefault(dst, []).append(src)
    refs: dict[str, Ref] = {}
    taken: set[str] = set()
    for node_id, node in by_id.items():
        kind = str(node["type"])
        text = " ".join(str(node.get("text") or "").split())
        if kind == "I":
            statement = m.statement(_title(text, node_id, taken))
            if text:
                statement.texts.append(text)
            statement.data["aif"] = {"nodeID": node_id}
            refs[node_id] = ("statement", statement.title)
        elif kind in _ARGUMENT_TYPES:
            argument = m.argument(f"{text or kind} {node_id}")
            argument.data["aif"] = {"nodeID": node_id, "type": kind, "text": text}
            refs[node_id] = ("argument", argument.title)
    is_i = {i for i, n in by_id.items() if n["type"] == "I"}
    for node_id, ref in refs.items():
        if ref[0] != "argument":
            continue
        argument = m.arguments[ref[1]]
        premises = [p for p in into.get(node_id, []) if p in refs]
        conclusions = [c for c in out_of.get(node_id, []) if c in refs]
        if premises and len(conclusions) == 1 and set(premises + conclusions) <= is_i:
            argument.pcs = [PcsStep(refs[p][1]) for p in premises]
            argument.pcs.append(PcsStep(refs[conclusions[0]][1], Inference()))
        else:
            argument.descriptions.append(argument.data["aif"]["text"] or argument.title)
            for p in premises:
                m.relate("support", refs[p], ref)
            for c in conclusions:
                m.relate("support", ref, refs[c])
    for node in doc.nodes:
        if node["type"] != "CA":
            continue
        node_id = str(node["nodeID"])
        text = str(node.get("text") or "")
        kind = "contradiction" if "contradict" in text.lower() else "attack"
        for src in into.get(node_id, []):
            for dst in out_of.get(node_id, []):
                if src in refs and dst in refs:
                    m.relate(kind, refs[src], refs[dst])
    # direct edges between elements that no S-node above accounts for
    for edge in doc.edges:
        src, dst = str(edge["fromID"]), str(edge["toID"])
        if src in refs and dst in refs and "argument" not in (refs[src][0], refs[dst][0]):
            m.relate("support", refs[src], refs[dst])
    return m


def _aif_of(data: dict[str, Any]) -> dict[str, Any]:
    """The AIF node an element was read from (kept in its metadata), or an empty one."""
    aif = data.get("aif")
    return aif if isinstance(aif, dict) else {}


def map_to_aif(m: ArgMap, *, envelope: bool = False) -> AifDocument:
    """``m`` as a fresh AIF document (I-nodes, RA-nodes and CA-nodes with their edges), in
    AIFdb's plain form, or in OVA's xAIF envelope when ``envelope``."""
    doc = AifDocument(wrapped=envelope)
    ids: dict[Ref, str] = {}
    used: set[str] = set()
    counter = 0

    def new_id(preferred: Any = None) -> str:
        nonlocal counter
        if preferred is not None and str(preferred) not in used:
            used.add(str(preferred))
            return str(preferred)
        while True:
            counter += 1
            if f"n{counter}" not in used:
                used.add(f"n{counter}")
                return f"n{counter}"

    def edge(src: str, dst: str) -> None:
        doc.edges.append(
            {"edgeID": len(doc.edges) + 1, "fromID": src, "toID": dst, "formEdgeID": None}
        )

    for title, s in m.statements.items():
        aif = _aif_of(s.data)
        ids[("statement", title)] = new_id(aif.get("nodeID"))
        doc.nodes.append(
            {"nodeID": ids[("statement", title)], "text": s.text or title, "type": "I"}
        )
    for title, a in m.arguments.items():
        aif = _aif_of(a.data)
        node_id = new_id(aif.get("nodeID"))
        ids[("argument", title)] = node_id
        kind = aif.get("type", "RA")
        text = aif.get("text") or (a.text if not a.pcs else "Default Inference") or title
        doc.nodes.append({"nodeID": node_id, "text": text, "type": kind})
        steps = [i for i, step in enumerate(a.pcs) if step.is_conclusion]
        begin = 0
        for index in steps:
            ra = node_id
            if index != steps[-1]:
                ra = new_id()
                doc.nodes.append({"nodeID": ra, "text": "Default Inference", "type": "RA"})
            for step in a.pcs[begin:index]:
                edge(ids[("statement", step.title)], ra)
            edge(ra, ids[("statement", a.pcs[index].title)])
            begin = index
    for r in m.relations:
        src, dst = ids[r.source], ids[r.target]
        if r.kind == "support" and "argument" in (r.source[0], r.target[0]):
            edge(src, dst)
            continue
        kind, text = {
            "support": ("RA", "Default Inference"),
            "attack": ("CA", "Default Conflict"),
            "contradiction": ("CA", "Contradiction"),
            "undercut": ("CA", "Undercut"),
        }[r.kind]
        middle = new_id()
        doc.nodes.append({"nodeID": middle, "text": text, "type": kind})
        edge(src, middle)
        edge(middle, dst)
    return doc
