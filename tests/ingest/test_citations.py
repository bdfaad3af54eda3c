"""In-text citation extraction: the chapter's 38 instances, each pattern of author-year
writing, what is not a citation, and long noisy input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.ingest.citations import extract_citations
from kg.ingest.evaluate import evaluate, read_gold
from kg.ingest.model import Citation

DATA = Path(__file__).parents[1] / "data" / "citations"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
CHAPTER = CORPUS / "kitchin2019-smart-cities-algorithmic-technocracy.txt"
STYLES = [
    "apa-citizen-sensing",
    "harvard-heritage-lists",
    "chicago-land-registers",
    "hard-open-data",
]


def _fields(c: Citation) -> tuple:
    return (c.text, c.surnames, c.year, c.et_al, c.locator, c.prefix, c.narrative, c.secondary)


def _gold_fields(g: dict) -> tuple:
    return (
        g["text"],
        tuple(g["surnames"]),
        g["year"],
        g["et_al"],
        g["locator"],
        g["prefix"],
        g["narrative"],
        g["secondary"],
    )


def page_furniture(text: str) -> list[tuple[int, int]]:
    """Page breaks of the test texts: a form feed, the page number and the running head."""
    return [m.span() for m in re.finditer(r"\f\n\d+\n[A-Z][A-Z ]+\n", text)]


@pytest.fixture(scope="module")
def chapter() -> str:
    if not CHAPTER.exists():
        pytest.skip(f"the chapter's text is not at {CHAPTER}")
    return CHAPTER.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def chapter_gold() -> list[dict]:
    return read_gold(DATA / "kitchin2019smart.gold.json")


# --- the chapter --------------------------------------------------------------------------


def test_chapter_gold_lists_38_instances_of_25_works(chapter_gold):
    assert len(chapter_gold) == 38
    assert len({g["reference"] for g in chapter_gold}) == 25


def test_chapter_instances_are_the_38_of_the_gold(chapter, chapter_gold):
    found = extract_citations(chapter)
    assert [(c.start, c.end) for c in found] == [(g["start"], g["end"]) for g in chapter_gold]
    assert [_fields(c) for c in found] == [_gold_fields(g) for g in chapter_gold]


def test_chapter_offsets_point_at_the_keys(chapter):
    for c in extract_citations(chapter):
        assert " ".join(chapter[c.start : c.end].split()) == c.text
        assert c.group[0] <= c.start < c.end <= c.group[1]


def test_chapter_locators_and_narrative_forms(chapter):
    found = {c.text: c for c in extract_citations(chapter)}
    assert found["Haas (1992: 2)"].locator == "2"
    assert found["Haas (1992: 2)"].surnames == ("Haas",)  # not "Peter Haas"
    assert found["Sabatier and Jenkins-Smith 1993: 25"].locator == "25"
    assert found["Kitchin (2016)"].narrative  # the table's source line
    assert found["Kitchin 2016b"].year == "2016b"
    assert found["Collier et al., 2016"].et_al
    sadowski = found["Sadowski and Pasquale 2015"]
    assert "\n" in chapter[sadowski.start : sadowski.end]  # broken across lines
    assert chapter[sadowski.group[0] : sadowski.group[1]].startswith("(Kitchin 2014; Sadowski")


def test_chapter_has_no_false_positives(chapter):
    found = extract_citations(chapter)
    front = chapter.index("Smart cities, algorithmic technocracy and new urban technocrats \n")
    assert all(c.start > front for c in found)  # the front matter's own reference line
    assert not [c for c in found if "Dec" in c.text or "2019" in c.year]
    assert not [c for c in found if "http" in chapter[c.group[0] : c.group[1]]]
    for written in ("By 2015 the EIP-SCC", "recently launched (Dec 2016)"):
        at = chapter.index(written)
        assert not [c for c in found if at <= c.start < at + len(written)]
    terms = chapter.index("following Raco and Savini’s terms")
    assert not [c for c in found if terms <= c.start < terms + 40]


def test_chapter_body_only_with_front_matter_excluded(chapter, chapter_gold):
    body = chapter.index("Smart cities, algorithmic technocracy and new urban technocrats \n")
    found = extract_citations(chapter, start=body, exclude=[(0, body)])
    assert [(c.start, c.end) for c in found] == [(g["start"], g["end"]) for g in chapter_gold]


# --- other styles -----------------------------------------------------------------------


@pytest.mark.parametrize("name", STYLES)
def test_style_extraction_matches_its_gold(name):
    text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    gold = read_gold(DATA / f"{name}.gold.json")
    found = extract_citations(text, exclude=page_furniture(text))
    score = evaluate(found, gold)
    assert score.extraction.f1 >= 0.95, (score.missed, score.spurious)
    assert score.field_errors == []


def test_style_texts_are_300_to_800_words():
    for name in STYLES:
        words = len((DATA / f"{name}.txt").read_text(encoding="utf-8").split())
        assert 300 <= words <= 800, (name, words)


# --- one pattern at a time --------------------------------------------------------------

# (text, [(key text, surnames, year, et_al, locator, prefix, narrative, secondary), ...])
PATTERNS = [
    (
        "cities (Townsend 2013; Kitchin 2014).",
        [
            ("Townsend 2013", ("Townsend",), "2013", False, None, None, False, False),
            ("Kitchin 2014", ("Kitchin",), "2014", False, None, None, False, False),
        ],
    ),
    (
        "what Dodge and Kitchin (2007) term",
        [
            (
                "Dodge and Kitchin (2007)",
                ("Dodge", "Kitchin"),
                "2007",
                False,
                None,
                None,
                True,
                False,
            )
        ],
    ),
    (
        "(Smith & Jones, 2020, p. 4)",
        [
            (
                "Smith & Jones, 2020, p. 4",
                ("Smith", "Jones"),
                "2020",
                False,
                "p. 4",
                None,
                False,
                False,
            )
        ],
    ),
    (
        "(Raco and Savini, 2018)",
        [("Raco and Savini, 2018", ("Raco", "Savini"), "2018", False, None, None, False, False)],
    ),
    (
        "(Kitchin et al., 2017)",
        [("Kitchin et al., 2017", ("Kitchin",), "2017", True, None, None, False, False)],
    ),
    (
        "(Smith et al., 2019a, 2019b)",
        [
            ("Smith et al., 2019a", ("Smith",), "2019a", True, None, None, False, False),
            ("2019b", ("Smith",), "2019b", True, None, None, False, False),
        ],
    ),
    (
        "(Smith 2019a, b; Jones in press, a point)",
        [
            ("Smith 2019a", ("Smith",), "2019a", False, None, None, False, False),
            ("b", ("Smith",), "2019b", False, None, None, False, False),
            ("Jones in press", ("Jones",), "in press", False, None, None, False, False),
        ],
    ),
    (
        "Kitchin (2014, 2016) shows",
        [
            ("Kitchin (2014", ("Kitchin",), "2014", False, None, None, True, False),
            ("2016", ("Kitchin",), "2016", False, None, None, True, False),
        ],
    ),
    (
        "(Kitchin 2014, 2016)",
        [
            ("Kitchin 2014", ("Kitchin",), "2014", False, None, None, False, False),
            ("2016", ("Kitchin",), "2016", False, None, None, False, False),
        ],
    ),
    (
        "Smith and Jones (2020: 4) show",
        [("Smith and Jones (2020: 4)", ("Smith", "Jones"), "2020", False, "4", None, True, False)],
    ),
    (
        "(Smith 2019; see also Jones 2020)",
        [
            ("Smith 2019", ("Smith",), "2019", False, None, None, False, False),
            ("Jones 2020", ("Jones",), "2020", False, None, "see also", False, False),
        ],
    ),
    (
        "(e.g., Smith 2019; cf. Jones 2020, pp. 3–5; see Lee 2021)",
        [
            ("Smith 2019", ("Smith",), "2019", False, None, "e.g.", False, False),
            ("Jones 2020, pp. 3–5", ("Jones",), "2020", False, "pp. 3-5", "cf.", False, False),
            ("Lee 2021", ("Lee",), "2021", False, None, "see", False, False),
        ],
    ),
    (
        "(Smith 2019, 45)",
        [("Smith 2019, 45", ("Smith",), "2019", False, "45", None, False, False)],
    ),
    (
        "(Smith 2019, chap. 3)",
        [("Smith 2019, chap. 3", ("Smith",), "2019", False, "chap. 3", None, False, False)],
    ),
    (
        "(SMITH 2019)",
        [("SMITH 2019", ("SMITH",), "2019", False, None, None, False, False)],
    ),
    (
        "(World Bank 2018; OECD 2020)",
        [
            ("World Bank 2018", ("World Bank",), "2018", False, None, None, False, False),
            ("OECD 2020", ("OECD",), "2020", False, None, None, False, False),
        ],
    ),
    (
        "(Department of the Taoiseach 2016)",
        [
            (
                "Department of the Taoiseach 2016",
                ("Department of the Taoiseach",),
                "2016",
                False,
                None,
                None,
                False,
                False,
            )
        ],
    ),
    (
        "(de Certeau 1984; van Dijk 2014)",
        [
            ("de Certeau 1984", ("de Certeau",), "1984", False, None, None, False, False),
            ("van Dijk 2014", ("van Dijk",), "2014", False, None, None, False, False),
        ],
    ),
    (
        "(Smith n.d.; Jones, n.d.)",
        [
            ("Smith n.d.", ("Smith",), "n.d.", False, None, None, False, False),
            ("Jones, n.d.", ("Jones",), "n.d.", False, None, None, False, False),
        ],
    ),
    (
        "(Smith and others 2019)",
        [("Smith and others 2019", ("Smith",), "2019", True, None, None, False, False)],
    ),
    (
        "Townsend's (2013) account",
        [("Townsend's (2013)", ("Townsend",), "2013", False, None, None, True, False)],
    ),
    (
        "(Smith 2001, as cited in Jones 2010)",
        [
            ("Smith 2001", ("Smith",), "2001", False, None, None, False, True),
            ("Jones 2010", ("Jones",), "2010", False, None, None, False, False),
        ],
    ),
    (
        "In his seminal work, Peter Haas (1992: 2) defined",
        [("Haas (1992: 2)", ("Haas",), "1992", False, "2", None, True, False)],
    ),
    (
        "For Raco and Savini (2018) the creation",
        [("Raco and Savini (2018)", ("Raco", "Savini"), "2018", False, None, None, True, False)],
    ),
    (
        "the historian Michel de Certeau (1984) wrote",
        [("de Certeau (1984)", ("de Certeau",), "1984", False, None, None, True, False)],
    ),
    (
        "as the World Bank (2018) puts it",
        [("World Bank (2018)", ("World Bank",), "2018", False, None, None, True, False)],
    ),
    (
        "Importantly, Haas (1992) argues",
        [("Haas (1992)", ("Haas",), "1992", False, None, None, True, False)],
    ),
    (
        "Source: Kitchin (2016)",
        [("Kitchin (2016)", ("Kitchin",), "2016", False, None, None, True, False)],
    ),
    (
        "Ortiz, Nakamura, and Feld (2016) argue",
        [
            (
                "Ortiz, Nakamura, and Feld (2016)",
                ("Ortiz", "Nakamura", "Feld"),
                "2016",
                False,
                None,
                None,
                True,
                False,
            )
        ],
    ),
    (
        "(Krivý 2016; Sánchez Criado 2015; O’Neill 2019; d'Alembert 1751)",
        [
            ("Krivý 2016", ("Krivý",), "2016", False, None, None, False, False),
            ("Sánchez Criado 2015", ("Sánchez Criado",), "2015", False, None, None, False, False),
            ("O’Neill 2019", ("O’Neill",), "2019", False, None, None, False, False),
            ("d'Alembert 1751", ("d'Alembert",), "1751", False, None, None, False, False),
        ],
    ),
    (
        "(Sabatier and Jenkins-\nSmith 1993; Sadow-\nski 2015)",
        [
            (
                "Sabatier and Jenkins-Smith 1993",
                ("Sabatier", "Jenkins-Smith"),
                "1993",
                False,
                None,
                None,
                False,
                False,
            ),
            ("Sadowski 2015", ("Sadowski",), "2015", False, None, None, False, False),
        ],
    ),
    (
        "(Smith in press; Jones forthcoming)",
        [
            ("Smith in press", ("Smith",), "in press", False, None, None, False, False),
            ("Jones forthcoming", ("Jones",), "forthcoming", False, None, None, False, False),
        ],
    ),
    (
        "(Townsend 2013 and Kitchin 2014)",
        [
            ("Townsend 2013", ("Townsend",), "2013", False, None, None, False, False),
            ("Kitchin 2014", ("Kitchin",), "2014", False, None, None, False, False),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), PATTERNS, ids=[p[0][:40] for p in PATTERNS])
def test_pattern(text, expected):
    assert [_fields(c) for c in extract_citations(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "the recently launched (Dec 2016) forum",
        "In 2015 the city launched a portal (in 2015) with forty datasets.",
        "between 1990 and 2010 (1990–2010), in the 1990s (the 1990s)",
        "a sample (n = 2015) of respondents",
        "(March 2019) and (Spring 2020)",
        "Kitchin, R., Coletta, C., Evans, L. & Heaphy, L. (2019).  Smart Cities",
        "following Raco and Savini’s terms, expert knowledge",
        "(see Table 1) and (e.g., chief innovation officers, designers)",
        "1 https://eu-smartcities.eu/about \n2 http://ec.europa.eu/eip/smartcities/",
        "the Paris Agreement (2015) and (pp. 199-\n212)",
        "Haverkamp's team cites a 2014 pilot",
    ],
)
def test_not_a_citation(text):
    assert extract_citations(text) == []


def test_group_is_the_parenthesis_or_the_narrative_phrase():
    text = "As Smith (2019) notes (Jones 2020; Lee 2021)."
    smith, jones, lee = extract_citations(text)
    assert text[slice(*smith.group)] == "Smith (2019)"
    assert text[slice(*jones.group)] == text[slice(*lee.group)] == "(Jones 2020; Lee 2021)"


def test_narrative_with_a_secondary_source_in_its_parenthesis():
    smith, jones = extract_citations("Smith (2001, as cited in Jones 2010) said")
    assert (smith.narrative, smith.secondary) == (True, True)
    assert (jones.text, jones.narrative, jones.secondary) == ("Jones 2010", False, False)


def test_a_citation_broken_by_a_page_break_reads_whole_with_the_furniture_excluded():
    text = "as officials say (Bakker and\n\f\n7\nOPEN DATA\n\nDijkstra 2021: 14-15; Lee 2020)."
    furniture = page_furniture(text)
    assert furniture
    (bakker, lee) = extract_citations(text, exclude=furniture)
    assert bakker.surnames == ("Bakker", "Dijkstra")
    assert bakker.text == "Bakker and Dijkstra 2021: 14-15"
    assert (bakker.start, bakker.locator) == (text.index("Bakker"), "14-15")
    assert lee.text == "Lee 2020"


def test_start_end_and_exclude_limit_the_search():
    text = "(Smith 2019) body (Jones 2020) notes (Lee 2021)"
    inside = extract_citations(text, start=13, end=31)
    assert [c.text for c in inside] == ["Jones 2020"]
    assert [c.text for c in extract_citations(text, exclude=[(0, 13), (31, 47)])] == ["Jones 2020"]


def test_nested_parentheses_count_once():
    text = "(as Smith (2019) argues; see also Jones 2020) and (IEEE (2019 report))"
    assert [(c.text, c.narrative) for c in extract_citations(text)] == [
        ("Smith (2019)", True),
        ("Jones 2020", False),
    ]


def test_long_noisy_text_is_read_in_full():
    """200 KB of prose with many parentheses, unclosed ones and years in prose: every
    planted citation is found and nothing else (run time is for bench/, not here)."""
    unit = (
        "In 2015 the city (which had (nested (notes)) and open ( brackets grew "
        "(see Smith 2019: 4; Jones and Lee 2020) while Brown (2018) disagreed "
        "(e.g. in March 2016, (n = 2015)) and 1990–2010 (1990s) ( ( ( "
    )
    text = unit * (200_000 // len(unit) + 1)
    found = extract_citations(text)
    copies = text.count(unit)
    assert len(text) >= 200_000
    assert len(found) == 3 * copies
    assert {c.text for c in found} == {"Smith 2019: 4", "Jones and Lee 2020", "Brown (2018)"}


def test_gold_files_are_consistent_with_their_texts():
    for name in [*STYLES, "kitchin2019smart"]:
        data = json.loads((DATA / f"{name}.gold.json").read_text(encoding="utf-8"))
        source = CHAPTER if name == "kitchin2019smart" else DATA / f"{name}.txt"
        if not source.exists():
            continue
        text = source.read_text(encoding="utf-8")
        furniture = page_furniture(text)
        for entry in data["citations"]:
            written = "".join(
                ch
                for n, ch in enumerate(text[entry["start"] : entry["end"]], entry["start"])
                if not any(a <= n < b for a, b in furniture)
            )
            assert " ".join(written.split()) == entry["text"], (name, entry)
