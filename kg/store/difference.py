"""A graph replaced by its difference: the one SPARQL update that makes a graph hold exactly
new data, deleting only the quads the data lacks and inserting only those it adds.

Oxigraph spends as long deleting a quad in a transaction as inserting one, so dropping a
graph and inserting it again costs several times a load into a new graph; reloading a large
graph that changed a little should cost a read of it, not a rewrite. Being one update, the
replacement is atomic: a failure changes nothing.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> g, p = ox.NamedNode("http://e/g"), ox.NamedNode("http://e/p")
>>> store.extend([ox.Quad(ox.NamedNode("http://e/a"), p, ox.Literal("1"), g)])
>>> new = [ox.Quad(ox.NamedNode("http://e/b"), p, ox.Literal("1"), g)]
>>> print(difference_update(store, new, {g}))
DELETE DATA {
GRAPH <http://e/g> {
<http://e/a> <http://e/p> "1" .
}
} ;
INSERT DATA {
GRAPH <http://e/g> {
<http://e/b> <http://e/p> "1" .
}
}
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.store.rdfio import insert_data_lines

__all__ = ["GraphName", "difference_update"]

GraphName = ox.NamedNode | ox.DefaultGraph


def _has_blank(term: object) -> bool:
    if isinstance(term, ox.BlankNode):
        return True
    if isinstance(term, ox.Triple):
        return _has_blank(term.subject) or _has_blank(term.object)
    return False


def difference_update(store: ox.Store, quads: list[ox.Quad], replaced: set[GraphName]) -> str:
    """The update that makes each graph of ``replaced`` hold exactly its quads of ``quads``
    (and adds the others); empty when nothing changes. Old quads with blank nodes, which
    ``DELETE DATA`` cannot name, are deleted by pattern; a graph holding quoted triples is
    dropped and written whole; a graph the data leaves empty is dropped."""

    new = set(quads)
    present = {q.graph_name for q in new}
    drops: list[GraphName] = [g for g in replaced if g not in present]
    deletes: list[ox.Quad] = []
    blank: set[GraphName] = set()  # graphs whose old quads with blank nodes all go
    whole: set[GraphName] = set()  # graphs rewritten in full (quoted triples)
    for graph in replaced:
        if graph not in present:
            continue
        for quad in store.quads_for_pattern(None, None, None, graph):
            if quad in new:
                new.discard(quad)  # kept as it is
            elif isinstance(quad.subject, ox.Triple) or isinstance(quad.object, ox.Triple):
                whole.add(graph)
                break
            elif _has_blank(quad.subject) or _has_blank(quad.object):
                blank.add(graph)  # a blank node cannot be named in DELETE DATA
            else:
                deletes.append(quad)
    if whole:
        drops += whole
        deletes = [q for q in deletes if q.graph_name not in whole]
        new.update(q for q in quads if q.graph_name in whole)
    parts = [
        f"DROP SILENT GRAPH {g}" if isinstance(g, ox.NamedNode) else "DROP SILENT DEFAULT"
        for g in drops
    ]
    for graph in blank - whole:
        pattern = "?s ?p ?o FILTER(isBlank(?s) || isBlank(?o))"
        if isinstance(graph, ox.NamedNode):
            parts.append(
                f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} "
                f"WHERE {{ GRAPH {graph} {{ {pattern} }} }}"
            )
        else:
            parts.append(f"DELETE {{ ?s ?p ?o }} WHERE {{ {pattern} }}")
    if deletes:
        parts.append("DELETE DATA {\n" + "\n".join(insert_data_lines(deletes)) + "\n}")
    del deletes
    if new:
        parts.append("INSERT DATA {\n" + "\n".join(insert_data_lines(new)) + "\n}")
    del new
    return " ;\n".join(parts)
