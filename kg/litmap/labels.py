"""Labels of works that would read alike: ``Kitchin 2016a`` and ``Kitchin 2016b``.

The letters are those the citing texts give (a chapter that cites ``Kitchin 2016b``), else
they follow the titles' order, as author-date styles assign them
(:func:`kg.bib.citekeys.year_suffixes`, which the reference lists of a map use too).

>>> import networkx as nx
>>> from kg.litmap.extract import WorkInfo
>>> g = nx.Graph()
>>> g.add_node("e", label="Kitchin 2016", iri="w/e")
>>> g.add_node("g", label="Kitchin 2016", iri="w/g")
>>> works = {"w/e": WorkInfo("w/e", title="The ethics"), "w/g": WorkInfo("w/g", title="Getting")}
>>> disambiguate(g, works, {"w/e": {"Kitchin 2016b"}})
>>> dict(g.nodes(data="label"))
{'e': 'Kitchin 2016b', 'g': 'Kitchin 2016a'}
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from kg.bib.citekeys import year_suffixes
from kg.litmap.extract import WorkInfo

__all__ = ["disambiguate"]


def disambiguate(g: nx.Graph, works: dict[str, WorkInfo], cited: dict[str, set[str]]) -> None:
    """``Kitchin 2016a`` and ``Kitchin 2016b``, as author-date styles tell works apart: the
    letters the citing texts give (:func:`kg.bib.citekeys.year_suffixes`), else title order."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for node, label in g.nodes(data="label"):
        by_label[label].append(node)
    for label, nodes in by_label.items():
        if len(nodes) > 1 and label[-4:].isdigit():
            who, year = label[:-4], int(label[-4:])
            info = {n: works.get(g.nodes[n].get("iri", "")) for n in nodes}
            items = [
                {"id": n, "title": i.title if i else n, "author": [{"literal": who}]}
                | {"issued": {"date-parts": [[year]]}}
                for n, i in info.items()
            ]
            keys = {n: cited.get(g.nodes[n].get("iri", ""), set()) for n in nodes}
            for node, letter in year_suffixes(items, keys).items():
                g.nodes[node]["label"] = f"{label}{letter}"
