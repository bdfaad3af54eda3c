"""Forms of names, titles and containers that a set of references in many styles showed
the parser misreading (``bench/styles.py``, AnyStyle's gold set): each rule with
references written for these tests, not taken from that set."""

from __future__ import annotations

from kg.bib.plaintext import parse_reference


def _people(item: dict, role: str = "author") -> list[tuple[str, str]]:
    return [(n.get("family", ""), n.get("given", "")) for n in item.get(role, [])]


def test_given_names_first_then_the_title_after_a_comma() -> None:
    # "Elinor C." is no Vancouver "Surname Initial": a surname follows the initial
    item = parse_reference(
        "Elinor C. Ostrom, Governing the Commons: The Evolution of Institutions for "
        "Collective Action, Cambridge University Press, 1990."
    )
    assert _people(item) == [("Ostrom", "Elinor C.")]
    assert item["title"].startswith("Governing the Commons")
    item = parse_reference(
        "Saskia J. Sassen and Richard L. Florida. The global city. Urban Affairs, 12 33-45, 1991."
    )
    assert _people(item) == [("Sassen", "Saskia J."), ("Florida", "Richard L.")]
    assert item["title"] == "The global city"
    # Vancouver's compact form stays what it was
    item = parse_reference("Dealey C, Smith AB. Caring for wounds. Nurs Times. 2008;104:22-4.")
    assert _people(item) == [("Dealey", "C"), ("Smith", "AB")]
    item = parse_reference("Hale N. Towns and maps. Urban Rev. 2001;3:1-9.")
    assert _people(item) == [("Hale", "N.")]
    assert item["title"] == "Towns and maps"


def test_hyphenated_initials_in_natural_order() -> None:
    item = parse_reference(
        "J.-P. Sartre, S. de Beauvoir, and M. Merleau-Ponty. An opening statement. "
        "Les Temps Modernes, 1 1-21, 1945."
    )
    assert [f for f, _ in _people(item)] == ["Sartre", "de Beauvoir", "Merleau-Ponty"]
    assert item["title"] == "An opening statement"


def test_surnames_with_an_inner_capital_or_in_capitals() -> None:
    item = parse_reference("McLuhan, Marshall. Understanding Media. New York: McGraw-Hill, 1964.")
    assert _people(item) == [("McLuhan", "Marshall")]
    assert item["title"] == "Understanding Media"
    item = parse_reference(
        "Thomas F. LaMarche and Ana Ruiz. Packet scheduling revisited. Networks, 4 7-19, 1990."
    )
    assert [f for f, _ in _people(item)] == ["LaMarche", "Ruiz"]
    item = parse_reference(
        "FREIRE, Paulo Reglus Neves. Pedagogia do oprimido. Rio de Janeiro: Paz e Terra, 1970."
    )
    assert [g for _, g in _people(item)] == ["Paulo Reglus Neves"]
    assert item["title"] == "Pedagogia do oprimido"


def test_french_et_joins_the_last_author() -> None:
    item = parse_reference(
        "M. Callon, P. Lascoumes, et Y. Barthe, « Agir dans un monde incertain », "
        "Revue de sociologie, vol. 3, p. 1-20, 2001."
    )
    assert [f for f, _ in _people(item)] == ["Callon", "Lascoumes", "Barthe"]
    assert item["title"] == "Agir dans un monde incertain"


def test_a_title_with_commas_ends_where_its_sentence_ends() -> None:
    item = parse_reference(
        "Hardt, Michael. Cities, Commons, and the Common Good. Cambridge: Harvard "
        "University Press, 2000."
    )
    assert item["title"] == "Cities, Commons, and the Common Good"
    assert (item["publisher-place"], item["publisher"]) == ("Cambridge", "Harvard University Press")
    # a word an organisation's name has ("Authority") does not make the rest a publisher
    item = parse_reference(
        "Hale, Nora. Kings, Masters, and the Art of Authority in Roman Comedy. Princeton: "
        "Princeton University Press, 2001."
    )
    assert item["title"] == "Kings, Masters, and the Art of Authority in Roman Comedy"
    assert item["publisher"] == "Princeton University Press"


def test_place_and_publisher_in_parentheses_after_the_title() -> None:
    item = parse_reference(
        "Sen, Amartya (1999), Development as Freedom (Oxford: Oxford University Press)."
    )
    assert item["title"] == "Development as Freedom"
    assert (item["publisher-place"], item["publisher"]) == ("Oxford", "Oxford University Press")
    item = parse_reference(
        "Moore, B., Social Origins of Dictatorship and Democracy (Boston, MA: Beacon Press, 1966)."
    )
    assert item["title"] == "Social Origins of Dictatorship and Democracy"
    assert item["publisher"] == "Beacon Press"
    assert item["issued"] == {"date-parts": [[1966]]}


def test_latex_quotes_around_a_title() -> None:
    item = parse_reference(
        "E. F. Codd, ``A relational model of data for large shared data banks,'' "
        "Communications of the ACM, vol. 13, no. 6, pp. 377-387, 1970."
    )
    assert item["title"] == "A relational model of data for large shared data banks"
    assert item["container-title"] == "Communications of the ACM"
    assert (item["volume"], item["page"]) == ("13", "377-387")


def test_a_translator_after_the_title() -> None:
    item = parse_reference(
        "Foucault, Michel 1977. Discipline and Punish. Trans. Alan Sheridan. New York: Pantheon."
    )
    assert item["title"] == "Discipline and Punish"
    assert _people(item, "translator") == [("Sheridan", "Alan")]
    assert item["publisher"] == "Pantheon"


def test_volume_then_pages_without_a_mark() -> None:
    item = parse_reference(
        "C. E. Shannon. A mathematical theory of communication. Bell System Technical "
        "Journal, 27 379-423, 1948."
    )
    assert item["container-title"] == "Bell System Technical Journal"
    assert (item["volume"], item["page"]) == ("27", "379-423")
    item = parse_reference(
        "C. E. Shannon. A mathematical theory of communication. Bell System Technical "
        "Journal, pages 379-423, 1948."
    )
    assert item["container-title"] == "Bell System Technical Journal"
    assert item["page"] == "379-423"


def test_in_press_and_to_appear() -> None:
    item = parse_reference(
        "Ruiz, A., & Berg, K. (2019). Counting the commons. Urban Studies Review, in press."
    )
    assert item["title"] == "Counting the commons"
    assert (item["container-title"], item["status"]) == ("Urban Studies Review", "in press")
    item = parse_reference(
        "A. Ruiz. Routing in small worlds. Journal of Network Theory, to appear."
    )
    assert (item["container-title"], item["status"]) == ("Journal of Network Theory", "forthcoming")
    item = parse_reference(
        "Berg, Karin, (1996). Lazy routing. To appear in the special issue on routing of "
        "Network Review."
    )
    assert item["title"] == "Lazy routing"
    assert item["status"] == "forthcoming"


def test_a_newspaper_with_its_day_section_and_page() -> None:
    item = parse_reference(
        'Ruiz, Ana. "Sensors on every corner." Irish Times, 4 May 2017, sec. 2B, p. 7.'
    )
    assert item["title"] == "Sensors on every corner"
    assert item["container-title"] == "Irish Times"
    assert (item["type"], item["section"], item["page"]) == ("article-newspaper", "2B", "7")
    assert item["issued"] == {"date-parts": [[2017]]}


def test_apa_seven_elides_authors_before_the_last() -> None:
    item = parse_reference(
        "Ruiz, A., Berg, K., Hale, N., Lin, W., Okafor, C., Quinn, D., ... Zhou, M. (2021). "
        "Many hands. Journal of Teams, 3(1), 1-9."
    )
    assert [n["family"] for n in item["author"]][-2:] == ["Quinn", "Zhou"]
    assert item["title"] == "Many hands"


def test_a_month_before_the_year_in_parentheses() -> None:
    item = parse_reference(
        'Ruiz, Ana B.; Berg, Karin (December 1998). "Persistent names for papers". '
        "Journal of Digital Libraries 4 (2)."
    )
    assert [n["family"] for n in item["author"]] == ["Ruiz", "Berg"]
    assert item["issued"] == {"date-parts": [[1998]]}
    assert item["title"] == "Persistent names for papers"


def test_initials_after_a_given_name_then_a_quoted_title() -> None:
    item = parse_reference(
        'Hale, Nora W. V. "Sensor Networks." Urban Computing, edited by Ana Ruiz, Wiley, '
        "2001, pp. 83-109."
    )
    assert item["author"] == [{"family": "Hale", "given": "Nora W. V."}]
    assert item["title"] == "Sensor Networks"


def test_a_year_inside_a_proceedings_title() -> None:
    item = parse_reference(
        "A. Ruiz and K. Berg. Lazy routing. In Proceedings of the 1990 ACM Conference on "
        "Networks, pages 185-197, 1990."
    )
    assert item["container-title"] == "Proceedings of the 1990 ACM Conference on Networks"
    assert (item["type"], item["page"]) == ("paper-conference", "185-197")
    assert "volume" not in item


def test_one_name_given_first_then_the_title_sentence() -> None:
    item = parse_reference(
        "Lisa F. Hale. Extracting place names from old maps. In Proceedings of the Sixth "
        "Conference on Maps, 1991."
    )
    assert item["author"] == [{"family": "Hale", "given": "Lisa F."}]
    assert item["title"] == "Extracting place names from old maps"


def test_names_then_a_title_with_the_year_last() -> None:
    item = parse_reference("Hale, N. M. and Ruiz, J. W., The Town Language, MIT Press, 1994.")
    assert [n["family"] for n in item["author"]] == ["Hale", "Ruiz"]
    assert item["title"] == "The Town Language"
    item = parse_reference(
        "Nora Hale, Cities: Making a New Science, New York: Penguin, 1988. 368 pp."
    )
    # one name given first without an initial is kept whole ("Aalto Pami" may be read
    # either way)
    assert item["author"] == [{"literal": "Nora Hale"}]
    assert item["title"] == "Cities: Making a New Science"


def test_the_name_after_and_ends_the_list() -> None:
    item = parse_reference(
        "Ruiz, P., Berg, M., and Hale, B., Attribute Grammars: Definitions and Systems, "
        "Lecture Notes in Computer Science, Vol. 323, Springer-Verlag, 1988."
    )
    assert [n["family"] for n in item["author"]] == ["Ruiz", "Berg", "Hale"]
    assert item["title"].startswith("Attribute Grammars")
    item = parse_reference(
        "D. G. Ruiz, S. J. Berg and R. R. Hale, Integrating Register Allocation and "
        "Scheduling, Proc. Fourth Conference on Compilers, 1991."
    )
    assert [n["family"] for n in item["author"]] == ["Ruiz", "Berg", "Hale"]
    # German lists put a colon after the names
    item = parse_reference(
        'Hale, Nora: "Die Stadt". Funktion und Form. In: Ruiz, A. (Hg.): Orte. Berlin 2001.'
    )
    assert item["author"] == [{"family": "Hale", "given": "Nora"}]


def test_a_quoted_title_then_only_its_publisher() -> None:
    item = parse_reference(
        'Ruiz, A., (1984), "Towns As Art: An Essay", Van Nostrand Reinhold Company, New York.'
    )
    assert item["title"] == "Towns As Art: An Essay"
    assert "container-title" not in item
    assert item["publisher"] == "Van Nostrand Reinhold Company, New York"


def test_a_middle_initial_then_the_titles_first_word() -> None:
    item = parse_reference("Hale, Nora M. Revolution and the Town. New York: Viking, 1986.")
    assert item["author"] == [{"family": "Hale", "given": "Nora M."}]
    assert item["title"] == "Revolution and the Town"


def test_a_surname_that_lost_its_apostrophe() -> None:
    item = parse_reference(
        "A. R. Ruiz, S. Lam, D. OBrien, and T. F. Hale, Cavity modes, Physics Letters, "
        "vol. 90, pp. 1-3, 2007."
    )
    assert [n["family"] for n in item["author"]] == ["Ruiz", "Lam", "OBrien", "Hale"]


def test_initials_n_d_are_no_undated_mark() -> None:
    item = parse_reference(
        "Ruiz, A., Berg, L. E., Hale, N. D., & Lin, T. A. (2010). Closing the gap. "
        "Science, 330, 1234-1237."
    )
    assert [n["family"] for n in item["author"]] == ["Ruiz", "Berg", "Hale", "Lin"]
    assert item["issued"] == {"date-parts": [[2010]]}
    assert parse_reference("OECD (n.d.-b) Smart city policies. Paris: OECD.")["year-suffix"] == "b"


def test_a_particle_after_the_given_name() -> None:
    item = parse_reference(
        "Certeau, Michel de, Luce Giard, and Pierre Mayol. L'invention du quotidien. "
        "Paris: Gallimard, 1980."
    )
    assert [n["family"] for n in item["author"]] == ["de Certeau", "Giard", "Mayol"]
    assert item["title"] == "L'invention du quotidien"


def test_a_subtitle_sentence_before_the_place_and_publisher() -> None:
    item = parse_reference(
        "Hale, Nora. Wayland; or The Town. An American Tale. Edited by Ana Ruiz. "
        "Indianapolis: Hackett, 2009."
    )
    assert item["title"] == "Wayland; or The Town. An American Tale"
    # an edition statement is no subtitle
    item = parse_reference(
        "Ruiz, Ana. The Making of Space. Edited and translated by Karin Berg. Oxford: "
        "Blackwell, 1991."
    )
    assert item["title"] == "The Making of Space"
    item = parse_reference(
        "Hale, Nora. Towns: The Realities. 1st American ed. New York: Knopf, 1958."
    )
    assert item["title"] == "Towns: The Realities"


def test_the_place_and_date_of_a_meeting_after_its_proceedings() -> None:
    item = parse_reference(
        "Ruiz, A. (1995). Counting towns. In Proceedings of the 21st Urban Data "
        "Conference, Zurich, Switzerland, June 1995 (pp. 1-9)."
    )
    assert item["container-title"] == "Proceedings of the 21st Urban Data Conference"
    item = parse_reference(
        "Hale, N. Mixins for maps. In Proc. Conference on Cartography (Berlin), 1996, 1-20."
    )
    assert item["container-title"] == "Proc. Conference on Cartography"


def test_no_container_named_by_a_month_a_page_count_or_a_volume() -> None:
    item = parse_reference('[3] Ruiz, A., "Modernizing the town fleet," February 2012.')
    assert "container-title" not in item
    item = parse_reference('[7] Hale, N., "From text to maps." 216 pp, 1987.')
    assert "container-title" not in item
    item = parse_reference("[9] Berg, K., Town planning, Vol. 15, Prentice Hall, 2001.")
    assert "container-title" not in item
    assert (item["type"], item["volume"], item["publisher"]) == ("book", "15", "Prentice Hall")


def test_a_technical_report_abbreviated() -> None:
    item = parse_reference(
        '[38] N. J. Ruiz, "Optimal guidance for low flight," NASA, Tech. Rep., 1988.'
    )
    assert item["type"] == "report"
    assert "container-title" not in item


def test_a_journal_whose_volume_and_pages_stand_apart_by_spaces() -> None:
    item = parse_reference(
        "Hale, N. 1995. TownNet: A map of towns. Communications of Maps 38 39-41"
    )
    assert item["title"] == "TownNet: A map of towns"
    assert (item["container-title"], item["volume"], item["page"]) == (
        "Communications of Maps",
        "38",
        "39-41",
    )
    item = parse_reference(
        "Ruiz, A., and Berg, K., On the nature of towns, Journal of Town Planning 1 pp. 35-50 (1984)."
    )
    assert item["title"] == "On the nature of towns"
    assert (item["container-title"], item["page"]) == ("Journal of Town Planning", "35-50")


def test_the_editors_of_an_edition_after_its_title() -> None:
    item = parse_reference(
        "Hale, Nora. 2004. Complete Poems. Eds. Ana B Ruiz and Karin Berg. Baltimore: Johns "
        "Hopkins University Press."
    )
    assert item["title"] == "Complete Poems"
    assert [e["family"] for e in item["editor"]] == ["Ruiz", "Berg"]
    assert item["publisher"] == "Johns Hopkins University Press"


def test_a_white_paper_or_a_poster_after_the_title() -> None:
    item = parse_reference(
        "Ruiz, A., & Hale, N. (2011). Town tenacity. White paper prepared for the Town "
        "Foundation, Seattle, WA."
    )
    assert item["title"] == "Town tenacity"


def test_an_editor_named_after_the_title() -> None:
    # Chicago's "Title, ed. Name." for an edition of an author's work
    item = parse_reference(
        "Mumford, Lewis. 1968. The Urban Prospect, ed. Ruth Keller and T. J. Osei. "
        "New York: Harcourt."
    )
    assert item["title"] == "The Urban Prospect"
    assert _people(item) == [("Mumford", "Lewis")]
    assert _people(item, "editor") == [("Keller", "Ruth"), ("Osei", "T. J.")]


def test_the_first_editions_year_in_brackets_after_the_year() -> None:
    item = parse_reference("Ward, Colin (2011) [1973], Anarchy in Action, London: Freedom Press.")
    assert item["issued"] == {"date-parts": [[2011]]}
    assert item["original-date"] == {"date-parts": [[1973]]}
    assert item["title"] == "Anarchy in Action"


def test_a_year_spanning_two_with_one_digit_after_the_slash() -> None:
    item = parse_reference(
        "Ortiz, Ana, and Ben Hale. 2008/9. Grid Cities. Journal of Urban Form 4 (2): 1-20."
    )
    assert item["issued"] == {"date-parts": [[2008]]}
    assert item["title"] == "Grid Cities"
    assert item["container-title"] == "Journal of Urban Form"


def test_a_suffix_written_after_the_surname() -> None:
    item = parse_reference("Wilde Jr., Amos K. 1958. The River Town. Lexington: Hill Press.")
    assert item["author"] == [{"family": "Wilde", "given": "Amos K.", "suffix": "Jr."}]
    item = parse_reference("Hale Jr., B. T. (1990). Grid and street. Oxford University Press.")
    assert item["author"] == [{"family": "Hale", "given": "B. T.", "suffix": "Jr."}]
