"""The chapter's bibliography as CSL-JSON, BibTeX and RIS, read back by the tools that read
them (pybtex, rispy), with every role and detail the graph holds."""

from __future__ import annotations

import json
from collections import Counter

import pybtex.database
import pytest
import rispy
from pybtex.plugin import find_plugin

from kg.build import build
from kg.litmap import Filters, build_map, write_map
from kg.rdf.namespaces import WORK
from kg.store import open_store

EDITORS_IN_GRAPH = """
PREFIX bibo: <http://purl.org/ontology/bibo/>
SELECT ?work (COUNT(?person) AS ?n) WHERE { ?work bibo:editor ?person } GROUP BY ?work
"""


@pytest.fixture(scope="module")
def store():
    opened = open_store("memory")
    build(opened, reason=False)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def chapter(store):
    return build_map(store, "citation", Filters(doc=str(WORK.kitchin2019smart)))


@pytest.fixture(scope="module")
def items(chapter):
    return {i["id"]: i for i in json.loads(write_map(chapter, "csl"))}


def _editors_in_graph(store) -> Counter:
    rows = store.query(EDITORS_IN_GRAPH).rows()
    return Counter({r["work"].value.rsplit("/", 1)[-1]: int(r["n"].value) for r in rows})


def test_csl_json_has_every_editor_the_graph_holds(store, items):
    held = _editors_in_graph(store)
    exported = Counter({k: len(i.get("editor", [])) for k, i in items.items()})
    assert sum(held[k] for k in items) > 0
    assert {k: held[k] for k in items if held[k]} == {k: n for k, n in exported.items() if n}
    sabatier = items["sabatier1993policy"]
    assert [e["family"] for e in sabatier["editor"]] == ["Sabatier", "Jenkins-Smith"]
    assert "author" not in sabatier
    dunlop = items["dunlop2013epistemic"]
    assert dunlop["page"] == "229-243" and dunlop["DOI"] and dunlop["ISBN"]
    assert dunlop["publisher"] == "Routledge" and dunlop["publisher-place"]
    assert items["greenfield2013against"]["collection-title"]


def test_pybtex_formats_every_bibtex_entry_with_plain(chapter, items):
    data = pybtex.database.parse_string(write_map(chapter, "bibtex").decode(), "bibtex")
    assert set(data.entries) == set(items)
    style = find_plugin("pybtex.style.formatting", "plain")()
    formatted = {
        e.key: e.text.render_as("text") for e in style.format_entries(data.entries.values())
    }
    assert len(formatted) == len(items)
    assert "Sabatier" in formatted["sabatier1993policy"]
    assert "editors" in formatted["sabatier1993policy"]
    assert "Araral" in formatted["dunlop2013epistemic"]  # "In ... , editors, Routledge Handbook"
    editors = data.entries["dunlop2013epistemic"].persons["editor"]
    assert [p.last_names[0] for p in editors][:2] == ["Araral", "Fritzen"]


def test_rispy_reads_editors_back(chapter, items):
    records = {r["id"]: r for r in rispy.loads(write_map(chapter, "ris").decode())}
    assert set(records) == set(items)
    sabatier = records["sabatier1993policy"]
    assert sabatier["type_of_reference"] == "BOOK"
    assert sabatier["unknown_tag"]["ED"] == ["Sabatier, Paul A.", "Jenkins-Smith, Hank C."]
    dunlop = records["dunlop2013epistemic"]
    assert dunlop["secondary_authors"][0] == "Araral, Eduardo"
    assert (dunlop["start_page"], dunlop["end_page"]) == ("229", "243")
    assert dunlop["doi"] == items["dunlop2013epistemic"]["DOI"]
    assert records["greenfield2013against"]["tertiary_title"]


def test_our_readers_read_our_writers(chapter, items):
    from kg.bib.bibtex import read_bibtex
    from kg.bib.ris import read_ris

    for read, fmt in ((read_bibtex, "bibtex"), (read_ris, "ris")):
        back = {i["id"]: i for i in read(write_map(chapter, fmt).decode())}
        for key, item in items.items():
            assert back[key].get("editor") == item.get("editor"), (fmt, key)
            assert back[key].get("author") == item.get("author"), (fmt, key)


def test_year_suffixes_are_the_chapters_own(store, chapter, items):
    """The chapter cites kitchin2016ethics as "Kitchin 2016b" (its key list): labels, CSL-JSON
    and formatted lists say so, and kitchin2016getting takes the letter left, "2016a"."""
    labels = dict(chapter.graph.nodes(data="label"))
    assert labels["kitchin2016ethics"] == "Kitchin 2016b"
    assert labels["kitchin2016getting"] == "Kitchin 2016a"
    assert items["kitchin2016ethics"]["year-suffix"] == "b"
    assert items["kitchin2016getting"]["year-suffix"] == "a"
    assert all("year-suffix" not in i for k, i in items.items() if not k.startswith("kitchin2016"))
    apa = write_map(chapter, "apa").decode()
    assert "Kitchin, R. (2016b). The ethics of smart cities" in apa
    assert "Kitchin, R. (2016a). Getting smarter about smart cities" in apa
    cocitation = build_map(store, "cocitation", Filters(grain="document"))
    if "kitchin2016ethics" in cocitation.graph:  # the same labels on every map
        assert cocitation.graph.nodes["kitchin2016ethics"]["label"] == "Kitchin 2016b"
