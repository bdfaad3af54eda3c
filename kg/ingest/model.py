"""What ingestion finds in a text: the units of the document, the citations in it,
the references of its bibliography, and how citations resolve to references.

Every unit keeps ``start``/``end``: code-point offsets into the text exactly as it was
read (the original file, decoded from UTF-8), end exclusive. A unit the extraction
interrupted (a paragraph split by a page break with footnotes at the foot of the page,
a sentence running across them) lists the interrupting ``gaps``; its ``text`` is the
clean reading: the original slice without the gaps, line-break hyphenation undone
where it was not a real hyphen, every run of whitespace one space.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Citation",
    "Document",
    "Footnote",
    "Heading",
    "IngestWarning",
    "Page",
    "Paragraph",
    "Reference",
    "Resolution",
    "Sentence",
    "Table",
]

Span = tuple[int, int]


@dataclass(frozen=True)
class Page:
    """A page of the source: 0 is front matter (a cover sheet) when there is one."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Heading:
    """A section heading; the section runs from ``start`` to the next heading of the
    same or a higher level (``end``). ``slug`` is stable and readable (``introduction``)."""

    slug: str
    title: str
    level: int
    start: int
    end: int
    heading_end: int
    page: int


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int
    text: str
    section: str | None
    page: int
    gaps: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    section: str | None
    page: int
    gaps: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Footnote:
    """A footnote: its ``label`` ("1"), the note's text and offsets, and the offsets of
    its marker in the body (None when no marker was found)."""

    label: str
    start: int
    end: int
    text: str
    page: int
    marker_start: int | None = None
    marker_end: int | None = None


@dataclass(frozen=True)
class Table:
    """A table flattened by the extraction, recovered as rows of cells."""

    label: str
    caption: str
    start: int
    end: int
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    page: int
    source: str | None = None


@dataclass
class Document:
    """A segmented text. ``body`` excludes front matter and the reference list."""

    text: str
    pages: list[Page] = field(default_factory=list)
    front_matter: Span | None = None
    body: Span = (0, 0)
    headings: list[Heading] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    references: Span | None = None
    format: str = "pdf-text"  # or "markdown"
    byline: Span | None = None  # author and affiliation lines under the title: not body text
    # the text's other reference lists, before its own (``references``): another article's,
    # in a collection or the end of the one before; not body text
    other_references: list[Span] = field(default_factory=list)


@dataclass(frozen=True)
class Citation:
    """One citation instance: one work cited at one place.

    ``(Kitchin 2014, 2016)`` holds two instances; each has the offsets of its own key
    (``start``/``end``) and of the whole parenthesis or narrative phrase (``group``).
    """

    text: str
    start: int
    end: int
    surnames: tuple[str, ...]
    year: str  # as cited, with its suffix: "2016b", "n.d."
    et_al: bool = False
    locator: str | None = None  # "2", "p. 25", "pp. 3-5"
    prefix: str | None = None  # "see", "e.g.", "cf.", "see also"
    narrative: bool = False
    group: Span = (0, 0)
    secondary: bool = False  # "as cited in"
    other_year: str | None = None  # the other of "2003/2008" or "1990 [1972]"
    number: int | None = None  # a numeric callout's number: "[3]", "word3"
    # or numeric, apart, title, ibid, key, label: the rule that found it
    kind: str = "author-date"
    key: str | None = None  # a Pandoc citation's key ("[@kitchin2014]"), a label's entry


@dataclass(frozen=True)
class Reference:
    """One entry of a bibliography, from CSL-JSON, BibTeX, RIS or a plain-text list.

    ``csl`` is the entry as CSL-JSON (the common form every reader produces); ``raw``
    keeps the original string of a plain-text reference.
    """

    id: str
    surnames: tuple[str, ...]
    year: int | None
    year_suffix: str = ""
    title: str | None = None
    container: str | None = None
    doi: str | None = None
    raw: str | None = None
    csl: dict = field(default_factory=dict, hash=False, compare=False)
    source: str = "csl"  # csl | bibtex | ris | text
    note: str | None = None  # e.g. how a suffix was assigned
    line: int | None = None  # the line of its file a plain-text entry starts on
    warnings: tuple[str, ...] = ()  # what reading it found wrong ("kept as raw text")


@dataclass(frozen=True)
class IngestWarning:
    """Something ingest did not read as it should, and went on: ``kind`` (``unparsed``: a
    reference kept as raw text; ``skipped``: text in the list that is no reference),
    ``where`` (``file:line``), ``message``."""

    kind: str
    where: str
    message: str


@dataclass(frozen=True)
class Resolution:
    """How a citation was matched to a reference, with what confidence and why."""

    reference: str | None  # the Reference.id, or None when unresolved
    confidence: float  # 0..1
    reason: str
