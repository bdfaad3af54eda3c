"""Segmentation: the default chapter (a real PDF extraction), a PDF-like text and a
Markdown text of our own, and the pieces (sentences, hyphens) on their own."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from kg.checks.anchors import collapse
from kg.errors import UnsupportedFormatError
from kg.ingest.dehyphenate import keep_hyphen, read, word_counts
from kg.ingest.model import Document
from kg.ingest.segment import detect_format, segment
from kg.ingest.sentences import split_sentences
from kg.settings import default_corpus_dir

CHAPTER = "kitchin2019-smart-cities-algorithmic-technocracy.txt"
TEXTS = Path(__file__).parents[1] / "data" / "texts"
CORPUS = default_corpus_dir()
needs_corpus = pytest.mark.skipif(
    CORPUS is None or not (CORPUS / CHAPTER).is_file(), reason="../shared/corpus is not here"
)


@pytest.fixture(scope="module")
def chapter() -> Document:
    return segment((CORPUS / CHAPTER).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pdf_like() -> Document:
    return segment((TEXTS / "pdf-like.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def notes() -> Document:
    return segment((TEXTS / "notes.md").read_text(encoding="utf-8"))


def without_gaps(text: str, start: int, end: int, gaps) -> str:
    pieces, cursor = [], start
    for a, b in sorted(gaps):
        if b <= cursor or a >= end:
            continue
        pieces.append(text[cursor : max(a, cursor)])
        cursor = max(cursor, b)
    pieces.append(text[cursor:end])
    return "".join(pieces)


def assert_units_read_true(doc: Document) -> int:
    """Every unit's text is its original slice without gaps, whitespace collapsed, and
    line-break hyphens either kept or dropped (nothing else changed)."""
    units = [(u.start, u.end, u.gaps, u.text) for u in doc.paragraphs + doc.sentences]
    units += [(n.start, n.end, (), n.text) for n in doc.footnotes]
    if doc.format == "pdf-text":  # Markdown titles lose their inline markup
        units += [(h.start, h.heading_end, (), h.title) for h in doc.headings]
    for start, end, gaps, text in units:
        collapsed = collapse(without_gaps(doc.text, start, end, gaps))
        pattern = "(?:- |-|)".join(re.escape(part) for part in collapsed.split("- "))
        assert re.fullmatch(pattern, text), (start, end, text[:60])
        assert doc.text[start].strip() and doc.text[end - 1].strip()
    return len(units)


# --- the chapter ----------------------------------------------------------------------


@needs_corpus
def test_chapter_front_matter_body_and_pages(chapter):
    assert chapter.format == "pdf-text"
    assert chapter.front_matter == (0, 2114)
    assert chapter.body == (2114, len(chapter.text.rstrip()))
    assert chapter.references is None
    assert [p.number for p in chapter.pages] == list(range(13))
    assert [p.start for p in chapter.pages[1:]] == [
        2114, 4584, 6972, 9992, 12939, 15923, 18958, 21798, 24634, 27611, 30514, 33586,
    ]  # fmt: skip
    assert all(a.end == b.start for a, b in itertools.pairwise(chapter.pages))


@needs_corpus
def test_chapter_title_sections_and_byline(chapter):
    text = chapter.text
    title, *sections = chapter.headings
    assert (title.title, title.level, title.page, title.start) == (
        "Smart cities, algorithmic technocracy and new urban technocrats", 1, 1, 2120,
    )  # fmt: skip
    assert [(h.title, h.level, h.page, h.start) for h in sections] == [
        ("Introduction", 2, 1, 2409),
        ("A new urban technocracy", 2, 2, 6947),
        ("Smart city technocrats, an epistemic community and advocacy coalitions", 2, 5, 12940),
        ("Bridging the ‘last mile’ problem", 2, 8, 22682),
        ("Conclusion", 2, 10, 30215),
    ]
    assert [h.slug for h in sections] == [
        "introduction",
        "a-new-urban-technocracy",
        "smart-city-technocrats-an-epistemic-community-and-advocacy-coalitions",
        "bridging-the-last-mile-problem",
        "conclusion",
    ]
    # the page-start heading: a space at the page start, right after "2016).  "
    assert text[12939] == " " and text[12930:12939] == "2016).  \n"
    for h in chapter.headings:
        assert text[h.start : h.heading_end] == h.title
    assert [h.end for h in sections[:-1]] == [
        text.rfind("\n", 0, h.start) + 1 for h in sections[1:]
    ]
    assert sections[-1].end == title.end == chapter.body[1]
    # authors and affiliations: the byline, not paragraphs or sentences
    byline = text[slice(*chapter.byline)]
    assert byline.startswith("Rob Kitchin1, Claudio Coletta1")
    assert byline.endswith("School of Media, University of Brighton, UK.")
    assert not any("Kitchin1" in p.text or "NIRSA" in p.text for p in chapter.paragraphs)


@needs_corpus
def test_chapter_paragraphs(chapter):
    paragraphs = chapter.paragraphs
    assert len(paragraphs) == 23
    assert [p.section for p in paragraphs].count("introduction") == 3
    assert [p.section for p in paragraphs].count("conclusion") == 4
    first = paragraphs[0]
    assert first.text.startswith("Over the past decade, many cities have adopted policies")
    assert first.text.endswith("(Townsend 2013; Kitchin 2014).")
    assert (first.page, first.section) == (1, "introduction")
    # two breaks shown only by the next line's first-line indent
    assert paragraphs[4].text.endswith("implements new forms of algorithmic governance.")
    assert paragraphs[5].text.startswith("There are two key transitions at work.")
    assert paragraphs[19].text.endswith("corporatisation and privatisation of urban governance.")
    assert paragraphs[20].text.startswith("The rollout of algorithmic technocracy")
    # a paragraph crossing a page break (pages 3 to 4)
    crossing = paragraphs[5]
    assert crossing.page == 3 and crossing.start < 9992 < crossing.end
    assert "human-in-the-loop enterprises; that is, people perform" in crossing.text
    # the paragraph holding the footnote block reads on across it
    holding = paragraphs[12]
    assert holding.text.startswith("While the global and supra-national scales")
    assert holding.text.endswith("to solve city challenges and improve city life.’")
    assert (21663, 21798) in holding.gaps
    assert "In the Irish context, there are a number of well-funded" in holding.text
    assert "eu-smartcities" not in holding.text
    assert paragraphs[14].text.startswith("City administrations are to a large degree")
    assert "they are not easy to reorientate with respect" in paragraphs[14].text
    # the table and its source line are not paragraphs
    assert not any("Domain Example" in p.text or "Source: Kitchin" in p.text for p in paragraphs)
    assert paragraphs[1].text.endswith("at the vanguard of producing a new urban technocracy.")
    assert paragraphs[2].text.startswith("Accompanying and facilitating the creation")


@needs_corpus
def test_chapter_footnotes_are_tied_to_their_markers(chapter):
    text = chapter.text
    notes = chapter.footnotes
    assert [(n.label, n.text, n.page) for n in notes] == [
        ("1", "https://eu-smartcities.eu/about", 7),
        ("2", "http://ec.europa.eu/eip/smartcities/", 7),
        ("3", "http://smartdublin.ie/about/", 8),
    ]
    before = [
        text[n.marker_start - len(w) : n.marker_start]
        for n, w in zip(notes, ["actors’", "solutions’", "city life.’"], strict=True)
    ]
    assert before == ["actors’", "solutions’", "city life.’"]
    assert [text[n.marker_start : n.marker_end] for n in notes] == ["1", "2", "3"]
    # markers are gaps: the sentence reads on without them
    sentence = next(s for s in chapter.sentences if "EIP-SCC) seeks" in s.text)
    assert "smart city actors’ in order ‘to improve urban life" in sentence.text
    assert sentence.text.endswith("sustainable integrated solutions’.")
    assert (notes[0].marker_start, notes[0].marker_end) in sentence.gaps


@needs_corpus
def test_chapter_table(chapter):
    (table,) = chapter.tables
    assert (table.label, table.caption, table.page, table.source) == (
        "Table 1", "Smart city technologies", 1, "Kitchin (2016)",
    )  # fmt: skip
    assert table.header == ("Domain", "Example technologies")
    assert [row[0] for row in table.rows] == [
        "Government", "Security and emergency services", "Transport", "Energy", "Waste",
        "Environment", "Buildings", "Homes", "Civic",
    ]  # fmt: skip
    assert all(len(row) == 2 for row in table.rows)
    assert table.rows[2] == (
        "Transport",
        "Intelligent transport systems; integrated ticketing; smart travel cards; bikeshare; "
        "real-time passenger information; smart parking; logistics management; transport apps",
    )
    assert table.rows[5] == (
        "Environment",
        "Sensor networks (e.g., pollution, noise, weather; land movement; flood management)",
    )
    assert chapter.text[table.start : table.end].startswith("Table 1: Smart city technologies")
    assert chapter.text[table.start : table.end].endswith("Source: Kitchin (2016)")
    assert not any(table.start <= s.start < table.end for s in chapter.sentences)


@needs_corpus
def test_chapter_sentences(chapter):
    sentences = chapter.sentences
    assert len(sentences) == 130
    for a, b in itertools.pairwise(sentences):
        assert not re.search(r"\b(?:et al|e\.g|i\.e)\.$", a.text), a.text
        assert not b.text[0].islower(), b.text
        assert a.end <= b.start
    by_text = {s.text: s for s in sentences}
    assert any("(Kitchin et al., 2017)." in t for t in by_text)
    assert any(t.endswith("(Graham and Marvin 2001; Collier et al., 2016).") for t in by_text)
    haas = next(s for s in sentences if "Peter Haas (1992: 2)" in s.text)
    assert haas.text.endswith("within that domain or issue-area.’")
    jenkins = next(s for s in sentences if "1993: 25)" in s.text)
    assert jenkins.text.endswith("(Sabatier and Jenkins-Smith 1993: 25).")
    december = next(s for s in sentences if "(Dec 2016)" in s.text)
    assert december.text.startswith("In addition, the recently launched (Dec 2016)")
    examples = next(s for s in sentences if s.text.startswith("Accompanying and facilitating"))
    assert examples.text.count("(e.g.,") == 4
    # across a page break (pages 3 to 4)
    across = next(s for s in sentences if s.text.startswith("Technocracy has always been"))
    assert across.start < 9992 < across.end and across.page == 3
    assert "human-in-the-loop enterprises; that is, people perform the key" in across.text
    # across the footnote block of page 7
    irish = next(s for s in sentences if s.text.startswith("In the Irish context"))
    assert irish.gaps == ((21663, 21798),) and (irish.page, irish.paragraph) == (7, 12)
    assert irish.text == (
        "In the Irish context, there are a number of well-funded interdisciplinary research "
        "institutes and centres that specialise in smart cities research that actively "
        "partner with numerous industry collaborators and work with Irish cities, including "
        "extensive testbedding and trialling."
    )
    assert chapter.text[irish.start : irish.start + 20] == "In the Irish context"
    assert chapter.text[irish.end - 10 : irish.end] == "trialling."
    for s in sentences:
        paragraph = chapter.paragraphs[s.paragraph]
        assert paragraph.start <= s.start < s.end <= paragraph.end
        assert s.section == paragraph.section


@needs_corpus
def test_chapter_line_break_hyphens_are_all_real(chapter):
    body = " ".join(p.text for p in chapter.paragraphs)
    for word in ("citizen-centric", "goal-orientated", "social-economic", "push-back"):
        assert word in body
    assert "implement proof-of-concepts, and share" in body
    assert "more citizen-focused, -engaged or -run, the dominant" in body
    assert "decision- and policy-makers" in body  # a hyphen and a space mid-line stay


@needs_corpus
def test_chapter_every_unit_reads_true_to_the_source(chapter):
    assert assert_units_read_true(chapter) == 23 + 130 + 3 + 6


# --- a PDF-like text of our own: form feeds, running header, page numbers, soft hyphens --


def test_pdf_like_pages_headings_and_furniture(pdf_like):
    text = pdf_like.text
    assert detect_format(text) == "pdf-text" and pdf_like.format == "pdf-text"
    assert pdf_like.front_matter is None
    assert [p.number for p in pdf_like.pages] == [1, 2, 3, 4]
    assert [(h.title, h.level, h.slug, h.page) for h in pdf_like.headings] == [
        ("Algorithmic governance in mid-sized cities", 1,
         "algorithmic-governance-in-mid-sized-cities", 1),
        ("1. Introduction", 2, "1-introduction", 1),
        ("2. Findings", 2, "2-findings", 2),
        ("2.1 Dashboards", 3, "2-1-dashboards", 2),
        ("3. Conclusion", 2, "3-conclusion", 4),
        ("References", 2, "references", 4),
    ]  # fmt: skip
    assert text[slice(*pdf_like.byline)].splitlines() == [
        "Jane Doe1 and Ana Lopez2",
        "1 Department of Geography, Northfield University, Northfield",
        "2 School of Planning, Southgate College, Southgate",
    ]
    assert text[slice(*pdf_like.references)].startswith("References\n\nDoe J, Lopez A")
    assert pdf_like.body == (0, pdf_like.references[0])
    assert not any("Working Paper" in p.text for p in pdf_like.paragraphs)


def test_pdf_like_paragraphs_read_across_page_furniture(pdf_like):
    text = pdf_like.text
    assert [p.section for p in pdf_like.paragraphs] == [
        "1-introduction", "1-introduction", "2-1-dashboards", "3-conclusion",
    ]  # fmt: skip
    crossing = pdf_like.paragraphs[2]
    assert [text[a:b] for a, b in crossing.gaps] == ["2", "Urban Data Working Paper 7"]
    sentence = next(s for s in pdf_like.sentences if s.text.startswith("Such governance"))
    assert sentence.text == (
        "Such governance by display is cheap to run and hard to contest, because the "
        "municipal officers who maintain it also define what counts as a problem."
    )
    assert (sentence.page, pdf_like.sentences[sentence.index + 1].page) == (2, 3)
    assert sentence.gaps == crossing.gaps
    assert not any("References" in p.text or "Urban Studies" in p.text for p in pdf_like.paragraphs)


def test_pdf_like_hyphens_soft_and_real(pdf_like):
    body = " ".join(p.text for p in pdf_like.paragraphs)
    assert "Such governance by display" in body  # gov- / ernance: "governance" elsewhere
    assert "described technocratic routines" in body  # tech- / nocratic: no evidence, dropped
    assert "evidence-informed targets" in body  # both halves are words of the text
    assert "the data-driven system" in body  # a common compound
    assert "the five municipalities, the" in body and "smaller municipalities deserves" in body


def test_pdf_like_sentences_and_footnote(pdf_like):
    assert [s.text for s in pdf_like.sentences[2:6]] == [
        "Earlier studies (Doe et al. 2019, pp. 3–5) looked at capitals; we look at the "
        "municipalities that lack their budgets but share their ambitions.",
        "Our evidence comes from interviews and a survey of municipal staff held from "
        "Jan. 2017 to the end of 2018.",
        "Following P.M. Haas, we read the staff as a community of experts.",
        "They described technocratic routines in which evidence-informed targets, not "
        "debate, set the priorities of each year.",
    ]
    (note,) = pdf_like.footnotes
    assert (note.label, note.text, note.page) == (
        "1", "The survey reached 212 officers in nine cities.", 1,
    )  # fmt: skip
    assert pdf_like.text[note.marker_start - 6 : note.marker_end] == "survey1"
    assert assert_units_read_true(pdf_like) > 0


# --- Markdown ------------------------------------------------------------------------------


def test_markdown_structure(notes):
    text = notes.text
    assert detect_format(text) == "markdown" and notes.format == "markdown"
    assert text[slice(*notes.front_matter)].startswith("---\ntitle: Platform urbanism notes")
    assert [p.number for p in notes.pages] == [1]
    assert [(h.title, h.level, h.slug) for h in notes.headings] == [
        ("Platform urbanism and the smart city", 1, "platform-urbanism-and-the-smart-city"),
        ("Two views", 2, "two-views"),
        ("References", 2, "references"),
    ]
    assert text[slice(*notes.references)].startswith("## References\n\nDoe J, Lopez A")
    assert notes.body == (notes.front_matter[1], notes.references[0])
    assert notes.headings[1].end == notes.references[0]


def test_markdown_paragraphs_quote_list_and_emphasis(notes):
    text = notes.text
    assert [p.text for p in notes.paragraphs] == [
        "Cities now buy platforms, not just services. As Doe et al. (2019, p. 25) argue, the "
        "shift is subtle; see also the report.",
        "Platforms do not replace the state; they rewire it (Lopez 2020: 4).",
        "Three claims recur:",
        "dashboards make the city legible;",
        "sensors make it responsive;",
        "apps make it participatory.",
    ]
    first = notes.paragraphs[0]
    assert [text[a:b] for a, b in first.gaps] == [
        "**", "**", "_", "_", "[", "](https://example.org/report)", "[^1]",
    ]  # fmt: skip
    quote = notes.paragraphs[1]
    assert [text[a:b] for a, b in quote.gaps] == ["> "]
    assert [s.text for s in notes.sentences[:2]] == [
        "Cities now buy platforms, not just services.",
        "As Doe et al. (2019, p. 25) argue, the shift is subtle; see also the report.",
    ]
    assert [p.section for p in notes.paragraphs] == [
        "platform-urbanism-and-the-smart-city", *["two-views"] * 5,
    ]  # fmt: skip
    (note,) = notes.footnotes
    assert (note.label, note.text) == ("1", "The report is a piece of grey literature.")
    assert text[note.marker_start : note.marker_end] == "[^1]"
    assert not any("Verso" in p.text for p in notes.paragraphs)
    assert assert_units_read_true(notes) > 0


def test_markdown_form_feeds_mark_pages_and_slugs_are_unique():
    doc = segment("# Notes\n\nOne.\n\f\n## Notes\n\nTwo.\n\n## Notes\n\nThree.\n")
    assert [h.slug for h in doc.headings] == ["notes", "notes-2", "notes-3"]
    assert [(p.text, p.page) for p in doc.paragraphs] == [("One.", 1), ("Two.", 2), ("Three.", 2)]


def test_format_can_be_forced_and_must_be_known():
    text = "# Not a heading in a PDF\n\nSome words here.\n"
    assert segment(text, format="pdf-text").format == "pdf-text"
    with pytest.raises(UnsupportedFormatError, match="offered: markdown, pdf-text"):
        segment(text, format="docx")


# --- the pieces ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("As Kitchin et al. (2017) argue, it grows. It does.", 2),
        ("Many (e.g. planners, engineers) act. Others i.e. the rest do not.", 2),
        ("In his work, P.M. Haas and J. Smith agree. Then more.", 2),
        ("As said (Haas 1992: 2). Next one.", 2),
        ("See pp. 3–5 for this. Also p. 25 there.", 2),
        ("See ch. 2 and Vol. 3 of it. Next.", 2),
        ("Launched (Dec 2016) it is. In Jan. 2017 it was.", 2),
        ("(cf. Smith 2001). Next.", 2),
    ],
)
def test_sentence_splitter_keeps_scholarly_abbreviations(text, expected):
    spans = split_sentences(text)
    assert len(spans) == expected, [text[a:b] for a, b in spans]
    assert all(text[a:b] == text[a:b].strip() for a, b in spans)
    assert text[spans[-1][0] : spans[-1][1]] in {"It does.", "Then more.", "Next one.", "Next.",
                                                 "Also p. 25 there.", "In Jan. 2017 it was.",
                                                 "Others i.e. the rest do not."}  # fmt: skip


def test_hyphen_rule_by_evidence_and_rules():
    counts = word_counts("governance and the decision-making; citizens and centres")
    assert not keep_hyphen("gov-", "ernance", counts)  # joined form attested
    assert keep_hyphen("decision-", "making", counts)  # hyphenated form attested
    assert keep_hyphen("anti-", "American", counts)  # a capital after the break
    assert keep_hyphen("e-", "government", counts)  # a one-letter element
    assert keep_hyphen("proof-of-", "concepts", counts)  # already a compound
    assert keep_hyphen("-", "engaged", counts)  # a hyphen standing alone
    assert keep_hyphen("citizen-", "centric", counts)  # a common compound head
    assert not keep_hyphen("tech-", "nocratic", counts)  # no evidence: the typesetter's


def test_reading_maps_clean_offsets_back():
    text = "A gov-\nernance  of\n\n____\n1 note\n data-\ndriven cities."
    block = (text.index("____"), text.index(" data"))
    reading = read(text, 0, len(text), [block], word_counts(text))
    assert reading.text == "A governance of data-driven cities."
    spans = {w: reading.span(reading.text.index(w), reading.text.index(w) + len(w))
             for w in ("governance", "data-driven", "cities.")}  # fmt: skip
    assert spans == {
        "governance": (2, text.index("  of")),
        "data-driven": (text.index("data"), text.index(" cities")),
        "cities.": (text.index("cities"), len(text)),
    }
    assert reading.span(0, len(reading.text)) == (0, len(text))


def test_a_running_header_seen_once_inside_a_sentence_is_furniture():
    text = (
        "Introduction\n\nThe archive answers requests by telephone rather than through the\n"
        "\f\n7\nOPEN DATA AND THE MUNICIPAL ARCHIVE\n\nportal, as the clerks prefer.\n"
    )
    document = segment(text)
    (paragraph,) = document.paragraphs
    assert paragraph.text.endswith("rather than through the portal, as the clerks prefer.")
    assert any(
        text[a:b].strip() == "OPEN DATA AND THE MUNICIPAL ARCHIVE" for a, b in paragraph.gaps
    )
