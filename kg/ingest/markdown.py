"""The block structure of a Markdown text, as a skeleton :class:`Document`.

Read here: YAML front matter; ATX (``#``, ``##``) and setext headings with their levels;
paragraphs separated by blank lines; block quotes (each line's ``>`` prefix a gap) and list
items (the bullet or number a gap) as paragraphs; pipe tables (with a ``Table N: ...``
caption line just above them, when there is one); footnote definitions ``[^1]: ...`` and
their markers; a reference list section (``## References``, ``Bibliography``, ``Works
cited``, ``Literature``) whose span becomes ``references``. Fenced code is skipped. Inline
markup — emphasis ``*x*``/``_x_``/``**x**``, link brackets and targets, backticks, HTML tags,
backslash escapes, footnote markers — is listed as gaps, so the clean text reads without it
while every offset stays one into the original. Form feeds, if any, mark pages; otherwise
the text is one page.

The skeleton leaves slugs, texts, pages, sections and sentences to
:func:`kg.ingest.segment.segment`.

>>> doc = markdown_layout("# Title\\n\\nSome *very* short text.\\n\\n## References\\n\\nA 2001.\\n")
>>> [(h.level, h.title) for h in doc.headings]
[(1, 'Title'), (2, 'References')]
>>> doc.text[slice(*doc.references)].splitlines()[0]
'## References'
>>> [doc.text[a:b] for a, b in doc.paragraphs[0].gaps]
['*', '*']
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.bib.reflist import SECTION_TITLES
from kg.ingest.dehyphenate import read
from kg.ingest.model import Document, Footnote, Heading, Page, Paragraph, Table

__all__ = ["REFERENCE_TITLES", "inline_gaps", "markdown_layout"]

Span = tuple[int, int]

REFERENCE_TITLES = re.compile(rf"(?:\d+(?:\.\d+)*\.?\s+)?(?:{SECTION_TITLES})", re.I)

_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$|^#+[ \t]*$")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r" {0,3}>[ \t]?")
_ITEM = re.compile(r"[ \t]*(?:[-*+]|(?P<number>\d{1,9})[.)])[ \t]+")
_NOTE_DEF = re.compile(r" {0,3}\[\^([^\]\s]+)\]:[ \t]*")
_TABLE_SEP = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_CAPTION = re.compile(r"(Table\s+[\dIVXLC]+)\s*[:.\u2013-]\s*(.*\S)", re.I)
_YAML = re.compile(r"---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|$)", re.S)

_CODE = re.compile(r"(`+)(.+?)\1", re.S)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"(\[)(?!\^)[^\]\n]+(\]\([^)\n]*\))")
_NOTE_MARK = re.compile(r"\[\^([^\]\s]+)\]")
_AUTOLINK = re.compile(r"(<)(?:https?|mailto):[^>\s]+(>)")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]*)?/?>")
_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])|\\$", re.M)
_EMPHASIS = re.compile(
    r"(?<![\w*])(\*{1,3})(?=\S)(.{1,400}?)(?<=\S)\1(?![\w*])"
    r"|(?<![\w_])(_{1,3})(?=\S)(.{1,400}?)(?<=\S)\3(?![\w_])",
    re.S,
)


def inline_gaps(text: str, start: int, end: int) -> list[Span]:
    """Spans of inline Markdown markup in ``text[start:end]``.

    >>> text = "A **bold** and _it_ [link](http://x.org) `*no*`"
    >>> [text[a:b] for a, b in inline_gaps(text, 0, len(text))]
    ['`', '`', '[', '](http://x.org)', '**', '**', '_', '_']
    """
    gaps: list[Span] = []
    protected: list[Span] = []
    for m in _CODE.finditer(text, start, end):
        gaps += [(m.start(1), m.end(1)), (m.end(2), m.end())]
        protected.append((m.start(), m.end()))
    for pattern in (_IMAGE, _NOTE_MARK):
        for m in pattern.finditer(text, start, end):
            if not _inside(m.start(), protected):
                gaps.append((m.start(), m.end()))
                protected.append((m.start(), m.end()))
    for pattern in (_LINK, _AUTOLINK):
        for m in pattern.finditer(text, start, end):
            if not _inside(m.start(), protected):
                gaps += [(m.start(1), m.end(1)), (m.start(2), m.end(2))]
    for pattern in (_TAG, _ESCAPE):
        for m in pattern.finditer(text, start, end):
            if not _inside(m.start(), protected):
                gaps.append((m.start(), m.end() or m.start() + 1))
    _emphasis(text, start, end, protected, gaps, depth=3)
    return gaps


def _emphasis(
    text: str, start: int, end: int, protected: list[Span], gaps: list[Span], depth: int
) -> None:
    for m in _EMPHASIS.finditer(text, start, end):
        marker = 1 if m.group(1) else 3
        if _inside(m.start(), protected):
            continue
        gaps += [(m.start(marker), m.end(marker)), (m.end(marker + 1), m.end())]
        if depth > 1:
            _emphasis(text, m.start(marker + 1), m.end(marker + 1), protected, gaps, depth - 1)


def _inside(offset: int, spans: list[Span]) -> bool:
    return any(a <= offset < b for a, b in spans)


class _Builder:
    """Collects blocks while the lines are walked."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.headings: list[Heading] = []
        self.paragraphs: list[Paragraph] = []
        self.tables: list[Table] = []
        self.notes: list[Footnote] = []
        self.lines: list[tuple[int, int]] = []  # content spans of the open paragraph
        self.prefixes: list[Span] = []  # gaps of the open paragraph (quote/list prefixes)
        self.in_references = False
        self.reference_level = 0

    def close(self) -> None:
        if self.lines and not self.in_references:
            start, end = self.lines[0][0], self.lines[-1][1]
            gaps = [g for g in self.prefixes if start <= g[0] < end]
            for line_start, line_end in self.lines:
                gaps += inline_gaps(self.text, line_start, line_end)
            gaps = sorted(set(gaps))
            self.paragraphs.append(Paragraph(0, start, end, "", None, 0, tuple(gaps)))
        self.lines, self.prefixes = [], []

    def heading(self, level: int, start: int, end: int) -> None:
        self.close()
        title = read(self.text, start, end, inline_gaps(self.text, start, end), {}).text
        if self.in_references and level <= self.reference_level:
            self.in_references = False
        if not self.in_references and REFERENCE_TITLES.fullmatch(title):
            self.in_references, self.reference_level = True, level
        self.headings.append(Heading("", title, level, start, 0, end, 0))


def markdown_layout(text: str) -> Document:
    """The skeleton of a Markdown document (see the module docstring)."""
    b = _Builder(text)
    front = _YAML.match(text)
    offset = front.end() if front else 0
    lines = _lines(text, offset)
    i = 0
    fence: str | None = None
    in_item = False  # the open paragraph is a list item's
    while i < len(lines):
        start, end = lines[i]
        line = text[start:end]
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            i += 1
            continue
        if not line.strip():
            b.close()
            in_item = False
            i += 1
            continue
        content_start = start + len(line) - len(line.lstrip())
        content_end = start + len(line.rstrip())
        if m := _FENCE.match(line):
            b.close()
            fence = m.group(1)[0] * 3
        elif m := _ATX.match(line):
            close = _ATX_CLOSE.search(line, m.end())
            title_end = start + close.start() if close else content_end
            b.heading(len(m.group(1)), start + m.end(), max(title_end, start + m.end()))
        elif len(b.lines) == 1 and not b.prefixes and (m := _SETEXT.match(line)):
            (title_start, title_end), b.lines = b.lines[0], []
            b.heading(1 if m.group(1)[0] == "=" else 2, title_start, title_end)
        elif _RULE.match(line):
            b.close()
        elif (m := _NOTE_DEF.match(line)) and not b.in_references:
            b.close()
            i = _footnote(b, lines, i, m)
            continue
        elif "|" in line and i + 1 < len(lines) and _TABLE_SEP.match(text[slice(*lines[i + 1])]):
            i = _table(b, lines, i)
            continue
        elif m := _QUOTE.match(line):
            if not line[m.end() :].strip():
                b.close()
            else:
                b.prefixes.append((start, start + m.end()))
                rest = line[m.end() :]
                b.lines.append((start + m.end() + len(rest) - len(rest.lstrip()), content_end))
        elif (m := _ITEM.match(line)) and _starts_item(m, b.lines, in_item):
            b.close()
            in_item = True
            b.lines.append((start + m.end(), content_end))
        else:
            b.lines.append((content_start, content_end))
        i += 1
    b.close()
    return _document(text, b, front)


def _starts_item(m: re.Match[str], open_lines: list[Span], in_item: bool) -> bool:
    """Whether a line that begins as a list item starts one. As in CommonMark, an ordered
    item interrupts a paragraph only when it is numbered 1 (or the paragraph is an item
    itself): a wrapped line that begins ``1999) partially ...`` goes on with its paragraph.

    >>> [_starts_item(_ITEM.match(s), [(0, 9)], False) for s in ("1999) on", "1. one", "- x")]
    [False, True, True]
    """
    number = m.group("number")
    return number is None or number == "1" or not open_lines or in_item


def _lines(text: str, offset: int) -> list[Span]:
    spans, position = [], offset
    for line in text[offset:].split("\n"):
        spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def _footnote(b: _Builder, lines: list[Span], i: int, m: re.Match[str]) -> int:
    start, end = lines[i]
    note_start = start + m.end()
    note_end = start + len(b.text[start:end].rstrip())
    i += 1
    while i < len(lines) and b.text[slice(*lines[i])].startswith(("    ", "\t")):
        note_end = lines[i][0] + len(b.text[slice(*lines[i])].rstrip())
        i += 1
    b.notes.append(Footnote(m.group(1), note_start, max(note_end, note_start), "", 0))
    return i


def _table(b: _Builder, lines: list[Span], i: int) -> int:
    text = b.text
    label = caption = ""
    table_start = lines[i][0]
    if len(b.lines) == 1 and (m := _CAPTION.fullmatch(text[slice(*b.lines[0])].strip())):
        label, caption = m.group(1), m.group(2)
        table_start, b.lines = b.lines[0][0], []
    b.close()
    header = _cells(text[slice(*lines[i])])
    i += 2
    rows, end = [], lines[i - 1][1]
    while i < len(lines) and "|" in text[slice(*lines[i])] and text[slice(*lines[i])].strip():
        rows.append(_cells(text[slice(*lines[i])]))
        end = lines[i][0] + len(text[slice(*lines[i])].rstrip())
        i += 1
    if not b.in_references:
        b.tables.append(Table(label, caption, table_start, end, header, tuple(rows), 0))
    return i


def _cells(line: str) -> tuple[str, ...]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return tuple(" ".join(cell.split()) for cell in re.split(r"(?<!\\)\|", inner))


def _document(text: str, b: _Builder, front: re.Match[str] | None) -> Document:
    content_end = len(text.rstrip())
    references = None
    for k, heading in enumerate(b.headings):
        if REFERENCE_TITLES.fullmatch(heading.title):
            line_start = text.rfind("\n", 0, heading.start) + 1
            later = [h.start for h in b.headings[k + 1 :] if h.level <= heading.level]
            ref_end = text.rfind("\n", 0, later[0]) + 1 if later else content_end
            references = (line_start, max(ref_end, line_start))
            break
    body_start = front.end() if front else 0
    body_end = references[0] if references else content_end
    markers: dict[str, Span] = {}
    for paragraph in b.paragraphs:
        for gap in paragraph.gaps:
            m = _NOTE_MARK.fullmatch(text, *gap)
            if m:
                markers.setdefault(m.group(1), gap)
    notes = [
        replace(n, marker_start=markers[n.label][0], marker_end=markers[n.label][1])
        if n.label in markers
        else n
        for n in b.notes
    ]
    starts = [0] + [m.end() for m in re.finditer("\f", text)]
    ends = [*starts[1:], len(text)]
    pages = [Page(k + 1, s, e) for k, (s, e) in enumerate(zip(starts, ends, strict=True))]
    return Document(
        text=text,
        pages=pages,
        front_matter=(0, front.end()) if front else None,
        body=(body_start, body_end),
        headings=b.headings,
        paragraphs=b.paragraphs,
        footnotes=notes,
        tables=b.tables,
        references=references,
        format="markdown",
    )
