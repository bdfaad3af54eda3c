"""Author-page citations, MLA's in-text form: ``(Jacobs 45)``, ``(Scott 4-6)``,
``(Kitchin and Dodge 112)``, ``(Harvey, "Right" 23)``, ``(Mumford 301; Jacobs 58)``,
``(Le Corbusier 17)``.

No year: a parenthesis is read so only when each of its parts is names that begin an
entry of the list (its first author's surname, and the others' where given), perhaps a
short title, and a page or page range, so prose numbers (``(Table 2)``, ``(n 45)``)
are never citations. Such a citation has kind ``page``, no year, its page as locator,
its signal (``see``) as prefix: :func:`resolve_page` picks the entry by those authors, by
the short title's words (read again from the citation's text) when they wrote more than
one.

>>> refs = [Reference("jacobs1961", ("Jacobs",), 1961, title="The Death and Life"),
...         Reference("harvey1982", ("Harvey",), 1982, title="The Limits to Capital"),
...         Reference("harvey2008", ("Harvey",), 2008, title="The Right to the City")]
>>> text = 'Order (Jacobs 45). Cities (Harvey, "Right" 23; Jacobs 50-52) (Table 2) (Harvey,'
>>> text += ' Limits 3)'
>>> found = find_author_page(text, refs)
>>> [(c.surnames, c.locator, c.kind) for c in found]  # doctest: +NORMALIZE_WHITESPACE
[(('Jacobs',), '45', 'page'), (('Harvey',), '23', 'page'), (('Jacobs',), '50-52', 'page'),
 (('Harvey',), '3', 'page')]
>>> [resolve_page(c, refs).reference for c in found]
['jacobs1961', 'harvey2008', 'jacobs1961', 'harvey1982']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.bib.citekeys import fold
from kg.ingest.model import Citation, Reference, Resolution

__all__ = ["find_author_page", "find_author_title", "resolve_page"]

_PAREN = re.compile(r"\((?P<content>[^()]{2,160})\)")
_NAME = r"(?:(?:de|van|von|der|le|la|du|da|di|Le|La|De|Van|Von)\s+)?[A-ZÀ-ÖØ-Þ][\w'’-]+"
_PART = re.compile(
    rf"^\s*(?:(?P<signal>see(?:\s+also)?|cf\.|qtd\.\s+in)\s+)?"
    rf"(?P<names>{_NAME}(?:(?:,\s*|\s+and\s+|\s*&\s*){_NAME}){{0,3}}(?:\s+et\s+al\.)?)"
    r"(?:,\s*(?P<title>[\"“][^\"“”]{1,60}[\"”]|[A-Z][\w'’-]+(?:\s+[\w'’-]+){0,3}))?"
    # a page, not a year ("(Neimeyer, 1997-8)" is author-date)
    r",?\s+(?P<page>[ivxlc]{1,6}|(?!(?:1[5-9]|20)\d\d)\d{1,4}(?:\s*[-–]\s*\d{1,4})?)\s*$"
)
_SPLIT_NAMES = re.compile(r",\s*|\s+and\s+|\s*&\s*")


def _first_authors(references: Sequence[Reference]) -> dict[str, list[Reference]]:
    """The references by the fold of their first author's surname."""
    found: dict[str, list[Reference]] = {}
    for ref in references:
        if ref.surnames:
            found.setdefault(fold(ref.surnames[0]), []).append(ref)
    return found


def _fits(names: list[str], ref: Reference) -> bool:
    authors = [fold(s) for s in ref.surnames]
    return all(fold(n) in authors for n in names)


def find_author_page(
    text: str,
    references: Sequence[Reference],
    *,
    start: int = 0,
    end: int | None = None,
) -> list[Citation]:
    """The author-page citations of ``text[start:end]`` (read as blank what is not to be
    searched before calling), each resolving by :func:`resolve_page`."""
    by_first = _first_authors(references)
    if not by_first:
        return []
    stop = len(text) if end is None else end
    found: list[Citation] = []
    for m in _PAREN.finditer(text, start, stop):
        parts, offset, ok = [], m.start("content"), True
        for part in m.group("content").split(";"):
            p = _PART.match(part)
            names = _SPLIT_NAMES.split(p.group("names").removesuffix(" et al.")) if p else []
            refs = by_first.get(fold(names[0]), []) if names else []
            if len(names) > 1 and not any(_fits(names, r) for r in refs):
                names = names[:-1]  # "(Harvey, Limits 12)": the last a short title
            if p is None or not any(_fits(names, r) for r in refs):
                ok = False
                break
            parts.append((p, names, offset))
            offset += len(part) + 1
        if not ok:
            continue
        for p, names, at in parts:
            a, b = at + p.start("names"), at + p.end("page")
            found.append(
                Citation(
                    " ".join(text[a:b].split()),
                    a,
                    b,
                    tuple(names),
                    "",
                    et_al=p.group("names").endswith("et al."),
                    locator=re.sub(r"\s+", "", p.group("page")),
                    prefix=p.group("signal"),
                    group=m.span(),
                    kind="page",
                )
            )
    return found


_ARTICLES = frozenset({"The", "A", "An", "Der", "Die", "Das", "La", "Le", "Les", "El", "Il"})


def _title_words(title: str) -> tuple[str, list[str]]:
    """The words of ``title``, a leading article (one a short title may leave out) apart:
    ``("The", ["Death", "and", ...])``; ``""`` for none."""
    words = _WORD.findall(title)
    if len(words) > 2 and words[0] in _ARTICLES:
        return words[0], words[1:]
    return "", words


def _title_start(title: str) -> str | None:
    """A pattern for the first words of ``title`` (three at most, case and quotes aside);
    a leading article may be left out, as short titles do (``Death and Life`` for ``The
    Death and Life of Great American Cities``)."""
    leading, words = _title_words(title)
    article = rf"(?:{leading}[\W_]{{1,4}})?" if leading else ""
    words = words[:3]
    if len(words) < 2 and not (words and len(words[0]) >= 6):
        return None
    # the first word as printed (a capital starts a cited title), the second in any case,
    # the third too unless the short title stops before it ("Real-Time City")
    second = rf"[\W_]{{1,4}}(?i:{re.escape(words[1])})" if len(words) > 1 else ""
    third = rf"(?:[\W_]{{1,4}}(?i:{re.escape(words[2])}))?" if len(words) > 2 else ""
    return article + re.escape(words[0]) + second + third


def find_author_title(
    text: str,
    references: Sequence[Reference],
    *,
    start: int = 0,
    end: int | None = None,
) -> list[Citation]:
    """Notes' citations, Chicago's notes-bibliography form: a first author's surname,
    a comma, the start of that author's title (``Akin, Technocracy and the American
    Dream, 98``; ``William E. Akin, Technocracy ...``; ``Kitchin and Dodge, Code/Space,
    16`` for two or three authors), its page after it if any; kind ``page`` (no year),
    resolved by :func:`resolve_page`.

    The pattern is tried only where ``Surname,`` and the title's first word stand (found
    by ``str.find``), the places a scan of the whole text could match at: the same
    citations, without a regular expression compiled and run over the text per entry
    (that took 0.4 s of a synthetic paper's 0.5 s of analysis)."""
    stop = len(text) if end is None else end
    found: dict[int, Citation] = {}
    for ref in references:
        title = _title_start(ref.title or ref.csl.get("title") or "")
        if not ref.surnames or title is None:
            continue
        starts = _starts(ref.title or ref.csl.get("title") or "")
        # the first author's surname before the title; with two or three authors, also the
        # last one's, the first one's just before it ("Kitchin and Dodge, Code/Space, 16")
        lasts = [ref.surnames[-1]] if 1 < len(ref.surnames) <= 3 else []
        for surname in [ref.surnames[0], *lasts]:
            _add_author_title(found, text, ref, surname, title, starts, start, stop)
    return [found[k] for k in sorted(found)]


def _add_author_title(
    found: dict[int, Citation],
    text: str,
    ref: Reference,
    surname: str,
    title: str,
    starts: tuple[str, ...],
    start: int,
    stop: int,
) -> None:
    """The citations of ``ref`` with ``surname,`` right before its title, into ``found``
    by their start; where ``surname`` is not the first author's, the first author's
    stands just before it and the citation starts there."""
    needle = surname + ","
    later = surname != ref.surnames[0]
    pattern = None
    after = start  # the matches do not overlap: the next starts after the last
    at = text.find(needle, start, stop)
    while at >= 0:
        if at >= after and _may_start(text, at, needle, starts, stop):
            if pattern is None:
                pattern = _author_title(surname, title)
            m = pattern.match(text, at, stop)
            begin = m.start() if m is not None else -1
            if m is not None and later:
                joined = _first_of(ref.surnames[0]).search(text, max(start, at - 90), at)
                begin = joined.start() if joined else -1
            if m is not None and begin >= 0:
                after = m.end()
                found.setdefault(
                    begin,
                    Citation(
                        " ".join(text[begin : m.end()].split()),
                        begin,
                        m.end(),
                        ref.surnames if later else (ref.surnames[0],),
                        "",
                        locator=m.group("page"),
                        group=(begin, m.end()),
                        kind="page",
                    ),
                )
        at = text.find(needle, at + 1, stop)


_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_QUOTES = "\"“‘'"


def _first_of(surname: str) -> re.Pattern[str]:
    """The first author's surname right before the others' (``Kitchin and ``,
    ``Kitchin, Dodge, and ``, given names between them allowed), up to the last one."""
    return re.compile(
        rf"(?<![\w-]){re.escape(surname)}(?:,\s+[^,;.()\n]{{1,40}})?,?\s+(?:and|&)\s+"
        r"(?:[A-ZÀ-Þ][\w'’.-]*\s+){0,3}$"
    )


def _starts(title: str) -> tuple[str, ...]:
    """The words a citation of ``title`` may start with, as :func:`_title_start` reads it:
    its first word, and the next one where that is an article a short title may leave out.

    >>> _starts("The Death and Life of Great American Cities"), _starts("Technocracy")
    (('The', 'Death'), ('Technocracy',))
    """
    leading, words = _title_words(title)
    return (leading, words[0]) if leading else (tuple(words[:1]) or ("",))


def _may_start(text: str, at: int, needle: str, starts: tuple[str, ...], stop: int) -> bool:
    """Whether an author-title citation may start at ``at``, where ``needle``
    (``Surname,``) stands: no word character or hyphen before it, then white space, an
    opening quote perhaps, and one of the words the title may start with (``starts``:
    what the pattern asks first)."""
    if at > 0 and (text[at - 1].isalnum() or text[at - 1] in "_-"):
        return False
    i = at + len(needle)
    j = i
    while j < stop and text[j].isspace():
        j += 1
    if j == i:
        return False
    if j < stop and text[j] in _QUOTES:
        j += 1
    return any(text.startswith(word, j, stop) for word in starts)


_PATTERNS: dict[tuple[str, str], re.Pattern[str]] = {}


def _author_title(surname: str, title: str) -> re.Pattern[str]:
    """The pattern of an author-title citation of one entry, compiled once per run."""
    key = (surname, title)
    if key not in _PATTERNS:
        if len(_PATTERNS) >= 4096:
            _PATTERNS.clear()
        _PATTERNS[key] = re.compile(
            rf"(?<![\w-]){re.escape(surname)},\s+[\"“‘']?{title}[^()\n]{{0,120}}?"
            # a year in parentheses, then the page: ", 45", ',"  6' after a quoted short
            # title, or a journal's ": 1-14"; not a stop after "no." or "vol."
            r"(?:\([^()]{0,80}\))?(?:(?:,[\"”’']?|:)\s*(?P<page>\d{1,4}(?:[-–]\d{1,4})?))?"
            r"(?<!\bno)(?<!\bvol)(?<!\bVol)(?<!\bpp)(?<!\bed)(?<!\beds)(?=[.;]|$)",
            re.M,
        )
    return _PATTERNS[key]


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if len(w) > 2}


def resolve_page(citation: Citation, references: Sequence[Reference]) -> Resolution:
    """The entry an author-page citation stands for: the only work by its authors, else
    the one whose title holds the short title's words."""
    candidates = [
        r
        for r in references
        if r.surnames
        and fold(r.surnames[0]) == fold(citation.surnames[0])
        and _fits(list(citation.surnames), r)
    ]
    who = " and ".join(citation.surnames)
    if len(candidates) == 1:
        return Resolution(candidates[0].id, 0.9, f"the only work by {who}, cited by page")
    cited = {fold(name) for name in citation.surnames}
    bare = re.sub(r"\([^()]*\)", " ", citation.text)  # a note's imprint aside
    short = {w for w in _words(bare) if not w.isdigit() and fold(w) not in cited}
    if short and candidates:
        scored = sorted(
            ((len(short & _words(r.title or r.csl.get("title") or "")), r) for r in candidates),
            key=lambda x: -x[0],
        )
        if scored[0][0] and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            reason = f"the work by {who} with {' '.join(sorted(short))!r} in its title"
            return Resolution(scored[0][1].id, 0.85, reason)
    if not candidates:
        return Resolution(None, 0.0, f"no work by {who} in the bibliography")
    return Resolution(None, 0.0, f"{who} cited by page fits {len(candidates)} works")
