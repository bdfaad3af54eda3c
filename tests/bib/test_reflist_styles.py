"""Reference lists of styles EXCITE's papers barely have, and faults of unseen papers'
lists, each on entries written for the test (issue 18): MLA and Chicago
notes-bibliography entries with the year at the end after a repeated author (``———``),
corporate authors ending the list, links broken over lines or labelled, a date's year,
and an entry's last line that the list repeats (``University Press.``)."""

from __future__ import annotations

from kg.bib.reflist import find_reference_section, read_list
from kg.bib.reflist.split import split_reference_entries

BODY = "Some text of the paper, which cites what follows at length and with care.\n" * 4


def _entries(text: str) -> list[str]:
    span = find_reference_section(text)
    assert span is not None
    return [e for _, _, e in split_reference_entries(text, span)]


def _firsts(text: str) -> list[str]:
    return [e.split(".")[0].split(" (")[0] for e in _entries(text)]


def test_mla_entries_after_a_repeated_author_each_start_on_their_names():
    text = BODY + (
        "Works Cited\n"
        "Arendt, Hannah. The Human Condition. University of Chicago Press, 1958.\n"
        '---. "Truth and Politics." The New Yorker, 25 Feb. 1967, pp. 49-88, with more.\n'
        "Bauman, Zygmunt. Modernity and the Holocaust. Cornell University Press, 1989.\n"
        "Beck, Ulrich, and Elisabeth Beck-Gernsheim. Individualization. Sage, 2002, pp. 1-9.\n"
        "Castells, Manuel. The Rise of the Network Society. Blackwell, 1996, second edition.\n"
    )
    assert _firsts(text) == [
        "Arendt, Hannah",
        "---",
        "Bauman, Zygmunt",
        "Beck, Ulrich, and Elisabeth Beck-Gernsheim",
        "Castells, Manuel",
    ]


def test_chicago_bibliography_with_three_em_dashes_and_quoted_titles():
    text = BODY + (
        "Bibliography\n"
        "Mills, C. Wright. The Power Elite. New York: Oxford University Press, 1956.\n"
        "———. The Sociological Imagination. New York: Oxford University Press, 1959.\n"
        'Noble, David F. "Present Tense Technology." Democracy 3, no. 2 (1983): 8-24.\n'
        "Polanyi, Karl. The Great Transformation: The Political and Economic Origins of Our\n"
        "Time. Boston: Beacon Press,\n"
        "2001.\n"
        'Putnam, Robert D. "Bowling Alone." Journal of Democracy 6, no. 1 (1995): 65-78.\n'
    )
    found = read_list(text, find_reference_section(text)).items
    assert [(i["author"][0].get("family"), i["issued"]["date-parts"][0][0]) for i in found] == [
        ("Mills", 1956),
        ("Mills", 1959),
        ("Noble", 1983),
        ("Polanyi", 2001),
        ("Putnam", 1995),
    ]


def test_corporate_authors_with_the_year_in_parentheses_end_the_list_as_entries():
    text = BODY + (
        "References\n"
        "Ostrom, E. (1990) Governing the Commons. Cambridge: Cambridge University Press.\n"
        "UNESCO (2015) Science Report: Towards 2030. Paris: UNESCO Publishing.\n"
        "United Nations Development Programme (2019) Human Development Report 2019.\n"
        "New York: UNDP.\n"
        "World Health Organization (2020) Global Report on Infection Prevention. Geneva:\n"
        "WHO.\n"
    )
    span = find_reference_section(text)
    assert span is not None
    listed = read_list(text, span)
    assert len(listed.items) == 4 and not listed.warnings


def test_labelled_links_access_notes_and_links_in_angle_brackets_stay_in_their_entry():
    text = BODY + (
        "References\n"
        "Lessig, L. (2004). Free Culture. New York: Penguin Press.\n"
        "Suber, P. (2003). Removing the Barriers to Research. Ariadne, 37.\n"
        "http://www.ariadne.example.org/issue37/suber/\n"
        "Full text: http://www.example.org/suber/barriers.htm\n"
        "Tapscott, Don. 2014. The Digital Economy Revisited. Wired, May 2 <http://www.example.\n"
        "com/2014/05/digital-economy-revisited> (Accessed June 3, 2016).\n"
        "Tufekci, Zeynep. 2017. Twitter and Tear Gas. New Haven: Yale University Press.\n"
    )
    assert _firsts(text) == ["Lessig, L", "Suber, P", "Tapscott, Don", "Tufekci, Zeynep"]


def test_a_date_s_year_on_the_next_line_starts_no_entry():
    text = BODY + (
        "References\n"
        "Kling, R. (1999b). What is Social Informatics and Why Does it Matter? More text.\n"
        "Science Forum [online] 12 March 1999. http://www.example.org/kling/forum.html\n"
        "Kling, R. (2000). Learning about information technologies. Information Society.\n"
    )
    assert _firsts(text) == ["Kling, R", "Kling, R"]


def test_a_last_line_the_list_repeats_is_no_running_header():
    text = BODY + (
        "References\n"
        "Abbott, A. (1988). The System of Professions: An Essay on the Division of Expert\n"
        "Labor. Chicago: University of Chicago Press.\n"
        "Abbott, A. (2001). Chaos of Disciplines, with a long subtitle that wraps, Chicago:\n"
        "University Press.\n"
        "Becker, H. S. (1982). Art Worlds, a long title that wraps onto the next line of it.\n"
        "Berkeley: University of California Press, 1982, reprinted 2008 by the same house\n"
        "University Press.\n"
        "Collins, R. (1979). The Credential Society, with another subtitle that wraps, New\n"
        "York: Academic Press.\n"
        "University Press.\n"  # once outside the list too, as a note's last line
    )
    span = find_reference_section(text)
    assert span is not None
    span = (span[0], text.rindex("Collins"))  # the last line stands outside the list
    entries = [e for _, _, e in split_reference_entries(text, span)]
    assert entries[1].endswith("Chicago: University Press.")
    assert entries[2].endswith("University Press.")


def test_an_acknowledgement_between_the_heading_and_the_list_is_no_entry():
    text = BODY + (
        "References\n"
        "I thank my classmates and the seminar's convenor for comments on an earlier draft.\n"
        "All errors are my own.\n"
        "\n"
        "Aronoff, K., Battistoni, A., Cohen, D. A., & Riofrancos, T. (2019). A planet to win.\n"
        "Verso.\n"
        "Corburn, J. (2009). Toward the healthy city. MIT Press.\n"
    )
    span = find_reference_section(text)
    assert span is not None
    listed = read_list(text, span)
    assert [i["author"][0]["family"] for i in listed.items] == ["Aronoff", "Corburn"]
    assert [w.kind for w in listed.warnings] == ["skipped"]


def test_an_author_of_one_name_after_an_entry_ending_on_its_year_starts_one():
    text = BODY + (
        "Bibliography\n"
        "Jacobs, Jane. The Death and Life of Great American Cities. New York: Random House, 1961.\n"
        "Le Corbusier. The City of To-morrow and Its Planning. Translated by Frederick\n"
        "Etchells. New York: Dover, 1987.\n"
        "Plato. The Republic. Translated by Allan Bloom. New York: Basic Books, 1968.\n"
        "Polanyi, Karl. The Great Transformation. Boston: Beacon Press, 2001.\n"
    )
    assert _firsts(text) == ["Jacobs, Jane", "Le Corbusier", "Plato", "Polanyi, Karl"]


def test_a_number_after_a_line_cut_in_mid_phrase_is_no_list_marker():
    text = BODY + (
        "Literatur\n"
        "Birg, Anna; Flöthmann, Ernst 1990: Kohortenanalyse des Verhaltens nach dem\n"
        "2. Weltkrieg. Bielefeld: Institut für Bevölkerungsforschung.\n"
        "Boehnke, Mandy 2007: Hochschulbildung und Kinderlosigkeit. In: Journal 3: 1-20.\n"
    )
    assert [e[:10] for e in _entries(text)] == ["Birg, Anna", "Boehnke, M"]


def test_a_surname_in_lower_case_and_an_organisation_with_no_year_start_entries():
    text = BODY + (
        "References\n"
        "Hank, Karsten; Kreyenfeld, Michaela 2003: A multilevel analysis of child care and\n"
        "women's fertility decisions. In: Journal of Marriage and Family 65,3: 584-596.\n"
        "Human Fertility Database. Max-Planck-Institut für demografische Forschung (Deutsch-\n"
        "land) und Vienna Institute of Demography. Abrufbar unter www.humanfertility.org.\n"
        "Harvey, D. 2003. Paris, Capital of Modernity. New York: Routledge, second edition.\n"
        "hooks, b. 1994. Teaching to Transgress. New York: Routledge.\n"
        "Kohler, Hans-Peter; Philipov, Dimiter 2001: Variance effects in the Bongaarts-Feeney\n"
        "formula. In: Demography 38,1: 1-16.\n"
    )
    assert [e[:16] for e in _entries(text)] == [
        "Hank, Karsten; K",
        "Human Fertility ",
        "Harvey, D. 2003.",
        "hooks, b. 1994. ",
        "Kohler, Hans-Pet",
    ]
