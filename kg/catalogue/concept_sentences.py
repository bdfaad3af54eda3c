"""A page of the sentences that mention a concept: the rows of the named query
``concept-sentences`` from ``offset`` on, ``limit`` of them, and how many there are, read
so that a page costs what it shows.

``concept-sentences`` reads each sentence's page, offsets and words before it orders them
and cuts a page: beside 1,000 papers a common concept is in thousands of sentences, and its
page took 3 s to order them, 2.9 s more to count them. Here the page is chosen first by
what the order needs alone (each sentence's start), in the query's order (by offset, then
sentence), and counted from the concept's index alone (the sentences' IRIs that mention
it); the rest of each row is read for the page's sentences only, in one query opened by a
``VALUES`` block of them.

>>> from kg.store import open_store
>>> store = open_store("memory")
>>> _ = store.replace_graph("http://e/g", '''
...   @prefix dct: <http://purl.org/dc/terms/> .
...   @prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
...   @prefix tech: <https://w3id.org/technocracy/ontology#> .
...   @prefix s: <https://w3id.org/technocracy/id/sentence/d/> .
...   s:1 dct:subject tech:A ; tech:page 2 ; nif:beginIndex 9 ; nif:endIndex 12 .
...   s:2 dct:subject tech:A ; tech:page 1 ; nif:beginIndex 3 ; nif:endIndex 5 .
... ''', format="ttl")
>>> rows, total = sentence_rows(store, "https://w3id.org/technocracy/ontology#A", limit=1, offset=1)
>>> [(r["sentence"].value, r["page"].value) for r in rows], total
([('https://w3id.org/technocracy/id/sentence/d/1', '2')], 2)
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import ParameterError
from kg.rdf.namespaces import ID
from kg.store import Store, Term

__all__ = ["sentence_rows"]

_PREFIXES = """PREFIX c4o: <http://purl.org/spar/c4o/>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX tech: <https://w3id.org/technocracy/ontology#>
"""
#: The sentences on the concept with what their order needs (``%s``: the concept, in
#: N-Triples form): the start alone, one look-up a sentence (the page and the end too took
#: twice as long; every sentence of a text has them all, as ``tkg ingest`` writes it)
_CHOSEN = """SELECT DISTINCT ?sentence ?start WHERE {
  ?sentence dct:subject %s ; nif:beginIndex ?start .
}"""
#: How many sentences there are on the concept (``%s``: the concept, then the namespace of
#: the sentences' IRIs): a count from the concept's index alone, without a look-up a
#: sentence (0.5 s against 2.9 s beside 1,000 papers)
_COUNT = """SELECT (COUNT(DISTINCT ?sentence) AS ?n) WHERE {
  ?sentence dct:subject %s FILTER (STRSTARTS(STR(?sentence), "%s"))
}"""
#: The rows of ``concept-sentences`` for some sentences (a VALUES block of them opens the
#: group, the concept written in), in no order: the page's order is the one they were
#: chosen in.
_ROWS = """SELECT DISTINCT ?concept ?sentence ?page ?start ?end ?context WHERE {
  VALUES ?sentence { %s }
  ?sentence dct:subject %s ; tech:page ?page ; nif:beginIndex ?start ; nif:endIndex ?end .
  OPTIONAL { ?sentence c4o:hasContent ?context }
  BIND (%s AS ?concept)
}"""


def sentence_rows(
    store: Store, concept: str, *, limit: int, offset: int = 0
) -> tuple[list[dict[str, Term | None]], int]:
    """The rows ``concept-sentences`` gives for ``concept`` (an IRI) with ``limit`` and
    ``offset``, and how many rows it gives without them."""
    if limit < 1 or offset < 0:
        raise ParameterError("limit must be at least 1 and offset not negative", where="concept")
    term = str(ox.NamedNode(concept))
    chosen = _PREFIXES + _CHOSEN % term
    page = store.query(
        f"{chosen}\nORDER BY ?start ?sentence LIMIT {int(limit)} OFFSET {int(offset)}"
    ).rows()
    if len(page) < limit and (page or not offset):
        total = offset + len(page)
    else:
        (counted,) = store.query(_PREFIXES + _COUNT % (term, f"{ID}sentence/")).rows()
        total = int(counted["n"].value) if isinstance(counted["n"], ox.Literal) else 0
    if not page:
        return [], total
    place = {(str(r["sentence"]), str(r["start"])): k for k, r in enumerate(page)}
    values = " ".join(sorted({str(r["sentence"]) for r in page}))
    rows = store.query(_PREFIXES + _ROWS % (values, term, term)).rows()
    kept = [r for r in rows if (str(r["sentence"]), str(r["start"])) in place]
    kept.sort(key=lambda r: place[(str(r["sentence"]), str(r["start"]))])
    return kept, total
