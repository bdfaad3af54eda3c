"""The dataset a query runs over: the protocol's graphs, else the query's own ``FROM`` and
``FROM NAMED``, else the store's choice of default graph (``TKG_DEFAULT_GRAPH``).

SPARQL 1.1 Protocol §2.1.4: graphs given with the request (``default-graph-uri``,
``named-graph-uri``) replace the query's dataset clauses whole; SPARQL 1.1 Query §13.2: a
dataset that names only default graphs has no named graphs, one that names only named
graphs has an empty default graph. Only a query that names no dataset at all is left to the
store's own choice of default graph:

- ``union`` (the default): every graph, merged. This project writes everything into named
  graphs, one per source, so ``SELECT * { ?s ?p ?o }`` sees all of it, as a reader expects.
- ``default``: the store's own default graph alone, as in a plain quad store (Oxigraph
  server, Fuseki); the W3C test suites assume this, since their tests load the default graph
  and named graphs beside it.

>>> from_graphs = dataset_options("SELECT * FROM <http://e/g> { ?s ?p ?o }", None, None, "union")
>>> from_graphs["use_default_graph_as_union"], from_graphs["default_graph"]
(False, None)
>>> dataset_options("SELECT * { ?s ?p ?o }", None, None, "union")["use_default_graph_as_union"]
True
>>> dataset_options("SELECT * { ?s ?p ?o }", None, ["http://e/g"], "union")["default_graph"]
[]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, get_args

from kg.errors import StoreError
from kg.store.rdfio import named_node
from kg.store.sparqltext import names_dataset

__all__ = ["DEFAULT_GRAPHS", "DefaultGraph", "dataset_options", "default_graph_choice"]

#: What the default graph of a query that names no dataset is (see the module's docstring).
DefaultGraph = Literal["union", "default"]
DEFAULT_GRAPHS: tuple[str, ...] = get_args(DefaultGraph)


def default_graph_choice(value: str) -> DefaultGraph:
    """``value`` checked as a choice of default graph.

    >>> default_graph_choice("stored")
    Traceback (most recent call last):
    ...
    kg.errors.StoreError: the default graph is 'union' or 'default', not 'stored'
    """
    if value == "union":
        return "union"
    if value == "default":
        return "default"
    raise StoreError(f"the default graph is 'union' or 'default', not {value!r}")


def dataset_options(
    sparql: str,
    default_graphs: Sequence[str] | None,
    named_graphs: Sequence[str] | None,
    default_graph: DefaultGraph,
) -> dict[str, Any]:
    """The keyword arguments of ``pyoxigraph.Store.query`` that make it run ``sparql`` over
    the right dataset. ``default_graphs``/``named_graphs`` are the caller's (the protocol's);
    empty or None means not given."""
    if default_graphs or named_graphs:
        # pyoxigraph takes a list for each part; left out, a part would be the store's
        # (its default graph, all named graphs), and the query's FROM would still fill it
        return {
            "use_default_graph_as_union": False,
            "default_graph": [named_node(g, where="default graph") for g in default_graphs or ()],
            "named_graphs": [named_node(g, where="named graph") for g in named_graphs or ()],
        }
    union = default_graph == "union" and not names_dataset(sparql)
    # with the union flag pyoxigraph would ignore FROM; without it, it honours FROM
    return {"use_default_graph_as_union": union, "default_graph": None, "named_graphs": None}
