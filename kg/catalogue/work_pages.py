"""The works list a page at a time, as cheap beside a thousand papers as beside none.

``works.rq`` gives each work its title, year, kinds, authors in order and how often it is
cited: aggregates that the store computes for every work before a ``LIMIT`` can cut the
list (5.8 s for one page beside 100 synthetic papers, twice: once more to count). So the
page is chosen first, by the query's own order over the works' identifiers alone, and
counted the same way; then ``works.rq`` runs for those works only, a ``VALUES`` block
opening each of its groups (its sub-selects are not correlated with the outer query: each
would otherwise aggregate the whole store). The rows are those ``works.rq`` gives for the
page's works, in its order.

>>> from kg.store import open_store
>>> store = open_store("memory")
>>> _ = store.replace_graph("http://e/g", '''
...   <https://w3id.org/technocracy/id/work/b> <http://purl.org/dc/terms/identifier> "b" .
...   <https://w3id.org/technocracy/id/work/a> <http://purl.org/dc/terms/identifier> "a" .
... ''', format="nt")
>>> from kg.store.named import load_queries
>>> rows, total = work_rows(store, load_queries()["works"], limit=1, offset=1)
>>> [r["id"].value for r in rows], total
(['b'], 2)
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg.catalogue.author_lists import authors
from kg.errors import ParameterError
from kg.store import Store, Term
from kg.store.named import NamedQuery

__all__ = ["work_ids", "work_rows"]

# DISTINCT: a work described in two graphs is one pair, as works.rq groups it
_IDS = """PREFIX dct: <http://purl.org/dc/terms/>
SELECT DISTINCT ?work ?id WHERE {
  ?work dct:identifier ?id .
  FILTER (STRSTARTS(STR(?work), "https://w3id.org/technocracy/id/work/"))
}
ORDER BY LCASE(?id) ?work
"""
_COUNT = """PREFIX dct: <http://purl.org/dc/terms/>
SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?work ?id WHERE {
  ?work dct:identifier ?id .
  FILTER (STRSTARTS(STR(?work), "https://w3id.org/technocracy/id/work/"))
} }"""
_WORKS = "https://w3id.org/technocracy/id/work/"
_WORK_TERM = f"<{_WORKS}"
#: Where ``works.rq``'s authors are joined (an OPTIONAL group), and the group after it:
#: the authors are read by ``kg.catalogue.author_lists`` instead (3.3 s of a page of 50
#: works beside 1,000 papers, 0.1 s so)
_AUTHORS_OPENS = "  OPTIONAL {\n    # in the order of bibo:authorList"
_AUTHORS_CLOSE = "  # each count in a group"
#: where a group of ``works.rq`` opens (its comments say "where" in lower case only)
_GROUP = re.compile(r"\bWHERE\s*\{")


def _restricted(text: str, page: list[tuple[str, str]]) -> str:
    """``works.rq`` for the works of ``page`` (N-Triples terms): the (work, identifier)
    pairs open its outer group, the works each sub-select's."""
    pairs = " ".join(f"({work} {ident})" for work, ident in page)
    works = " ".join(sorted({work for work, _ in page}))
    outer, *inner = _GROUP.split(text)
    opened = [f"WHERE {{ VALUES (?work ?id) {{ {pairs} }}"]
    for part in inner[1:]:
        # a group that is one sub-select holds nothing else: the sub-select's own gets it
        bare = part.lstrip().upper().startswith("SELECT")
        opened.append("WHERE {" if bare else f"WHERE {{ VALUES ?work {{ {works} }}")
    return outer + "".join(o + part for o, part in zip(opened, inner, strict=True))


#: Every (work, identifier) pair, unordered: sorted here, not by the store (whose ORDER BY
#: read each string again at every comparison, and whose union default graph holds a pair
#: once for each paper that describes the work: 64 s beside 1,000 papers, 2.4 s so)
_PAIRS = "SELECT DISTINCT ?work ?id WHERE { ?work <http://purl.org/dc/terms/identifier> ?id }"


def work_ids(store: Store) -> list[tuple[str, str]]:
    """Every (work, identifier) pair in the works list's order (``_IDS``: by the
    identifier in lower case, then the work's IRI), as N-Triples terms: what a server keeps
    per store state (``api.memo``), so that a page of the list sorts nothing.

    The pairs are read as the engine writes them (tab-separated values), not as a Python
    object per term: beside 1,000 papers (20,461 pairs) the terms cost more than the
    engine's reading. An identifier written otherwise than as a plain string without
    escapes (a number, a tagged or typed literal: none that ingest writes) has the pairs
    read as terms instead (:func:`_work_ids_as_terms`), so the order is the same.

    >>> from kg.store import open_store
    >>> store = open_store("memory")
    >>> _ = store.replace_graph("http://e/g", '''
    ...   <https://w3id.org/technocracy/id/work/b> <http://purl.org/dc/terms/identifier> "B" .
    ...   <https://w3id.org/technocracy/id/work/a> <http://purl.org/dc/terms/identifier> "a" .
    ...   <http://e/x> <http://purl.org/dc/terms/identifier> "0" .''', format="nt")
    >>> [ident for _, ident in work_ids(store)]
    ['"a"', '"B"']
    >>> _ = store.replace_graph("http://e/h", '''
    ...   <https://w3id.org/technocracy/id/work/c> <http://purl.org/dc/terms/identifier> 7 .''',
    ...   format="ttl")
    >>> work_ids(store) == _work_ids_as_terms(store)
    True
    """
    lines = store.query(_PAIRS).serialize("tsv").decode("utf-8").split("\n")
    found = []
    for line in lines[1:]:  # after the header
        work, _, ident = line.partition("\t")
        if not work.startswith(_WORK_TERM):
            continue
        if len(ident) < 2 or ident[0] != '"' or ident[-1] != '"' or "\\" in ident:
            return _work_ids_as_terms(store)
        found.append((ident[1:-1].lower(), work[1:-1], ident, work))
    found.sort()
    return [(work, ident) for _, _, ident, work in found]


def _work_ids_as_terms(store: Store) -> list[tuple[str, str]]:
    """:func:`work_ids`, each term read as a Python object."""
    found = []
    for row in store.query(_PAIRS).rows():
        work, ident = row["work"], row["id"]
        if isinstance(work, ox.NamedNode) and work.value.startswith(_WORKS) and ident is not None:
            found.append((ident.value.lower(), work.value, str(ident), str(work)))
    found.sort()
    return [(work, ident) for _, _, ident, work in found]


def work_rows(
    store: Store,
    query: NamedQuery,
    *,
    limit: int,
    offset: int,
    page: tuple[list[tuple[str, str]], int] | None = None,
) -> tuple[list[dict[str, Term | None]], int]:
    """The rows of ``query`` (``works.rq``) for one page of works, and how many works
    there are; ``page``: the page's (work, identifier) pairs and that number, already
    known (:func:`work_ids`)."""
    if limit < 1 or offset < 0:
        raise ParameterError("limit must be at least 1 and offset not negative", where="works")
    if page is not None:
        chosen, total = page
    else:
        found = store.query(f"{_IDS}LIMIT {int(limit)} OFFSET {int(offset)}").rows()
        chosen = [(str(r["work"]), str(r["id"])) for r in found]
        if len(chosen) < limit and (chosen or not offset):
            total = offset + len(chosen)
        else:
            (counted,) = store.query(_COUNT).rows()
            total = int(counted["n"].value) if isinstance(counted["n"], ox.Literal) else 0
    if not chosen:
        return [], total
    text, start = query.text, query.text.find(_AUTHORS_OPENS)
    end = text.find(_AUTHORS_CLOSE, start)
    if start < 0 or end < 0:  # not works.rq's text: as it is
        return store.query(_restricted(text, chosen)).rows(), total
    rows = store.query(_restricted(text[:start] + text[end:], chosen)).rows()
    names = authors(store, {work[1:-1] for work, _ in chosen})
    for row in rows:
        work = row.get("work")
        joined = names.get(work.value) if work is not None else None
        row["authors"] = ox.Literal(joined) if joined is not None else None
    return rows, total
