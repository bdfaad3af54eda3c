"""Years cited apart from their authors, and names the narrative reader got wrong
(kg.ingest.apart, through kg.ingest.loose), on sentences of our own."""

from __future__ import annotations

from kg.ingest.citations import extract_citations
from kg.ingest.loose import find_loose
from kg.ingest.model import Reference
from kg.ingest.resolve import resolve

REFS = [
    Reference("kotthoff1981", ("Kotthoff",), 1981),
    Reference("kotthoff1994", ("Kotthoff",), 1994),
    Reference("mickler1992", ("Mickler", "Walker", "Lungwitz"), 1992),
    Reference("auerbach1995", ("Auerbach",), 1995),
    Reference("fanu1991", ("Le Fanu",), 1991),
    Reference("keller1984", ("Keller",), 1984),
    Reference("lavery2002", ("Lavery",), 2002),
    Reference("jander1991", ("Jander", "Lutz"), 1991),
]


def _loose(text: str):
    return find_loose(text, extract_citations(text), REFS)


def test_two_years_and_a_signal_in_a_parenthesis_apart_from_the_name():
    text = "Kotthoff's study of 64 companies (1981; 1994) and Mickler et al.'s case (e.g. 1992)."
    found = _loose(text)
    assert [(c.kind, c.surnames, c.year, c.et_al) for c in found] == [
        ("apart", ("Kotthoff",), "1981", False),
        ("apart", ("Kotthoff",), "1994", False),
        ("apart", ("Mickler",), "1992", True),
    ]
    assert [text[c.start : c.end] for c in found] == ["1981", "1994", "1992"]
    assert [r.reference for r in resolve(found, REFS)] == [
        "kotthoff1981",
        "kotthoff1994",
        "mickler1992",
    ]


def test_a_name_already_cited_in_the_sentence_before_carries_the_year():
    text = (
        "Nina Auerbach (1995) suggests that Carmilla (Le Fanu, 1991) performs it. "
        "This vampire is licensed to realize the erotic (1995: 39)."
    )
    found = _loose(text)
    assert [(c.kind, c.surnames, c.year, c.locator) for c in found][-1] == (
        "apart",
        ("Auerbach",),
        "1995",
        "39",
    )


def test_a_narrative_title_before_the_year_gives_way_to_the_author_named_before_it():
    text = "George Keller's book, Academic Strategy (1984), was an influential intervention."
    (c,) = _loose(text)
    assert (c.kind, c.surnames, c.year) == ("apart", ("Keller",), "1984")
    assert resolve([c], REFS)[0].reference == "keller1984"


def test_a_show_after_a_citation_in_its_sentence_takes_no_author_from_it():
    text = "An auteur (Lavery, 2002) helming Buffy and the ill-fated Firefly (2002)."
    found = _loose(text)
    assert [(c.kind, c.surnames) for c in found] == [
        ("author-date", ("Lavery",)),
        ("author-date", ("Firefly",)),
    ]


def test_ibid_after_names_takes_the_work_last_cited_for_them():
    text = (
        "Jander and Lutz (1991: 411) found it. Mickler et al. (1992: 16) saw lean production. "
        "Moreover, according to Jander and Lutz (ibid.) councils did not mobilize."
    )
    found = _loose(text)
    assert [(c.kind, c.surnames, c.year) for c in found][-1] == (
        "ibid",
        ("Jander", "Lutz"),
        "1991",
    )


def test_german_ebd_is_ibid_and_s_is_a_page():
    # "ebd." ("ebenda") for the work cited just before; "S. 4" and "4ff." pages
    text = (
        "Die Betriebe wählten den schlanken Weg (Jander und Lutz 1991, S. 411). "
        "Die Räte blieben passiv (vgl. ebd., S. 412f.). Dazu auch Keller (1984: 9ff.). "
        "Das galt weiter (ebd.)."
    )
    found = _loose(text)
    assert [(c.kind, c.surnames, c.year, c.locator) for c in found] == [
        ("author-date", ("Jander", "Lutz"), "1991", "S. 411"),
        ("ibid", ("Jander", "Lutz"), "1991", "S. 412f."),
        ("author-date", ("Keller",), "1984", "9ff."),
        ("ibid", ("Keller",), "1984", None),
    ]
