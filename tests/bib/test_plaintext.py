"""Plain-text references in APA, Harvard and Chicago parsed into CSL-JSON items."""

from __future__ import annotations

import pytest

from kg.bib.plaintext import parse_reference


@pytest.mark.parametrize(
    ("line", "surnames", "year", "suffix", "title", "container"),
    [
        (  # APA
            "Kitchin, R. (2014). The real-time city? Big data and smart urbanism. GeoJournal, "
            "79(1), 1–14. https://doi.org/10.1007/s10708-013-9516-8",
            ["Kitchin"],
            2014,
            "",
            "The real-time city? Big data and smart urbanism",
            "GeoJournal",
        ),
        (  # Harvard
            "Kitchin, R. (2014) 'The real-time city? Big data and smart urbanism', GeoJournal, "
            "79(1), pp. 1–14.",
            ["Kitchin"],
            2014,
            "",
            "The real-time city? Big data and smart urbanism",
            "GeoJournal",
        ),
        (  # Chicago author-date
            'Kitchin, Rob. 2014. "The Real-Time City? Big Data and Smart Urbanism." GeoJournal '
            "79 (1): 1–14.",
            ["Kitchin"],
            2014,
            "",
            "The Real-Time City? Big Data and Smart Urbanism",
            "GeoJournal",
        ),
        (  # a book with place and publisher
            "Townsend, A.M. (2013) Smart Cities: Big Data, Civic Hackers, and the Quest for a New "
            "Utopia. New York: W.W. Norton.",
            ["Townsend"],
            2013,
            "",
            "Smart Cities: Big Data, Civic Hackers, and the Quest for a New Utopia",
            None,
        ),
        (  # a chapter in an edited book
            "Savini, F. and Raco, M. (2019) The rise of a new urban technocracy. In Raco, M. and "
            "Savini, F. (eds) Planning and Knowledge. Bristol: Policy Press, pp. 199–212.",
            ["Savini", "Raco"],
            2019,
            "",
            "The rise of a new urban technocracy",
            "Planning and Knowledge",
        ),
        (  # "&", commas, a compound surname
            "Tironi, M., & Sánchez Criado, T. (2015). Of sensors and sensitivities. Tecnoscienza, "
            "6(1), 89–108.",
            ["Tironi", "Sánchez Criado"],
            2015,
            "",
            "Of sensors and sensitivities",
            "Tecnoscienza",
        ),
        (  # Chicago: natural order after the first, an Iberian double surname
            'Tironi, Martín, and Tomás Sánchez Criado. 2015. "Of Sensors." Tecnoscienza 6 (1): 89.',
            ["Tironi", "Sánchez Criado"],
            2015,
            "",
            "Of Sensors",
            "Tecnoscienza",
        ),
        (  # particles, before and after
            "de Certeau, M. and van Dijk, J. (1984) The practice of everyday life. Berkeley: UCP.",
            ["de Certeau", "van Dijk"],
            1984,
            "",
            "The practice of everyday life",
            None,
        ),
        (
            "Certeau, Michel de. 1984. The Practice of Everyday Life. Berkeley: UCP.",
            ["de Certeau"],
            1984,
            "",
            "The Practice of Everyday Life",
            None,
        ),
        (  # capitals
            "SMITH, J. and DE CERTEAU, M. (2001) Walking in the city. London: Verso.",
            ["Smith", "de Certeau"],
            2001,
            "",
            "Walking in the city",
            None,
        ),
        (  # corporate authors, n.d., a letter
            "World Bank (2016a) Digital dividends. Washington, DC: World Bank.",
            ["World Bank"],
            2016,
            "a",
            "Digital dividends",
            None,
        ),
        (
            "OECD. (n.d.). Smart cities and inclusive growth. OECD Publishing.",
            ["OECD"],
            None,
            "",
            "Smart cities and inclusive growth",
            None,
        ),
        (
            "Department of Communications, Climate Action and Environment (2018) National "
            "broadband plan. Dublin: DCCAE.",
            ["Department of Communications, Climate Action and Environment"],
            2018,
            "",
            "National broadband plan",
            None,
        ),
        (  # an Irish prefix, lower-case names, "et al.", an unquoted title before a comma
            "Ó Riain, S. (2004) The politics of high-tech growth. Cambridge: CUP.",
            ["Ó Riain"],
            2004,
            "",
            "The politics of high-tech growth",
            None,
        ),
        (
            "boyd, d. and Crawford, K. (2012) 'Critical questions for big data', Information, "
            "Communication & Society, 15(5), pp. 662–679.",
            ["boyd", "Crawford"],
            2012,
            "",
            "Critical questions for big data",
            "Information, Communication & Society",
        ),
        (
            "Kitchin, R. et al. (2015) 'Knowing and governing cities', Regional Studies, Regional "
            "Science, 2(1), pp. 6–28.",
            ["Kitchin"],
            2015,
            "",
            "Knowing and governing cities",
            "Regional Studies, Regional Science",
        ),
        (
            "Gabrys, J. (2014) Programming environments, Environment and Planning D 32(1): 30–48.",
            ["Gabrys"],
            2014,
            "",
            "Programming environments",
            "Environment and Planning D",
        ),
        (  # compact Harvard: the title runs into the container, the rest is right
            "Kitchin R and Dodge M 2011b Code/space. Cambridge, MA: MIT Press.",
            ["Kitchin", "Dodge"],
            2011,
            "b",
            "Code/space",
            None,
        ),
        (  # Chicago's letter after the year, Elsevier-Harvard's comma before it
            "Kitchin, Rob. 2016b. “The Ethics of Smart Cities.” Phil Trans A 374: 20160115.",
            ["Kitchin"],
            2016,
            "b",
            "The Ethics of Smart Cities",
            "Phil Trans A",
        ),
        (
            "Dodge, M., Kitchin, R., 2007. 'Outlines of a world coming into existence': Pervasive "
            "computing. Environment and Planning B 34, 431–445.",
            ["Dodge", "Kitchin"],
            2007,
            "",
            "'Outlines of a world coming into existence': Pervasive computing",
            "Environment and Planning B",
        ),
    ],
)
def test_parse_reference(line, surnames, year, suffix, title, container):
    item = parse_reference(line)
    names = item.get("author") or item["editor"]
    assert [n.get("family") or n.get("literal") for n in names] == surnames
    assert (item.get("issued") or {}).get("date-parts", [[None]])[0][0] == year
    assert item.get("year-suffix", "") == suffix
    assert item.get("title") == title
    assert item.get("container-title") == container
    assert item["raw"] == line


def test_parse_reference_identifiers_and_dates():
    item = parse_reference(
        "Kitchin, R. (2017) Urban informatics. Programmable City Working Paper 25. Available at: "
        "https://osf.io/preprints/socarxiv/rxk4r (Accessed: 12 May 2020)."
    )
    assert item["URL"] == "https://osf.io/preprints/socarxiv/rxk4r"
    assert (item["type"], item["collection-title"], item["number"]) == (
        "report",
        "Programmable City Working Paper",
        "25",
    )
    assert item["title"] == "Urban informatics"
    item = parse_reference(
        "Krivý, M. (2016) 2018. “Towards a Critique of Cybernetic Urbanism.” Planning Theory "
        "17 (1): 8–30. doi:10.1177/1473095216645631."
    )
    assert item["issued"] == {"date-parts": [[2018]]}
    assert item["original-date"] == {"date-parts": [[2016]]}
    assert item["DOI"] == "10.1177/1473095216645631"
    assert (item["volume"], item["issue"], item["page"]) == ("17", "1", "8-30")
    item = parse_reference("Lefebvre, H. ([1974] 1991) The production of space. Oxford: Blackwell.")
    assert (item["issued"], item["original-date"]) == (
        {"date-parts": [[1991]]},
        {"date-parts": [[1974]]},
    )
    item = parse_reference("Sabatier, P.A. and Jenkins-Smith, H.C. (eds) (1993) Policy change.")
    assert "author" not in item
    assert [e["given"] for e in item["editor"]] == ["P.A.", "H.C."]
    forthcoming = parse_reference("Haas, P.M. (forthcoming) Epistemic communities. London: Sage.")
    assert forthcoming["status"] == "forthcoming"
    assert "issued" not in forthcoming


def test_a_reference_read_again_is_read_the_same_and_owned_by_its_caller():
    """The words of an entry read once are handed out again as copies: what one caller
    changes in its item (the list reader sets ``raw`` and may replace names) is not what
    the next one gets."""
    line = (
        "Savini, F.  and Raco, M. (2019) 'The rise of a new urban technocracy', in Raco, M. "
        "and Savini, F. (eds) Planning and Knowledge. Bristol: Policy Press, pp. 3–17."
    )
    first = parse_reference(line)
    expected = parse_reference(" ".join(line.split()))
    assert first == expected
    first["author"][0]["family"] = "Other"
    first["issued"]["date-parts"][0][0] = 1900
    first["title"] = "Changed"
    again = parse_reference(line)
    assert again == expected
    assert [a["family"] for a in again["author"]] == ["Savini", "Raco"]
    assert again["issued"] == {"date-parts": [[2019]]}
