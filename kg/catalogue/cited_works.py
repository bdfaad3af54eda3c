"""Title, year, DOI and authors of some works, as rows in the columns of the named query
``concept-works`` (without role or claim), read so that a work described in many graphs
costs what a work described once does.

A work cited by many papers is described in each one's graph, the same triples again, and
the store's union default graph keeps every copy: a pattern of five joins (the author list,
its cells, each cell's person, the person's names) multiplied the copies, seven of each
giving 7^5 rows for one author (553,456 rows, 96 s, for 150 works beside 1,000 papers).
Here each step is read with ``DISTINCT``: the works' fields, the cells of their author
lists, then the people's names; and the rows are put together in Python, one for each
combination of the distinct values (one row per author where the graphs agree).

>>> from kg.store import open_store
>>> store = open_store("memory")
>>> w = "https://w3id.org/technocracy/id/work/w"
>>> for g in ("http://e/g1", "http://e/g2"):
...     _ = store.replace_graph(g, f'''
...       @prefix bibo: <http://purl.org/ontology/bibo/> .
...       @prefix dct: <http://purl.org/dc/terms/> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
...       @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
...       <{w}> dct:title "W" ; bibo:authorList <{w}#a-1> .
...       <{w}#a-1> rdf:first <http://e/p> ; rdf:rest rdf:nil .
...       <http://e/p> foaf:familyName "Smith" .''', format="ttl")
>>> [(r["title"].value, r["family"]) for r in work_rows(store, [w]) if r["title"]]
[('W', None)]
>>> [(r["cell"].value[-4:], r["family"].value) for r in work_rows(store, [w]) if r["cell"]]
[('#a-1', 'Smith')]
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import product

import pyoxigraph as ox

from kg.store import Store, Term

__all__ = ["work_rows"]

_DCT = "http://purl.org/dc/terms/"
_FIELDS = {
    "title": f"{_DCT}title",
    "year": "http://purl.org/spar/fabio/hasPublicationYear",
    "doi": "http://prismstandard.org/namespaces/basic/2.0/doi",
}
_FOAF = "http://xmlns.com/foaf/0.1/"
_NAMES = {"family": f"{_FOAF}familyName", "given": f"{_FOAF}givenName", "name": f"{_FOAF}name"}
#: ``%s``: the subjects, then the predicate, in N-Triples form (one predicate a query: with
#: a VALUES block of predicates Oxigraph read far more, 1 s against 8 ms for 40 works)
_VALUES = "SELECT DISTINCT ?s ?o WHERE { VALUES ?s { %s } ?s %s ?o }"
_CELLS = """PREFIX bibo: <http://purl.org/ontology/bibo/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?work ?cell ?person WHERE {
  { SELECT DISTINCT ?work ?list WHERE { VALUES ?work { %s } ?work bibo:authorList ?list } }
  ?list rdf:rest* ?cell . ?cell rdf:first ?person
}"""
_COLUMNS = ("work", "role", "claim", "title", "year", "doi", "cell", "family", "given", "name")


def _values(
    store: Store, subjects: Iterable[str], predicates: dict[str, str]
) -> dict[str, dict[str, list[Term]]]:
    """Each subject's distinct objects of ``predicates``, by the predicates' names (IRIs
    only: a blank node cannot be written into a query)."""
    subjects = " ".join(sorted({str(ox.NamedNode(s)) for s in subjects}))
    if not subjects:
        return {}
    out: dict[str, dict[str, list[Term]]] = {}
    for name, predicate in predicates.items():
        for row in store.query(_VALUES % (subjects, ox.NamedNode(predicate))).rows():
            s, o = row["s"], row["o"]
            if s is not None and o is not None:
                out.setdefault(s.value, {}).setdefault(name, []).append(o)
    for fields in out.values():
        for found in fields.values():
            found.sort(key=str)
    return out


def _combinations(
    fields: dict[str, list[Term]], columns: Iterable[str]
) -> list[dict[str, Term | None]]:
    columns = list(columns)
    choices: list[list[Term | None]] = [[*fields.get(c, [])] or [None] for c in columns]
    return [dict(zip(columns, combo, strict=True)) for combo in product(*choices)]


def work_rows(store: Store, works: list[str]) -> list[dict[str, Term | None]]:
    """The rows ``concept-works`` gives of ``works`` (IRIs) without role or claim: the
    fields' rows (title, year, DOI), then one row per author cell with the person's names."""
    if not works:
        return []
    blank = dict.fromkeys(_COLUMNS)
    rows: list[dict[str, Term | None]] = []
    fields = _values(store, works, _FIELDS)
    for work in works:
        for combo in _combinations(fields.get(work, {}), _FIELDS):
            rows.append({**blank, "work": ox.NamedNode(work), **combo})
    cells = store.query(_CELLS % " ".join(f"<{w}>" for w in sorted(set(works)))).rows()
    named = (c["person"].value for c in cells if isinstance(c["person"], ox.NamedNode))
    people = _values(store, named, _NAMES)
    for cell in cells:
        person = cell["person"].value if cell["person"] is not None else ""
        for combo in _combinations(people.get(person, {}), _NAMES):
            rows.append({**blank, "work": cell["work"], "cell": cell["cell"], **combo})
    return rows
