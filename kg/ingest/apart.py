"""Years cited apart from their authors' names: ``As Corburn suggests, ... (2009, p. 54)``.

- **Apart**: a parenthesis holding only years, each perhaps with a signal or a locator
  (``(2009, p. 54)``, ``(e.g. 1992)``, ``(1981; 1994)``), that the author-date reader
  left alone because no name stands right before it. Each year cites the nearest
  surname before it, in its sentence or the one before, that a reference of that year
  carries; names inside citations already read count too (``Nina Auerbach (1995)
  suggests ... (1995: 39)``). Its surnames are that reference's as far as the text names
  them (the first, the second where the text has it, and ``et al.`` for three or more).
- **Pages apart** (MLA, in a paper that cites ``(Jacobs 45)``): a parenthesis holding
  only a page, perhaps after a short title (``Kitchin and Dodge show ... (12-14)``,
  ``Mattern argues ... (City 12)``), cites the nearest first author's surname before it
  in its sentence; kind ``page``, resolved as ``(Jacobs 45)`` is.
- **Misread names**: a narrative citation whose first name is no author of any
  reference (``George Keller's book, Academic Strategy (1984)``; names read back into a
  heading above) is read the same way, within its own sentence and not from another
  citation's names, when a name there carries a reference of that year; otherwise it
  stays as it was.

>>> refs = [Reference("corburn2009", ("Corburn",), 2009),
...         Reference("keller1984", ("Keller",), 1984)]
>>> text = "As Corburn suggests, health is urban (e.g. 2009, p. 54)."
>>> [(c.surnames, c.year, c.locator) for c in find_apart(text, text, refs)]
[(('Corburn',), '2009', 'p. 54')]
>>> from kg.ingest.citations import extract_citations
>>> text = "Keller's book, Academic Strategy (1984), was read."
>>> [(c.kind, c.surnames) for c in reread_narrative(text, extract_citations(text), refs)]
[('apart', ('Keller',))]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace

from kg.ingest.citations import _locator
from kg.ingest.model import Citation, Reference, Sentence
from kg.ingest.resolve import fold

__all__ = ["find_apart", "find_pages_apart", "reread_narrative", "rest_locator"]

LOOKBACK = 400  # how far back a name is looked for when no sentences are known
_YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)(?P<suffix>[a-z])?"
_PAREN = re.compile(r"\((?P<content>[^()\n]{1,80})\)")
_PART = re.compile(
    rf"\s*(?:(?:e\.\s?g\.|see(?:\s+also)?|cf\.)[,:]?\s*)?{_YEAR}(?:\s?\[\d{{4}}\])?(?![\w-])"
)
_BETWEEN = re.compile(r";|,(?=\s*(?:1[5-9]|20)\d\d(?!\d))")  # "(1981; 1994)", "(2014, 2016)"
_NAME = re.compile(r"(?<![\w-])[^\W\d_][^\W\d_]+(?:['’]s)?")


def rest_locator(rest: str) -> tuple[str | None, bool]:
    """The locator in what follows a year, and whether nothing else is there."""
    if not rest.strip():
        return None, True
    found = _locator(rest, 0)
    if found and not rest[found[1] :].strip(" .)"):
        return found[0], True
    return None, False


def _sentence_start(
    sentences: Sequence[Sentence], starts: Sequence[int], at: int, *, before: bool
) -> int:
    """Where the names a parenthesis at ``at`` may lean on start: its sentence's start,
    or with ``before`` the one before's (``starts``: the sentences' starts, sorted)."""
    n = bisect.bisect_right(starts, at) - 1
    if n < 0 or not sentences[n].start <= at < sentences[n].end:
        return max(0, at - LOOKBACK)
    return sentences[n - 1].start if before and n > 0 else sentences[n].start


def _years(content: str, at: int) -> list[tuple[int, int, str, str | None]]:
    """Each year of a parenthesis that holds only years (``at`` where its content
    starts): its start and end (the locator's end, if any), the year as cited and the
    locator; empty when anything else is there."""
    found = []
    offset = 0
    for piece in _BETWEEN.split(content):
        part = _PART.match(piece)
        if part is None:
            return []
        locator, alone = rest_locator(piece[part.end() :])
        if not alone:
            return []
        end = part.end() + (len(piece[part.end() :].rstrip(" .")) if locator else 0)
        cited = part.group("year") + (part.group("suffix") or "")
        found.append((at + offset + part.start("year"), at + offset + end, cited, locator))
        offset += len(piece) + 1
    return found


def _inside(spans: Sequence[tuple[int, int]], ends: Sequence[int], at: int) -> bool:
    """Whether ``at`` is inside one of ``spans`` (sorted by end, not overlapping)."""
    n = bisect.bisect_right(ends, at)
    return n < len(spans) and spans[n][0] <= at


def _named(
    names: str,
    year: str,
    refs: Sequence[Reference],
    start: int,
    stop: int,
    avoid: Sequence[tuple[int, int]] = (),
):
    """The nearest name in ``names[start:stop]``, outside the ``avoid`` spans, that a
    reference of ``year`` is by: the reference and where the name stands, or None."""
    by_year = [r for r in refs if r.year is not None and str(r.year) == year[:4]]
    if not by_year:
        return None
    ends = [b for _, b in avoid]
    for name in reversed(list(_NAME.finditer(names, start, stop))):
        if not name[0][0].isupper() or (avoid and _inside(avoid, ends, name.start())):
            continue
        word = fold(re.sub(r"['’]s$", "", name[0]))
        for ref in by_year:
            if ref.surnames and fold(ref.surnames[0]) == word:
                return ref, name.start()
    return None


def _surnames(ref: Reference, names: str, start: int, stop: int) -> tuple[str, ...]:
    if len(ref.surnames) == 2 and ref.surnames[1] in names[start:stop]:
        return ref.surnames
    return ref.surnames[:1]


def find_apart(
    view: str,
    names: str,
    references: Sequence[Reference],
    *,
    sentences: Sequence[Sentence] = (),
    start: int = 0,
    end: int | None = None,
) -> list[Citation]:
    """The apart citations of the parentheses of ``view[start:end]`` (the text with what
    is already read blanked); names are looked for in ``names`` (the text with only what
    is not running text blanked)."""
    stop = len(view) if end is None else min(end, len(view))
    starts = [s.start for s in sentences]
    found = []
    for m in _PAREN.finditer(view, start, stop):
        window = _sentence_start(sentences, starts, m.start(), before=True)
        for a, b, cited, locator in _years(m.group("content"), m.start("content")):
            hit = _named(names, cited, references, window, m.start())
            if hit is None:
                continue
            ref, at = hit
            found.append(
                Citation(
                    " ".join(view[a:b].split()),
                    a,
                    b,
                    _surnames(ref, names, window, m.start()),
                    cited,
                    et_al=len(ref.surnames) >= 3,
                    locator=locator,
                    narrative=True,
                    group=(at, m.end()),
                    kind="apart",
                )
            )
    return found


# a page alone in parentheses, a short title perhaps before it: "(12-14)", "(City 12)",
# '("Mission Control" 3)'; not a year
_PAGE_ALONE = re.compile(
    r"\((?P<title>(?:[\"“][^\"“”()]{1,60}[\"”]|[A-Z][\w'’-]+(?:\s+[\w'’-]+){0,3})\s+)?"
    r"(?P<page>[ivxlc]{1,6}|(?!(?:1[5-9]|20)\d\d\b)\d{1,4}(?:\s*[-–]\s*\d{1,4})?)\)"
)


def find_pages_apart(
    view: str,
    names: str,
    references: Sequence[Reference],
    *,
    sentences: Sequence[Sentence] = (),
    start: int = 0,
    end: int | None = None,
) -> list[Citation]:
    """MLA's pages cited apart from their authors' names, in ``view[start:end]`` (the
    text with what is already read blanked; names are looked for in ``names``): each
    a citation of kind ``page`` by the nearest first author's surname before it in its
    sentence, with the short title, if any, in its text for
    :func:`~kg.ingest.citations_mla.resolve_page` to choose by.

    >>> refs = [Reference("kitchin2011", ("Kitchin", "Dodge"), 2011, title="Code/Space")]
    >>> text = "Kitchin and Dodge show how code makes space (12-14). Tables (3)."
    >>> [(c.surnames, c.locator) for c in find_pages_apart(text, text, refs)]
    [(('Kitchin', 'Dodge'), '12-14')]
    """
    stop = len(view) if end is None else min(end, len(view))
    firsts = {fold(r.surnames[0]): r for r in references if r.surnames}
    starts = [s.start for s in sentences]
    found = []
    for m in _PAGE_ALONE.finditer(view, start, stop):
        window = _sentence_start(sentences, starts, m.start(), before=False)
        stop_before = names.rfind(". ", window, m.start())
        if not sentences and stop_before >= 0:  # its sentence, as a stop and a space tell
            window = stop_before + 2
        for name in reversed(list(_NAME.finditer(names, window, m.start()))):
            ref = firsts.get(fold(re.sub(r"['’]s$", "", name[0])))
            if ref is None or not name[0][0].isupper():
                continue
            title = m.group("title") or ""
            found.append(
                Citation(
                    " ".join(f"{title}{m.group('page')}".split()),
                    m.start() + 1,
                    m.end() - 1,
                    _surnames(ref, names, window, m.start()),
                    "",
                    locator=re.sub(r"\s+", "", m.group("page")),
                    narrative=True,
                    group=(name.start(), m.end()),
                    kind="page",
                )
            )
            break
    return found


def _surname_words(references: Sequence[Reference]) -> set[str]:
    """Every word of every author's surname, folded."""
    return {
        fold(w)
        for ref in references
        for name in ref.surnames
        for w in name.replace("-", " ").split()
    }


def _known(citation: Citation, words: set[str]) -> bool:
    """Whether a word of the citation's first name is one of ``words`` (of
    :func:`_surname_words`)."""
    return not words.isdisjoint(fold(w) for w in citation.surnames[0].replace("-", " ").split())


def reread_narrative(
    names: str,
    citations: Sequence[Citation],
    references: Sequence[Reference],
    *,
    sentences: Sequence[Sentence] = (),
) -> list[Citation]:
    """``citations`` with each narrative citation whose first name no reference is by read
    again as an apart citation of its own sentence, where a name there carries a
    reference of its year."""
    out = []
    starts = [s.start for s in sentences]
    groups = sorted({c.group for c in citations}, key=lambda g: g[1])
    words: set[str] | None = None  # made when first needed
    for citation in citations:
        if (
            citation.kind == "author-date"
            and citation.narrative
            and citation.surnames
            and citation.year[:4].isdigit()
            and not _known(citation, words := words or _surname_words(references))
        ):
            window = _sentence_start(sentences, starts, citation.start, before=False)
            paren = names.find("(", citation.start, citation.end)
            # not a name another citation holds: "(Lavery, 2002) ... Firefly (2002)"
            avoid = [g for g in groups if g != citation.group]
            at = max(paren, citation.start)
            hit = _named(names, citation.year, references, window, at, avoid)
            if hit is not None:
                ref, at = hit
                citation = replace(
                    citation,
                    surnames=_surnames(ref, names, window, citation.start),
                    et_al=len(ref.surnames) >= 3,
                    group=(min(at, citation.group[0]), citation.group[1]),
                    kind="apart",
                )
            else:
                citation = _as_title(names, citation, references, paren) or citation
        out.append(citation)
    return out


def _as_title(
    names: str, citation: Citation, references: Sequence[Reference], paren: int
) -> Citation | None:
    """A narrative citation whose words before the year are the start of the title of a
    reference of that year, two words or more (``The report Our Common Future (1987)``):
    a title cited as its author."""
    before = names[max(0, citation.start - 200) : paren if paren > 0 else citation.end]
    words = list(re.finditer(r"[^\W\d_][\w'’-]*", before))[-8:]
    cited = [w.group().casefold() for w in words]
    best: tuple[int, int] | None = None
    for ref in references:
        if str(ref.year) != citation.year[:4]:
            continue
        title = re.findall(r"[^\W\d_][\w'’-]*", (ref.title or "").casefold())
        for k in range(min(len(cited), len(title)), 1, -1):
            if cited[-k:] == title[:k] and (best is None or k > best[0]):
                best = (k, max(0, citation.start - 200) + words[-k].start())
                break
    if best is None:
        return None
    k, at = best
    cited_title = " ".join(w.group() for w in words[-k:])
    group = (min(at, citation.group[0]), citation.group[1])
    text = " ".join(names[at : citation.end].split())
    return replace(
        citation, text=text, start=at, surnames=(cited_title,), kind="title", group=group
    )
