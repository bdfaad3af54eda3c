"""Numeric callouts on texts of our own (issue 18, item 4): every form that is read, and
the numbers beside words that must not be (years, percentages, tables and figures,
chapters, units, ordinals, list numbering, pages, formulas, bylines)."""

from __future__ import annotations

from kg.ingest.model import Document, Footnote, Reference
from kg.ingest.numeric import find_callouts, numbered
from kg.ingest.pipeline import analyse
from kg.ingest.resolve import resolve


def _numbered(n: int) -> list[Reference]:
    return [
        Reference(
            f"r{k}",
            (f"Name{k}",),
            2000 + k,
            raw=f"Name{k} A. A title. 2001.",
            csl={"citation-number": str(k)},
        )
        for k in range(1, n + 1)
    ]


def _read(text: str, n: int = 23, **kw) -> list[tuple[str, int | None]]:
    """Each callout as the text around it (three characters before) and its number."""
    return [
        (text[max(0, c.start - 3) : c.end], c.number)
        for c in find_callouts(text, _numbered(n), **kw)
    ]


# A Vancouver paragraph whose firm callouts (stuck to a word) set the style: numbers
# introduced in order, 1 to 4.
VANCOUVER = (
    "Chronic wounds are frequent.1 They are costly2 and persist in many cases.1-2 "
    "Venous disease is a cause,3 with a vascular dysfunction4.\n"
)


# --- brackets -------------------------------------------------------------------------


def test_a_page_inside_the_brackets_is_the_locator_not_a_callout():
    text = (
        "as policy-makers” [9, p. 25]. Their use [1, pp. 316-18]; regions [7: 16] and [2, S. 5; 4]."
    )
    found = find_callouts(text, _numbered(12))
    assert [(c.number, c.locator) for c in found] == [
        (9, "p. 25"),
        (1, "pp. 316-18"),
        (7, "16"),
        (2, "S. 5"),
        (4, None),
    ]
    assert [text[c.start : c.end] for c in found] == ["9", "1", "7", "2", "4"]


def test_a_bracketed_page_across_a_line_break():
    found = find_callouts("border areas [2,\np. 180]. Then", _numbered(3))
    assert [(c.number, c.locator) for c in found] == [(2, "p. 180")]


def test_an_endnote_in_brackets_is_no_callout_and_marks_its_number_everywhere():
    text = (
        "Respondents answered yes or no for each item.[1] Designing such questions is hard [2].\n"
        "[1] An alternative method is collecting verbatim responses.\n"
    )
    assert _read(text, 3) == [("d [2", 2)]


def test_a_list_entry_left_in_the_text_is_no_callout_and_no_note():
    refs = _numbered(3)
    text = "Designing such questions is hard [1].\n[1] Name1 A. A title. 2001.\n"
    assert [c.number for c in find_callouts(text, refs)] == [1]


def test_a_bracketed_number_wrapped_to_a_line_start_before_lower_case_is_a_callout():
    text = "An interview. Hartman et al.\n[10] demonstrated that it works."
    assert _read(text, 12) == [(".\n[10", 10)]


def test_brackets_that_are_no_callouts():
    text = "He wrote [sic] in [1972]; see [300], the chapter [iii] and the set [0, 1]."
    assert _read(text, 23) == []


# --- superscript-like, firm -----------------------------------------------------------


def test_superscripts_stuck_to_a_word_or_after_its_punctuation():
    text = (
        VANCOUVER
        + "Care in the UK began in the late 90's.2 It helps teams5,6 and families.7 "
        + 'Teamwork "equals to relate."8:264 and more.\n'
    )
    assert _read(text)[6:] == [("'s.2", 2), ("ams5", 5), ("s5,6", 6), ("es.7", 7), ('e."8', 8)]


def test_abbreviations_capitals_leading_zeros_and_e_mail_digits_are_no_superscripts():
    text = VANCOUVER + (
        "See Vol.3 and No.1 and p.7 and Fig.2 of COVID19 and H1N1. Woman01 said so. "
        "Write to nurse23@mail.org or lima@mail.com.3 Psychologist.\n"
    )
    assert [n for _, n in _read(text)] == [1, 2, 1, 2, 3, 4]


def test_no_superscripts_beside_author_date_citations_or_brackets():
    assert _read(VANCOUVER, author_date=True) == []
    assert [n for _, n in _read(VANCOUVER + "As shown [5].")] == [5]


# --- superscript-like, relaxed --------------------------------------------------------


def test_superscripts_the_extraction_set_off_are_read_in_a_vancouver_paper():
    text = VANCOUVER + (
        "It rose in Juiz de Fora (79%)5 and in rooms of Health6, in contrast to others.\n"
        "It is due to venous ulcers 7, similar to Goiania, whose prevalence was 61%. 8 The\n"
        "rate was 70%.8 In some, 12%.5 mg were given.\n"
        'patients told of sadness and denial" 4 In the urgency of life they waited.\n'
    )
    assert _read(text)[6:] == [
        ("9%)5", 5),
        ("lth6", 6),
        ("rs 7", 7),
        ("%. 8", 8),
        ("0%.8", 8),
        ('l" 4', 4),
    ]


def test_relaxed_forms_need_the_style_of_firm_callouts_before_them():
    relaxed = "It rose in rooms of Health1, for venous ulcers 2, similar to others.\n"
    assert _read(relaxed) == []  # no firm callout: no style
    assert [n for _, n in _read(relaxed + VANCOUVER)] == [1, 2, 1, 2, 3, 4]  # only after
    backwards = "It is known.4 Also here.3 And there.2 Then rooms of Health1, ulcers 2, so.\n"
    assert [n for _, n in _read(backwards)] == [4, 3, 2]  # not introduced in order


def test_a_byline_of_names_with_affiliation_numbers_is_no_callout():
    names = "Maria Lima Santos,1 Joana Dias Costa,2 Pedro Alves Souza3\n"
    assert [n for _, n in _read(names + VANCOUVER)] == [1, 2, 1, 2, 3, 4]
    assert [n for _, n in _read(VANCOUVER + names)] == [1, 2, 1, 2, 3, 4]
    byline = "for the nurses of the town.1\n"  # as prose, but the segmenter's byline
    text = byline + VANCOUVER
    assert [n for _, n in _read(text)] == [1, 1, 2, 1, 2, 3, 4]
    document = Document(text, byline=(0, len(byline)))
    assert [n for _, n in _read(text, document=document)] == [1, 2, 1, 2, 3, 4]


def test_a_number_far_beyond_those_cited_so_far_is_no_relaxed_callout():
    text = VANCOUVER + "It rose in rooms of Health19, and for venous ulcers 12, so.\n"
    assert [n for _, n in _read(text)] == [1, 2, 1, 2, 3, 4]


def test_numbers_after_a_space_that_are_quantities_labels_or_lists():
    text = VANCOUVER + (
        "The data in Table 3. As Figure 2, shows, see chapter 4. It took 5 mg daily. "
        "In the 3rd wave, 12% of 2010. Type 2 diabetes rose in type 2, and it was 3. "
        "Children aged 6, 7 and 8 years, page 12. See p. 12. They are 4, in all. "
        "It follows: 1. First item and 2. Second item.\n1. A list item\n"
        "The score was 5 points. x = y + 2 (3)\n"
    )
    assert [n for _, n in _read(text)] == [1, 2, 1, 2, 3, 4]


def test_a_footnote_mark_the_segmenter_read_is_no_callout():
    text = VANCOUVER + "A claim with a note.5\n5 The note itself.\n"
    mark = text.index(".5\n") + 1
    note = Footnote("5", mark + 2, len(text), "The note itself.", 1, mark, mark + 1)
    with_note = _read(text, document=Document(text, footnotes=[note]))
    assert [n for _, n in with_note] == [1, 2, 1, 2, 3, 4]
    assert [n for _, n in _read(text)] == [1, 2, 1, 2, 3, 4, 5]


# --- parenthesised --------------------------------------------------------------------


def test_numbers_in_parentheses_are_callouts_when_they_cite_the_list():
    text = "Wounds are costly (1). They persist (2, 3) and recur (4-5), see (6).\n"
    found = find_callouts(text, _numbered(6))
    assert [c.number for c in found] == [1, 2, 3, 4, 5, 6]
    assert [r.reference for r in resolve(found, _numbered(6))] == [f"r{k}" for k in range(1, 7)]


def test_enumerations_formulas_and_few_numbers_in_parentheses_are_no_callouts():
    enumeration = (
        "We (1) collect data, (2) code it and (3)\ncount. As follows: (4) then.\n(5) Item\n"
    )
    assert _read(enumeration, 6) == []
    formula = "Wounds are costly (1). They persist (2). It is x = y + z (3)\nand recurs (4).\n"
    assert [n for _, n in _read(formula, 6)] == [1, 2, 4]
    assert _read("Wounds are costly (1). They persist (2).\n", 6) == []


# --- the list's numbers, and the whole pipeline ----------------------------------------


def test_a_misprinted_number_in_the_list_takes_the_missing_one():
    refs = _numbered(12)
    refs[10] = Reference("r11", ("Lino",), 2007, csl={"citation-number": "1"})  # "1.Lino"
    assert numbered(refs)[11].id == "r11" and numbered(refs)[1].id == "r1"


def test_a_vancouver_paper_with_its_list_found_in_the_text():
    text = (
        "Venous ulcers\n\nIntroduction\n\n"
        "Chronic wounds are frequent.1 They are costly2 and persist in many cases.1-3 "
        "The ulcers are venous in 70% of cases3, as in Goiania, whose prevalence was 61%. 4 "
        "The figures are in Table 2.\n\nReferences\n\n"
        "1. Smith J. Wound care. J Nurs. 2001;3:1-10.\n"
        "2. Jones K. Costs of ulcers. Br J Nurs. 2005;7:20-30.\n"
        "3. Brown L. Venous disease. Phlebology. 2010;9:5-9.\n"
        "4. Lima A. Ulcers in Goiania. Rev Enferm. 2012;4:2-8.\n"
    )
    found = analyse(text, doc_id="vancouver", matcher=None)
    assert [c.number for c in found.citations] == [1, 2, 1, 2, 3, 3, 4]
    assert all(r.reference is not None for r in found.resolutions)


def test_a_stray_author_date_citation_does_not_silence_a_vancouver_paper():
    text = VANCOUVER * 2 + "Others are frequent.1 They are costly2 and persist.3\n"
    assert len(_read(text, author_date=1)) == 15
    assert _read(text, author_date=2) == []  # a paper citing by author and year: notes


def test_true_superscript_digits_are_read_as_their_numbers_but_not_after_a_unit():
    text = (
        "Oliveira¹, Soares²\nEarly detection helps the prognosis of doença.¹ It is "
        "dynamic and intencional². It grows in incidence.³ The tumour was 4 cm² wide.\n"
    )
    assert [(text[c.start : c.end], c.number) for c in find_callouts(text, _numbered(5))] == [
        ("¹", 1),
        ("²", 2),
        ("³", 3),
    ]


def test_brackets_with_spaces_inside_and_the_word_and():
    assert [n for _, n in _read("as shown [ 3 ] and in [2 and 5] and [ref. 4].", 6)] == [
        3,
        2,
        5,
        4,
    ]


def test_a_callout_named_as_a_reference_is_read_beside_superscripts():
    text = VANCOUVER + "As reference 5 shows, and refs. 6 and 7 too.\n"
    assert [n for _, n in _read(text)] == [1, 2, 1, 2, 3, 4, 5, 6, 7]
    assert [n for _, n in _read("In reference 1990s and references 30.", 23)] == []


def test_a_superscript_list_with_spaces_after_its_commas():
    text = (
        VANCOUVER + "It was reported in other studies.1, 3, 4 A plausible one is costly2, 4 were.\n"
    )
    assert [n for _, n in _read(text)][6:] == [1, 3, 4, 2]


def test_a_bracketed_callout_at_a_line_start_before_a_capital_is_no_note_when_used_again():
    text = "It is known [1]. As [1] says, it was shown\n[1] The results hold [2].\n"
    assert [n for _, n in _read(text, 3)] == [1, 1, 1, 2]


def test_one_stray_bracket_does_not_silence_superscripts_nor_a_few_brackets_author_date():
    text = VANCOUVER * 2 + "As [2] says. Others are frequent.1 They are costly2 and persist.3\n"
    assert len(_read(text)) == 15  # the superscripts, not the [2]
    assert [n for _, n in _read("Shown [2] and [3].", 5, author_date=20)] == []
    assert [n for _, n in _read("Shown [2] and [3].", 5, author_date=2)] == [2, 3]


def test_numbers_in_parentheses_that_are_statistics_labels_or_list_lines():
    text = (
        "It was shown (1). They persist (2) and recur (3).\n"
        "The test gave t(32) = 1.58 and 7(1) and in Table (1) and equation (2), "
        "less than (3) years.\n(1)\n(2)\n"
    )
    assert [n for _, n in _read(text, 6)] == [1, 2, 3]


def test_dates_and_interviews_are_no_spaced_callouts():
    text = VANCOUVER + (
        "It was written in February 2, 1943. The Governors, 11 May 1893 met. "
        "See the interviews 3, and the texts 4, too.\n"
    )
    assert [n for _, n in _read(text)] == [1, 2, 1, 2, 3, 4, 4]


def test_a_plural_that_names_kinds_before_a_number_is_a_callout_a_count_is_not():
    text = (
        "It was shown (1). Such models (2) were compared with their versions (3).\n"
        "In Table (1) and over five years (2) the figures held.\n"
    )
    assert [n for _, n in _read(text, 6)] == [1, 2, 3]


def test_a_list_of_numbers_after_a_word_that_is_no_noun_is_a_callout():
    text = (
        "It was shown (1). Skill mix matters more (2, 3) than staffing (4).\n"
        "See Tables (1, 2); it rose by more than (5) points.\n"
    )
    assert [n for _, n in _read(text, 6)] == [1, 2, 3, 4]
