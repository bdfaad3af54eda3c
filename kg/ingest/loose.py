"""Citations that lean on their context: an author named apart from the year, a title
cited as its author, and ``ibid.``

- **Apart**: years cited apart from their authors (``As Corburn suggests, ... (2009,
  p. 54)``), and narrative citations whose names no reference is by read again so
  (:mod:`kg.ingest.apart`).
- **Signalled**: ``see Ripsman 2004.``, ``see: Zabala 2000; Romero 2004.`` outside any
  parenthesis (a note's usual form): read from the signal to the sentence's end.
- **Title**: ``("Police fill rec center void", 1996)``: a quoted title and a year; it
  resolves to the reference whose title starts so (:mod:`kg.ingest.numeric`).
- **Author and page or title** (no year): MLA's ``(Jacobs 45)``, ``(Harvey, "Right" 23)``
  and a note's ``Akin, Technocracy and the American Dream, 98``, for names that begin
  entries of the list (:mod:`kg.ingest.citations_mla`).
- **Ibid.**: ``(ibid.)``, ``(ibid., p. 5)``, or a note that opens ``Ibid.``: the work of
  the citation before it, with its own locator; with names before it (``Jander and Lutz
  (ibid.)``), the work those names were last cited for.

>>> refs = [Reference("corburn2009", ("Corburn",), 2009)]
>>> text = "As Corburn suggests, health is urban (2009, p. 54). Indeed (ibid., p. 60)."
>>> [(c.kind, c.surnames, c.year, c.locator) for c in find_loose(text, [], refs)]
[('apart', ('Corburn',), '2009', 'p. 54'), ('ibid', ('Corburn',), '2009', 'p. 60')]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace

from kg.ingest.apart import find_apart, find_pages_apart, reread_narrative, rest_locator
from kg.ingest.citations import _names_before, _tokens, extract_citations
from kg.ingest.citations_mla import find_author_page, find_author_title
from kg.ingest.keyed import find_keyed, find_labelled
from kg.ingest.listed import bare_years, initials_view, lower_case_view, prose_years, restore
from kg.ingest.model import Citation, Document, Reference, Sentence
from kg.ingest.numeric import _blank, find_callouts
from kg.ingest.resolve import fold

__all__ = ["all_citations", "find_loose", "running_heads"]

_DIGIT = re.compile(r"\d")
_YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)(?P<suffix>[a-z])?"
_TITLE = re.compile(
    rf"\(\s*[\"“‘'](?P<title>[^\"“”‘’()]{{3,200}}?)[,.]?[\"”’'],?\s*{_YEAR}(?P<rest>[^()]{{0,30}})\)"
)
# "ibid.", "ibidem", and German "ebd." / "ebenda"
_IBID_WORD = r"(?:[Ii]bid(?:em)?\.?|[Ee]bd\.|[Ee]benda\b)"
_IBID = re.compile(
    rf"\(\s*(?:vgl\.\s*)?(?P<word>{_IBID_WORD})(?P<rest>[^()\n]{{0,30}})\)"
    rf"|(?:^|(?<=\n))[^\S\n]*(?:\d{{1,3}}\.?[^\S\n]+)?(?:[Vv]gl\.\s*)?(?P<note>{_IBID_WORD})"
    r"(?P<locator>,?[^\S\n]*(?:(?:pp?|S)\.[^\S\n]*)?\d{1,5}(?:[-–]\d{1,5})?)?(?=[.;]?\s|$)"
)

# "see: Zabala 2000; Romero 2004." in a note, outside any parenthesis: the words after
# the signal, to the sentence's end (not the period of "et al." or of an initial)
_SIGNALLED = re.compile(
    r"(?<![\w(\[])(?:[Ss]ee(?:\s+also)?|[Cc]f\.)[:,]?\s+(?=[^\W\d_])"
    r"(?P<run>(?:[^().;\[\]]|;|(?<=\bal)\.|(?<=\b[A-Z])\.|\.(?=\s*\d)){1,200}?)"
    r"(?=(?<!\bal)(?<!\b\w)\.(?:\s|$)|[()\[\]]|$)"
)


_YEARISH = re.compile(r"(?:1[5-9]|20)\d\d")


def _signals(view: str, start: int, stop: int) -> Iterator[re.Match[str]]:
    """The matches of :data:`_SIGNALLED` in ``view[start:stop]``, as ``finditer`` finds
    them, tried only where a signal word is (the pattern opens with a look-behind, which
    the engine would test at every character): ``see``, ``See``, ``cf.`` or ``Cf.``,
    found by :meth:`str.find` (a pattern of them, tried at every character, took twenty
    times longer)."""
    at = start
    for word in _signal_words(view, start, stop):
        if word < at:
            continue
        m = _SIGNALLED.match(view, word, stop)
        if m is not None:
            yield m
            at = m.end()


def _signal_words(view: str, start: int, stop: int) -> list[int]:
    """Where ``[Ss]ee`` or ``[Cc]f\\.`` stands in ``view[start:stop]``, in order.

    >>> _signal_words("See Cf. seen (cf. x) wee", 0, 24)
    [0, 4, 8, 14]
    """
    found = []
    for tail, heads in (("ee", "Ss"), ("f.", "Cc")):
        at = view.find(tail, start + 1, stop)
        while at != -1:
            if view[at - 1] in heads:
                found.append(at - 1)
            at = view.find(tail, at + 1, stop)
    return sorted(found)


def _signalled(view: str, start: int, stop: int) -> list[Citation]:
    """Citations after a signal outside parentheses (``see Ripsman 2004.``), read as if
    the signal and what follows it to the sentence's end stood in one."""
    found: list[Citation] = []
    for m in _signals(view, start, stop):
        if not _YEARISH.search(m.group("run")):
            continue
        a, b = m.start() - 1, m.end("run")
        if a < start or b >= len(view):
            continue
        wrapped = f"{view[:a]}({view[a + 1 : b]}){view[b + 1 :]}"
        found += extract_citations(wrapped, start=a, end=b + 1)
    return found


def find_loose(
    text: str,
    citations: Sequence[Citation],
    references: Sequence[Reference],
    *,
    sentences: Sequence[Sentence] = (),
    start: int = 0,
    end: int | None = None,
    exclude: Sequence[tuple[int, int]] = (),
) -> list[Citation]:
    """``citations`` with the apart, title and ibid citations of ``text[start:end]``
    added, in text order (``exclude`` and the groups already read are not searched)."""
    stop = len(text) if end is None else min(end, len(text))
    view = _blank(text, [*exclude, *(c.group for c in citations)])
    found = list(citations)
    for m in _TITLE.finditer(view, start, stop):
        locator, alone = rest_locator(m.group("rest"))
        if alone:
            year = m.group("year") + (m.group("suffix") or "")
            title = " ".join(m.group("title").split())
            close = m.end("year") + len(m.group("suffix") or "")
            at = (m.start("title") - 1, m.end("rest") if locator else close)
            found.append(
                Citation(
                    _clean(view[at[0] : at[1]]),
                    *at,
                    (title,),
                    year,
                    locator=locator,
                    group=m.span(),
                    kind="title",
                )
            )
    view = _blank(view, [c.group for c in found[len(citations) :]])
    found += _signalled(view, start, stop)
    view = _blank(view, [c.group for c in found[len(citations) :] if c.kind != "title"])
    mla = find_author_page(view, references, start=start, end=stop)  # "(Jacobs 45)"
    mla += find_author_title(view, references, start=start, end=stop)  # notes: "Akin, Title, 98"
    view = _blank(view, [c.group for c in mla])
    found += mla
    names = _blank(text, exclude)
    found = reread_narrative(names, found, references, sentences=sentences)
    found += find_apart(view, names, references, sentences=sentences, start=start, end=stop)
    if sum(c.kind == "page" for c in mla) >= 2:  # an MLA paper: "... Jacobs argues (45)"
        view = _blank(view, [c.group for c in found[len(citations) :] if c.kind == "apart"])
        found += find_pages_apart(
            view, names, references, sentences=sentences, start=start, end=stop
        )
    found.sort(key=lambda c: c.start)
    return _op_cit(view, _ibid(view, names, found, start, stop), start, stop)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _has_ibid(view: str, start: int, stop: int) -> bool:
    """Whether ``ibid`` (or German ``ebd.``, ``ebenda``) stands in ``view[start:stop]``
    (by :meth:`str.find`: a pattern tried at every character takes ten times longer)."""
    for word, before in (("bid", "Ii"), ("bd.", "Ee"), ("benda", "Ee")):
        at = view.find(word, start + 1, stop)
        while at != -1:
            if view[at - 1] in before:
                return True
            at = view.find(word, at + 1, stop)
    return False


def _ibid(view: str, names: str, found: list[Citation], start: int, stop: int) -> list[Citation]:
    """``found`` with an instance for each ``ibid.``: the work cited just before it, or
    the last one of the names just before it (``Jander and Lutz (ibid.)``)."""
    out = list(found)
    if not _has_ibid(view, start, stop):  # most texts have none: skip the scan
        return out
    for m in _IBID.finditer(view, start, stop):
        before = [c for c in out if c.start < m.start()]
        if m.group("word"):
            named = _names_before(
                _tokens(names[max(0, m.start() - 120) : m.start()]), narrative=True
            )
            if named is not None:
                first = fold(named.surnames[0])
                before = [c for c in before if c.surnames and fold(c.surnames[0]) == first]
        if not before:
            continue
        word = "word" if m.group("word") else "note"
        rest = m.group("rest") if word == "word" else m.group("locator") or ""
        locator, alone = rest_locator(rest)
        if not alone:
            continue
        end = m.start(word) + len(m.group(word)) + (len(rest.rstrip()) if locator else 0)
        out.append(_repeat(before[-1], view, (m.start(word), end), locator, m.span()))
        out.sort(key=lambda c: c.start)
    return out


def _repeat(
    cited: Citation, view: str, span: tuple[int, int], locator: str | None, group: tuple[int, int]
) -> Citation:
    """``cited`` cited again at ``span`` (``ibid.``, ``op. cit.``): kind ``ibid``."""
    return replace(
        cited,
        text=_clean(view[span[0] : span[1]]),
        start=span[0],
        end=span[1],
        locator=locator,
        prefix=None,
        narrative=False,
        group=group,
        kind="ibid",
        secondary=False,
    )


# "Jacobs, op. cit., 45", "Jacobs op. cit. p. 45", "Jacobs, loc. cit.": the work last
# cited by that author
_OP_CIT = re.compile(
    r"(?<![\w-])(?P<name>[A-ZÀ-Þ][\w'’-]+),?\s+(?P<word>(?:op|loc)\.\s?cit\.)"
    r"(?P<locator>,?[^\S\n]*(?:(?:pp?|S)\.[^\S\n]*)?\d{1,5}(?:[-–]\d{1,5})?(?![\w-]))?"
)


def _op_cit(view: str, found: list[Citation], start: int, stop: int) -> list[Citation]:
    """``found`` with an instance for each ``Surname, op. cit.``: the work that surname
    was last cited for before it (kind ``ibid``, as a repeat of that citation)."""
    if "cit." not in view[start:stop]:
        return found
    out = list(found)
    for m in _OP_CIT.finditer(view, start, stop):
        first = fold(m.group("name"))
        before = [c for c in out if c.start < m.start() and c.surnames]
        before = [c for c in before if fold(c.surnames[0]) == first]
        if not before:
            continue
        locator, _ = rest_locator(m.group("locator") or "")
        out.append(_repeat(before[-1], view, m.span(), locator, m.span()))
    return sorted(out, key=lambda c: c.start)


def running_heads(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Lines of ``text[start:end]`` printed verbatim three times or more that hold a digit:
    a running head with its volume and year (``J Public Health (2009) 17:71-76``) that
    the extraction left in the text, page after page. No sentence repeats so.

    >>> text = "J Adv (2009) 1:2\\nSmith (2001) says.\\nJ Adv (2009) 1:2\\nJ Adv (2009) 1:2\\n"
    >>> [text[a:b] for a, b in running_heads(text)][:1]
    ['J Adv (2009) 1:2']
    """
    stop = len(text) if end is None else end
    lines = text[start:stop].split("\n")
    counts = Counter(line.strip() for line in lines)
    heads = {k for k, n in counts.items() if n >= 3 and len(k) >= 12 and _DIGIT.search(k)}
    spans = []
    at = start
    for line in lines:
        if heads and line.strip() in heads:
            spans.append((at, at + len(line)))
        at += len(line) + 1
    return spans


def all_citations(
    text: str,
    document: Document,
    references: Sequence[Reference],
    *,
    exclude: Sequence[tuple[int, int]] = (),
) -> list[Citation]:
    """Every citation of the document's body, in text order: author-date
    (:mod:`kg.ingest.citations`; the names of one never read across a paragraph's start),
    Pandoc's ``[@key]`` and printed labels ``[BAUD93]`` (:mod:`kg.ingest.keyed`), numeric callouts
    (:mod:`kg.ingest.numeric`), the forms only the list makes citations
    (:mod:`kg.ingest.listed`), then the apart, title and ibid citations read here.
    Running heads (:func:`running_heads`) are read as blank space."""
    start, end = document.body
    exclude = [*exclude, *running_heads(text, start, end)]
    view = initials_view(lower_case_view(text, references))
    found = extract_citations(
        view,
        start=start,
        end=end,
        exclude=exclude,
        paragraphs=[p.start for p in document.paragraphs],
    )
    found = restore(found, text, view)
    keyed = find_keyed(text, references, start=start, end=end, exclude=exclude)
    keyed += find_labelled(text, references, start=start, end=end, exclude=exclude)
    if keyed:  # "[@key]", "[BAUD93]": what author-date read inside their brackets gives way
        brackets = [k.group for k in keyed]
        found = [c for c in found if not any(s <= c.start < e for s, e in brackets)]
        found = sorted([*found, *keyed], key=lambda c: (c.start, c.end))
    callouts = find_callouts(
        text,
        references,
        start=start,
        end=end,
        exclude=exclude,
        author_date=len(found),
        document=document,
    )
    if callouts:
        found = sorted([*found, *callouts], key=lambda c: (c.start, c.end))
    taken = _blank(text, [*exclude, *(c.group for c in found)])
    prose = prose_years(taken, references, start=start, end=end)
    taken = _blank(taken, [c.group for c in prose])
    prose += bare_years(taken, references, start=start, end=end)
    if prose:
        found = sorted([*found, *prose], key=lambda c: (c.start, c.end))
    return find_loose(
        text,
        found,
        references,
        sentences=document.sentences,
        start=start,
        end=end,
        exclude=exclude,
    )
