"""Reference lists found in a text (Markdown, a PDF extraction, numbered and plain
headings) and split into entries, wrapped lines joined."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.bib.plaintext import parse_reference
from kg.bib.reflist import find_reference_section, split_reference_entries
from kg.settings import default_corpus_dir

DATA = Path(__file__).parents[1] / "data" / "bibliographies"


def test_markdown_reference_section():
    text = (DATA / "chapter.md").read_text(encoding="utf-8")
    span = find_reference_section(text)
    assert span is not None
    start, end = span
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
    span = find_reference_section(text)
    assert span is not None
    start, end = span
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
    span = find_reference_section(text)
    assert span is not None
    start, end = span
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
