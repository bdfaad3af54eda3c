"""The citation styles beyond plain author-date (issue 18, item 4), on sentences of our own."""

from __future__ import annotations

from kg.ingest.citations import extract_citations
from kg.ingest.context import citing_sentence
from kg.ingest.listing import list_citations
from kg.ingest.loose import find_loose
from kg.ingest.model import Document, Footnote, Reference, Sentence
from kg.ingest.numeric import find_callouts
from kg.ingest.pipeline import analyse, ingest
from kg.ingest.resolve import resolve


def _numbered(n: int) -> list[Reference]:
    return [
        Reference(f"r{k}", (f"Name{k}",), 2000 + k, csl={"citation-number": str(k)})
        for k in range(1, n + 1)
    ]


def test_et_al_split_across_a_line_with_a_surname_that_is_a_common_word():
    found = extract_citations("as measured (While et\nal. 2004) and While et\nal. (2006) show")
    assert [(c.surnames, c.year, c.et_al, c.narrative) for c in found] == [
        (("While",), "2004", True, False),
        (("While",), "2006", True, True),
    ]


def test_given_name_with_surname_keeps_the_surname_and_the_page_range():
    (c,) = extract_citations("Here Margaret Mead (1928: 8-18) wrote about it.")
    assert (c.surnames, c.year, c.locator, c.narrative) == (("Mead",), "1928", "8-18", True)


def test_two_years_resolve_to_the_work_of_either():
    found = extract_citations("Lefebvre (1974/1991) and (Polanyi 2001 [1944]: 3)")
    assert [(c.year, c.other_year, c.locator) for c in found] == [
        ("1974", "1991", None),
        ("2001", "1944", "3"),
    ]
    refs = [
        Reference("lefebvre1991", ("Lefebvre",), 1991, title="The production of space"),
        Reference("polanyi2001", ("Polanyi",), 2001, title="The great transformation"),
    ]
    assert [r.reference for r in resolve(found, refs)] == ["lefebvre1991", "polanyi2001"]


def test_a_slash_between_years_in_prose_is_no_citation():
    assert extract_citations("In the winter of 2003/2004 the river froze.") == []


def test_author_named_apart_from_the_year_in_the_same_or_the_previous_sentence():
    refs = [
        Reference("jacobs1961", ("Jacobs",), 1961),
        Reference("sennett1970", ("Sennett",), 1970),
    ]
    text = (
        "Jacobs, writing about Manhattan, saw sidewalks as a ballet. "
        "Streets hold order without design (1961, p. 50). "
        "A lone year in prose (1970) names no one here."
    )
    found = find_loose(text, [], refs)
    assert [(c.kind, c.surnames, c.year, c.locator) for c in found] == [
        ("apart", ("Jacobs",), "1961", "p. 50")
    ]
    assert resolve(found, refs)[0].reference == "jacobs1961"


def test_apart_needs_a_reference_of_that_year_for_the_name():
    refs = [Reference("jacobs1961", ("Jacobs",), 1961)]
    assert find_loose("Jacobs wrote much later (1985).", [], refs) == []


def test_title_used_as_author_resolves_by_the_start_of_the_title():
    refs = [
        Reference("anon1998", ("Gazette",), 1998, title="Bridge closed after storm damage"),
        Reference("other1998", ("Smith",), 1998, title="Storm season begins"),
    ]
    text = "The river rose (“Bridge closed after storm”, 1998: 2) and again."
    (c,) = find_loose(text, [], refs)
    assert (c.kind, c.surnames, c.year, c.locator) == (
        "title",
        ("Bridge closed after storm",),
        "1998",
        "2",
    )
    (r,) = resolve([c], refs)
    assert r.reference == "anon1998" and "title" in r.reason


def test_ibid_takes_the_work_before_it_with_its_own_page():
    text = "Cities grow (Mumford 1961: 3). They also decay (ibid., p. 9).\n12 Ibid.\n"
    first = extract_citations(text)
    found = find_loose(text, first, [])
    assert [(c.kind, c.surnames, c.year, c.locator) for c in found] == [
        ("author-date", ("Mumford",), "1961", "3"),
        ("ibid", ("Mumford",), "1961", "p. 9"),
        ("ibid", ("Mumford",), "1961", None),
    ]


def test_bracketed_callouts_single_range_and_list():
    text = "Shown before [2], in several [1-3] and in two [1, 3]; not [sic] or [1972] or [9]."
    found = find_callouts(text, _numbered(3))
    assert [c.number for c in found] == [2, 1, 2, 3, 1, 3]
    assert [r.reference for r in resolve(found, _numbered(3))] == [
        "r2",
        "r1",
        "r2",
        "r3",
        "r1",
        "r3",
    ]


def test_bracketed_callouts_after_a_signal_and_across_a_line_break():
    text = "Tools for children [e.g. 1, 3] or for adults [e.g. 2,\n3] and [see 1-3]."
    found = find_callouts(text, _numbered(3))
    assert [c.number for c in found] == [1, 3, 2, 3, 1, 2, 3]
    assert [text[c.start : c.end] for c in found[:4]] == ["1", "3", "2", "3"]


def test_superscript_callouts_only_without_author_date_or_brackets():
    text = "Nurses Porto1 and Lima2 wrote. Care is a practice.1 It is learned in teams2,3 daily."
    found = find_callouts(text, _numbered(3))
    assert [(text[c.start - 3 : c.end], c.number) for c in found] == [
        ("ce.1", 1),
        ("ams2", 2),
        ("s2,3", 3),
    ]
    assert find_callouts(text, _numbered(3), author_date=True) == []
    unnumbered = [Reference("a", ("A",), 2000)]
    assert find_callouts(text, unnumbered) == []


def test_callouts_resolve_through_a_numbered_list_found_in_the_text():
    text = (
        "Title of a paper\n\nIntroduction\n\nAlgorithms shape the city [1]. "
        "Sensors feed them [2, 3].\n\nReferences\n\n"
        "1. Smith J. Urban code. J Cities. 2001;3:1-10.\n"
        "2. Jones K. Sensor towns. Urban Stud. 2005;7:20-30.\n"
        "3. Brown L. Data streets. Plan Rev. 2010;9:5-9.\n"
    )
    found = analyse(text, doc_id="numbered", matcher=None)
    assert [c.number for c in found.citations] == [1, 2, 3]
    assert all(r.reference is not None and r.confidence == 1.0 for r in found.resolutions)


def test_a_footnote_citation_belongs_to_the_sentence_of_its_marker():
    text = "The claim stands.1 Another.\n1 See Smith 2001.\n"
    sentence = Sentence(0, 0, 18, "The claim stands.1", 0, None, 1)
    note = Footnote("1", 28, 45, "See Smith 2001.", 1, marker_start=17, marker_end=18)
    doc = Document(text, sentences=[sentence], footnotes=[note])
    assert citing_sentence(doc, [0], text.index("Smith")) == sentence
    assert citing_sentence(doc, [0], 40 + 10) is None


def test_square_brackets_hold_author_date_citations_too():
    found = extract_citations("on society [see Nelson and Tilly 1982: 4]. Then Weber [1922] wrote")
    assert [(c.surnames, c.year, c.prefix, c.locator, c.narrative) for c in found] == [
        (("Nelson", "Tilly"), "1982", "see", "4", False),
        (("Weber",), "1922", None, None, True),
    ]


def test_a_number_the_list_lacks_below_its_highest_is_a_callout_left_unresolved():
    refs = [r for r in _numbered(4) if r.id != "r3"]
    found = find_callouts("as argued [3, 4] and [12]", refs)
    assert [c.number for c in found] == [3, 4]
    assert [r.reference for r in resolve(found, refs)] == [None, "r4"]


def test_a_footnote_inside_the_span_of_the_sentence_it_interrupts_goes_to_its_marker():
    # a note at the page's foot splits a sentence that runs on over the page break
    text = "First claim.2 A sentence runs\n2 See Smith 2001.\non over the page."
    first = Sentence(0, 0, 12, "First claim.", 0, None, 1)  # the marker after its end
    around = Sentence(1, 14, len(text), "A sentence runs on over the page.", 0, None, 1)
    note = Footnote("2", 30, 47, "See Smith 2001.", 1, marker_start=12, marker_end=13)
    doc = Document(text, sentences=[first, around], footnotes=[note])
    assert citing_sentence(doc, [0, 14], text.index("Smith")) == first
    assert citing_sentence(doc, [0, 14], text.index("over")) == around


def test_a_given_name_before_a_surname_in_capitals_still_resolves():
    found = extract_citations("As Gerald HOLTON (1973, p. 5) put it, and (Thomas Kuhn, 1962).")
    refs = [
        Reference("holton1973", ("Holton",), 1973, title="Thematic origins"),
        Reference("kuhn1962", ("Kuhn",), 1962, title="The structure"),
    ]
    resolved = resolve(found, refs)
    assert [r.reference for r in resolved] == ["holton1973", "kuhn1962"]
    assert all("given name" in r.reason and r.confidence == 0.95 for r in resolved)


def test_numeric_callouts_are_stored_and_listed_without_a_year(memory_store, tmp_path):
    path = tmp_path / "numbered.txt"
    path.write_text(
        "A numbered paper\n\nIntroduction\n\nAlgorithms shape the city [1]. "
        "Sensors feed them [2, 3].\n\nReferences\n\n"
        "1. Smith J. Urban code. J Cities. 2001;3:1-10.\n"
        "2. Jones K. Sensor towns. Urban Stud. 2005;7:20-30.\n"
        "3. Brown L. Data streets. Plan Rev. 2010;9:5-9.\n",
        encoding="utf-8",
    )
    ingest(memory_store, path, doc_id="numbered")
    listed = list_citations(memory_store, "numbered")
    assert [(c["text"], c["surnames"], c["year"], c["confidence"]) for c in listed] == [
        ("1", [], None, 1.0),
        ("2", [], None, 1.0),
        ("3", [], None, 1.0),
    ]
    assert all(c["reference"] and "Sensors" not in c["sentence"] for c in listed[:1])
    assert all("Sensors feed them" in c["sentence"] for c in listed[1:])


def test_co_authors_joined_by_a_slash_cite_their_joint_work():
    text = "as Bertaux/Delcroix (2009) show (Brannen/Moss/Mooney 2004; Delcroix 2009)"
    found = extract_citations(text)
    assert [(c.surnames, c.year) for c in found] == [
        (("Bertaux", "Delcroix"), "2009"),
        (("Brannen", "Moss", "Mooney"), "2004"),
        (("Delcroix",), "2009"),
    ]
    refs = [
        Reference("bd2009", ("Bertaux", "Delcroix"), 2009),
        Reference("d2009", ("Delcroix",), 2009),
        Reference("bmm2004", ("Brannen", "Moss", "Mooney"), 2004),
    ]
    assert [r.reference for r in resolve(found, refs)] == ["bd2009", "bmm2004", "d2009"]
    assert [c.surnames for c in extract_citations("and/or Smith (2001)")] == [("Smith",)]


def test_two_years_take_the_work_the_second_fits_better_than_the_first():
    # "2001/2013": the 2001 year is one off Delcroix 2000, the 2013 one Delcroix 2013 exactly
    found = extract_citations("families (Delcroix 2000; 2009; 2001/2013).")
    refs = [Reference(f"d{y}", ("Delcroix",), y) for y in (2000, 2009, 2013)]
    assert [r.reference for r in resolve(found, refs)] == ["d2000", "d2009", "d2013"]


def test_a_roman_page_after_a_colon_is_a_locator():
    found = extract_citations("Jean-Francois Lyotard (1984: xxiv) has it (Jones 2002: iv-vi).")
    assert [(c.text, c.surnames, c.locator) for c in found] == [
        ("Lyotard (1984: xxiv)", ("Lyotard",), "xxiv"),
        ("Jones 2002: iv-vi", ("Jones",), "iv-vi"),
    ]


def test_an_unpublished_work_is_cited_like_an_undated_one():
    (c,) = extract_citations("a scheme of analysis (SCHÜTZE, unpublished, p.3).")
    assert (c.surnames, c.year, c.locator) == (("SCHÜTZE",), "unpublished", "p. 3")
    refs = [Reference("schutze", ("Schütze",), None), Reference("s81", ("Schütze",), 1981)]
    assert resolve([c], refs)[0].reference == "schutze"


def test_citations_after_a_signal_outside_parentheses_as_notes_give_them():
    text = (
        "It grew.2\n2 On the nomenclature, see: Zabala 2000; Romero 2004.\n"
        "7 See, for example, Smith et al. 2001, p. 4; and Jones 1999.\n"
        "We see in 2004 that see Table 3 holds.\n"
    )
    found = find_loose(text, [], [])
    assert [(c.surnames, c.year, c.locator, text[c.start : c.end]) for c in found] == [
        (("Zabala",), "2000", None, "Zabala 2000"),
        (("Romero",), "2004", None, "Romero 2004"),
        (("Smith",), "2001", "p. 4", "Smith et al. 2001, p. 4"),
        (("Jones",), "1999", None, "Jones 1999"),
    ]


def test_a_season_or_month_is_a_surname_after_another_name_and_and():
    found = extract_citations("low probabilities (Nelson and Winter, 1982, 67) in (Winter 1989)")
    assert [(c.surnames, c.year, c.locator) for c in found] == [
        (("Nelson", "Winter"), "1982", "67")
    ]


def test_digits_in_an_email_address_are_no_callout():
    text = "E-mail: dandani23@yahoo.com.br. Care is a practice.1 It is learned in teams2,3 daily."
    assert [c.number for c in find_callouts(text, _numbered(23))] == [1, 2, 3]
