"""Pandoc's citations in Markdown papers (kg.ingest.keyed): the forms of Pandoc's manual,
on a paper and a BibTeX file written here, found, resolved by key and stored."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from typer.testing import CliRunner

from kg.cli import app
from kg.ingest.keyed import find_keyed, front_matter_bibliography, resolve_key
from kg.ingest.model import Reference
from kg.ingest.pipeline import analyse

REFS = [
    Reference("kitchin2014", ("Kitchin",), 2014),
    Reference("townsend:2013", ("Townsend",), 2013),
]

BIBTEX = """@book{kitchin2014,
  author = {Kitchin, Rob}, title = {The Data Revolution}, publisher = {Sage}, year = {2014}
}
@book{townsend:2013,
  author = {Townsend, Anthony M.}, title = {Smart Cities}, publisher = {Norton}, year = {2013}
}
"""

PAPER = """---
title: Dashboards and their discontents
bibliography: refs.bib
---

# Introduction

Cities now produce data at scale [@kitchin2014, pp. 3-5]. @townsend:2013 is hopeful
[but see @kitchin2014; @greenfield2013, ch. 2]. The later book [-@kitchin2014] says more.
"""


def _keys(text: str) -> list[tuple]:
    return [(c.key, c.prefix, c.locator, c.narrative) for c in find_keyed(text, REFS)]


def test_the_forms_of_pandocs_manual() -> None:
    assert _keys("Blah [see @kitchin2014, pp. 33-35; also @townsend:2013, chap. 1].") == [
        ("kitchin2014", "see", "pp. 33-35", False),
        ("townsend:2013", "also", "chap. 1", False),
    ]
    assert _keys("Blah [@kitchin2014; @{townsend:2013}].") == [
        ("kitchin2014", None, None, False),
        ("townsend:2013", None, None, False),
    ]
    # "-@" suppresses the author's name: still a citation of the work
    assert _keys("Kitchin says so [-@kitchin2014].") == [("kitchin2014", None, None, False)]
    # in the running text, with or without a locator in brackets
    assert _keys("@kitchin2014 says so, and @kitchin2014 [p. 33] says more.") == [
        ("kitchin2014", None, None, True),
        ("kitchin2014", None, "p. 33", True),
    ]


def test_what_is_no_citation() -> None:
    # an e-mail address, a handle, a key the bibliography lacks outside brackets, a
    # key in a link; a stop after a key ends it
    text = (
        "Mail me@example.org or @someone; @nobody2020 says. "
        "See https://example.social/@kitchin2014 there. End @kitchin2014."
    )
    found = find_keyed(text, REFS)
    assert [(c.key, text[c.start : c.end]) for c in found] == [("kitchin2014", "@kitchin2014")]


def test_a_key_in_brackets_missing_from_the_bibliography_is_unresolved() -> None:
    found = find_keyed("Blah [@kitchin2014; @greenfield2013].", REFS)
    resolved = [resolve_key(c, REFS) for c in found]
    assert [(r.reference, r.confidence) for r in resolved if r] == [
        ("kitchin2014", 1.0),
        (None, 0.0),
    ]
    assert resolved[1] is not None and "@greenfield2013" in resolved[1].reason


def test_the_front_matter_names_the_bibliography(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(BIBTEX, encoding="utf-8")
    paper = tmp_path / "paper.md"
    assert front_matter_bibliography(PAPER, paper) == [tmp_path / "refs.bib"]
    assert front_matter_bibliography(PAPER.replace("refs.bib", "[refs.bib, gone.bib]"), paper) == [
        tmp_path / "refs.bib"
    ]
    assert front_matter_bibliography("# No front matter\n", paper) == []
    assert front_matter_bibliography("---\ntitle: [broken\n---\n", paper) == []


def test_ingest_reads_the_front_matters_bibliography_and_stores_the_keys(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(BIBTEX, encoding="utf-8")
    (tmp_path / "paper.md").write_text(PAPER, encoding="utf-8")
    spec = f"oxigraph:{tmp_path / 'store'}"
    done = CliRunner().invoke(app, ["ingest", str(tmp_path / "paper.md"), "--store", spec])
    assert done.exit_code == 0, done.output
    assert "5 citations (4 resolved) to 2 references" in " ".join(done.output.split())
    store = ox.Store(str(tmp_path / "store"))
    rows = store.query(
        """PREFIX c4o: <http://purl.org/spar/c4o/>
        PREFIX tech: <https://w3id.org/technocracy/ontology#>
        SELECT ?as (COUNT(*) AS ?n)
        WHERE { GRAPH ?g { ?c a c4o:InTextReferencePointer ; tech:citedAs ?as } }
        GROUP BY ?as ORDER BY ?as"""
    )
    assert [(r["as"].value, int(r["n"].value)) for r in rows] == [
        ("@greenfield2013", 1),
        ("@kitchin2014", 3),
        ("@townsend:2013", 1),
    ]


LABELLED = """Gesten und Handschuhe

Einleitung

Datenhandschuhe erlauben Gesten [BAUD93, S. 4]. Andere Arbeiten verfolgen das weiter
[STUR92; CARR91] und [CARR91, BAUD93]. Eine Zahl in Klammern [12] ist keine.

Literatur

[BAUD93] Baudel, T.: Remote Control of Objects using Free-Hand Gestures,
Communications of the ACM, Vol. 36, No. 7, July 1993
[CARR91] Carr, R.: The Point of the Pen, Byte, Feb. 1991, S. 211-221
[STUR92] Sturman, D. J.: Whole-hand Input, Dissertation, MIT, 1992
"""


def test_a_list_with_labels_is_cited_by_them() -> None:
    found = analyse(LABELLED, doc_id="t", matcher=None)
    assert [r.csl.get("citation-label") for r in found.references] == [
        "BAUD93",
        "CARR91",
        "STUR92",
    ]
    pairs = zip(found.citations, found.resolutions, strict=True)
    assert [(c.text, c.locator, r.reference, r.confidence) for c, r in pairs] == [
        ("BAUD93", "S. 4", found.references[0].id, 1.0),
        ("STUR92", None, found.references[2].id, 1.0),
        ("CARR91", None, found.references[1].id, 1.0),
        ("CARR91", None, found.references[1].id, 1.0),
        ("BAUD93", None, found.references[0].id, 1.0),
    ]
