"""Resolution of citation instances to references: the chapter's 38, each tolerance
(misspelling, year, order, letters, particles, acronyms), ties, and the style texts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.bib.citekeys import item_year
from kg.ingest.citations import extract_citations
from kg.ingest.evaluate import evaluate, read_gold
from kg.ingest.model import Citation, Reference
from kg.ingest.resolve import resolve

DATA = Path(__file__).parents[1] / "data" / "citations"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
CHAPTER = CORPUS / "kitchin2019-smart-cities-algorithmic-technocracy.txt"
STYLES = [
    "apa-citizen-sensing",
    "harvard-heritage-lists",
    "chicago-land-registers",
    "hard-open-data",
]
CHAPTER_ITSELF = {"kitchin2019smart", "raco2019planning"}  # the document and its book


def page_furniture(text: str) -> list[tuple[int, int]]:
    """Page breaks of the test texts: a form feed, the page number and the running head."""
    return [m.span() for m in re.finditer(r"\f\n\d+\n[A-Z][A-Z ]+\n", text)]


def _reference(item: dict) -> Reference:
    """A Reference from a CSL-JSON item, as the readers make one: family names (with a
    non-dropping particle) or literal names of the authors, else of the editors."""
    people = item.get("author") or item.get("editor") or []
    surnames = tuple(
        p.get("literal")
        or " ".join(x for x in (p.get("non-dropping-particle"), p.get("family")) if x)
        for p in people
    )
    return Reference(
        id=item["id"],
        surnames=surnames,
        year=item_year(item) if item.get("issued") else None,
        year_suffix=item.get("year-suffix", ""),
        title=item.get("title"),
        container=item.get("container-title"),
        doi=item.get("DOI"),
        csl=item,
    )


def _cite(key: str, year: str, *surnames: str, et_al: bool = False) -> Citation:
    return Citation(key, 0, len(key), surnames, year, et_al=et_al)


@pytest.fixture(scope="module")
def chapter() -> tuple[list[Citation], list]:
    if not CHAPTER.exists():
        pytest.skip(f"the chapter's text is not at {CHAPTER}")
    items = json.loads((CORPUS / "references.csl.json").read_text(encoding="utf-8"))
    references = [_reference(i) for i in items if i["id"] not in CHAPTER_ITSELF]
    citations = extract_citations(CHAPTER.read_text(encoding="utf-8"))
    return citations, resolve(citations, references)


# --- the chapter --------------------------------------------------------------------------


def test_chapter_resolutions_match_the_gold(chapter):
    """The gold follows the curated reconstruction; the automatic resolver differs from
    it only on the two Kitchin 2016 works, whose letters are a convention's guess."""
    citations, resolutions = chapter
    gold = read_gold(DATA / "kitchin2019smart.gold.json")
    score = evaluate(citations, gold, resolutions)
    assert sorted(m[0] for m in score.misresolved) == ["Kitchin (2016)", "Kitchin 2016b"]
    assert score.resolution.f1 >= 0.94


def test_chapter_every_resolution_has_a_confidence_and_a_reason(chapter):
    citations, resolutions = chapter
    assert len(resolutions) == len(citations) == 38
    for resolution in resolutions:
        assert 0.0 < resolution.confidence <= 1.0
        assert resolution.reason


def _table(chapter) -> dict[str, tuple[str | None, float, str]]:
    citations, resolutions = chapter
    return {
        c.text: (r.reference, r.confidence, r.reason)
        for c, r in zip(citations, resolutions, strict=True)
    }


def test_chapter_exact_matches_are_certain_unless_the_entry_doubts(chapter):
    table = _table(chapter)
    assert table["Townsend 2013"] == ("townsend2013smart", 1.0, "surnames and year match")
    assert table["Haas (1992: 2)"] == ("haas1992introduction", 1.0, "surnames and year match")
    assert table["Sabatier and Jenkins-Smith 1993: 25"][:2] == ("sabatier1993policy", 1.0)
    ref, confidence, reason = table["Kitchin et al., 2017"]
    assert (ref, confidence) == ("kitchin2017urban", 0.8)
    assert "the entry's own confidence is medium" in reason
    assert table["Liu 2015"][1] == table["Wejs 2014"][1] == 0.4


def test_chapter_tolerances(chapter):
    table = _table(chapter)
    ref, confidence, reason = table["Vanolo (2015)"]
    assert (ref, confidence) == ("vanolo2014smartmentality", 0.75)
    assert reason == "cited year 2015, published 2014; only candidate for Vanolo"
    ref, confidence, reason = table["Shelton and Lobato 2016"]
    assert ref == "shelton2019actually" and confidence < 0.5
    assert "Lobato read as Lodato (misspelling)" in reason
    assert "cited year 2016, published 2019" in reason
    ref, confidence, reason = table["Krivy 2016"]
    assert (ref, confidence) == ("krivy2016towards", 0.9)
    assert "cited by its first year 2016; in print 2018" in reason
    ref, confidence, reason = table["Raco and Savini, 2018"]
    assert ref == "savini2019rise" and confidence < 0.7
    assert "cited as Raco and Savini, published as Savini and Raco" in reason
    ref, confidence, reason = table["Tironi and Criado 2015"]
    assert ref == "tironi2015sensors" and "Criado for Sánchez Criado" in reason


def test_chapter_letters_by_title_order(chapter):
    """The bibliography gives the two Kitchin 2016 works no letters; the author-date
    styles letter them by title with the article ignored ("The ethics" = a, "Getting
    smarter" = b). The reconstruction in REFERENCES.md guessed the other way round; the
    chapter's build applies that curated mapping on top (see test_ingest_pipeline)."""
    table = _table(chapter)
    ref, confidence, reason = table["Kitchin 2016b"]
    assert ref == "kitchin2016getting" and confidence < 1.0
    assert "b of 2 Kitchin 2016 works by title order" in reason
    ref, confidence, reason = table["Kitchin (2016)"]
    assert ref == "kitchin2016ethics" and confidence < table["Kitchin 2016b"][1]
    assert "kitchin2016getting, the other of 2 equal candidates, is cited elsewhere" in reason


def test_chapter_placeholder_is_linked_with_its_low_confidence(chapter):
    ref, confidence, reason = _table(chapter)["Cullen 2016"]
    assert (ref, confidence) == ("cullen2016unresolved", 0.3)
    assert "placeholder" in reason and "confidence is low" in reason


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
def test_the_chapters_own_book_in_the_list_takes_raco_and_savini_and_says_so():
    """Given the document's own metadata too, "Raco and Savini 2018" fits the edited book
    (editors in order) better than its opening chapter (authors swapped); the reason
    names the chapter. The pipeline should pass only the reference list."""
    items = json.loads((CORPUS / "references.csl.json").read_text(encoding="utf-8"))
    references = [_reference(i) for i in items]
    (resolution,) = resolve([_cite("Raco and Savini 2018", "2018", "Raco", "Savini")], references)
    assert resolution.reference == "raco2019planning"
    assert "savini2019rise" in resolution.reason


# --- one tolerance at a time -------------------------------------------------------------


def _refs(*rows: tuple) -> list[Reference]:
    return [Reference(id_, tuple(names), year, title=title) for id_, names, year, title in rows]


def test_surnames_and_year():
    refs = _refs(("a", ["Smith", "Jones"], 2019, "A"), ("b", ["Smith"], 2019, "B"))
    two, one = resolve(
        [
            _cite("Smith and Jones 2019", "2019", "Smith", "Jones"),
            _cite("Smith 2019", "2019", "Smith"),
        ],
        refs,
    )
    assert (two.reference, two.confidence) == ("a", 1.0)
    assert (one.reference, one.confidence) == ("b", 1.0)


def test_unmatched_citations_stay_unresolved_in_order():
    refs = _refs(("a", ["Smith"], 2019, "A"))
    cites = [
        _cite("Ferraz 2011", "2011", "Ferraz"),
        _cite("Smith 2019", "2019", "Smith"),
        _cite("Smith 2005", "2005", "Smith"),
    ]
    first, second, third = resolve(cites, refs)
    assert (first.reference, first.reason) == (None, "no work by Ferraz in the bibliography")
    assert second.reference == "a"
    assert (third.reference, third.reason) == (None, "no work by Smith of 2005 or near it")


def test_year_off_by_one_between_two_candidates_is_a_tie():
    refs = _refs(("s14", ["Smith"], 2014, "A"), ("s16", ["Smith"], 2016, "B"))
    (resolution,) = resolve([_cite("Smith 2015", "2015", "Smith")], refs)
    assert resolution.reference is None
    assert "s14" in resolution.reason and "s16" in resolution.reason


def test_exact_year_beats_a_near_one():
    refs = _refs(("s14", ["Vanolo"], 2014, "A"), ("s15", ["Vanolo"], 2015, "B"))
    (resolution,) = resolve([_cite("Vanolo 2015", "2015", "Vanolo")], refs)
    assert (resolution.reference, resolution.confidence) == ("s15", 1.0)


def test_a_year_far_off_is_not_forced():
    refs = _refs(("a", ["Smith"], 2010, "A"), ("b", ["Smith", "Jones"], 2010, "B"))
    single, pair = resolve(
        [
            _cite("Smith 2013", "2013", "Smith"),
            _cite("Smith and Jones 2013", "2013", "Smith", "Jones"),
        ],
        refs,
    )
    assert single.reference is None  # one name, three years off
    assert pair.reference == "b" and pair.confidence < 0.6  # two names, three years off


def test_misspelled_and_diacritic_names():
    refs = _refs(("l", ["Shelton", "Lodato"], 2016, "A"), ("k", ["Krivý"], 2016, "B"))
    lobato, krivy = resolve(
        [
            _cite("Shelton and Lobato 2016", "2016", "Shelton", "Lobato"),
            _cite("Krivy 2016", "2016", "Krivy"),
        ],
        refs,
    )
    assert (lobato.reference, lobato.confidence) == ("l", 0.8)
    assert "Lobato read as Lodato (misspelling)" in lobato.reason
    assert (krivy.reference, krivy.confidence) == ("k", 1.0)
    assert "Krivy for Krivý" in krivy.reason


def test_short_names_are_not_read_as_misspellings():
    (resolution,) = resolve([_cite("Lu 2015", "2015", "Lu")], _refs(("liu", ["Liu"], 2015, "A")))
    assert resolution.reference is None


def test_swapped_order_and_missing_authors():
    refs = _refs(("chapter", ["Savini", "Raco"], 2019, "The rise"))
    swapped, second_alone = resolve(
        [
            _cite("Raco and Savini 2019", "2019", "Raco", "Savini"),
            _cite("Raco 2019", "2019", "Raco"),
        ],
        refs,
    )
    assert (swapped.reference, swapped.confidence) == ("chapter", 0.85)
    assert second_alone.reference is None  # the second author alone does not stand for it


def test_et_al_and_counts():
    refs = _refs(("three", ["Collier", "Mizes", "von Schnitzler"], 2016, "A"))
    et_al, one_of_three = resolve(
        [
            _cite("Collier et al. 2016", "2016", "Collier", et_al=True),
            _cite("Collier 2016", "2016", "Collier"),
        ],
        refs,
    )
    assert (et_al.reference, et_al.confidence) == ("three", 1.0)
    assert (one_of_three.reference, one_of_three.confidence) == ("three", 0.8)
    assert "cited 1 of 3 authors" in one_of_three.reason


def test_particles_compounds_and_acronyms():
    refs = _refs(
        ("certeau", ["de Certeau"], 1984, "A"),
        ("dijk", ["Dijk"], 2014, "B"),
        ("tironi", ["Tironi", "Sánchez Criado"], 2015, "C"),
        ("oecd", ["Organisation for Economic Co-operation and Development"], 2020, "D"),
        ("bank", ["World Bank"], 2018, "E"),
    )
    cites = [
        _cite("Certeau 1984", "1984", "Certeau"),
        _cite("van Dijk 2014", "2014", "van Dijk"),
        _cite("Tironi and Criado 2015", "2015", "Tironi", "Criado"),
        _cite("OECD 2020", "2020", "OECD"),
        _cite("World Bank 2018", "2018", "World Bank"),
    ]
    found = [(r.reference, r.confidence) for r in resolve(cites, refs)]
    assert found == [
        ("certeau", 1.0),
        ("dijk", 1.0),
        ("tironi", 0.95),
        ("oecd", 0.9),
        ("bank", 1.0),
    ]


def test_online_first_year():
    item = {
        "id": "k",
        "author": [{"family": "Krivý"}],
        "issued": {"date-parts": [[2018]]},
        "original-date": {"date-parts": [[2016]]},
    }
    (resolution,) = resolve([_cite("Krivy 2016", "2016", "Krivy")], [_reference(item)])
    assert (resolution.reference, resolution.confidence) == ("k", 0.9)


def test_undated_and_forthcoming():
    refs = _refs(("costa", ["Costa"], None, "A"), ("lee", ["Lee"], 2021, "B"))
    nd, press = resolve(
        [_cite("Costa n.d.", "n.d.", "Costa"), _cite("Lee in press", "in press", "Lee")], refs
    )
    assert (nd.reference, nd.confidence) == ("costa", 1.0)
    assert (press.reference, press.confidence) == ("lee", 0.7)
    assert "cited as in press, published 2021" in press.reason


def test_printed_letters_are_certain_assigned_ones_less_so():
    printed = [
        Reference("a", ("Haddad",), 2020, year_suffix="a", title="Seasonal"),
        Reference("b", ("Haddad",), 2020, year_suffix="b", title="A field trial"),
    ]
    assigned = [
        Reference("x", ("Lund",), 2019, year_suffix="a", title="D", note="suffix assigned"),
        Reference("y", ("Lund",), 2019, year_suffix="b", title="V", note="suffix assigned"),
    ]
    got = resolve(
        [_cite("Haddad 2020b", "2020b", "Haddad"), _cite("Lund 2019b", "2019b", "Lund")],
        printed + assigned,
    )
    assert [(r.reference, r.confidence) for r in got] == [("b", 1.0), ("y", 0.85)]


def test_a_bare_year_among_lettered_works_needs_the_others_claimed():
    refs = _refs(
        ("g", ["Kitchin"], 2016, "Getting smarter"), ("e", ["Kitchin"], 2016, "The ethics")
    )
    alone = resolve([_cite("Kitchin 2016", "2016", "Kitchin")], refs)[0]
    assert alone.reference is None
    assert "fits g, e equally" in alone.reason or "fits e, g equally" in alone.reason
    bare, lettered = resolve(
        [_cite("Kitchin 2016", "2016", "Kitchin"), _cite("Kitchin 2016a", "2016a", "Kitchin")],
        refs,
    )
    # by title order with the article ignored, "The ethics" is a and "Getting smarter" b
    assert (lettered.reference, bare.reference) == ("e", "g")


def test_a_letter_on_a_work_that_has_none():
    (resolution,) = resolve(
        [_cite("Smith 2019a", "2019a", "Smith")], _refs(("s", ["Smith"], 2019, "A"))
    )
    assert (resolution.reference, resolution.confidence) == ("s", 0.9)


def test_near_equal_candidates_lower_the_confidence_and_name_the_other():
    refs = _refs(("one", ["Smith", "Jones"], 2019, "A"), ("two", ["Jones", "Smith"], 2019, "B"))
    (resolution,) = resolve([_cite("Smith and Jones 2019", "2019", "Smith", "Jones")], refs)
    assert resolution.reference == "one" and resolution.confidence == 1.0  # 0.85 is not close
    refs = _refs(("one", ["Smith"], 2018, "A"), ("two", ["Smyth"], 2019, "B"))
    (resolution,) = resolve([_cite("Smith 2019", "2019", "Smith")], refs)
    assert resolution.reference == "two"  # misspelling, right year: 0.8 beats 0.75
    assert resolution.confidence == pytest.approx(0.64)
    assert "one fits almost as well" in resolution.reason


def test_entry_confidence_caps_the_resolution():
    items = [
        {
            "id": "m",
            "author": [{"family": "Datta"}],
            "issued": {"date-parts": [[2015]]},
            "note": "confidence: medium. Alternative exists.",
        },
        {
            "id": "p",
            "author": [{"family": "Cullen"}],
            "issued": {"date-parts": [[2016]]},
            "title": "[Unresolved: 2016 work by Cullen]",
        },
    ]
    medium, placeholder = resolve(
        [_cite("Datta 2015", "2015", "Datta"), _cite("Cullen 2016", "2016", "Cullen")],
        [_reference(i) for i in items],
    )
    assert (medium.reference, medium.confidence) == ("m", 0.8)
    assert (placeholder.reference, placeholder.confidence) == ("p", 0.3)


# --- other styles ------------------------------------------------------------------------


@pytest.mark.parametrize("name", STYLES)
def test_style_resolution_matches_its_gold(name):
    text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    items = json.loads((DATA / f"{name}.csl.json").read_text(encoding="utf-8"))
    gold = read_gold(DATA / f"{name}.gold.json")
    citations = extract_citations(text, exclude=page_furniture(text))
    score = evaluate(citations, gold, resolve(citations, [_reference(i) for i in items]))
    assert score.extraction.f1 >= 0.95
    assert score.resolution.f1 >= 0.95, score.misresolved


def test_hard_text_keeps_honest_unresolved_citations():
    name = "hard-open-data"
    text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    items = json.loads((DATA / f"{name}.csl.json").read_text(encoding="utf-8"))
    citations = extract_citations(text, exclude=page_furniture(text))
    table = {
        c.text: r
        for c, r in zip(citations, resolve(citations, [_reference(i) for i in items]), strict=True)
    }
    assert table["Ruppert 2012"].reference is None  # the secondary source's original
    assert table["Ferraz 2011"].reference is None
    assert table["Okonkwo 2017"].reference == "okonkwo2018flattening"
    assert "cited year 2017, published 2018" in table["Okonkwo 2017"].reason
    assert "Haverkemp read as Haverkamp" in table["Haverkemp and others 2016"].reason
    assert table["OECD 2020"].reference == "oecd2020portals"
