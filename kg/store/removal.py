"""Removing named graphs, all of them or none, with what each held.

What a document or an argument map added lives in graphs of its own, so taking it away
is dropping those graphs. Inferences about what only they described go with them: the
triples of the inferred graph whose subject no other asserted graph describes. One SPARQL
update does it all, so the store is changed whole or not at all.

>>> from kg.store import OxigraphStore
>>> store = OxigraphStore()
>>> store.update("INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/p> 1, 2 } }")
>>> remove_graphs(store, ["http://e/g", "http://e/none"])
{'http://e/g': 2}
>>> store.graphs()
[]
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from kg.rdf import graphs as graph_names
from kg.store.base import Store

__all__ = ["remove_graphs"]

_STALE = """
  {{ SELECT DISTINCT ?s WHERE {{ VALUES ?gone {{ {gone} }} GRAPH ?gone {{ ?s ?x ?y }} }} }}
  GRAPH {inferred} {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{
    GRAPH ?other {{ ?s ?q ?z }}
    FILTER (?other NOT IN ({kept}))
  }}
"""


def _count(store: Store, where: str) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}").rows()
    term = rows[0]["n"] if rows else None
    return int(term.value) if term is not None else 0


def remove_graphs(store: Store, graphs: Sequence[str]) -> dict[str, int]:
    """Drop each of ``graphs`` that exists, and the inferences about what only they
    described, in one update; returns the triples removed per graph (those that existed,
    and the inferred graph when it lost any)."""
    present = [g for g in dict.fromkeys(graphs) if store.has_graph(g)]
    if not present:
        return {}
    names = [str(ox.NamedNode(g)) for g in present]
    inferred = str(ox.NamedNode(graph_names.INFERRED))
    stale = _STALE.format(
        gone=" ".join(names), inferred=inferred, kept=", ".join([*names, inferred])
    )
    removed = {
        g: _count(store, f"GRAPH {n} {{ ?s ?p ?o }}") for g, n in zip(present, names, strict=True)
    }
    inferences = _count(store, stale) if graph_names.INFERRED not in present else 0
    operations = [f"DROP GRAPH {n}" for n in names]
    if inferences:
        operations.insert(0, f"DELETE {{ GRAPH {inferred} {{ ?s ?p ?o }} }} WHERE {{ {stale} }}")
        removed[graph_names.INFERRED] = inferences
    store.update(" ;\n".join(operations), graphs=[*present, graph_names.INFERRED])
    return removed
