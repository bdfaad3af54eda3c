"""``kg.store.sparqltext.names_dataset`` (whether a query has ``FROM``/``FROM NAMED``, read
from its text: pyoxigraph exposes no parsed query) against rdflib's SPARQL parser, over every
query of the W3C suites that has the letters "from" in it (the others cannot have the
clause: ``names_dataset`` answers False for them without a scan). Queries rdflib does not
parse are left out."""

from __future__ import annotations

import pytest
from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery
from w3c.manifests import SUITE

from kg.store.sparqltext import names_dataset

QUERIES = (
    sorted(p for p in SUITE.rglob("*.rq") if "from" in p.read_text(encoding="utf-8").lower())
    if SUITE.is_dir()
    else []
)


@pytest.mark.parametrize("path", QUERIES, ids=[str(p.relative_to(SUITE)) for p in QUERIES])
def test_names_dataset_agrees_with_a_parser(path):
    text = path.read_text(encoding="utf-8")
    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        pytest.skip(f"rdflib does not parse it: {exc}")
    assert names_dataset(text) is ("datasetClause" in parsed[1])
