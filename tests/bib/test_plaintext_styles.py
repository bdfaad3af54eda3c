"""One reference in each style scholars write, parsed into CSL-JSON: APA, Harvard, Chicago
(author-date and notes-bibliography), MLA, Vancouver, IEEE, German and FQS habits. The
references are of well-known works, written for these tests."""

from __future__ import annotations

import pytest

from kg.bib.plaintext import parse_reference


def _families(item: dict, role: str = "author") -> list[str]:
    return [n.get("family") or n.get("literal") for n in item.get(role, [])]


def _year(item: dict, key: str = "issued") -> int | None:
    return (item.get(key) or {}).get("date-parts", [[None]])[0][0]


@pytest.mark.parametrize(
    ("line", "authors", "year", "title", "container"),
    [
        (  # APA 7: a book, the publisher alone
            "Ostrom, E. (1990). Governing the commons: The evolution of institutions for "
            "collective action. Cambridge University Press.",
            ["Ostrom"],
            1990,
            "Governing the commons: The evolution of institutions for collective action",
            None,
        ),
        (  # Chicago author-date, given names in full
            "Scott, James C. 1998. Seeing Like a State. How Certain Schemes to Improve the "
            "Human Condition Have Failed. New Haven: Yale University Press.",
            ["Scott"],
            1998,
            "Seeing Like a State. How Certain Schemes to Improve the Human Condition Have Failed",
            None,
        ),
        (  # Chicago notes-bibliography: the year at the end
            'Harvey, David. "The Right to the City." New Left Review 53 (2008): 23-40.',
            ["Harvey"],
            2008,
            "The Right to the City",
            "New Left Review",
        ),
        (  # MLA
            "Jacobs, Jane. The Death and Life of Great American Cities. Random House, 1961.",
            ["Jacobs"],
            1961,
            "The Death and Life of Great American Cities",
            None,
        ),
        (  # Vancouver
            "Kitchin R. The real-time city? Big data and smart urbanism. GeoJournal. "
            "2014;79(1):1-14.",
            ["Kitchin"],
            2014,
            "The real-time city? Big data and smart urbanism",
            "GeoJournal",
        ),
        (  # IEEE, numbered
            '[3] R. Kitchin, "The real-time city? Big data and smart urbanism," GeoJournal, '
            "vol. 79, no. 1, pp. 1-14, 2014.",
            ["Kitchin"],
            2014,
            "The real-time city? Big data and smart urbanism",
            "GeoJournal",
        ),
        (  # FQS: surnames in capitals, German "In:" before a journal
            "LEMKE, Thomas (2000). Neoliberalismus, Staat und Selbsttechnologien. In: "
            "Politische Vierteljahresschrift 41 (1): 31-47.",
            ["Lemke"],
            2000,
            "Neoliberalismus, Staat und Selbsttechnologien",
            "Politische Vierteljahresschrift",
        ),
        (  # names with slashes, "Hg." for editors
            "Bröckling, U./Krasmann, S./Lemke, T. (2000): Gouvernementalität der Gegenwart. "
            "Studien zur Ökonomisierung des Sozialen. Frankfurt am Main: Suhrkamp.",
            ["Bröckling", "Krasmann", "Lemke"],
            2000,
            "Gouvernementalität der Gegenwart. Studien zur Ökonomisierung des Sozialen",
            None,
        ),
        (  # given names in full, several, Chicago's natural order after the first
            "Aronoff, Kate, Alyssa Battistoni, Daniel Aldana Cohen and Thea Riofrancos (2019) "
            "A Planet to Win: Why We Need a Green New Deal. London: Verso.",
            ["Aronoff", "Battistoni", "Cohen", "Riofrancos"],
            2019,
            "A Planet to Win: Why We Need a Green New Deal",
            None,
        ),
        (  # a chapter in an edited book, Harvard with "in:"
            "Lefebvre, H. (1996) 'The right to the city', in: Kofman, E. and Lebas, E. (eds) "
            "Writings on Cities. Oxford: Blackwell, pp. 63-181.",
            ["Lefebvre"],
            1996,
            "The right to the city",
            "Writings on Cities",
        ),
    ],
)
def test_styles(line, authors, year, title, container):
    item = parse_reference(line)
    assert _families(item) == authors
    assert _year(item) == year
    assert item.get("title") == title
    assert item.get("container-title") == container


def test_one_author_with_two_given_names():
    item = parse_reference("Cohen, Daniel Aldana (2019) A planet to win. London: Verso.")
    assert item["author"] == [{"family": "Cohen", "given": "Daniel Aldana"}]


def test_editors_are_not_authors_and_a_publisher_is_neither():
    item = parse_reference(
        "Brenner, Neil, (ed.) Implosions/Explosions: Towards a Study of Planetary "
        "Urbanization. Berlin: Jovis, 2014."
    )
    assert "author" not in item
    assert _families(item, "editor") == ["Brenner"]
    assert (item["publisher-place"], item["publisher"], _year(item)) == ("Berlin", "Jovis", 2014)
    item = parse_reference("Brenner, N. (ed.) (2014) Implosions/Explosions. Berlin: Jovis.")
    assert ("author" in item, _families(item, "editor")) == (False, ["Brenner"])
    item = parse_reference(
        "Lewis, J. and Smith, K. (2009) (eds.): Work and families in transition. Bristol: "
        "Policy Press."
    )
    assert ("author" in item, _families(item, "editor")) == (False, ["Lewis", "Smith"])


def test_editors_of_a_chapter_in_german_and_in_apa():
    item = parse_reference(
        "Foucault, M. (2000): Die Gouvernementalität. In: Bröckling, U./Krasmann, S./Lemke, T. "
        "(Hg.): Gouvernementalität der Gegenwart. Frankfurt am Main: Suhrkamp, S. 41-67."
    )
    assert item["type"] == "chapter"
    assert _families(item, "editor") == ["Bröckling", "Krasmann", "Lemke"]
    assert item["container-title"] == "Gouvernementalität der Gegenwart"
    assert item["page"] == "41-67"
    item = parse_reference(
        "Lefebvre, H. (1996). The right to the city. In E. Kofman & E. Lebas (Eds.), Writings "
        "on cities (pp. 63-181). Blackwell."
    )
    assert _families(item, "editor") == ["Kofman", "Lebas"]
    assert (item["container-title"], item["page"]) == ("Writings on cities", "63-181")


def test_translators():
    item = parse_reference(
        "Foucault, M. (1977) Discipline and punish: The birth of the prison. Translated by "
        "A. Sheridan. London: Allen Lane."
    )
    assert _families(item, "translator") == ["Sheridan"]
    item = parse_reference(
        "Lefebvre, H. (1991). The production of space (D. Nicholson-Smith, Trans.). Blackwell."
    )
    assert item["title"] == "The production of space"
    assert _families(item, "translator") == ["Nicholson-Smith"]


def test_dates_undated_double_and_original():
    item = parse_reference(
        "United Nations (n.d.) Sustainable development goals. Available at: "
        "https://sdgs.un.org/goals (accessed 3 May 2017)."
    )
    assert item["author"] == [{"literal": "United Nations"}]
    assert "issued" not in item
    assert (item["title"], item["URL"]) == (
        "Sustainable development goals",
        "https://sdgs.un.org/goals",
    )
    item = parse_reference("Harvey, D. (2003/2008) Paris, capital of modernity. London: Routledge.")
    assert (_year(item), item["title"]) == (2003, "Paris, capital of modernity")
    item = parse_reference(
        "Bateson, G. 2000 [1972]. Steps to an Ecology of Mind. Chicago: University of "
        "Chicago Press."
    )
    assert (_year(item), _year(item, "original-date")) == (2000, 1972)
    assert item["title"] == "Steps to an Ecology of Mind"


def test_a_repeated_author_takes_the_previous_entry_names():
    first = parse_reference("Harvey, David. Social Justice and the City. London: Arnold, 1973.")
    for dashes in ("———.", "____.", "--------."):
        item = parse_reference(f"{dashes} Rebel Cities. London: Verso, 2012.", previous=first)
        assert (_families(item), _year(item), item["title"]) == (
            ["Harvey"],
            2012,
            "Rebel Cities",
        )
    item = parse_reference("——— (2012) Rebel cities. London: Verso.", previous=first)
    assert (_families(item), _year(item), item["title"]) == (["Harvey"], 2012, "Rebel cities")
    assert "author" not in parse_reference("———. Rebel Cities. London: Verso, 2012.")


def test_reports_web_pages_and_what_sticks_to_an_entry():
    item = parse_reference(
        "Acemoglu, D. and Restrepo, P. (2017) Robots and jobs: Evidence from US labor markets. "
        "NBER Working Paper No. 23285. Cambridge, MA: National Bureau of Economic Research."
    )
    assert item["type"] == "report"
    assert item["title"] == "Robots and jobs: Evidence from US labor markets"
    item = parse_reference(
        "Stadt Wien (2014) Smart City Wien Rahmenstrategie. https://smartcity.wien.gv.at "
        "[Zugriff am 03.05.2017]."
    )
    assert (item["title"], item["URL"]) == (
        "Smart City Wien Rahmenstrategie",
        "https://smartcity.wien.gv.at",
    )
    item = parse_reference(
        "Scott, J. C. (1998) Seeing like a state. New Haven: Yale University Press. 214"
    )
    assert (item["title"], item["publisher"]) == ("Seeing like a state", "Yale University Press")
    item = parse_reference(
        "Kitchin, R. (2014) The real-time city? GeoJournal, 79(1), 1-14. "
        "doi:10.1007/s10708-013-9516-8"
    )
    assert item["DOI"] == "10.1007/s10708-013-9516-8"


@pytest.mark.parametrize(
    "line",
    ["", "   ", ".", "———", "(2014)", "In: (eds.)", "pp. 1-2", "[3]", "“", "2014 2015 2016"],
)
def test_messy_text_never_raises(line):
    item = parse_reference(line)
    assert item["raw"] == " ".join(line.split())


def test_what_is_missing_is_said_with_a_low_confidence():
    good = parse_reference("Ostrom, E. (1990). Governing the commons. Cambridge University Press.")
    assert "note" not in good
    for line in ("Governing the commons", "Ostrom, E. Governing the commons", "[3]"):
        item = parse_reference(line)
        assert item["note"].startswith("confidence: low."), line
    assert "no names" in parse_reference("(1990) Governing the commons.")["note"]
    assert "note" not in parse_reference("———. 2016. Rebel Cities. London: Verso.")
    assert "note" not in parse_reference("United Nations (n.d.) Sustainable development goals.")


def test_a_list_of_commas_and_a_vancouver_book():
    item = parse_reference(
        "Scott J.C., Seeing like a state: How certain schemes to improve the human condition "
        "have failed, Yale University Press, New Haven, 1998."
    )
    assert (_families(item), _year(item)) == (["Scott"], 1998)
    assert item["title"] == (
        "Seeing like a state: How certain schemes to improve the human condition have failed"
    )
    item = parse_reference(
        "Ostrom E. Governing the commons: the evolution of institutions for collective action. "
        "Cambridge: Cambridge University Press; 1990."
    )
    assert (_families(item), _year(item), item["publisher"]) == (
        ["Ostrom"],
        1990,
        "Cambridge University Press",
    )
    assert item["title"] == (
        "Governing the commons: the evolution of institutions for collective action"
    )


def test_a_series_and_a_journal_still_to_come():
    item = parse_reference(
        "Acemoglu, D. and Restrepo, P. (2017) Robots and jobs: Evidence from US labor markets, "
        "NBER Working Paper no. 23285, Cambridge, MA."
    )
    assert item["title"] == "Robots and jobs: Evidence from US labor markets"
    assert (item["type"], item["collection-title"], item["number"]) == (
        "report",
        "NBER Working Paper",
        "23285",
    )
    item = parse_reference(
        "Kitchin, R. (2019). Toward a genuinely humanizing smart urbanism. Rethinking the "
        "smart city. Journal of Urban Affairs (forthcoming)."
    )
    assert item["title"] == (
        "Toward a genuinely humanizing smart urbanism. Rethinking the smart city"
    )


def test_chapters_with_the_editors_after_the_book_and_a_thesis():
    for line in (
        'Lefebvre, Henri. 1996. "The Right to the City." In Writings on Cities, ed. Eleonore '
        "Kofman and Elizabeth Lebas, 63-181. Oxford: Blackwell.",
        "Lefebvre, H. (1996) 'The right to the city', in E. Kofman and E. Lebas, eds, Writings "
        "on Cities, Oxford: Blackwell, 63-181.",
    ):
        item = parse_reference(line)
        assert item["container-title"] == "Writings on Cities", line
        assert _families(item, "editor") == ["Kofman", "Lebas"], line
        assert item["page"] == "63-181", line
    item = parse_reference(
        "Harvey, D. (1961) 'Aspects of agricultural and rural change in Kent, 1800-1900', PhD "
        "thesis, University of Cambridge."
    )
    assert (item["type"], "container-title" in item) == ("thesis", False)


def test_initials_then_a_given_name_in_full_before_the_title():
    item = parse_reference(
        "Mills, C. Wright. The Power Elite. New York: Oxford University Press, 1956."
    )
    assert item["author"] == [{"family": "Mills", "given": "C. Wright"}]
    assert (item["title"], _year(item)) == ("The Power Elite", 1956)
    item = parse_reference("Ostrom, E. Governing the Commons. Cambridge: CUP, 1990.")
    assert item["author"] == [{"family": "Ostrom", "given": "E."}]
    assert item["title"] == "Governing the Commons"


@pytest.mark.parametrize("joiner", ["u.", "&", "and", "und"])
def test_two_authors_joined_in_german_or_english(joiner):
    item = parse_reference(
        f"Müller, A. {joiner} Schmidt, B. 2010. Sorge und Arbeit. Frankfurt: Campus."
    )
    assert _families(item) == ["Müller", "Schmidt"]
    item = parse_reference(f"Müller, Anna {joiner} Schmidt, Bernd 2010: Sorge. Frankfurt: Campus.")
    assert item["author"][1] == {"family": "Schmidt", "given": "Bernd"}
