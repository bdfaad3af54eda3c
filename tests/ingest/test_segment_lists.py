"""A text that opens with the end of the article before it (its notes, its reference
list, its author's biography) and then holds a paper with a list of its own: the
paper's list is the last, the first is no body text, and a "References" heading that
prose follows is not the list."""

from __future__ import annotations

from kg.ingest.references import reference_list_spans, references_in_text
from kg.ingest.segment import segment

PROSE = (
    "The question of how cities govern their data has been asked in many forms, and\n"
    "each answer has shaped the next debate in ways that the authors did not foresee.\n"
)

TEXT = (
    "FORUM\n"
    "Notes\n"
    "1 The argument also holds for smaller towns, as the survey of the first part shows.\n"
    "References\n"
    "Barnes, B. (1982) Kuhn and Social Science. London: Macmillan.\n"
    "Hollis, M. (1987) The Cunning of Reason. Cambridge: Cambridge University Press.\n"
    "JANE ROE is a lecturer at the University of Nowhere.\n"
    "Governing data\n"
    "A reply\n"
    "JOHN DOE\n"
    + PROSE
    * 3
    + "As Ostrom argued (Ostrom, 1990), rules are made where they are used, and Becker\n"
    "(1963: 12) shows how labels stick to those they name.\n" + PROSE * 3 + "References\n"
    "Becker, H. (1963) Outsiders. New York: Free Press.\n"
    "Ostrom, E. (1990) Governing the Commons. Cambridge: Cambridge University Press.\n"
    "JOHN DOE is a senior lecturer at the University of Elsewhere.\n"
)


def test_the_papers_own_list_is_the_last_and_the_first_is_no_body_text():
    doc = segment(TEXT)
    assert doc.references is not None
    assert TEXT[doc.references[0] :].startswith("References\nBecker, H. (1963)")
    assert len(doc.other_references) == 1
    start, end = doc.other_references[0]
    assert TEXT[start:end].startswith("References\nBarnes")
    assert TEXT[end:].startswith("JANE ROE is a lecturer")
    body = TEXT[doc.body[0] : doc.body[1]]
    assert "(Ostrom, 1990)" in body and "Becker\n(1963: 12)" in body


def test_both_lists_are_read_and_the_papers_citations_are_found():
    doc = segment(TEXT)
    assert len(reference_list_spans(TEXT, doc)) == 2
    refs, _ = references_in_text(TEXT, doc)
    assert [r.surnames[0] for r in refs] == ["Barnes", "Hollis", "Becker", "Ostrom"]


def test_a_references_heading_that_prose_follows_is_not_the_list():
    text = (
        "Governing data\n"
        + PROSE * 2
        + "References\n"
        + PROSE * 4
        + "Ostrom's rules (Ostrom, 1990) are made where they are used.\n"
        + PROSE
        + "References\n"
        "Ostrom, E. (1990) Governing the Commons. Cambridge: Cambridge University Press.\n"
        "Becker, H. (1963) Outsiders. New York: Free Press.\n"
    )
    doc = segment(text)
    assert doc.references is not None and doc.other_references == []
    assert text[doc.references[0] :].startswith("References\nOstrom, E.")
    assert "(Ostrom, 1990)" in text[doc.body[0] : doc.body[1]]
