"""Bibliographies in four forms read to the same works; merging, year suffixes,
reference lists found in a text, plain-text references parsed; bad input refused
with what and where."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from kg.bib.graph import confidence_of
from kg.errors import InputError, UnsupportedFormatError
from kg.ingest.references import (
    assign_year_suffixes,
    detect_format,
    find_reference_section,
    merge_bibliographies,
    normalise_title,
    parse_reference,
    read_bibliography,
    reference_from_csl,
    split_reference_entries,
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
def test_format_is_detected_by_content(name, tmp_path):
    text = (DATA / name).read_text(encoding="utf-8")
    assert detect_format(text) == FORMS[name][0]
    misnamed = tmp_path / "bibliography.json"  # the extension says nothing
    misnamed.write_bytes(text.encode("utf-8"))
    assert len(read_bibliography(misnamed)) == 12


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
        assert f"Year suffix {letter!r} assigned by title order" in ref.note
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
    assert townsend.raw.startswith("Townsend, A.M. (2013)")
    assert townsend.csl["publisher"] == "W.W. Norton"  # the first source wins
    assert "kept text's publisher 'W.W. Norton' over 'W. W. Norton'" in townsend.note
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
    assert "renamed from 'k2016'" in merged[1].note


# --- reference lists inside a text -----------------------------------------------------


def test_markdown_reference_section():
    text = (DATA / "chapter.md").read_text(encoding="utf-8")
    start, end = find_reference_section(text)
    assert text[start:].startswith("## References\n")
    assert text[end:].startswith("## Appendix: interview schedule")
    entries = split_reference_entries(text, (start, end))
    first_start, first_end, _ = entries[0]
    assert text[first_start:first_end] == (
        "Kitchin, R. (2014). The real-time city? Big data and smart urbanism. *GeoJournal*, "
        "79(1),\n  1–14. https://doi.org/10.1007/s10708-013-9516-8"
    )
    assert entries[0][2].endswith(
        "GeoJournal*, 79(1), 1–14. https://doi.org/10.1007/s10708-013-9516-8"
    )
    parsed = [parse_reference(t) for _, _, t in entries]
    assert [(p["author"][0].get("family") or p["author"][0]["literal"]) for p in parsed] == [
        "Kitchin",
        "Kitchin",
        "Kitchin",
        "Townsend",
        "World Bank",
    ]
    assert parsed[0]["container-title"] == "GeoJournal"  # Markdown emphasis gone
    assert parsed[1]["title"] == "The ethics of smart cities and urban science"
    assert (
        parsed[3]["title"]
        == "Smart cities: Big data, civic hackers, and the quest for a new utopia"
    )


def test_pdf_extraction_reference_section_with_wrapped_entries():
    text = (DATA / "pdf-extract.txt").read_text(encoding="utf-8")
    start, end = find_reference_section(text)
    assert text[start:].startswith("References")
    assert text[end:].startswith("Notes")
    entries = split_reference_entries(text, (start, end))
    refs = [parse_reference(t) for _, _, t in entries]
    assert [
        ([n.get("family") or n.get("literal") for n in r.get("author") or r["editor"]], r["issued"])
        for r in refs
    ] == [
        (["Kitchin"], {"date-parts": [[2014]]}),
        (["Kitchin", "Coletta", "Evans", "Heaphy", "Mac Donncha"], {"date-parts": [[2019]]}),
        (["Sabatier", "Jenkins-Smith"], {"date-parts": [[1993]]}),
        (["Townsend"], {"date-parts": [[2013]]}),
        (["van Dijck"], {"date-parts": [[2014]]}),
        (["World Bank"], {"date-parts": [[2016]]}),
    ]
    wrapped = entries[1][2]
    assert wrapped.endswith("Bristol: Policy Press, pp. 199–212.")  # across lines, past "212"
    assert text[entries[1][0] : entries[1][1]].count("\n") == 6
    assert "between scientific paradigm" in entries[4][2]  # "be-\n\ntween" rejoined
    assert refs[4]["DOI"] == "10.24908/ss.v12i2.4776"
    assert refs[0]["DOI"] == "10.1007/s10708-013-9516-8"
    assert refs[1]["container-title"] == "Planning and Knowledge"
    assert refs[1]["page"] == "199-212"


@pytest.mark.parametrize(
    ("heading", "after"),
    [
        ("REFERENCES", "ACKNOWLEDGEMENTS"),
        ("Works cited", "Appendix A: Data"),
        ("Literature cited", "Notes"),
        ("7. Reference list", "8. Methods in detail"),
        ("Bibliography", None),
    ],
)
def test_reference_headings_and_what_ends_them(heading, after):
    text = f"Body text (Haas 1992).\n\n{heading}\n\nHaas, P.M. (1992) Title. Journal 1: 1–2.\n"
    text += f"\n{after}\n\nMore text from 2019.\n" if after else ""
    start, end = find_reference_section(text)
    assert text[start:end].startswith(heading)
    assert text[end:].startswith(after or "")
    assert [t for _, _, t in split_reference_entries(text, (start, end))] == [
        "Haas, P.M. (1992) Title. Journal 1: 1–2."
    ]


def test_no_reference_section():
    assert find_reference_section("Smart cities (Kitchin 2014) are references to data.") is None
    corpus = default_corpus_dir()
    if corpus is not None:  # the chapter's extraction lost its reference list
        text = (corpus / "kitchin2019-smart-cities-algorithmic-technocracy.txt").read_text()
        assert find_reference_section(text) is None


def test_hanging_indent_without_markers():
    text = (
        "References\n"
        "Kitchin, R., Coletta, C., Evans, L., Heaphy, L. and Mac Donncha, D.\n"
        "    (2019) Smart cities. Bristol: Policy Press.\n"
        "World Bank (2016) World development report 2016.\n"
        "    Washington, DC: World Bank.\n"
    )
    entries = split_reference_entries(text, (0, len(text)))
    assert [t for _, _, t in entries] == [
        "Kitchin, R., Coletta, C., Evans, L., Heaphy, L. and Mac Donncha, D. (2019) Smart "
        "cities. Bristol: Policy Press.",
        "World Bank (2016) World development report 2016. Washington, DC: World Bank.",
    ]


# --- plain-text references -------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "surnames", "year", "suffix", "title", "container"),
    [
        (  # APA
            "Kitchin, R. (2014). The real-time city? Big data and smart urbanism. GeoJournal, "
            "79(1), 1–14. https://doi.org/10.1007/s10708-013-9516-8",
            ["Kitchin"],
            2014,
            "",
            "The real-time city? Big data and smart urbanism",
            "GeoJournal",
        ),
        (  # Harvard
            "Kitchin, R. (2014) 'The real-time city? Big data and smart urbanism', GeoJournal, "
            "79(1), pp. 1–14.",
            ["Kitchin"],
            2014,
            "",
            "The real-time city? Big data and smart urbanism",
            "GeoJournal",
        ),
        (  # Chicago author-date
            'Kitchin, Rob. 2014. "The Real-Time City? Big Data and Smart Urbanism." GeoJournal '
            "79 (1): 1–14.",
            ["Kitchin"],
            2014,
            "",
            "The Real-Time City? Big Data and Smart Urbanism",
            "GeoJournal",
        ),
        (  # a book with place and publisher
            "Townsend, A.M. (2013) Smart Cities: Big Data, Civic Hackers, and the Quest for a New "
            "Utopia. New York: W.W. Norton.",
            ["Townsend"],
            2013,
            "",
            "Smart Cities: Big Data, Civic Hackers, and the Quest for a New Utopia",
            None,
        ),
        (  # a chapter in an edited book
            "Savini, F. and Raco, M. (2019) The rise of a new urban technocracy. In Raco, M. and "
            "Savini, F. (eds) Planning and Knowledge. Bristol: Policy Press, pp. 199–212.",
            ["Savini", "Raco"],
            2019,
            "",
            "The rise of a new urban technocracy",
            "Planning and Knowledge",
        ),
        (  # "&", commas, a compound surname
            "Tironi, M., & Sánchez Criado, T. (2015). Of sensors and sensitivities. Tecnoscienza, "
            "6(1), 89–108.",
            ["Tironi", "Sánchez Criado"],
            2015,
            "",
            "Of sensors and sensitivities",
            "Tecnoscienza",
        ),
        (  # Chicago: natural order after the first, an Iberian double surname
            'Tironi, Martín, and Tomás Sánchez Criado. 2015. "Of Sensors." Tecnoscienza 6 (1): 89.',
            ["Tironi", "Sánchez Criado"],
            2015,
            "",
            "Of Sensors",
            "Tecnoscienza",
        ),
        (  # particles, before and after
            "de Certeau, M. and van Dijk, J. (1984) The practice of everyday life. Berkeley: UCP.",
            ["de Certeau", "van Dijk"],
            1984,
            "",
            "The practice of everyday life",
            None,
        ),
        (
            "Certeau, Michel de. 1984. The Practice of Everyday Life. Berkeley: UCP.",
            ["de Certeau"],
            1984,
            "",
            "The Practice of Everyday Life",
            None,
        ),
        (  # capitals
            "SMITH, J. and DE CERTEAU, M. (2001) Walking in the city. London: Verso.",
            ["Smith", "de Certeau"],
            2001,
            "",
            "Walking in the city",
            None,
        ),
        (  # corporate authors, n.d., a letter
            "World Bank (2016a) Digital dividends. Washington, DC: World Bank.",
            ["World Bank"],
            2016,
            "a",
            "Digital dividends",
            None,
        ),
        (
            "OECD. (n.d.). Smart cities and inclusive growth. OECD Publishing.",
            ["OECD"],
            None,
            "",
            "Smart cities and inclusive growth",
            None,
        ),
        (
            "Department of Communications, Climate Action and Environment (2018) National "
            "broadband plan. Dublin: DCCAE.",
            ["Department of Communications, Climate Action and Environment"],
            2018,
            "",
            "National broadband plan",
            None,
        ),
        (  # an Irish prefix, lower-case names, "et al.", an unquoted title before a comma
            "Ó Riain, S. (2004) The politics of high-tech growth. Cambridge: CUP.",
            ["Ó Riain"],
            2004,
            "",
            "The politics of high-tech growth",
            None,
        ),
        (
            "boyd, d. and Crawford, K. (2012) 'Critical questions for big data', Information, "
            "Communication & Society, 15(5), pp. 662–679.",
            ["boyd", "Crawford"],
            2012,
            "",
            "Critical questions for big data",
            "Information, Communication & Society",
        ),
        (
            "Kitchin, R. et al. (2015) 'Knowing and governing cities', Regional Studies, Regional "
            "Science, 2(1), pp. 6–28.",
            ["Kitchin"],
            2015,
            "",
            "Knowing and governing cities",
            "Regional Studies, Regional Science",
        ),
        (
            "Gabrys, J. (2014) Programming environments, Environment and Planning D 32(1): 30–48.",
            ["Gabrys"],
            2014,
            "",
            "Programming environments",
            "Environment and Planning D",
        ),
        (  # compact Harvard: the title runs into the container, the rest is right
            "Kitchin R and Dodge M 2011b Code/space. Cambridge, MA: MIT Press.",
            ["Kitchin", "Dodge"],
            2011,
            "b",
            "Code/space",
            None,
        ),
        (  # Chicago's letter after the year, Elsevier-Harvard's comma before it
            "Kitchin, Rob. 2016b. “The Ethics of Smart Cities.” Phil Trans A 374: 20160115.",
            ["Kitchin"],
            2016,
            "b",
            "The Ethics of Smart Cities",
            "Phil Trans A",
        ),
        (
            "Dodge, M., Kitchin, R., 2007. 'Outlines of a world coming into existence': Pervasive "
            "computing. Environment and Planning B 34, 431–445.",
            ["Dodge", "Kitchin"],
            2007,
            "",
            "'Outlines of a world coming into existence': Pervasive computing",
            "Environment and Planning B",
        ),
    ],
)
def test_parse_reference(line, surnames, year, suffix, title, container):
    item = parse_reference(line)
    names = item.get("author") or item.get("editor")
    assert [n.get("family") or n.get("literal") for n in names] == surnames
    assert (item.get("issued") or {}).get("date-parts", [[None]])[0][0] == year
    assert item.get("year-suffix", "") == suffix
    assert item.get("title") == title
    assert item.get("container-title") == container
    assert item["raw"] == line


def test_parse_reference_identifiers_and_dates():
    item = parse_reference(
        "Kitchin, R. (2017) Urban informatics. Programmable City Working Paper 25. Available at: "
        "https://osf.io/preprints/socarxiv/rxk4r (Accessed: 12 May 2020)."
    )
    assert item["URL"] == "https://osf.io/preprints/socarxiv/rxk4r"
    assert (item["type"], item["collection-title"], item["number"]) == (
        "report",
        "Programmable City Working Paper",
        "25",
    )
    assert item["title"] == "Urban informatics"
    item = parse_reference(
        "Krivý, M. (2016) 2018. “Towards a Critique of Cybernetic Urbanism.” Planning Theory "
        "17 (1): 8–30. doi:10.1177/1473095216645631."
    )
    assert item["issued"] == {"date-parts": [[2018]]}
    assert item["original-date"] == {"date-parts": [[2016]]}
    assert item["DOI"] == "10.1177/1473095216645631"
    assert (item["volume"], item["issue"], item["page"]) == ("17", "1", "8-30")
    item = parse_reference("Lefebvre, H. ([1974] 1991) The production of space. Oxford: Blackwell.")
    assert (item["issued"], item["original-date"]) == (
        {"date-parts": [[1991]]},
        {"date-parts": [[1974]]},
    )
    item = parse_reference("Sabatier, P.A. and Jenkins-Smith, H.C. (eds) (1993) Policy change.")
    assert "author" not in item
    assert [e["given"] for e in item["editor"]] == ["P.A.", "H.C."]
    forthcoming = parse_reference("Haas, P.M. (forthcoming) Epistemic communities. London: Sage.")
    assert forthcoming["status"] == "forthcoming"
    assert "issued" not in forthcoming


# --- bad input -------------------------------------------------------------------------


def _refused(data, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        read_bibliography(data, **kwargs)
    assert "\n" not in str(info.value)  # one line, for the CLI
    return info.value


def test_bibtex_unclosed_brace_names_entry_and_line():
    text = (
        "@article{good, title={Fine}, year={2001}}\n"
        "\n"
        "@article{broken,\n"
        "  title = {Unclosed {brace},\n"
        "  year = {2000}\n"
        "}\n"
        "@book{after, title={After}, year={2002}}\n"
    )
    error = _refused(text, name="refs.bib")
    assert error.where == "refs.bib:3"
    assert "entry 'broken' does not parse" in error.message
    assert "unclosed brace" in error.message
    assert logging.getLogger("bibtexparser").handlers == []


def test_bibtex_unclosed_at_the_end_and_duplicates():
    error = _refused("@book{a, title={X}, year={2000}}\n@book{b,\n title = {X\n", name="r.bib")
    assert (error.where, "entry 'b'" in error.message) == ("r.bib:2", True)
    error = _refused(
        "@book{same, title={X}, year={2000}}\n\n@article{same, title={Y}, year={2001}}\n",
        name="r.bib",
    )
    assert error.where == "r.bib:3"
    assert error.message == "duplicate BibTeX key 'same' (first used on line 1)"
    error = _refused("@book{k,\n title={X},\n title={Y}}", name="r.bib")
    assert error.message == "entry 'k' sets title twice"
    error = _refused("@book{k, title={X}, year={the nineties}}", name="r.bib")
    assert "year that is not a year" in error.message


def test_ris_record_without_er():
    text = "TY  - BOOK\nTI  - First\nPY  - 2001\n\nTY  - BOOK\nTI  - Second\nER  - \n"
    error = _refused(text, name="refs.ris")
    assert error.where == "refs.ris:1"
    assert "no ER line before the next TY on line 5" in error.message
    error = _refused("TY  - BOOK\nTI  - One\nER  - \nTY  - JOUR\nTI  - Two\n", name="refs.ris")
    assert (error.where, error.message) == (
        "refs.ris:4",
        "the record that starts on line 4 is not closed by an ER line",
    )
    error = _refused("TY  - BOOK\nID  - x\nER  - \nTY  - BOOK\nID  - x\nER  - \n", name="r.ris")
    assert (error.where, "duplicate RIS ID 'x'" in error.message) == ("r.ris:4", True)


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        ('{"id": "a"}', "refs.json", "CSL-JSON must be a list of items, not an object"),
        ('[{"id": "a"},\n {"title": "X"}]', "refs.json: item 2", "item 2 has no id"),
        ('[{"id": "a"},\n "text"]', "refs.json: item 2", "item 2 is not an object"),
        (
            '[\n{"id": "a"},\n{"id": "b"},\n{"id": "a"}\n]',
            "refs.json:4",
            "duplicate CSL-JSON id 'a' (items 1 and 3)",
        ),
        ('[{"id": "a",\n "title": }]', "refs.json:2", "not valid JSON: Expecting value"),
        (
            '[{"id": "a", "author": {"family": "X"}}]',
            "refs.json:1",
            "author of 'a' must be a list of name objects",
        ),
    ],
)
def test_bad_csl_json(data, where, message):
    error = _refused(data, name="refs.json")
    assert (error.where, error.message) == (where, message)


def test_binary_non_utf8_and_empty_input(tmp_path):
    error = _refused(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", name="figure.png")
    assert error.message.startswith("binary data, not a bibliography")
    error = _refused("Kitchin, R. (2014)\nCaf\xe9 society. Paris.".encode("latin-1"), name="r.txt")
    assert error.where == "r.txt:2"
    assert error.message.startswith("not UTF-8 text: byte 0xe9")
    empty = tmp_path / "empty.bib"
    empty.write_bytes(b"")
    assert _refused(empty).where == str(empty)
    assert _refused(" \n\n").message == "the bibliography is empty"
    assert _refused("% only a comment\n@comment{nothing}\n").message == (
        "the bibliography holds no entries"
    )
    missing = _refused(tmp_path / "missing.ris")
    assert missing.message.startswith("cannot read the bibliography")


def test_plain_text_line_that_is_not_a_reference():
    error = _refused(
        "Kitchin, R. (2014) The real-time city. GeoJournal 79: 1–14.\nSee also the appendix.\n",
        name="refs.txt",
    )
    assert error.where == "refs.txt:2"
    assert "not an author-date reference" in error.message


def test_utf8_with_bom_and_utf16_and_crlf_are_read():
    text = (DATA / "smart-cities.ris").read_text(encoding="utf-8").replace("\n", "\r\n")
    assert len(read_bibliography(b"\xef\xbb\xbf" + text.encode("utf-8"))) == 12
    assert len(read_bibliography(text.encode("utf-16"))) == 12


def test_unknown_format_is_refused():
    with pytest.raises(UnsupportedFormatError) as info:
        read_bibliography("[]", format="endnote-xml")
    assert info.value.offered == ["csl-json", "bibtex", "ris", "text"]


def test_explicit_format_overrides_detection():
    refs = read_bibliography(json.dumps([{"id": "x", "title": "X"}]), format="json")
    assert [r.id for r in refs] == ["x"]
