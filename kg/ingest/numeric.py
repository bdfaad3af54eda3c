"""Numeric callouts (``[3]``, ``[3-5]``, ``[3, 7]``, ``[e.g. 3, 7]``, ``[9, p. 25]``,
``(3)``, ``reference 12``, superscript-like ``word3``) and their resolution to a
numbered reference list; and a title cited as its author.

A callout is read only where a list is numbered: its entries carry the number the list
prints (CSL ``citation-number``; :func:`numbered` mends a misprinted one), so ``[3]`` is
the entry numbered 3. Brackets are read when every number in them is from 1 to the
list's highest (``[sic]``, ``[1972]`` or ``[300]`` are not callouts), a signal
(``e.g.``, ``see``, ``cf.``, ``ref.``) before them, a page after them (``[9, p. 25]``,
``[7: 16]``, ``[1, S. 5; 4]``: the page is the citation's locator) and line breaks
between them allowed; a number the list lacks stays unresolved. A bracketed number that
opens a line before a capital is a note's mark or a list entry, never a callout; when
such lines are not the list's entries, are numbered 1, 2, ... and each of their marks
stands once in the text, they are endnotes, and their marks no callouts. A callout named
so (``reference 12``, ``refs. 3 and 4``) is read in any numbered paper. Digits stuck to
a word are read (:mod:`kg.ingest.superscript`) only when they outnumber the text's
bracketed callouts (at most one) and author-date citations ten times; bracketed ones
only when author-date citations do not outnumber them so; parenthesised numbers
(``(3)``, ``(3, 7)``) only when it has none of these, they cite at least
:data:`PAREN_LEAST` of the list's numbers, and a number is neither an enumeration's
(``(1) ... (2) ...`` with text after each, or after a colon or at a line's start) nor a
formula's (a line with ``=`` ending in it), a statistic's or a volume's (``t(32)``,
``7(1)``), a label's (``Table (1)``, ``than (5) years``; a plural naming kinds is none:
``models (3)``) or alone on its line. Footnote marks the segmenter read, its byline and
front matter are never read. A range gives one instance per number; each instance's
offsets are its own number's, the range's for the numbers inside.

>>> refs = [Reference(f"r{n}", ("X",), 2000, csl={"citation-number": str(n)}) for n in (1, 2, 3)]
>>> [(c.text, c.number) for c in find_callouts("as shown [1, 3] and [2-3].", refs)]
[('1', 1), ('3', 3), ('2', 2), ('3', 3)]
>>> by_number_or_title(Citation("3", 0, 1, (), "", number=3, kind="numeric"), refs).reference
'r3'
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import pairwise

from kg.ingest.model import Citation, Document, Reference, Resolution
from kg.ingest.superscript import labels, superscript_callouts

__all__ = ["OUTNUMBER", "PAREN_LEAST", "by_number_or_title", "find_callouts", "numbered"]

PAREN_LEAST = 3
#: plurals of a label's word that name kinds, not a count: "such models (3)" cites
_KINDS = frozenset({"models", "versions", "types", "articles"})
#: labels that number things: "Tables (1, 2)" is no callout
_NOUNS = """table figure chart graph chapter section part page step phase stage type grade level
group wave round item question version model study hypothesis appendix annex equation line
row column note article paragraph volume number issue session"""
_NOUN_LABELS = frozenset(_NOUNS.split())
OUTNUMBER = 10

_SIGNAL = r"(?:e\.\s?g\.|see(?:\s+also)?|cf\.|refs?\.)[,:]?\s+"
_N = r"\d{1,3}"
_RANGE = r"\d{1,4}(?:\s*[-–]\s*\d{1,4})?"
_LOCATOR = rf"(?:,\s*(?:pp?|S|s|с|c|P)\.\s*{_RANGE}|:\s*{_RANGE})"
_SEPARATOR = r"\s*(?:[-–,&]|and)\s*"
_PART = rf"{_N}(?:{_SEPARATOR}{_N})*{_LOCATOR}?"
_BODY = rf"(?P<signal>{_SIGNAL})?(?P<body>{_PART}(?:\s*;\s*{_PART})*)"
_BRACKET = re.compile(rf"\[\s*{_BODY}\s*\]")
_NARRATIVE = re.compile(
    rf"\b(?:[Rr]ef(?:erence)?s?\.?)\s+(?P<body>{_N}(?:{_SEPARATOR}{_N})*)\b(?![.,]?\d)"
)
_PARENS = re.compile(rf"\({_BODY}\)")
_LOCATOR_END = re.compile(_LOCATOR + "$")
_NUMBER = re.compile(r"\d{1,3}")
_LINE_MARK = re.compile(r"^[ \t]*\[(?P<n>\d{1,3})\][ \t]+(?=[^\W\d_])(?P<word>\w+)", re.M)


def numbered(references: Sequence[Reference]) -> dict[int, Reference]:
    """The entries of a numbered list by their number; empty when the list is not
    numbered (fewer than half its entries carry one). An entry whose number repeats an
    earlier one or runs backwards, where the number after its predecessor's is missing
    from the list, is a misprint of that number (``10. ...``, ``1. ...``, ``12. ...``:
    the second ``1`` is 11).

    >>> refs = [Reference(f"r{k}", ("X",), 2000, csl={"citation-number": n})
    ...         for k, n in enumerate(["1", "2", "1", "4"])]
    >>> {n: r.id for n, r in numbered(refs).items()}
    {1: 'r0', 2: 'r1', 3: 'r2', 4: 'r3'}
    """
    numbers: list[int | None] = []
    for reference in references:
        text = str(reference.csl.get("citation-number") or "")
        numbers.append(int(text) if text.isdigit() else None)
    printed = {n for n in numbers if n is not None}
    found: dict[int, Reference] = {}
    previous = 0
    for reference, printed_as in zip(references, numbers, strict=True):
        if printed_as is None:
            continue
        number = printed_as
        if (number in found or number < previous) and previous + 1 not in printed:
            number = previous + 1
        found.setdefault(number, reference)
        previous = number
    return found if len(found) * 2 >= len(references) > 0 else {}


def _instances(
    body: str,
    at: int,
    known: dict[int, Reference],
    group: tuple[int, int],
    *,
    locator: str | None = None,
    prefix: str | None = None,
) -> list[Citation]:
    """One citation per number of a callout's ``body`` (which starts at ``at``), or none
    when a number is not in the list or a range runs backwards."""
    numbers = [(int(m[0]), at + m.start(), at + m.end()) for m in _NUMBER.finditer(body)]
    top = max(known)
    found: list[Citation] = []
    for k, (number, start, end) in enumerate(numbers):
        if not 1 <= number <= top:
            return []
        between = body[numbers[k - 1][2] - at : start - at] if k else ""
        if k and ("-" in between or "–" in between):
            low = numbers[k - 1][0]
            if not low < number <= low + 50:
                return []
            for inner in range(low + 1, number):
                found.append(
                    _callout(str(inner), numbers[k - 1][1], end, inner, group, locator, prefix)
                )
        found.append(_callout(str(number), start, end, number, group, locator, prefix))
    return found


def _callout(
    text: str,
    start: int,
    end: int,
    number: int,
    group: tuple[int, int],
    locator: str | None = None,
    prefix: str | None = None,
) -> Citation:
    return Citation(
        text,
        start,
        end,
        (),
        "",
        number=number,
        kind="numeric",
        group=group,
        narrative=False,
        locator=locator,
        prefix=prefix,
    )


def _blank(text: str, exclude: Iterable[tuple[int, int]]) -> str:
    """``text`` with the ``exclude`` spans made spaces, offsets kept."""
    pieces: list[str] = []
    at = 0
    for a, b in sorted(exclude):
        a, b = max(a, at), min(b, len(text))
        if a < b:
            pieces += (text[at:a], " " * (b - a))
            at = b
    pieces.append(text[at:])
    return "".join(pieces)


def _grouped(m: re.Match, known: dict[int, Reference]) -> list[Citation]:
    """The citations of one bracket or parenthesis: each ``;``-part its numbers, with the
    part's page as their locator."""
    body, at = m.group("body"), m.start("body")
    signal = m.group("signal")
    prefix = " ".join(signal.strip(" ,:").split()) if signal else None
    found: list[Citation] = []
    offset = 0
    for part in body.split(";"):
        page = _LOCATOR_END.search(part.rstrip())
        numbers = part[: page.start()] if page else part
        locator = page[0].lstrip(",: \n").replace("\n", " ") if page else None
        made = _instances(numbers, at + offset, known, m.span(), locator=locator, prefix=prefix)
        if not made:
            return []
        found += made
        offset += len(part) + 1
    return found


def _line_marks(
    view: str, start: int, stop: int, known: dict[int, Reference]
) -> tuple[list[tuple[int, int]], dict[int, tuple[int, int]]]:
    """Bracketed numbers opening a line before a capital: the spans of those that are the
    list's own entries, and by number those that are not (notes, or callouts)."""
    entries: list[tuple[int, int]] = []
    others: dict[int, tuple[int, int]] = {}
    for m in _LINE_MARK.finditer(view, start, stop):
        if not m.group("word")[0].isupper():
            continue  # [10] demonstrated that ...: a callout wrapped to the line's start
        entry = known.get(int(m.group("n")))
        if entry and m.group("word") in (entry.raw or "")[:80]:
            entries.append(m.span("n"))
        else:
            others.setdefault(int(m.group("n")), m.span("n"))
    return entries, others


def _brackets(view: str, start: int, stop: int, known: dict[int, Reference]) -> list[Citation]:
    """The bracketed callouts; endnotes in brackets left out: lines opening with ``[1]``,
    ``[2]``, ... from the first, each mark standing once elsewhere."""
    entries, marks = _line_marks(view, start, stop, known)
    groups = [
        (m, made)
        for m in _BRACKET.finditer(view, start, stop)
        if not any(a <= m.start("body") < b for a, b in entries) and (made := _grouped(m, known))
    ]
    groups = _bracket_ranges(view, groups, known)
    notes = {span for span in marks.values()}
    uses = Counter(c.number for m, made in groups if m.span("body") not in notes for c in made)
    last = 0
    while last + 1 in marks and uses[last + 1] <= 1:
        last += 1
    return [c for _, made in groups if not any((c.number or 0) <= last for c in made) for c in made]


def _bracket_ranges(
    view: str, groups: list[tuple[re.Match, list[Citation]]], known: dict[int, Reference]
) -> list[tuple[re.Match, list[Citation]]]:
    """IEEE's range of brackets, ``[3]-[5]``: the numbers between the two added to the
    first bracket's callouts, each spanning both brackets."""
    out = list(groups)
    for (a, first), (b, last) in pairwise(groups):
        dash = re.fullmatch(r"\s*[-–]\s*", view[a.end() : b.start()])
        if len(first) != 1 or len(last) != 1 or not dash:
            continue
        low, high = first[0].number or 0, last[0].number or 0
        span = (a.start("body"), b.end("body"))
        inner = [_callout(str(n), *span, n, span, None, None) for n in range(low + 1, high)]
        if high - low <= 50 and all(n in known for n in range(low + 1, high)):
            out[out.index((a, first))] = (a, first + inner)
    return out


def _narrative(view: str, start: int, stop: int, known: dict[int, Reference]) -> list[Citation]:
    """Callouts named as such: ``reference 12``, ``refs. 3 and 4``."""
    found: list[Citation] = []
    for m in _NARRATIVE.finditer(view, start, stop):
        found += _instances(m.group("body"), m.start("body"), known, m.span())
    return found


def _enumerations(view: str, matches: list[re.Match]) -> set[int]:
    """The starts of parenthesised numbers that enumerate: ``(1) ... (2) ...`` with a
    word after each, the next within a few lines."""
    single = [m for m in matches if m.group("body").isdigit()]
    out: set[int] = set()
    for k, m in enumerate(single):
        if m.group("body") != "1" or not _word_after(view, m.end()):
            continue
        run, want = [m], 2
        for nxt in single[k + 1 :]:
            if nxt.start() - run[-1].end() > 400:
                break
            if nxt.group("body") == str(want) and _word_after(view, nxt.end()):
                run.append(nxt)
                want += 1
        if len(run) > 1:
            out.update(r.start() for r in run)
    return out


def _word_after(view: str, at: int) -> bool:
    return bool(re.match(r"\s{1,3}[^\W\d_]", view[at : at + 4]))


def _parens(view: str, start: int, stop: int, known: dict[int, Reference]) -> list[Citation]:
    matches = list(_PARENS.finditer(view, start, stop))
    listed = _enumerations(view, matches)
    found: list[Citation] = []
    for m in matches:
        line_start = view.rfind("\n", 0, m.start()) + 1
        line_end = view.find("\n", m.end())
        before = view[line_start : m.start()].rstrip()
        after = view[m.end() : line_end if line_end >= 0 else None].strip()
        words = re.findall(r"[^\W\d_]+", before[-30:])
        if (
            m.start() in listed
            or before.endswith(":")
            or (not before and (not after or _word_after(view, m.end())))
        ):
            continue  # an enumeration, a list's item
        if re.search(r"(?<![^\W\d_])[^\W\d_]$|\d$", view[line_start : m.start()]):
            continue  # t(32) = 1.58, 7(1): a statistic's, a volume's issue
        if words and labels(words[-1]) and not _cites_after(words[-1], m.group("body")):
            continue  # Table (1), equation (3), than (5) years; not "models (3)"
        if "=" in view[line_start : m.start()] and not after:
            continue  # a formula's number
        found += _grouped(m, known)
    return found if len({c.number for c in found}) >= PAREN_LEAST else []


def _cites_after(word: str, body: str) -> bool:
    """Whether numbers in parentheses after a label's word cite all the same: after a
    plural naming kinds (``models (3)``), or a list after a word that is no noun
    (``matters more (8, 9)``: a quantity is one number)."""
    w = word.casefold()
    if w in _KINDS:
        return True
    return (
        "," in body and w not in _NOUN_LABELS and not (w.endswith("s") and w[:-1] in _NOUN_LABELS)
    )


def _marks(document: Document | None) -> list[tuple[int, int]]:
    """Spans no callout is read in: footnote marks already read, the byline."""
    if document is None:
        return []
    spans = [
        (n.marker_start, n.marker_end)
        for n in document.footnotes
        if n.marker_start is not None and n.marker_end is not None
    ]
    return spans + [s for s in (document.byline, document.front_matter) if s]


def find_callouts(
    text: str,
    references: Sequence[Reference],
    *,
    start: int = 0,
    end: int | None = None,
    exclude: Sequence[tuple[int, int]] = (),
    author_date: int = 0,
    document: Document | None = None,
) -> list[Citation]:
    """The numeric callouts of ``text[start:end]`` that a numbered list in ``references``
    resolves (a number it lacks but below its highest is kept: an entry the list reader
    merged or missed); ``author_date`` is how many author-date citations the text has
    (``True``: some): superscript-like numbers are read only when they outnumber these
    and the bracketed callouts :data:`OUTNUMBER` times (a stray ``(2010)`` or ``[2]`` does
    not silence a Vancouver paper; a paper citing by author and year has footnote marks,
    not callouts), bracketed ones when author-date citations do not outnumber them so,
    parenthesised numbers only when there are none of either; ``document``, when given,
    lends its footnote marks and byline (no callouts there)."""
    known = numbered(references)
    if not known:
        return []
    stop = len(text) if end is None else min(end, len(text))
    view = _blank(text, [*exclude, *_marks(document)])
    named = _narrative(view, start, stop, known)
    found = _brackets(view, start, stop, known)
    if found and int(author_date) >= OUTNUMBER * len(found):
        found = []  # a paper citing by author and year: its [2] is something else
    if len(found) <= 1:  # one stray [2] does not silence a Vancouver paper either
        found = _unbracketed(view, start, stop, known, int(author_date) + len(found)) or found
    at = {c.start for c in found}
    return sorted([*found, *(c for c in named if c.start not in at)], key=lambda c: c.start)


def _unbracketed(
    view: str, start: int, stop: int, known: dict[int, Reference], author_date: int
) -> list[Citation]:
    """Superscript-like callouts, else parenthesised ones, as :func:`find_callouts` says."""

    def make(body: str, at: int) -> list[Citation]:
        return _instances(body, at, known, (at, at + len(body)))

    found = superscript_callouts(view, start, stop, max(known), make)
    if author_date:
        return found if len(found) >= OUTNUMBER * int(author_date) else []
    return found or _parens(view, start, stop, known)


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.findall(r"\w+", text.casefold())


def _titles(reference: Reference) -> list[tuple[list[str], str]]:
    """What a title cited as author may match in ``reference``: its title, and a name
    given as one literal (APA puts the title of a work without author where the author
    goes, ``Police fill rec center void. (1996, March 3). The Daily Herald``, which reads
    as a corporate author)."""
    found = [(_words(reference.title or reference.csl.get("title") or ""), "its title")]
    for name in reference.csl.get("author") or []:
        if isinstance(name, dict) and name.get("literal"):
            found.append((_words(str(name["literal"])), "the title set where its author goes"))
    return [(words, what) for words, what in found if words]


def _by_title(citation: Citation, references: Sequence[Reference]) -> Resolution:
    cited = _words(citation.surnames[0]) if citation.surnames else []
    best: tuple[float, Reference, str] | None = None
    for reference in references:
        for title, what in _titles(reference) if cited else []:
            n = min(len(cited), len(title))
            if title[:n] != cited[:n] or n < min(len(cited), 3):
                continue
            score = 1.0 if str(reference.year) == citation.year[:4] else 0.7
            if best is None or score > best[0]:
                best = (score, reference, what)
    if best is None:
        return Resolution(None, 0.0, f"no work titled {citation.surnames[0]!r} in the bibliography")
    score, reference, what = best
    reason = f"cited by the start of {what}"
    if score < 1.0:
        reason += f"; cited year {citation.year}, published {reference.year}"
    return Resolution(reference.id, round(score * 0.9, 2), reason)


def by_number_or_title(citation: Citation, references: Sequence[Reference]) -> Resolution | None:
    """The resolution of a numeric callout or of a title cited as its author; None for a
    citation of any other kind, which :func:`kg.ingest.resolve.resolve` weighs by name."""
    if citation.kind == "title":
        return _by_title(citation, references)
    if citation.number is None:
        return None
    reference = numbered(references).get(citation.number)
    if reference is None:
        return Resolution(None, 0.0, f"no entry numbered {citation.number} in the list")
    return Resolution(reference.id, 1.0, f"entry {citation.number} of the numbered list")
