"""The authors' family names of some works in the order of their author lists, as the
works list shows them (``works.rq``'s ``?authors``), read so that a work described in many
papers' graphs costs what a work described once does.

``works.rq`` ranks each cell of a ``bibo:authorList`` by the cells up to it (two
``rdf:rest*`` paths) and joins the family names in that order. The store's union default
graph keeps a work's list once for each paper that describes it, and the joins multiplied
the copies: 3.3 s of a page of 50 works beside 1,000 papers. Here the lists' distinct
links are read, each with ``DISTINCT``, and the ranks counted in Python the same way (the
cells from a list's head up to the cell, over every head of the work).

>>> from kg.store import open_store
>>> store = open_store("memory")
>>> w = "https://w3id.org/technocracy/id/work/w"
>>> _ = store.replace_graph("http://e/g", f'''
...   @prefix bibo: <http://purl.org/ontology/bibo/> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
...   @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
...   <{w}> bibo:authorList <{w}#1> .
...   <{w}#1> rdf:first [ foaf:familyName "Beta" ] ; rdf:rest <{w}#2> .
...   <{w}#2> rdf:first [ foaf:familyName "Alpha" ] ; rdf:rest rdf:nil .''', format="ttl")
>>> authors(store, [w])
{'https://w3id.org/technocracy/id/work/w': 'Beta; Alpha'}
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.store import Store

__all__ = ["authors"]

_HEADS = """PREFIX bibo: <http://purl.org/ontology/bibo/>
SELECT DISTINCT ?work ?head WHERE { VALUES ?work { %s } ?work bibo:authorList ?head }"""
#: every link of the lists from ``%s`` (a UNION of each head's ``rdf:rest*`` path: each
#: path starts from a constant, which Virtuoso needs of a transitive path, where a VALUES
#: block is not taken for one) on, and each cell's family names
_LINKS = """PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?cell ?next ?author WHERE {
  { SELECT DISTINCT ?cell WHERE { %s } }
  OPTIONAL { ?cell rdf:rest ?next }
  OPTIONAL { ?cell rdf:first/foaf:familyName ?author }
}"""


def _reach(start: str, rest: dict[str, set[str]]) -> set[str]:
    """The cells from ``start`` on (``rdf:rest*``: itself included)."""
    seen, todo = {start}, [start]
    while todo:
        for nxt in rest.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def authors(store: Store, works: Iterable[str]) -> dict[str, str]:
    """Each of ``works`` (IRIs) that has a family name in its author lists, with the names
    joined by ``"; "`` in the lists' order."""
    wanted = " ".join(f"<{w}>" for w in sorted(set(works)))
    if not wanted:
        return {}
    heads: dict[str, set[str]] = {}
    for row in store.query(_HEADS % wanted).rows():
        if row["work"] is not None and row["head"] is not None:
            heads.setdefault(row["work"].value, set()).add(str(row["head"]))
    named = sorted({h for hs in heads.values() for h in hs if h.startswith("<")})
    if not named:
        return {}
    rest: dict[str, set[str]] = {}
    names: dict[str, set[str]] = {}
    paths = " UNION ".join(f"{{ {head} rdf:rest* ?cell }}" for head in named)
    for row in store.query(_LINKS % paths).rows():
        cell = str(row["cell"])
        if row["next"] is not None:
            rest.setdefault(cell, set()).add(str(row["next"]))
        if row["author"] is not None:
            names.setdefault(cell, set()).add(row["author"].value)
    out = {}
    for work, starts in heads.items():
        reach = {h: _reach(h, rest) for h in starts}
        cells = set().union(*reach.values())
        ranked = []
        for cell in cells & names.keys():
            # the cells up to this one, from any head that reaches it (works.rq's ?before)
            before = {
                b for h, r in reach.items() if cell in r for b in r if cell in _reach(b, rest)
            }
            ranked += [(len(before), name) for name in sorted(names[cell])]
        if ranked:
            out[work] = "; ".join(name for _, name in sorted(ranked))
    return out
