"""Bibliographies in four forms read to the same references; merging, year suffixes.
(Reading each format, finding reference lists in a text and refusing bad input are
tested in tests/bib.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.bib.graph import confidence_of
from kg.ingest.references import (
    assign_year_suffixes,
    merge_bibliographies,
    normalise_title,
    read_bibliography,
    reference_from_csl,
)
from kg.settings import default_corpus_dir

DATA = Path(__file__).parents[1] / "data" / "bibliographies"
FORMS = {
    "smart-cities.csl.json": ("csl-json", "csl"),
    "smart-cities.bib": ("bibtex", "bibtex"),
    "smart-cities.ris": ("ris", "ris"),
    "smart-cities.apa.txt": ("text", "text"),
    "smart-cities.harvard.txt": ("text", "text"),
    "smart-cities.chicago.txt": ("text", "text"),
}
# id: surnames, year, title, DOI -- what every form of the test bibliography says
WORKS = {
    "kitchin2014realtime": (
        ("Kitchin",),
        2014,
        "The real-time city? Big data and smart urbanism",
        "10.1007/s10708-013-9516-8",
    ),
    "kitchin2016ethics": (
        ("Kitchin",),
        2016,
        "The ethics of smart cities and urban science",
        "10.1098/rsta.2016.0115",
    ),
    "kitchin2016getting": (
        ("Kitchin",),
        2016,
        "Getting smarter about smart cities: Improving data privacy and data security",
        None,
    ),
    "townsend2013smart": (
        ("Townsend",),
        2013,
        "Smart cities: Big data, civic hackers, and the quest for a new utopia",
        None,
    ),
    "kitchin2019smart": (
        ("Kitchin", "Coletta", "Evans", "Heaphy", "Mac Donncha"),
        2019,
        "Smart cities, algorithmic technocracy and new urban technocrats",
        None,
    ),
    "worldbank2016world": (
        ("World Bank",),
        2016,
        "World development report 2016: Digital dividends",
        "10.1596/978-1-4648-0671-1",
    ),
    "decerteau1984practice": (("de Certeau",), 1984, "The practice of everyday life", None),
    "vandijck2014datafication": (
        ("van Dijck",),
        2014,
        "Datafication, dataism and dataveillance: Big Data between scientific paradigm and ideology",
        "10.24908/ss.v12i2.4776",
    ),
    "haas1992introduction": (
        ("Haas",),
        1992,
        "Introduction: Epistemic communities and international policy coordination",
        "10.1017/S0020818300001442",
    ),
    "tironi2015sensors": (
        ("Tironi", "Sánchez Criado"),
        2015,
        'Of sensors and sensitivities: Towards a cosmopolitics of "smart cities"?',
        None,
    ),
    "sabatier1993policy": (
        ("Sabatier", "Jenkins-Smith"),
        1993,
        "Policy change and learning: An advocacy coalition approach",
        None,
    ),
    "dunlop2013epistemic": (("Dunlop",), 2013, "Epistemic communities", None),
}


def _comparable(surnames, year, title, doi):
    return surnames, year, normalise_title(title or ""), (doi or "").casefold() or None


def _read(name: str):
    return read_bibliography(DATA / name)


# --- the chapter's own bibliography ---------------------------------------------------


def test_chapter_csl_json_reads_to_27_references():
    corpus = default_corpus_dir()
    if corpus is None:
        pytest.skip("the shared corpus is not beside this checkout")
    refs = {r.id: r for r in read_bibliography(corpus / "references.csl.json")}
    assert len(refs) == 27
    assert refs["krivy2016towards"].surnames == ("Krivý",)
    assert refs["krivy2016towards"].year == 2018
    assert refs["tironi2015sensors"].surnames == ("Tironi", "Sánchez Criado")
    assert refs["collier2016public"].surnames == ("Collier", "Mizes", "von Schnitzler")
    assert refs["raco2019planning"].surnames == ("Raco", "Savini")  # editors, no authors
    assert refs["kitchin2014realtime"].doi == "10.1007/s10708-013-9516-8"
    assert refs["kitchin2014realtime"].container == "GeoJournal"
    assert all(r.source == "csl" and r.csl["id"] == r.id for r in refs.values())
    assert confidence_of(refs["cullen2016unresolved"].csl)[0] == "low"


# --- one bibliography, six forms -------------------------------------------------------


@pytest.mark.parametrize("name", FORMS)
def test_every_form_reads_to_the_same_works(name):
    refs = _read(name)
    got = {r.id: _comparable(r.surnames, r.year, r.title, r.doi) for r in refs}
    assert got == {key: _comparable(*work) for key, work in WORKS.items()}
    assert {r.source for r in refs} == {FORMS[name][1]}


@pytest.mark.parametrize("name", FORMS)
def test_containers_and_pages_agree_across_forms(name):
    refs = {r.id: r for r in _read(name)}
    assert refs["kitchin2014realtime"].container == "GeoJournal"
    assert normalise_title(refs["tironi2015sensors"].container) == normalise_title(
        "Tecnoscienza: Italian Journal of Science & Technology Studies"
    )
    assert normalise_title(refs["kitchin2019smart"].container).startswith("planning and knowledge")
    assert refs["kitchin2019smart"].csl["page"] == "199-212"
    assert [e["family"] for e in refs["kitchin2019smart"].csl["editor"]] == ["Raco", "Savini"]
    assert refs["kitchin2014realtime"].csl["volume"] == "79"
    assert refs["worldbank2016world"].csl["author"] == [{"literal": "World Bank"}]


def test_structured_forms_carry_types_and_places():
    for name in ("smart-cities.csl.json", "smart-cities.bib", "smart-cities.ris"):
        refs = {r.id: r for r in _read(name)}
        assert {k: r.csl["type"] for k, r in refs.items()} == {
            "kitchin2014realtime": "article-journal",
            "kitchin2016ethics": "article-journal",
            "kitchin2016getting": "report",
            "townsend2013smart": "book",
            "kitchin2019smart": "chapter",
            "worldbank2016world": "report",
            "decerteau1984practice": "book",
            "vandijck2014datafication": "article-journal",
            "haas1992introduction": "article-journal",
            "tironi2015sensors": "article-journal",
            "sabatier1993policy": "book",
            "dunlop2013epistemic": "chapter",
        }, name
        assert refs["townsend2013smart"].csl["publisher"] == "W. W. Norton", name
        assert refs["townsend2013smart"].csl["publisher-place"] == "New York", name
        assert refs["decerteau1984practice"].csl["translator"][0]["family"] == "Rendall", name
        assert "author" not in refs["sabatier1993policy"].csl, name


def test_bibtex_latex_and_strings_are_decoded():
    refs = {r.id: r for r in _read("smart-cities.bib")}
    assert refs["tironi2015sensors"].csl["author"][0] == {"family": "Tironi", "given": "Martín"}
    assert refs["vandijck2014datafication"].container == "Surveillance & Society"
    assert refs["townsend2013smart"].csl["publisher"] == "W. W. Norton"  # an @string
    assert refs["kitchin2016ethics"].doi == "10.1098/rsta.2016.0115"  # URL form dropped


def test_plain_text_keeps_the_original_string():
    refs = _read("smart-cities.harvard.txt")
    lines = (DATA / "smart-cities.harvard.txt").read_text(encoding="utf-8").splitlines()
    assert [r.raw for r in refs] == lines
    assert all("raw" not in r.csl for r in refs)


def test_chicago_dashes_repeat_the_previous_authors():
    refs = {r.id: r for r in _read("smart-cities.chicago.txt")}
    assert refs["kitchin2016getting"].csl["author"] == [{"family": "Kitchin", "given": "Rob"}]
    assert refs["kitchin2016getting"].raw.startswith("———. 2016.")


# --- year suffixes ---------------------------------------------------------------------


@pytest.mark.parametrize("name", FORMS)
def test_year_suffixes_are_assigned_by_title_order(name):
    refs = {r.id: r for r in assign_year_suffixes(_read(name))}
    assert {k: r.year_suffix for k, r in refs.items() if r.year_suffix} == {
        # "The ethics" files under E, not T: leading articles do not count
        "kitchin2016ethics": "a",
        "kitchin2016getting": "b",
    }
    for key, letter in (("kitchin2016ethics", "a"), ("kitchin2016getting", "b")):
        ref = refs[key]
        assert ref.csl["year-suffix"] == letter
        assert f"Year suffix {letter!r} assigned by title order" in (ref.note or "")
        level, rest = confidence_of(ref.csl)
        assert level == "medium"
        assert "the bibliography gives none" in rest
    assert refs["kitchin2014realtime"].note is None


def test_year_suffixes_lower_a_stated_confidence_and_keep_the_note():
    refs = {r.id: r for r in assign_year_suffixes(_read("smart-cities.csl.json"))}
    note = refs["kitchin2016getting"].csl["note"]
    assert note.startswith("confidence: medium. Year suffix 'b' assigned")


def test_letters_a_bibliography_gives_are_kept():
    given = read_bibliography(
        "Kitchin, R. (2016b) The ethics of smart cities. Dublin: Policy.\n"
        "Kitchin, R. (2016a) Getting smarter. Dublin: Taoiseach.\n"
    )
    assert assign_year_suffixes(given) == given
    partial = read_bibliography(
        "Kitchin, R. (2016a) Zebra crossings. London: Verso.\n"
        "Kitchin, R. (2016) An atlas. London: Verso.\n"
        "Kitchin, R., Coletta, C. and McArdle, G. (2016) Urban control. London: Verso.\n"
        "Kitchin, R., Evans, L. and Heaphy, L. (2016) Dashboards. London: Verso.\n"
    )
    assert [r.year_suffix for r in assign_year_suffixes(partial)] == ["a", "b", "b", "a"]


# --- merging ---------------------------------------------------------------------------


def test_bibtex_and_ris_merge_to_twelve():
    bibtex, ris = _read("smart-cities.bib"), _read("smart-cities.ris")
    merged = merge_bibliographies(bibtex, ris)
    assert [r.id for r in merged] == [r.id for r in bibtex]
    assert all(r.source == "bibtex" for r in merged)
    assert all(r.note and r.note.startswith("merged with ris entry ") for r in merged)
    # the DOI matched whatever its case; the RIS full date filled nothing the BibTeX had
    ethics = next(r for r in merged if r.id == "kitchin2016ethics")
    assert ethics.doi == "10.1098/rsta.2016.0115"
    assert len(merge_bibliographies(bibtex, bibtex, ris)) == 12


def test_merge_fills_gaps_and_reports_what_it_did_not_keep():
    csl, apa = _read("smart-cities.csl.json"), _read("smart-cities.harvard.txt")
    merged = {r.id: r for r in merge_bibliographies(apa, csl)}
    assert len(merged) == 12
    townsend = merged["townsend2013smart"]
    assert townsend.source == "text"
    assert (townsend.raw or "").startswith("Townsend, A.M. (2013)")
    assert townsend.csl["publisher"] == "W.W. Norton"  # the first source wins
    assert "kept text's publisher 'W.W. Norton' over 'W. W. Norton'" in (townsend.note or "")
    getting = merged["kitchin2016getting"]
    assert getting.csl["note"] == "confidence: high"  # filled from the CSL-JSON


def test_merge_by_normalised_title_and_year_without_doi():
    a = reference_from_csl(
        {"id": "a", "title": "Of Sensors and Sensitivities", "issued": {"date-parts": [[2015]]}}
    )
    b = reference_from_csl(
        {"id": "b", "title": "Of sensors and sensitivities.", "issued": {"date-parts": [[2015]]}}
    )
    c = reference_from_csl(
        {"id": "c", "title": "Of sensors and sensitivities", "issued": {"date-parts": [[2016]]}}
    )
    assert [r.id for r in merge_bibliographies([a], [b, c])] == ["a", "c"]


def test_merge_renames_a_different_work_that_reuses_an_id():
    a = reference_from_csl({"id": "k2016", "title": "Getting smarter"}, source="bibtex")
    b = reference_from_csl({"id": "k2016", "title": "The ethics of smart cities"}, source="ris")
    merged = merge_bibliographies([a], [b])
    assert [r.id for r in merged] == ["k2016", "k20162"]
    assert merged[1].csl["id"] == "k20162"
    assert "renamed from 'k2016'" in (merged[1].note or "")
