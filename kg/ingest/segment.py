"""Segment a text into pages, sections, paragraphs, sentences, footnotes and tables.

Two kinds of input: Markdown (read by :mod:`kg.ingest.markdown`) and PDF-to-text
extractions, read here. An extraction keeps the trace of the page, not of the text:

- pages come from :mod:`kg.text.pages` (form feeds, or the chapter extractor's single leading
  space); text before page 1 is front matter (a repository cover sheet);
- page furniture — a line that is only a page number, a short line repeated on many pages
  (a running header or footer: found three times, digits aside, at page edges or once at
  least where the text reads on in lower case after it — a heading never does), a footnote
  block (a rule of spaces or underscores, then
  ``1 note text`` lines, to the foot of the page) — is a *gap*: taken out of the clean
  reading of whatever paragraph it interrupts, which reads on across it;
- a heading is a short line (at most 8 words, or 14 if clearly shorter than a line of
  text), not ending in punctuation, after the end of a sentence and before a capitalised
  line; the first one, above any paragraph, is the title (level 1),
  the others sections (level 2, or deeper by their numbering ``2.1``); author and
  affiliation lines under the title (``Rob Kitchin1``, ``1. NIRSA, ... University ...``)
  are the ``byline``, neither paragraphs nor sentences; a heading named "References",
  "Bibliography", "Works cited" or "Literature" starts the reference list; of several
  such headings that lists follow, the last starts the text's own list, an earlier one
  another article's (in a collection, or the end of the article before at the top of
  the text), which ends where its entries do (``other_references``); a heading of that
  name that prose follows, with a list later, is an ordinary heading;
- ``Table N: caption`` starts a table: a header line, rows separated by blank lines (wrapped
  cell text joined), each row cut into cells where a capitalised word begins, ending at a
  ``Source:``/``Note:`` line or at a group that will not cut into cells;
- paragraphs: in an unwrapped text (lines far longer than any column) each line is one;
  where blank lines are rare, a blank line ends a paragraph (unless a line that
  ends mid-sentence goes on in lower case, or with a year: ``(1990), the ...``). Where
  the extractor put a blank line after every line (as in the default chapter), a
  paragraph ends only at a line that ends a sentence *and* shows a paragraph end:
  trailing spaces beyond the usual, a line clearly shorter than the column, an indented
  next line, or a next line that is itself short
  (a first-line indent: the word after it would have fitted in a full line, the 95th
  percentile of line widths). Widths are estimated with the advance widths of a
  Times-like font, not counted in characters;
- footnote markers are the note's number glued to the word, quote or stop before it
  (``actors’1``), the nearest before the note; each marker is a gap of its paragraph.

Sentences come from :func:`kg.ingest.sentences.split_sentences` on the clean paragraph
text, mapped back to the original offsets (:class:`kg.ingest.dehyphenate.Reading`).

>>> doc = segment("Cover sheet\\n\\n1\\nA short title\\n\\nIntroduction\\n\\nCities (e.g. Cork) "
...     "grow.\\n\\nThey also gov-\\nern. That is all.\\n")
>>> [(h.level, h.slug, h.page) for h in doc.headings]
[(1, 'a-short-title', 1), (2, 'introduction', 1)]
>>> [s.text for s in doc.sentences]
['Cities (e.g. Cork) grow.', 'They also govern.', 'That is all.']
>>> doc.front_matter, doc.paragraphs[1].section
((0, 13), 'introduction')
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.bib.reflist import find_reference_sections, list_end
from kg.errors import UnsupportedFormatError
from kg.ingest.dehyphenate import LazyCounts, read
from kg.ingest.markdown import REFERENCE_TITLES, markdown_layout
from kg.ingest.model import Document, Footnote, Heading, Page, Paragraph, Sentence, Table
from kg.ingest.sentences import split_sentences
from kg.rdf.slugs import slugify
from kg.text.pages import page_starts

__all__ = ["FORMATS", "detect_format", "pdf_layout", "segment"]

FORMATS = ("markdown", "pdf-text")
Span = tuple[int, int]

#: an ATX heading as writers set one: a word of two letters or more after the hashes, and a
#: blank line (or the start, or front matter's closing line) above it or a blank line below.
#: A PDF's text can hold "# Springer-Verlag 2008" (a copyright sign read as "#") or a lone
#: "# i" from a figure, inside a block: that is no heading.
_MD_HEADING = re.compile(
    r"(?:\A|\n[ \t]*\n|\n(?:---|\.\.\.)[ \t]*\n)[ ]{0,3}#{1,6}[ \t]+[^\n]*?[^\W\d_]{2}"
    r"|^[ ]{0,3}#{1,6}[ \t]+[^\n]*?[^\W\d_]{2}[^\n]*\n[ \t]*(?:\n|\Z)",
    re.M,
)
_PAGE_NUMBER = re.compile(
    r"(?:[-\u2013\u2014]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*[-\u2013\u2014])?",
    re.I,
)
_RULE = re.compile(r"[ \t]{10,}|[ \t]*[_\u2014\u2013-]{5,}[ \t]*")
_NOTE = re.compile(r"(\d{1,3}|[*\u2020\u2021\u00a7])\s+(?=\S)")
_SENTENCE_END = re.compile(r"[.!?\u2026][’”\"')\]]*\d{0,2}$")
_CLOSERS = "’”\"')]"
_ABBREVIATION_END = re.compile(r"(?:\bet al|\be\.g|\bi\.e|\bcf|\bpp?|\b[A-Z])\.$")
_NUMBERED = re.compile(r"((?:\d{1,2}\.)*\d{1,2}|[IVX]{1,5})\.?\s+(?=[A-Z])")
_CAPTION = re.compile(r"(Table\s+(?:\d+|[IVXLC]+))\s*[:.\u2013-]\s*(.*\S)")
_SOURCE = re.compile(r"(?:Sources?|Notes?)\s*:\s*(.*)")
_NOT_HEADING = re.compile(r"(?:Table|Figure|Fig\.|Source|Sources|Note|Notes|Plate)\b|https?:")
_STANDARD = re.compile(
    r"(?:abstract|introduction|background|summary|keywords|contents|acknowledge?ments?)\b", re.I
)
_APPENDIX = re.compile(r"(?:Appendix|Annex|Supplementary)\b")
_NAME_MARK = re.compile(r"[A-Z][\w’'-]+\d{1,2}(?:[,*]|\s|$)")
_AFFILIATION = re.compile(
    r"(?:\d{1,2}|[*\u2020\u2021])\.?\s.*\b(?:Universit|Institut|School|College|Department|"
    r"Faculty|Cent(?:re|er)|Laborator)|.*@|.*\bORCID\b",
    re.I,
)

# advance widths (1/1000 em) of a Times-like font; other characters count 500
_WIDTHS = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,:;-()‘’'\"–—/",
        [444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500,
         333, 389, 278, 500, 500, 722, 500, 500, 444, 722, 667, 667, 722, 611, 556, 722, 722,
         333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722,
         611, 250, 250, 250, 278, 278, 333, 333, 333, 333, 333, 180, 408, 500, 1000, 278],
        strict=True,
    )
)  # fmt: skip


def detect_format(text: str) -> str:
    """``"markdown"`` when the text has ATX headings, else ``"pdf-text"``.

    >>> detect_format("# Title\\n\\nText"), detect_format("Title\\n\\nText")
    ('markdown', 'pdf-text')
    >>> detect_format("Intro text.\\n\\n## Methods\\nWe asked.")
    'markdown'
    >>> detect_format("Received: 2008\\n# Springer-Verlag 2008\\nAbstract\\n")
    'pdf-text'
    """
    if "#" not in text:  # a heading needs one: no search through every line
        return "pdf-text"
    return "markdown" if _MD_HEADING.search(text) else "pdf-text"


def segment(text: str, *, format: str | None = None) -> Document:
    """Segment ``text`` (``format`` "markdown" or "pdf-text"; detected when None).

    >>> doc = segment("# Notes\\n\\nOne *small* point. Another.\\n")
    >>> doc.format, [s.text for s in doc.sentences], doc.sentences[0].gaps
    ('markdown', ['One small point.', 'Another.'], ((13, 14), (19, 20)))
    """
    kind = format or detect_format(text)
    if kind == "markdown":
        skeleton = markdown_layout(text)
    elif kind == "pdf-text":
        skeleton = pdf_layout(text)
    else:
        raise UnsupportedFormatError(f"no segmenter for {kind!r}", offered=list(FORMATS))
    return _finish(skeleton)


# --- PDF-to-text layout -----------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    """A non-blank line: content offsets, indentation, trailing spaces, what precedes it."""

    start: int
    end: int
    line_start: int
    content: str
    indent: int
    trailing: int
    blank_before: bool
    rule: bool  # a footnote separator: a run of spaces or of underscores


# each width's first character stands for every character of that width (:func:`_width`)
_STANDS_FOR = {w: c for c, w in reversed(_WIDTHS.items())}
_AS_WIDTH_CLASS = str.maketrans({c: _STANDS_FOR[w] for c, w in _WIDTHS.items()})


@lru_cache(maxsize=1 << 12)  # a line's width is asked for again when its breaks are read
def _width(text: str) -> int:
    """The width of ``text``: its characters made one per width, then counted (a
    character not in :data:`_WIDTHS` is none of those, and counts 500)."""
    classes = text.translate(_AS_WIDTH_CLASS)
    total = known = 0
    for width, char in _STANDS_FOR.items():
        n = classes.count(char)
        total += width * n
        known += n
    return total + 500 * (len(text) - known)


def _lines(text: str, body_start: int) -> list[_Line]:
    lines, position, blank = [], 0, True
    for raw in text.split("\n"):
        line_end = position + len(raw)
        if line_end >= body_start:
            bare = raw.rstrip("\r")
            stripped = bare.strip()
            if stripped or _RULE.fullmatch(bare):
                lead = len(bare) - len(bare.lstrip())
                lines.append(
                    _Line(
                        start=position + lead,
                        end=position + len(bare.rstrip()),
                        line_start=position,
                        content=stripped,
                        indent=bare[:lead].count(" ") + 4 * bare[:lead].count("\t"),
                        trailing=len(bare) - len(bare.rstrip(" ")),
                        blank_before=blank,
                        rule=_RULE.fullmatch(bare) is not None,
                    )
                )
                blank = False
            else:
                blank = True
        position = line_end + 1
    return lines


@dataclass
class _Layout:
    """What the walk over the lines of an extraction finds."""

    text: str
    lines: list[_Line]
    starts: list[int]  # page starts
    furniture: set[int]  # indices of lines that are page furniture
    gaps: list[Span]  # furniture spans, sorted
    notes: list[tuple[Footnote, Span]]  # with the span of their block
    counts: Mapping[str, int]  # words of the text, for the hyphen rule


def pdf_layout(text: str) -> Document:
    """The skeleton of a PDF-to-text extraction (see the module docstring).

    >>> doc = pdf_layout("Title of it\\n\\nFirst line of a para-\\ngraph.\\n")
    >>> [h.title for h in doc.headings], [(p.start, p.end) for p in doc.paragraphs]
    (['Title of it'], [(13, 41)])
    """
    starts = page_starts(text)
    front = (0, starts[0]) if starts[0] > 0 else None
    body_start = starts[0]
    lines = _lines(text, body_start)
    layout = _Layout(text, lines, starts, set(), [], [], LazyCounts(text))
    _find_furniture(layout)
    flow = [k for k, line in enumerate(lines) if k not in layout.furniture and not line.rule]
    stats = _Stats.of([lines[k] for k in flow])
    headings, tables, texts, byline, references, others = _structure(layout, flow, stats)
    paragraphs = _paragraphs(layout, texts, tables, stats)
    paragraphs, notes = _markers(text, paragraphs, layout.notes, body_start)
    content_end = len(text.rstrip())
    ends = [*starts[1:], len(text)]
    pages = ([Page(0, *front)] if front else []) + [
        Page(k + 1, s, e) for k, (s, e) in enumerate(zip(starts, ends, strict=True))
    ]
    return Document(
        text=text,
        pages=pages,
        front_matter=front,
        body=(body_start, references[0] if references else content_end),
        headings=headings,
        paragraphs=paragraphs,
        footnotes=notes,
        tables=[t for t, _ in tables],
        references=references,
        format="pdf-text",
        byline=byline,
        other_references=others,
    )


def _page(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)


def _find_furniture(layout: _Layout) -> None:
    """Page numbers, running headers and footnote blocks: their lines and spans."""
    lines, starts = layout.lines, layout.starts
    spans: list[Span] = []
    for k, line in enumerate(lines):
        if not line.rule and _PAGE_NUMBER.fullmatch(line.content):
            layout.furniture.add(k)
            spans.append((line.start, line.end))
    edges = _page_edges(lines, starts)
    seen: dict[str, list[int]] = {}
    for k, line in enumerate(lines):
        if not line.rule and len(line.content.split()) <= 12 and k not in layout.furniture:
            seen.setdefault(re.sub(r"\d+", "#", line.content.lower()), []).append(k)
    for ks in seen.values():
        at_edges = all(k in edges for k in ks)
        mid_sentence = any(k + 1 < len(lines) and lines[k + 1].content[:1].islower() for k in ks)
        if (len(ks) >= 3 and (at_edges or mid_sentence)) or (len(ks) == 2 and at_edges):
            for k in ks:
                layout.furniture.add(k)
                spans.append((lines[k].start, lines[k].end))
    # a short line in capitals at the top of a page, just past its page number, that cuts
    # into a sentence still open on the page before is a running header seen once: a
    # heading never interrupts a sentence
    for k in sorted(edges | {k + 1 for k in edges if k in layout.furniture}):
        if k in layout.furniture or k >= len(lines) or lines[k].rule:
            continue
        words = lines[k].content.split()
        if len(words) < 2 or len(words) > 12 or k == 0 or not lines[k].content.isupper():
            continue
        before = next(
            (j for j in range(k - 1, -1, -1) if j not in layout.furniture and not lines[j].rule),
            None,
        )
        if (
            before is not None
            and _page(starts, lines[before].start) != _page(starts, lines[k].start)
            and not _SENTENCE_END.search(lines[before].content)
        ):
            layout.furniture.add(k)
            spans.append((lines[k].start, lines[k].end))
    k = 0
    while k < len(lines) - 1:
        if lines[k].rule and _NOTE.match(lines[k + 1].content):
            k = _footnote_block(layout, k, spans)
        else:
            k += 1
    layout.gaps = sorted(spans)


def _page_edges(lines: list[_Line], starts: list[int]) -> set[int]:
    """Indices of the first and last line of each page (form-feed pages)."""
    edges: set[int] = set()
    for k, line in enumerate(lines):
        page = _page(starts, line.start)
        if k == 0 or _page(starts, lines[k - 1].start) != page:
            edges.add(k)
        if k == len(lines) - 1 or _page(starts, lines[k + 1].start) != page:
            edges.add(k)
    return edges


def _footnote_block(layout: _Layout, rule: int, spans: list[Span]) -> int:
    """Read the notes after the rule at ``rule``; return the index after the block."""
    lines, starts, text = layout.lines, layout.starts, layout.text
    page = _page(starts, lines[rule + 1].start)
    k = rule + 1
    found: list[tuple[str, int, int]] = []  # label, text start, text end
    while k < len(lines) and _page(starts, lines[k].start) == page and not lines[k].rule:
        line = lines[k]
        note = _NOTE.match(line.content)
        if line.blank_before and found and note is None:
            break
        if note:
            found.append((note.group(1), line.start + note.end(), line.end))
        else:
            label, note_start, _ = found[-1]
            found[-1] = (label, note_start, line.end)
        k += 1
    block_end = lines[k].line_start if k < len(lines) else len(text)
    block = (lines[rule].line_start, block_end)
    spans.append(block)
    layout.furniture.update(range(rule, k))
    for label, start, end in found:
        layout.notes.append((Footnote(label, start, end, "", 0), block))
    return k


@dataclass(frozen=True)
class _Stats:
    """What a typical line looks like in this extraction."""

    width: float  # median width of a line
    capacity: float  # width of a full line: the 95th percentile
    indent: int  # usual indentation
    trailing: int  # usual count of trailing spaces
    loose: bool  # a blank line after (nearly) every line
    unwrapped: bool  # lines far longer than a column: each line is a paragraph

    @classmethod
    def of(cls, lines: list[_Line]) -> _Stats:
        if len(lines) < 2:
            return cls(1.0, 1.0, 0, 0, False, False)
        widths = [_width(line.content) for line in lines]
        return cls(
            width=statistics.median(widths),
            capacity=statistics.quantiles(widths, n=20)[-1],
            indent=int(statistics.median(line.indent for line in lines)),
            trailing=int(statistics.median(line.trailing for line in lines)),
            loose=sum(line.blank_before for line in lines[1:]) / (len(lines) - 1) > 0.6,
            unwrapped=statistics.median(len(line.content) for line in lines) > 160,
        )


#: a line that opens with a year, bare or in a parenthesis: the rest of a citation the
#: extraction parted from its names by a blank line (``Bourdieu`` / ``(1990), the ...``)
_YEAR_ON = re.compile(r"\(?(?:1[5-9]|20)\d\d[a-z]?\b")


def _ends_sentence(content: str) -> bool:
    """Whether a line ends a sentence: :data:`_SENTENCE_END` and not
    :data:`_ABBREVIATION_END`, both tried only where they can match, near the end.

    >>> [_ends_sentence(c) for c in ("it ends.", "it ends.’”12", "et al.", "no", "x.123")]
    [True, True, False, False, False]
    """
    tail = content[:-1] if content.endswith("\n") else content  # where ``$`` matches
    digits = 0  # ``\d`` is a decimal digit
    while digits < 3 and digits < len(tail) and tail[-1 - digits].isdecimal():
        digits += 1
    if digits > 2:
        return False
    bare = tail[: len(tail) - digits].rstrip(_CLOSERS)
    if not bare or bare[-1] not in ".!?\u2026":
        return False
    return not _ABBREVIATION_END.search(content, max(0, len(content) - 8))


def _heading_level(content: str, previous: _Line | None, following: _Line | None, stats: _Stats):
    """The depth of numbering (0 unnumbered) when ``content`` reads as a heading, else None."""
    words = content.split()
    numbered = _NUMBERED.match(content)
    title = content[numbered.end() :] if numbered else content
    if (
        len(words) > 14
        or (len(words) > 8 and _width(content) > 0.85 * stats.width)
        or content[-1] in ".,;:!?-"
        or _NOT_HEADING.match(content)
        or not any(c.isalpha() for c in content)
        or re.search(r"[.!?] [A-Z]", title)
    ):
        return None
    if not (content[0].isupper() or numbered):
        return None
    if previous is not None and not _ends_sentence(previous.content):
        return None
    if following is None or not re.match(r"[\W\d]*[A-Z0-9]", following.content):
        return None
    return numbered.group(1).count(".") + 1 if numbered else 0


def _structure(layout: _Layout, flow: list[int], stats: _Stats):
    """Headings, tables, text lines, byline and reference list along the flow of lines."""
    lines, text = layout.lines, layout.text
    headings: list[Heading] = []
    tables: list[tuple[Table, list[int]]] = []
    texts: list[list[int]] = [[]]  # runs of text lines, cut by headings and tables
    byline = references = None
    others: list[Span] = []  # lists before the last: another article's
    # where the lists are: headings that lines with years follow
    lists = {start for start, _ in find_reference_sections(text)}
    base = 1
    previous: _Line | None = None  # the text line before, None after a block's end
    i = 0
    while i < len(flow):
        line = lines[flow[i]]
        following = lines[flow[i + 1]] if i + 1 < len(flow) else None
        if caption := _CAPTION.fullmatch(line.content):
            table, used = _table(layout, flow, i, caption)
            tables.append((table, [flow[j] for j in used]))
            texts.append([])
            i, previous = used[-1] + 1, None
            continue
        level = _heading_level(line.content, previous, following, stats)
        if level is None:
            texts[-1].append(flow[i])
            previous = line
            i += 1
            continue
        listed = REFERENCE_TITLES.fullmatch(line.content) and _list_after(layout, flow, i, lists)
        if listed:
            end, later = listed
            headings.append(_heading(line, base + max(level - 1, 0)))
            if later:  # another article's list: it ends where its entries do
                end = list_end(text, (line.line_start, later))
                others.append((line.start, end))
            else:
                references = (line.start, end)
            j = i + 1
            while j < len(flow) and lines[flow[j]].line_start < end:
                j += 1
            i, previous = j, None
            texts.append([])
            continue
        if not headings and not any(texts) and not level and not _STANDARD.match(line.content):
            headings.append(_heading(line, 1))
            base = 2
            i += 1
            first = i
            while i < len(flow) and _is_byline(lines[flow[i]].content):
                i += 1
            if i > first:
                byline = (lines[flow[first]].start, lines[flow[i - 1]].end)
            previous = None
            continue
        headings.append(_heading(line, base + max(level - 1, 0)))
        texts.append([])
        previous = None
        i += 1
    return headings, tables, [run for run in texts if run], byline, references, others


def _list_after(
    layout: _Layout, flow: list[int], i: int, lists: set[int]
) -> tuple[int, int | None] | None:
    """The list under the reference-list heading at ``flow[i]``: where its section ends
    (an appendix, else the text's end) and where a later list's heading stands inside
    that section (this list is then another article's, the text's own list comes later);
    None for a heading that prose follows while a list comes later: not the list."""
    lines, text = layout.lines, layout.text
    line = lines[flow[i]]
    j = i + 1
    while j < len(flow) and not _APPENDIX.match(lines[flow[j]].content):
        j += 1
    end = lines[flow[j]].line_start if j < len(flow) else len(text.rstrip())
    later = min((s for s in lists if line.line_start < s < end), default=None)
    if later is not None and line.line_start not in lists:
        return None
    return end, later


def _heading(line: _Line, level: int) -> Heading:
    """A heading as the layout finds it; slug, section end and page come later."""
    return Heading("", line.content, level, line.start, 0, line.end, 0)


def _is_byline(content: str) -> bool:
    return bool(_NAME_MARK.search(content) or _AFFILIATION.match(content))


def _table(layout: _Layout, flow: list[int], i: int, caption: re.Match[str]):
    """A table from its caption at ``flow[i]``: (Table, positions in ``flow`` it uses)."""
    lines, text = layout.lines, layout.text
    label, title = caption.group(1), caption.group(2)
    used = [i]
    if i + 1 >= len(flow):
        line = lines[flow[i]]
        return Table(label, title, line.start, line.end, (), (), 0), used
    header_line = lines[flow[i + 1]]
    header = _cut(header_line.content, 0)
    used.append(i + 1)
    groups: list[list[int]] = []
    source = None
    j = i + 2
    while j < len(flow) and len(groups) < 200:
        line = lines[flow[j]]
        if m := _SOURCE.match(line.content):
            source = m.group(1).strip() or None
            used.append(j)
            break
        if line.blank_before or not groups:
            if _CAPTION.fullmatch(line.content) or len(_cut(line.content, len(header))) < 2:
                break
            groups.append([])
        groups[-1].append(j)
        used.append(j)
        j += 1
    rows = []
    for group in groups:
        first, last = lines[flow[group[0]]], lines[flow[group[-1]]]
        row_text = read(text, first.start, last.end, layout.gaps, layout.counts).text
        rows.append(_cut(row_text, len(header)))
    end = lines[flow[used[-1]]].end
    table = Table(label, title, lines[flow[i]].start, end, header, tuple(rows), 0, source)
    return table, used


def _cut(content: str, columns: int) -> tuple[str, ...]:
    """Cells of a flattened row: a new cell where a capitalised word begins (at most
    ``columns`` cells; every capitalised word when ``columns`` is 0).

    >>> _cut("Security and emergency services Centralised control rooms; CCTV", 2)
    ('Security and emergency services', 'Centralised control rooms; CCTV')
    """
    words = content.split()
    cells: list[list[str]] = []
    for word in words:
        starts_cell = not cells or (word[0].isupper() and (columns == 0 or len(cells) < columns))
        if starts_cell:
            cells.append([])
        cells[-1].append(word)
    return tuple(" ".join(cell) for cell in cells)


def _paragraphs(
    layout: _Layout, runs: list[list[int]], tables: list[tuple[Table, list[int]]], stats: _Stats
) -> list[Paragraph]:
    """Paragraph spans (with their gaps) from runs of text lines."""
    lines, gaps = layout.lines, layout.gaps
    groups: list[list[int]] = []
    for run in runs:
        for k, index in enumerate(run):
            if k == 0:
                if groups and _floats(lines, groups[-1][-1], index, tables):
                    groups[-1].append(index)
                else:
                    groups.append([index])
            elif _breaks(layout, run, k, stats):
                groups.append([index])
            else:
                groups[-1].append(index)
    table_spans = [(t.start, t.end) for t, _ in tables]
    paragraphs = []
    for group in groups:
        start, end = lines[group[0]].start, lines[group[-1]].end
        inside = [g for g in gaps if start <= g[0] and g[1] <= end]
        inside += [s for s in table_spans if start < s[0] and s[1] < end]
        paragraphs.append(Paragraph(0, start, end, "", None, 0, tuple(sorted(inside))))
    return paragraphs


def _floats(lines: list[_Line], before: int, after: int, tables) -> bool:
    """A table set in the middle of a paragraph: the text on either side reads on."""
    a, b = lines[before], lines[after]
    between = any(a.end < t.start and t.end < b.start for t, _ in tables)
    return between and not _ends_sentence(a.content) and b.content[:1].islower()


def _breaks(layout: _Layout, run: list[int], k: int, stats: _Stats) -> bool:
    """Whether a new paragraph starts at ``run[k]`` (see the module docstring)."""
    lines = layout.lines
    a, b = lines[run[k - 1]], lines[run[k]]
    furniture = _page(layout.starts, a.start) != _page(layout.starts, b.start) or (
        bisect.bisect_left(layout.gaps, (a.end, 0)) < len(layout.gaps)
        and layout.gaps[bisect.bisect_left(layout.gaps, (a.end, 0))][1] <= b.start
    )
    ends = _ends_sentence(a.content)
    page_lead = b.line_start in layout.starts
    indented = b.indent > stats.indent and not page_lead
    if stats.unwrapped:
        return True
    if not stats.loose:
        blank = b.blank_before and not furniture
        if not ends:
            return blank and not (b.content[:1].islower() or _YEAR_ON.match(b.content))
        return blank or indented or _width(a.content) < 0.8 * stats.width
    if not ends:
        return False
    if a.trailing >= max(2, stats.trailing + 1) or _width(a.content) < 0.8 * stats.width:
        return True
    if indented:
        return True
    if k + 1 < len(run):
        following = lines[run[k + 1]].content.split()[0]
        fit = _width(b.content) + 250 + _width(following)
        return fit < stats.capacity
    return False


def _markers(
    text: str, paragraphs: list[Paragraph], notes: list[tuple[Footnote, Span]], body_start: int
) -> tuple[list[Paragraph], list[Footnote]]:
    """Find each note's marker, the nearest before its block; make it a paragraph gap."""
    bounds = [p.start for p in paragraphs]
    extra: dict[int, list[Span]] = {}
    found = []
    low = body_start
    for note, (block_start, _) in notes:
        marker = re.compile(
            rf"(?<=[^\W\d_]|[’”\"'.,;:!?)\]]){re.escape(note.label)}(?!\d)(?=[\s.,;:!?)\]’”]|$)"
        )
        best = None
        for m in marker.finditer(text, low, block_start):
            p = bisect.bisect_right(bounds, m.start()) - 1
            if p >= 0 and m.end() <= paragraphs[p].end and not _in_gap(paragraphs[p], m.start()):
                best = (p, m.start(), m.end())
        if best is None:
            found.append(note)
            continue
        p, start, end = best
        extra.setdefault(p, []).append((start, end))
        found.append(replace(note, marker_start=start, marker_end=end))
        low = end
    paragraphs = [
        replace(p, gaps=tuple(sorted(p.gaps + tuple(extra[k])))) if k in extra else p
        for k, p in enumerate(paragraphs)
    ]
    return paragraphs, found


def _in_gap(paragraph: Paragraph, offset: int) -> bool:
    return any(a <= offset < b for a, b in paragraph.gaps)


# --- assembly ------------------------------------------------------------------------------


def _finish(doc: Document) -> Document:
    """Fill in what both layouts leave: slugs, section ends, pages, texts, sentences."""
    text = doc.text
    counts = LazyCounts(text)
    page_starts_ = [p.start for p in doc.pages]
    numbers = [p.number for p in doc.pages]

    def page(offset: int) -> int:
        return numbers[max(bisect.bisect_right(page_starts_, offset) - 1, 0)]

    content_end = len(text.rstrip())
    headings = sorted(doc.headings, key=lambda h: h.start)
    slugs: Counter[str] = Counter()
    finished: list[Heading] = []
    for k, heading in enumerate(headings):
        later = [h.start for h in headings[k + 1 :] if h.level <= heading.level]
        end = text.rfind("\n", 0, later[0]) + 1 if later else content_end
        slug = slugify(heading.title) or "section"
        slugs[slug] += 1
        if slugs[slug] > 1:
            slug = f"{slug}-{slugs[slug]}"
        finished.append(
            replace(heading, slug=slug, end=max(end, heading.heading_end), page=page(heading.start))
        )
    heading_starts = [h.start for h in finished]

    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    for p in sorted(doc.paragraphs, key=lambda p: p.start):
        reading = read(text, p.start, p.end, p.gaps, counts)
        if not reading.text:
            continue
        h = bisect.bisect_right(heading_starts, p.start) - 1
        section = finished[h].slug if h >= 0 else None
        index = len(paragraphs)
        paragraphs.append(
            replace(p, index=index, text=reading.text, section=section, page=page(p.start))
        )
        for clean_start, clean_end in split_sentences(reading.text):
            start, end = reading.span(clean_start, clean_end)
            sentences.append(
                Sentence(
                    index=len(sentences),
                    start=start,
                    end=end,
                    text=reading.text[clean_start:clean_end],
                    paragraph=index,
                    section=section,
                    page=page(start),
                    gaps=tuple(g for g in p.gaps if g[0] < end and g[1] > start) if p.gaps else (),
                )
            )
    notes = [
        replace(n, text=read(text, n.start, n.end, (), counts).text, page=page(n.start))
        for n in doc.footnotes
    ]
    tables = [replace(t, page=page(t.start)) for t in doc.tables]
    return replace(
        doc,
        headings=finished,
        paragraphs=paragraphs,
        sentences=sentences,
        footnotes=notes,
        tables=tables,
    )
