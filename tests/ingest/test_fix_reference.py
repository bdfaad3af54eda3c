"""One reference corrected without ingesting again (``kg.ingest.fix``): a wrong year left a
citation unresolved; the corrected entry resolves it, and nothing else in the store moves."""

from __future__ import annotations

import json

import pytest

from kg.build import build
from kg.errors import InputError
from kg.ingest.fix import fix_reference
from kg.ingest.listing import list_citations, list_references
from kg.ingest.pipeline import ingest
from kg.store import open_store

PAPER = """# Algorithms and the city

Smart cities are governed by algorithms (Kitchin 2014). Others disagree, as Townsend (2013)
argues at length.

A third view is less sure (Vanolo 2014: 883).

## References

Kitchin, R. (2041) The real-time city? Big data and smart urbanism. GeoJournal 79(1): 1-14.

Townsend, A. (2013) Smart Cities: Big Data, Civic Hackers, and the Quest for a New Utopia.
New York: Norton.

Vanolo, A. (2014) Smartmentality: The smart city as disciplinary strategy. Urban Studies
51(5): 883-898.
"""
CORRECTED = (
    "Kitchin, R. (2014) The real-time city? Big data and smart urbanism. GeoJournal 79(1): 1-14."
)
BIBTEX = """@article{k14, author = {Kitchin, Rob}, year = {2014},
  title = {The real-time city? {Big} data and smart urbanism}, journal = {GeoJournal}}"""
ID = "https://w3id.org/technocracy/id/"
REF = "kitchin2041realtime"


@pytest.fixture
def store(tmp_path):
    handle = open_store("memory")
    build(handle, reason=False, corpus_dir=None)
    (tmp_path / "paper.md").write_text(PAPER, encoding="utf-8")
    ingest(handle, tmp_path / "paper.md")
    yield handle
    handle.close()


def quads(store) -> set[str]:
    return set(store.dump(format="nq").decode().splitlines())


def touched(before: set[str], after: set[str]) -> set[str]:
    """The subjects of the quads that went or came."""
    return {line.split(" ", 1)[0] for line in before ^ after}


@pytest.mark.parametrize("entry", [CORRECTED, BIBTEX], ids=["text", "bibtex"])
def test_the_corrected_year_resolves_the_citation_and_nothing_else_moves(store, entry):
    citations = list_citations(store, "paper")
    assert [c["reference"] and c["reference"]["id"] for c in citations] == [
        None,
        "townsend2013smart",
        "vanolo2014smartmentality",
    ]
    before = quads(store)

    fixed = fix_reference(store, "paper", 1, entry)

    assert fixed.reference == REF and fixed.changed == [(1, None, REF)]
    assert (fixed.resolved_before, fixed.resolved_after, fixed.citations) == (2, 3, 3)
    now = list_citations(store, "paper")
    assert now[0]["reference"]["id"] == REF
    assert (now[0]["confidence"], now[0]["reason"]) == (1.0, "surnames and year match")
    assert now[1:] == citations[1:]
    entry_1 = list_references(store, "paper")[0]
    assert entry_1["id"] == REF and entry_1["csl"]["issued"]["date-parts"][0][0] == 2014
    assert [c["text"] for c in entry_1["citations"]] == ["Kitchin 2014"]
    assert entry_1["cited_as"] == ["Kitchin 2014"]
    after = quads(store)
    mine = (f"<{ID}reference/paper/{REF}>", f"<{ID}work/{REF}", f"<{ID}citation/paper/1>")
    people = (f"<{ID}person/kitchin-", f"<{ID}venue/geojournal>")  # the entry's, read anew
    assert all(s.startswith(mine + people) for s in touched(before, after))
    assert any(f"<{ID}reference/paper/{REF}>" in line and "2014" in line for line in after)


def test_fixing_it_twice_with_the_same_entry_changes_nothing_the_second_time(store):
    fix_reference(store, "paper", 1, CORRECTED)
    once = quads(store)
    again = fix_reference(store, "paper", 1, CORRECTED)
    assert again.changed == [] and quads(store) == once


@pytest.mark.parametrize(
    ("position", "entry", "message"),
    [
        (4, CORRECTED, "no entry 4 in the reference list of 'paper' (1 to 3)"),
        (1, BIBTEX + "\n" + BIBTEX.replace("k14", "k15"), "2 references found: give one"),
        (1, "@article{broken, title = {", "entry 1"),
        (1, json.dumps([{"id": "x", "title": "T"}]) + "]", "entry 1"),
    ],
)
def test_a_bad_fix_is_refused_and_the_store_stays_as_it_was(store, position, entry, message):
    before = quads(store)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        fix_reference(store, "paper", position, entry)
    assert quads(store) == before


def test_a_curated_reading_of_the_chapter_stands_after_a_fix():
    """The chapter's kg/corpus/kitchin2019smart.yaml settles 'Raco and Savini 2018' as
    savini2019rise; an entry corrected so that the automatic match no longer finds it keeps
    the settled reading (the build's rule), rather than leaving both citations unresolved."""
    handle = open_store("memory")
    build(handle, reason=False, corpus_dir=None)
    position = next(
        r["position"]
        for r in list_references(handle, "kitchin2019smart")
        if r["id"] == "savini2019rise"
    )
    fixed = fix_reference(
        handle,
        "kitchin2019smart",
        position,
        "Savini, F. (2021) The rise of a new urban technocracy. In: Planning and Knowledge. "
        "Bristol: Policy Press.",
    )
    assert fixed.resolved_after == fixed.resolved_before and fixed.changed == []
    settled = [c for c in list_citations(handle, "kitchin2019smart") if "Savini" in c["text"]]
    assert len(settled) == 2
    for citation in settled:
        assert citation["reference"]["id"] == "savini2019rise"
        assert "kg/corpus/kitchin2019smart.yaml settles it" in citation["reason"]
    handle.close()


NUMBERED = """Urban data platforms

Smart city platforms centralise data [1]. Critics warn of lock-in [2, 3].

References

1. Kitchin R. The real-time city? Big data and smart urbanism. GeoJournal. 2014;79(1):1-14.
2. Townsend AM. Smart cities: big data, civic hackers, and the quest for a new utopia. New York:
Norton; 2013.
3. Vanolo A. Smartmentality: the smart city as disciplinary strategy. Urban Stud.
2041;51(5):883-98.
"""
TITLED = """Neighbourhood policing

The city closed the centre, and the police moved in ("Police fill rec center void", 1996).
Others saw it coming (Kitchin 2014).

References

Kitchin, R. (2014) The real-time city? Big data and smart urbanism. GeoJournal 79(1): 1-14.

Police fill rec center void. (1996, March 3). The Daily Herald, p. A1.
"""


@pytest.mark.parametrize(
    ("text", "position", "entry"),
    [
        (
            NUMBERED,
            3,
            "3. Vanolo A. Smartmentality: the smart city as disciplinary strategy. Urban Stud. "
            "2014;51(5):883-98.",
        ),
        (TITLED, 2, "Police fill rec center void. (1996, March 4). The Daily Herald, p. A2."),
    ],
    ids=["numbered", "title-as-author"],
)
def test_a_fix_in_a_numbered_list_or_of_a_title_cited_as_author(tmp_path, text, position, entry):
    """Numeric callouts (``[3]``, no year in the graph) and titles cited as authors are read
    back from the graph as they were cited, and still resolve after the fix."""
    handle = open_store("memory")
    build(handle, reason=False, corpus_dir=None)
    (tmp_path / "paper.txt").write_text(text, encoding="utf-8")
    ingest(handle, tmp_path / "paper.txt")
    before = {c["text"]: c["reference"]["id"] for c in list_citations(handle, "paper")}
    fixed = fix_reference(handle, "paper", position, entry)
    after = {c["text"]: c["reference"]["id"] for c in list_citations(handle, "paper")}
    assert after == before and None not in after.values()
    assert fixed.resolved_after == fixed.resolved_before == fixed.citations
    handle.close()
