"""Labels of works that would read alike: ``Kitchin 2016a`` and ``Kitchin 2016b``.

The letters are those the citing texts give (a chapter that cites ``Kitchin 2016b``), else
they follow the titles' order, as author-date styles assign them
(:func:`kg.bib.citekeys.year_suffixes`, which the reference lists of a map use too).

>>> import networkx as nx
>>> from kg.litmap.extract import WorkInfo, short_id
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
from kg.litmap.extract import WorkInfo, short_id

__all__ = ["disambiguate", "work_label"]


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


def work_label(info: WorkInfo | None, iri: str) -> str:
    """A short author-year label: ``Townsend 2013``, ``Dodge & Kitchin 2007``,
    ``Kitchin et al. 2017``.

    >>> from kg.litmap.extract import Author
    >>> w = WorkInfo("x", year=2007, authors=[Author("x", 1, "p", "Dodge", "M", None),
    ...                                       Author("x", 2, "q", "Kitchin", "R", None)])
    >>> work_label(w, "x")
    'Dodge & Kitchin 2007'
    """
    if info is None:
        return short_id(iri)
    names = [a.family or a.name or short_id(a.person) for a in info.authors]
    if not names:
        who = _shorten(info.title or short_id(iri))
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} & {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who} {info.year}" if info.year else who


def _shorten(text: str, limit: int = 32) -> str:
    """A title cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",:;") + "…"
