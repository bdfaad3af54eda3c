"""Reference lists as PDF extractions leave them: page furniture inside, no heading, a
doubled heading, several lists, an author's biography or a series list after them.
Each case is a rule of its own; EXCITE's real papers (tests/ingest/test_excite.py)
measure them together."""

from __future__ import annotations

from kg.bib.reflist import find_reference_section, find_reference_sections, read_list
from kg.bib.reflist.lines import list_lines
from kg.bib.reflist.split import split_reference_entries

BODY = "Journal of Things 12 (2020)\nSome text of the paper (Smith 2001).\n" * 3


def _entries(text: str) -> list[str]:
    span = find_reference_section(text)
    assert span is not None
    return [e for _, _, e in split_reference_entries(text, span)]


def test_running_heads_and_page_numbers_inside_the_list_are_dropped():
    text = BODY + (
        "References\n"
        "Smith, J. (2001) A long title of a book that wraps onto the next\n"
        "14\n"
        "Journal of Things 12 (2020)\n"
        "line of the list. London: Verso.\n"
        "Jones, K. (1999) Another title. Oxford: Blackwell.\n"
    )
    assert _entries(text) == [
        "Smith, J. (2001) A long title of a book that wraps onto the next line of the list. "
        "London: Verso.",
        "Jones, K. (1999) Another title. Oxford: Blackwell.",
    ]


def test_a_numbered_list_without_a_heading_is_found_at_the_end():
    text = BODY * 3 + (
        "1. Smith J, Jones K. A title. J Things. 2001;3:1-9.\n"
        "2. Jones K. Another title. London: Verso; 1999.\n"
        "3.Brown A. A third title wrapped onto a second\n"
        "line. Oxford: Blackwell; 2005.\n"
    )
    assert [e[:3] for e in _entries(text)] == ["1. ", "2. ", "3.B"]


def test_a_heading_with_doubled_letters():
    text = BODY + "RREEFFEERREENNCCEESS\nSmith, J. (2001) Title. London: Verso.\n"
    assert _entries(text) == ["Smith, J. (2001) Title. London: Verso."]


def test_every_list_of_a_collection_is_found():
    text = (
        "First paper text.\nReferences\nSmith, J. (2001) Title. London: Verso.\n"
        "Jones, K. (1999) Title. Oxford: Blackwell.\n"
        "Second paper text goes on here.\nReferences\nBrown, A. (2005) Title. Paris: Seuil.\n"
    )
    spans = find_reference_sections(text)
    assert len(spans) == 2
    assert [len(read_list(text, span).items) for span in spans] == [2, 1]


def test_a_biography_ends_the_list_and_is_skipped():
    text = (
        "References\n"
        "Smith, J. (2001) Title. London: Verso.\n"
        "JANE DOE is a lecturer at the University of Keele. Address: Department\n"
        "of Politics, Keele University, Keele ST5 5BG, UK.\n"
    )
    found = read_list(text)
    assert [i["raw"] for i in found.items] == ["Smith, J. (2001) Title. London: Verso."]
    assert [(w.kind, w.line) for w in found.warnings] == [("skipped", 3)]


def test_rows_of_a_table_after_the_list_are_not_references():
    text = (
        "References\nSmith, J. (2001) Title. London: Verso.\n"
        "Jones, K. (1999) Title. Oxford: Blackwell.\n"
        "Chart of delivery by country, 1996-2003\n"
        "(1991) No No (TP) No.\n(1997) Cyprus (1995) Czech.\n(1985) No (TP) No No.\n"
        "(1986) Israel (1988) Italy.\n"
    )
    found = read_list(text)
    assert [i["raw"][:5] for i in found.items] == ["Smith", "Jones"]
    assert {w.kind for w in found.warnings} == {"skipped"}


def test_an_entry_with_two_years_starts_an_entry_and_an_open_parenthesis_goes_on():
    text = BODY + (
        "References\n"
        "Piaget, J. (1932/2000): Jugement moral chez l'enfant. Paris.\n"
        "Said, E. (1979/1994): Orientalism. New York.\n"
        "Harnad, S. (1998/2000). The invisible hand of peer review. Nature [online] (5\n"
        "Nov. 1998) http://example.org/invisible.html\n"
        "Jones, K. (1999) Another title of a book that wraps onto the\n"
        "next line. Oxford: Blackwell.\n"
    )
    starts = ["Piaget, J.", "Said, E. (", "Harnad, S.", "Jones, K. "]
    assert [e[:10] for e in _entries(text)] == starts


def test_names_without_a_comma_then_a_year_start_an_entry():
    text = BODY + (
        "References\n"
        "Harding, S. and R. Balarajan (1996): Patterns of mortality in second generation. Irish\n"
        "living in England: Longitudinal Study, in: British Medical Journal 312, 1389-1392.\n"
        "Hickman Mary J. and Bronwen Walter (1997): Discrimination and the Irish community in\n"
        "Britain, Commission for Racial Equality, London.\n"
    )
    assert [e[:12] for e in _entries(text)] == ["Harding, S. ", "Hickman Mary"]


def test_a_numbered_entry_keeps_its_journal_line_that_looks_like_initials():
    text = BODY * 3 + (
        "References\n"
        "21. Silva LD, Pazos AL. A influencia da dor na qualidade de vida do paciente com lesao\n"
        "cronica de pele. Rev Enferm UERJ. 2005;13:375-81.\n"
        "22. Abbade LPF, Lastoria S, Rollo HA. Venous ulcer: clinical characteristics and risk.\n"
        "Int J Dermatol. 2011;50:405-11.\n"
        "23. Finlayson K, Edwards H, Courtney M. Factors associated with recurrence of venous\n"
        "leg ulcers. Int J Nurs Stud. 2009;46(8):1071-8.\n"
    )
    entries = _entries(text)
    assert [e[:3] for e in entries] == ["21.", "22.", "23."]
    assert entries[1].endswith("2011;50:405-11.")


def test_a_number_that_lost_a_digit_still_starts_its_entry_and_the_count_goes_on():
    text = BODY * 3 + (
        "References\n"
        "10.Alvarado LC, Silva FP. Pain in outpatients with chronic venous ulcer. Rev Estima.\n"
        "2011;9(1):14-23.\n"
        "1.Lino Junior RS, Ferreira PS, Phillips TJ. Venous ulcers. Clin Dermatol.\n"
        "2007;25(1):121-30.\n"
        "12. Morrell CJ, Walters SJ. Cost effectiveness of community leg ulcer clinics.\n"
        "BMJ. 1998;316:1487-91.\n"
    )
    assert [e[:6] for e in _entries(text)] == ["10.Alv", "1.Lino", "12. Mo"]


def test_a_year_stuck_to_the_initials_is_read_and_the_entry_kept():
    text = BODY + (
        "References\n"
        "[1] Hollis, M. 1987. The Cunning of Reason. Cambridge University Press.\n"
        "[2] Barnes, B. & Edge, D.O.1982. Science in Context.\n"
        "Open University Press.\n"
        "[3] Gellner, E. 1983. Nations and Nationalism. Blackwell. Oxford.\n"
    )
    span = find_reference_section(text)
    items = read_list(text, span).items
    assert [i["author"][0]["family"] for i in items] == ["Hollis", "Barnes", "Gellner"]
    assert items[1]["issued"] == {"date-parts": [[1982]]}
    assert [a["family"] for a in items[1]["author"]] == ["Barnes", "Edge"]


def test_a_corporate_author_whose_year_is_on_the_next_line_keeps_it():
    text = BODY + (
        "References\n"
        "Barnes, B. (1982) Kuhn and Social Science. London: Macmillan.\n"
        "UNRISD (United Nations Research Institute for Social Development Programmes)\n"
        "(2005) Gender Equality: Striving for Justice in an Unequal World. Geneva: UN.\n"
        "Lowe, P., Marsden, T. & Whatmore, S.\n"
        "(1990). Technological Change and the Rural Environment. London: Fulton.\n"
        "Ostrom, E. (1990) Governing the Commons. Cambridge: CUP.\n"
    )
    items = read_list(text, find_reference_section(text)).items
    assert [i["raw"][:12] for i in items] == [
        "Barnes, B. (",
        "UNRISD (Unit",
        "Lowe, P., Ma",
        "Ostrom, E. (",
    ]
    assert items[1]["issued"] == {"date-parts": [[2005]]}
    assert items[1]["author"][0]["literal"].startswith("UNRISD")
    assert [a["family"] for a in items[2]["author"]] == ["Lowe", "Marsden", "Whatmore"]


def test_a_long_list_of_names_before_its_year_starts_an_entry():
    text = BODY + (
        "References\n"
        "Hyman, Richard (1975): Industrial Relations. London, Macmillan Press and Company.\n"
        "Voss, Kim / Sherman, Rachel / Fantasia, Rick / Bronfenbrenner, Kate (1999):\n"
        "Organizing the unorganized. Ithaca, ILR Press.\n"
    )
    assert [e[:10] for e in _entries(text)] == ["Hyman, Ric", "Voss, Kim "]


def test_an_editor_list_wrapped_after_an_initial_goes_on():
    text = BODY + (
        "References\n"
        "Abbott, A. (1988) 'Jurisdiction', in B. Barnes, D. Bloor and J. Henry, P.\n"
        "Galison-Hart, R. Shapin and D. Price (eds) The System of Professions, pp. 33-58. Chicago:\n"
        "University of Chicago Press.\n"
        "Becker, H. (1963) Outsiders. New York: Free Press.\n"
    )
    assert [e[:10] for e in _entries(text)] == ["Abbott, A.", "Becker, H."]


def test_the_last_entry_before_a_note_and_a_biography_is_kept():
    text = BODY + (
        "References\n"
        "Abbott, A. (1988) The System of Professions. Chicago: University of Chicago Press.\n"
        "Becker, H. (1963) Outsiders: Studies in the Sociology of Deviance. New York: Free\n"
        "Press.\n"
        "Collins, R. (1979) 'The Credential Society', in J. Karabel, A. H. Halsey and B.\n"
        "Bernstein (eds) Power and Ideology, pp. 1-20. New York: Academic Press.\n"
        "Authors\n"
        "Jane Roe is associate professor of sociology at the University of Nowhere.\n"
    )
    items = read_list(text, find_reference_section(text)).items
    assert [i["author"][0]["family"] for i in items] == ["Abbott", "Becker", "Collins"]


def test_a_link_broken_over_lines_ends_its_entry():
    text = BODY + (
        "References\n"
        "Statistics Office. 2015a. Births and families in 2014.\n"
        "https://www.example.org/publications/population/births-and-families-in-\n"
        "2014-tables.pdf\n"
        "Statistics Office. 2015b. Childcare by region.\n"
        "https://www.example.org/publications/childcare-by-region.pdf\n"
    )
    assert [e[:24] for e in _entries(text)] == [
        "Statistics Office. 2015a",
        "Statistics Office. 2015b",
    ]


def test_a_year_with_a_two_digit_second_year_starts_an_entry_a_dates_year_does_not():
    text = BODY + (
        "References\n"
        "Doe, Jane (1996): Party Positions and the Agenda. Paper presented at the Annual\n"
        "Meeting of the International Studies\n"
        "Association, Toronto, March 18-22,1996.\n"
        "Roe, Richard (1998/99): Media Quality and Democracy. Baden-Baden: Nomos.\n"
    )
    assert [e[:10] for e in _entries(text)] == ["Doe, Jane ", "Roe, Richa"]


def test_a_heading_at_the_top_of_a_page_after_a_form_feed() -> None:
    # pdftotext (and tkg's own PDF reader) start each page with a form feed: the list's
    # heading at the top of a page is still its heading, and its entries are not indented
    text = (
        "Body of the paper (Ruiz 2001; Hale 1999).\n\n"
        "\x0cReferences\n"
        "Hale, N. (1999). Towns and maps. Urban Review, 3, 1-9.\n"
        "Ruiz, A. (2001). Counting the commons. London: Verso.\n"
    )
    span = find_reference_section(text)
    assert span is not None and text[span[0] : span[1]].lstrip("\x0c").startswith("References")
    lines = [line.text for line in list_lines(text, span)]
    assert lines == [
        "Hale, N. (1999). Towns and maps. Urban Review, 3, 1-9.",
        "Ruiz, A. (2001). Counting the commons. London: Verso.",
    ]


def test_list_numbers_on_lines_of_their_own() -> None:
    # pdftotext sets a number apart from its justified entry, in fragments between blank
    # lines, and a list without a heading is still found by its numbers
    body = "A paper's text, citing [1], [2] and [3].\n" * 40
    text = body + (
        "1.\n\nHale N. Towns and maps. Urban Rev. 2001;3:1-9.\n"
        "2.\n\nRuiz A, Berg K. Counting\n\nthe commons. Lancet. 2010;12:3-4.\n"
        "3.\n\nLin W. Small worlds. London: Verso; 1999.\n"
    )
    span = find_reference_section(text)
    assert span is not None
    items = read_list(text, span).items
    assert [item.get("citation-number") for item in items] == ["1", "2", "3"]
    assert [item["author"][0]["family"] for item in items] == ["Hale", "Ruiz", "Lin"]


def test_a_column_of_numbers_set_apart_from_the_entries() -> None:
    text = (
        "References\n1.\n2.\n\n"
        "Hale N. 2013. Towns and maps, Urban Review Vol.2 No.3, pp. 27-39.\n"
        "Ruiz A. 1995. Counting the commons, in: Lin W. (eds.), Small Worlds, London: Verso.\n"
    )
    items = read_list(text, find_reference_section(text)).items
    assert [item["author"][0]["family"] for item in items] == ["Hale", "Ruiz"]
