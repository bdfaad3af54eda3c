"""Reference lists as German papers set them, flush left with wrapped lines, which EXCITE's
German gold set showed the splitter reading as one entry (``python -m bench.excite_more``):
names closed by a colon with the year at the end, and names given first before a title
in guillemets. The lists are written for these tests."""

from __future__ import annotations

from kg.bib.reflist import find_reference_section, read_list
from kg.bib.reflist.split import split_reference_entries

BODY = "Die Stadt zählt ihre Bürger (Lindner 2011: 4). Das bleibt so (Roth 1988).\n" * 3

COLON_STYLE = """Literaturverzeichnis:
Lindner, Katrin; Paul van Dijk: Städte im Netz. Eine Ethnographie der Platt-
formen. - In: Seidel, Mara; Kühn, Felix [Hrsg.]: Regieren mit Zahlen. - Lux
Verlag (Berlin), 2011, S. 21-40
Amrhein, Jonas: Sensoren und Bürger. – Verlag am Fluss (Kassel), 2016
Verband der Stadtwerke [Hrsg.]: Netze und Nutzer – In: Versorgung heute, Nr. 4,
2012, S. 3-9
Brückner, Lea u.a.: Das vermessene Viertel. Daten, Karten und Konflikte in der
Stadtplanung. - Campus (Frankfurt a.M.), 2008
"""

NATURAL_STYLE = """Literatur
Jana Roth, »Die Ordnung der Zahlen. Statistik und Stadt im neunzehnten Jahrhun-
dert«, in: Stadtgeschichte, 12 (1988), S. 1-15.
Jana Roth u. Paul M. Heck, »Zählen und Regieren«, in: Mara Seidel (Hrsg.), Die
Stadt als Datenbank, München 1990, S. 35-66.
D. Mason, Ed., Computer Conferencing: The Last Word. Beach Holme Publishers, 1992.
Otto Brandt, Protest und Planung. Bürger gegen die Stadtverwaltung. Köln 1994.
"""


def _entries(text: str) -> list[str]:
    span = find_reference_section(text)
    assert span is not None
    return [e for _, _, e in split_reference_entries(text, span)]


def test_names_closed_by_a_colon_start_each_entry_of_a_flush_left_list() -> None:
    text = BODY + COLON_STYLE
    entries = _entries(text)
    assert [e.split(":")[0] for e in entries] == [
        "Lindner, Katrin; Paul van Dijk",
        "Amrhein, Jonas",
        "Verband der Stadtwerke [Hrsg.]",
        "Brückner, Lea u.a.",
    ]
    # the editors after "In:" on a wrapped line stay in their entry
    assert "Seidel, Mara; Kühn, Felix [Hrsg.]" in entries[0]
    span = find_reference_section(text)
    assert span is not None
    read = read_list(text, span)
    assert len(read.items) == 4
    assert [a.get("family") for a in read.items[0]["author"]] == ["Lindner", "van Dijk"]
    assert read.items[3]["issued"] == {"date-parts": [[2008]]}


def test_names_given_first_before_a_title_start_each_entry() -> None:
    text = BODY + NATURAL_STYLE
    entries = _entries(text)
    assert [" ".join(e.split()[:2]) for e in entries] == [
        "Jana Roth,",
        "Jana Roth",
        "D. Mason,",
        "Otto Brandt,",
    ]
    span = find_reference_section(text)
    assert span is not None
    assert len(read_list(text, span).items) == 4  # every entry read, none skipped as a tail


def test_an_author_date_list_keeps_its_place_and_publisher_lines() -> None:
    # "Woodbridge, Suffolk: Publisher" on its own line is no colon-style entry (a list of
    # wrapped entries: in one with an entry on each line, each line is one)
    text = BODY + (
        "References\n"
        "Waddell, Kay (2003). Teaching medicine in a London hospital and its wards, the\n"
        "years 1123-1995.\n"
        "Woodbridge, Suffolk: Boydell Press.\n"
        "Furness, Al (1990). The working week and the weekend in the factories of England.\n"
        "New York: Routledge.\n"
    )
    entries = _entries(text)
    assert len(entries) == 2
    assert entries[0].endswith("Boydell Press.")
    assert entries[1].endswith("Routledge.")


def test_an_entry_with_names_and_a_colon_but_no_year_is_kept() -> None:
    # a newspaper article cited with its date "v. 3.6.2002": no year standing alone
    text = BODY + (
        "Literatur\n"
        "Amrhein, Jonas: Sensoren und Bürger. – Verlag am Fluss (Kassel), 2016\n"
        "Engel, Rita M.: Leere Büros, Der Bote Nr. 17 v. 3.6.2002, S. 12/13\n"
        "Lindner, Katrin: Städte im Netz, Bielefeld 2011\n"
    )
    span = find_reference_section(text)
    assert span is not None
    read = read_list(text, span)
    assert [i["raw"].split(":")[0] for i in read.items] == [
        "Amrhein, Jonas",
        "Engel, Rita M.",
        "Lindner, Katrin",
    ]
