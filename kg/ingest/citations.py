"""Author-year citations in raw text: ``(Townsend 2013; Kitchin 2014)``, ``Haas (1992: 2)``,
``[see Nelson and White 1982]``.

The text is read as it came out of the extraction, line breaks, page breaks and
footnotes included. Every parenthesis (or square bracket) is examined once (nested ones
first); a parenthesis that opens with a year is a *narrative* citation when the words just
before it are names (``Dodge and Kitchin (2007)``), otherwise its content is split
at ``;`` and each part read as ``[prefix] names [,] year[suffix] [locator]``, with
further years of the same names (``Kitchin 2014, 2016``), further works
(``Smith 2019 and Jones 2020``) and secondary citations (``Smith 2001, as cited
in Jones 2010``); co-authors may be joined by a slash (``Bertaux/Delcroix 2009``) or
German's ``und`` (``u. a.`` for ``et al.``); an
acronym in brackets after a corporate name is passed over (``World Health Organization
[WHO], 2020``), and so is an editor's mark (``Kaube (Hg.) (2014)``, ``Brenner (ed., 2014)``).
Nothing is backtracked: names are read token by token,
backwards from the year, so the work is linear in the length of the text.

What each instance holds:

- ``start``/``end``: its own key, names to year and locator (``Kitchin 2014``,
  ``Sabatier and Jenkins-Smith 1993: 25``); a narrative key runs from the
  surname to the closing parenthesis when the parenthesis holds nothing else
  (``Dodge and Kitchin (2007)``). A further year of the same names is a key of
  its own, the year alone (``2016`` in ``Kitchin 2014, 2016``), and so is a further
  letter of the same year (``b`` in ``Smith 2019a, b``, year ``2019b``).
- ``group``: the whole parenthesis, or the narrative phrase from the surname to
  the closing parenthesis.
- ``surnames`` as written; a line-break hyphen inside a name is undone unless a
  capital follows (``Jenkins-Smith``). In a narrative citation a given name or
  initial before the surname is dropped (``Peter Haas (1992: 2)`` cites
  ``Haas``; particles stay: ``Michel de Certeau (1984)`` cites ``de Certeau``)
  unless the name is corporate (``World Bank (2018)``); so a narrative compound
  surname keeps its last part only (``Sánchez Criado (2015)`` cites ``Criado``,
  which resolution reads as part of the compound).
- ``year`` as cited with its suffix (``2016b``), or ``n.d.``, ``in press``,
  ``forthcoming``, ``unpublished``.
- ``locator`` normalised one way: the separator (``:`` or ``,``) dropped, a label
  kept as written with one space (``p. 25``, ``pp. 3-5``, ``ch. 4``), dashes made
  ``-``; so ``1992: 2`` gives ``2`` and ``2020, p. 4`` gives ``p. 4``; a roman page
  after a colon too (``1984: xxiv``).
- ``prefix``: a signal phrase before the names (``see``, ``see also``, ``e.g.``,
  ``cf.``, ``for example``), as written without its trailing comma.
- ``secondary``: the first of ``X, as cited in Y``; ``Y`` gets no prefix.

``exclude`` lists spans that are not running text (front matter, a reference
list, footnotes, page furniture): nothing in them is a citation, and they read
as blank space, so a citation interrupted by one still reads as one.

Not citations: a parenthesis without a year, a year after a month or in prose
(``(Dec 2016)``, ``by 2015``), a year range (``1927–1949``), a decade
(``1990s``), a name followed by initials (a reference-list entry such as
``Heaphy, L. (2019)``), a name with no year (``following Raco and Savini's
terms``).

>>> [c.text for c in extract_citations("smart (Townsend 2013; see Kitchin 2014, 2016b).")]
['Townsend 2013', 'Kitchin 2014', '2016b']
>>> c = extract_citations("In his work, Peter Haas (1992: 2) defined it.")[0]
>>> c.text, c.surnames, c.year, c.locator, c.narrative
('Haas (1992: 2)', ('Haas',), '1992', '2', True)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

from kg.ingest.model import Citation

__all__ = ["extract_citations"]

#: The longest parenthesis read as a citation group, and how far back a narrative
#: citation's names may reach.
MAX_GROUP = 1500
LOOKBACK = 200

_YEAR = re.compile(
    r"(?<![\w./-])(?:(?P<year>1[5-9]\d\d|20\d\d)(?P<suffix>[a-z])?(?![\w-])(?![–—]\d)"
    r"(?:/(?P<alt>1[5-9]\d\d|20\d\d)(?![\w-])|[^\S\n]*\[(?P<alt2>1[5-9]\d\d|20\d\d)\])?"
    r"|(?P<nd>n\.\s?d\.)|(?P<other>in\s+press|forthcoming|unpublished)(?!\w))",
)
_TOKEN = re.compile(
    r"[^\W\d_](?:[^\W_]|['’](?=[^\W\d_])|-[^\S\n]*(?:\n[^\S\n]*)*(?=[^\W\d_]))*(?:['’]s?)?\.?"
    r"|\d+(?=[A-Z][a-z])|\d+\w*|[^\w\s]"  # "1Besanko": a note's number stuck to a name
)
_LOCATOR = re.compile(
    r"(?P<sep>\s*[:,]\s*|\s+)"
    # "S." is German "Seite", "f."/"ff." its "and the following page(s)"
    r"(?P<label>(?:pp?|pg|ch|chap|para|paras|sec|fig|n|nn|fn|col|vol|tab|s)\.\s*"
    r"|(?:page|pages|chapter|paragraph)\s+)?"
    r"(?P<first>\d{1,5}(?:\s?ff?\.|[a-z])?|[ivxlcdm]{1,7}\b)"
    r"(?P<range>\s*[-–—]\s*(?:\d{1,5}|[ivxlcdm]{1,7}\b))?"
    r"(?=\s*(?:[),;.]|$))",
    re.IGNORECASE,
)
_SIGNAL = re.compile(
    r"(?:(?<=[\s,(])|^)(?P<signal>(?:(?:see(?:\s+also|\s+especially|\s+generally)?|but\s+see"
    r"|cf\.|compare|contra|e\.\s?g\.|i\.\s?e\.|for\s+(?:example|instance)|also|notably"
    r"|especially|after|following)[\s,:]*)+)$",
    re.IGNORECASE,
)
# a book's imprint in a note, "(New York: B. W. Huebsch, 1921)": a place and a colon before
# the publisher's name, not a label ("Source: OECD 2019")
_IMPRINT = re.compile(
    r"^\s*(?!(?:Sources?|Quellen?|Data|Daten|Notes?|See|Cf|Compare|Figure|Fig|Table|Tab|Abb"
    r"|Vgl|Siehe|Also|Examples?|For|In|After|Adapted|From|Based)\b)"
    r"(?:[A-Z][\w.'’-]*[\s,]+){0,3}[A-Z][\w.'’-]*:\s*(?:[A-Z]\.\s*)*$"
)
_SECONDARY = re.compile(
    r"(?:(?<=[\s,(])|^)(?:as\s+)?(?:cited|quoted|reproduced|reprinted)\s+in[\s,:]*$",
    re.IGNORECASE,
)
_EDITOR_WORD = re.compile(r"\s*(?:eds?|Hg|Hrsg)\.?,?\s*(?=\d|$)")
_EDITORS_AFTER = re.compile(r"\(\s*(?:eds?|Hg|Hrsg)\.?\s*\)\s*$")
_ACRONYM = re.compile(r"\s\[[A-Z][A-Z&]{1,11}\](?=,?\s*$)")
_JOINERS_ONLY = re.compile(r"[\s,&]*(?:and\s*)?[\s,&]*", re.IGNORECASE)
_LETTER = re.compile(r"\s*,\s*(?P<letter>[a-z])(?![\w.])")
_AFTER_COMMA = re.compile(r"\s*,\s*([^\W\d_]+)")
_SOFT_HYPHEN = re.compile(r"(?<=\w)-[^\S\n]*\n\s*(?=\w)")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS = _words(
    """
    a about above according across after against all also although among amongst an and
    another any are around as at because before below beneath between beyond both but by
    chapter chapters circa compare contra despite during each either even every few figure
    figures following footnote for from further furthermore hence here his her however i if
    in including indeed into is it its just less like likewise many may moreover most much
    my neither no nor not note notes now of on one only or other others our over page pages
    part per perhaps quoted recently reprinted section sections see several she similarly
    since so some source sources still such table tables than that the their them then there
    these they this those though thus to too under unless unlike until upon us via was we
    were what when whereas where which while whilst who whose why with within without yet
    you your appendix box map plate vol volume ed eds edn trans ibid cited cf eg ie he him
    me
    """
)
_MONTHS = _words(
    """
    january february march april june july august september october november december jan
    feb mar apr jun jul aug sep sept oct nov dec spring summer autumn fall winter monday
    tuesday wednesday thursday friday saturday sunday
    """
)
_PARTICLES = _words(
    """
    de da das do dos du des del della der den di van von la le ter ten af av zu y
    """
)
_CAPITAL_PARTICLES = _words(
    """
    de da das do dos du des del della der den di van von la le ter ten mac mc o ó ní nic al
    el bin ben st
    """
)
#: stop words that, in capitals, are no acronym (a heading's, a shouted word)
_SHOUTED = frozenset({"the", "and", "for", "nor", "but", "not", "all", "see", "was", "are"})
_CORPORATE_JOINERS = frozenset({"of", "for", "the"})
_SAINT = frozenset({"St.", "Ste.", "St", "Ste"})  # inside a surname: "de St. Aubin"
_DETERMINERS = frozenset({"the", "a", "an"})
_AND = frozenset({"and", "&", "und", "u."})  # German co-authors: "Müller und Schmidt"
_ET_AL = frozenset(
    {("et", "al."), ("et", "al"), ("et.", "al."), ("and", "others"), ("and", "colleagues")}
    | {("u.", "a.")}  # "und andere"
)
_CORPORATE = _words(
    """
    academy administration agency alliance assembly association authority bank board bureau
    centre center coalition commission committee company consortium corporation council
    department federation forum foundation fund government group inc initiative institute
    institution international laboratory league ltd ministry nations network observatory
    office organisation organization parliament partnership programme program project
    secretariat service services society survey team trust union unit watch university
    times post guardian herald tribune telegraph gazette chronicle economist observer
    """
)


class _Token(NamedTuple):
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class _Names:
    """Names read before a year: where they start, what they are."""

    start: int  # offset in the text
    surnames: tuple[str, ...]
    et_al: bool


def _clean(text: str) -> str:
    """``text`` with line-break hyphenation undone (kept before a capital) and every
    run of whitespace one space."""

    def join(found: re.Match) -> str:
        after = text[found.end()] if found.end() < len(text) else ""
        return "-" if after.isupper() else ""

    return " ".join((_SOFT_HYPHEN.sub(join, text) if "\n" in text else text).split())


_POSSESSIVE = ("'s", "’s", "'", "’")


def _bare(token: str) -> str:
    """A name token without its possessive ending."""
    if not token.endswith(_POSSESSIVE):
        return token
    for ending in _POSSESSIVE:
        if token.endswith(ending):
            return token[: -len(ending)]
    return token


def _is_name(token: str, *, lenient: bool = False) -> bool:
    """Whether ``token`` can be (part of) a name; ``lenient`` lets a common word stand as a
    surname where only a name can stand, before ``et al.`` (``While et al. 2004``) or after
    another name and ``and`` (``Nelson and Winter 1982``; ``(Winter 1989)`` is a season)."""
    kind = _name_kind(token)
    return kind == _NAME or (lenient and kind == _COMMON)


_NOT_NAME, _COMMON, _NAME = 0, 1, 2


@lru_cache(maxsize=1 << 16)  # the same words come again and again
def _name_kind(token: str) -> int:
    """What :func:`_is_name` needs to know of ``token``: no name, a name only where a
    common word may stand as one (a stop word or a month), or a name."""
    word = _bare(token)
    if word[:2] in ("d'", "d’", "l'", "l’"):  # d'Alembert
        word = word[2:]
    if len(word) < 2 or word.endswith(".") or not word[0].isupper():
        return _NOT_NAME
    if not word.isalpha() and any(ch.isdigit() for ch in word):
        return _NOT_NAME
    folded = word.casefold()
    if word.isupper() and len(word) >= 3 and folded not in _SHOUTED:
        return _NAME  # an acronym that is also a word: WHO
    return _COMMON if folded in _STOPWORDS or folded in _MONTHS else _NAME


def _is_month(token: str) -> bool:
    return token[:1].isupper() and token.casefold() in _MONTHS


def _is_corporate(words: Sequence[str]) -> bool:
    """Whether a name is an organisation's: a word such as Bank or Council, or an acronym."""
    for word in words:
        bare = _bare(word)
        if bare.casefold() in _CORPORATE or (len(bare) >= 2 and bare.isupper()):
            return True
    return False


def _author_backwards(tokens: list[_Token], i: int, *, lenient: bool = False) -> int | None:
    """The index of the first token of one author's name ending at ``tokens[i]``."""
    if i < 0 or not _is_name(tokens[i].text, lenient=lenient):
        return None
    first = i
    j = i - 1
    while j >= 0:
        word = tokens[j].text
        if _is_name(word) and _bare(word) == word:  # no possessive inside a name
            first = j
            j -= 1
            continue
        if (word.casefold() in _PARTICLES and word.islower()) or word in _SAINT:
            first = j  # "van der Berg", "de St. Aubin"
            j -= 1
            continue
        if word.casefold() in _CORPORATE_JOINERS and word.islower():
            # "Department of the Taoiseach": joiners count only between the words
            # of a corporate name.
            k = j
            while k >= 0 and tokens[k].text.casefold() in _CORPORATE_JOINERS:
                k -= 1
            if k >= 0 and _is_name(tokens[k].text):
                head = _author_backwards(tokens, k)
                span = [t.text for t in tokens[head if head is not None else k : i + 1]]
                if _is_corporate(span):
                    return head if head is not None else k
        break
    return first


def _narrative_name(words: list[str]) -> int:
    """How many leading words of a narrative name are given names (``Peter Haas``)."""
    if len(words) < 2 or _is_corporate(words):
        return 0
    last = len(words) - 1
    k = last
    while k > 0 and words[k - 1].casefold() in _CAPITAL_PARTICLES:
        k -= 1
    return k


def _names_before(tokens: list[_Token], *, narrative: bool) -> _Names | None:
    """Names read backwards from the end of ``tokens``, which they must reach (a comma
    before the year allowed, or a colon in a parenthesis: ``(Smith: 2019)``); None when
    the last words are not names."""
    i = len(tokens) - 1
    if i >= 0 and (tokens[i].text == "," or (tokens[i].text == ":" and not narrative)):
        i -= 1  # "(Smith, 2019)"; "(Smith: 2019)" inside a parenthesis only
    et_al = i >= 1 and (tokens[i - 1].text, tokens[i].text) in _ET_AL
    if et_al:
        i -= 2
    if et_al and i >= 0 and tokens[i].text == ",":
        i -= 1
    authors: list[tuple[int, int]] = []
    seen_and = after_and = comma_and = False
    while True:
        # a common word stands as a surname before "et al." or after "Nelson and", and a
        # month before "and Olsen" ("March and Olsen 1989")
        joined = i >= 2 and tokens[i - 1].text.casefold() in _AND
        joined = joined and _is_name(tokens[i - 2].text)
        lenient = ((et_al or joined) and not authors) or (after_and and _is_month(tokens[i].text))
        first = _author_backwards(tokens, i, lenient=lenient)
        after_and = False
        if first is None:
            break
        if authors and _bare(tokens[i].text) != tokens[i].text:
            break  # a possessive belongs to the last name only
        authors.insert(0, (first, i))
        j = first - 1
        if j >= 0 and tokens[j].text.casefold() in _AND and not seen_and:
            k = j - 1
            if k >= 0 and tokens[k].text == ",":
                k -= 1
            if _author_backwards(tokens, k, lenient=k >= 0 and _is_month(tokens[k].text)) is None:
                break
            seen_and = after_and = True
            comma_and = k < j - 1
            i = k
            continue
        if j >= 0 and tokens[j].text == "/":  # "Bertaux/Delcroix 2009", German style
            if _author_backwards(tokens, j - 1) is None:
                break
            i = j - 1
            continue
        if j >= 0 and tokens[j].text == "," and (seen_and or not narrative):
            if _author_backwards(tokens, j - 1) is None:
                break
            i = j - 1
            continue
        break
    if narrative and comma_and and len(authors) == 2:
        authors = authors[1:]  # "in Paris, and Brenner (2014)": two authors take no comma
    if not authors:
        return None
    opening = authors[0][0]
    if narrative and opening > 0 and tokens[opening - 1].text.casefold() in _DETERMINERS:
        # "the Paris Agreement (2015)" names a thing; "the World Bank (2018)" an author
        words = [tokens[k].text for first, last in authors for k in range(first, last + 1)]
        if not _is_corporate(words):
            return None
    surnames: list[str] = []
    for n, (first, last) in enumerate(authors):
        words = [tokens[k].text for k in range(first, last + 1)]
        if narrative:
            drop = _narrative_name(words)
            first += drop
            if n == 0:
                authors[0] = (first, last)
        name = _clean(" ".join(tokens[k].text for k in range(first, last + 1)))
        surnames.append(_bare(name))
    return _Names(tokens[authors[0][0]].start, tuple(surnames), et_al)


def _names_ending(lead: str, offset: int) -> _Names | None:
    """:func:`_names_before` the tokens of ``lead`` (at ``offset`` in the text), in a
    citation group: read once for each way a group's names are written."""
    found = _lead_names(lead) if len(lead) <= 200 else _lead_names.__wrapped__(lead)
    return None if found is None else _Names(offset + found[0], found[1], found[2])


@lru_cache(maxsize=1 << 14)  # the same works are cited again and again (short texts kept)
def _lead_names(lead: str) -> tuple[int, tuple[str, ...], bool] | None:
    names = _names_before(_tokens(lead), narrative=False)
    return None if names is None else (names.start, names.surnames, names.et_al)


class _Reads(list):
    """Tokens that note the lowest index read (a slice's start included)."""

    low = 1 << 30

    def __getitem__(self, k):
        first = k.start or 0 if isinstance(k, slice) else k
        if 0 <= first < self.low:
            self.low = first
        return super().__getitem__(k)


#: where a window may be cut without changing its tokens after the cut: past a run of
#: whitespace not after a hyphen (only a hyphen joins a token across whitespace)
_CUT = re.compile(r"(?<=[^\s-])\s+")
NEAR = 60  # characters before a narrative parenthesis tokenised first


def _narrative_names(window: str, back: int) -> _Names | None:
    """:func:`_names_before` the tokens of ``window`` (at ``back`` in the text), read from
    its last :data:`NEAR` characters when the names are all there: when reading them
    went no nearer than three tokens to that stretch's start, whatever lies before it is
    never looked at (nor any bound tested), and the whole window is not tokenised."""
    cut = _CUT.search(window, len(window) - NEAR) if len(window) > NEAR else None
    if cut is not None:
        near = _Reads(_tokens(window[cut.end() :], back + cut.end()))
        if near and near[-1].text == ",":
            return None
        if near:
            names = _names_before(near, narrative=True)
            if near.low >= 3:
                return names
    tokens = _tokens(window, back)
    return _names_before(tokens, narrative=True) if tokens and tokens[-1].text != "," else None


def _tokens(text: str, offset: int = 0) -> list[_Token]:
    return [
        _Token(m[0], offset + (span := m.span())[0], offset + span[1])
        for m in _TOKEN.finditer(text)
    ]


def _year_text(found: re.Match) -> str:
    if found.group("year"):
        return found.group("year") + (found.group("suffix") or "")
    if found.group("nd"):
        return "n.d."
    return " ".join(found.group("other").split()).lower()


def _is_yearlike(number: str) -> bool:
    return len(number) == 4 and number.isdigit() and 1500 <= int(number) <= 2099


def _locator(segment: str, at: int) -> tuple[str, int] | None:
    """The page or other locator right after a year: its normal form and end."""
    found = _LOCATOR.match(segment, at)
    if not found:
        return None
    label, first = found.group("label"), found.group("first")
    if not label and (":" not in found.group("sep") and "," not in found.group("sep")):
        return None
    roman = not first[0].isdigit()
    if not label and ((roman and ":" not in found.group("sep")) or _is_yearlike(first[:4])):
        return None  # a roman page needs a label or a colon: (1984: xxiv), not (2001, i)
    number = first + "".join(found.group("range").split()) if found.group("range") else first
    number = re.sub(r"[–—]", "-", number)
    value = f"{' '.join(label.split())} {number}" if label else number
    return value, found.end()


def _ends_key(content: str, year: re.Match) -> bool:
    """Whether the year (and its locator) opening a narrative parenthesis ends there or
    at a separator: ``(2019)``, ``(2019, p. 4)``, ``(2014, 2016)``, not ``(2019 report)``."""
    locator = _locator(content, year.end())
    rest = content[locator[1] if locator else year.end() :]
    month = _AFTER_COMMA.match(rest)
    if month and month.group(1).casefold() in _MONTHS:
        return False  # "Kazmierska (2003, September)": a date of publication
    return not rest.strip() or rest.lstrip()[0] in ",;"


def _decade(found: re.Match) -> bool:
    return found.group("suffix") == "s" and found.group("year").endswith("0")


class _Reader:
    """Reads the citation groups of one text; ``view`` is the text with excluded and
    already-read spans blanked, so offsets stay those of the text."""

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        exclude: Iterable[tuple[int, int]],
        paragraphs: Sequence[int] = (),
    ):
        self.text = text
        self.paragraphs = sorted(paragraphs)
        self.start = start
        self.end = end
        self.view = list(text)
        for a, b in exclude:
            a, b = max(a, 0), min(b, len(text))
            if a < b:
                self.view[a:b] = " " * (b - a)
        self.found: list[Citation] = []
        self.ends: list[int] = []  # where the groups read so far end, in order

    def slice(self, a: int, b: int) -> str:
        return "".join(self.view[a:b])

    def blank(self, a: int, b: int) -> None:
        self.view[a:b] = " " * (b - a)

    def read(self) -> list[Citation]:
        opened: dict[str, list[int]] = {"(": [], "[": []}  # square brackets cite too
        region = self.slice(self.start, self.end)
        for found in re.finditer(r"[()\[\]]", region):
            at = self.start + found.start()
            if found.group() in opened:
                opened[found.group()].append(at)
                continue
            stack = opened["(" if found.group() == ")" else "["]
            if not stack:
                continue
            o = stack.pop()
            # a year inside: no year, date or "in press" reaches past a parenthesis, so
            # looking inside this one finds what a search of the whole text finds there
            if at - o <= MAX_GROUP and _YEAR.search(region, o - self.start, at - self.start):
                self.group(o, at)
        self.found.sort(key=lambda c: (c.start, c.end))
        return self.found

    def group(self, o: int, c: int) -> None:
        """Read the parenthesis from ``o`` to ``c`` (the closing one)."""
        content = self.slice(o + 1, c)
        editor = _EDITOR_WORD.match(content)  # "Smith (ed., 2010)", "Kaube (Hg. 2014)"
        lead = _YEAR.match(
            content, editor.end() if editor else len(content) - len(content.lstrip())
        )
        names = None
        if lead and not (lead.group("year") and _decade(lead)) and _ends_key(content, lead):
            back = max(self.start, o - LOOKBACK)
            at = bisect.bisect_right(self.paragraphs, o) - 1
            if at >= 0:  # the names are in the parenthesis's paragraph, not a heading above
                back = max(back, self.paragraphs[at])
            before = bisect.bisect_right(self.ends, o) - 1
            if before >= 0:  # nor before a citation read already: "Stiglitz (2002) and Soros ("
                back = max(back, self.ends[before])
            window = self.slice(back, o)
            window = _EDITORS_AFTER.sub(lambda e: " " * len(e[0]), window)  # "Smith (ed.) (2010)"
            names = _narrative_names(window, back)
        group = (names.start if names else o, c + 1)
        count = len(self.found)
        offset = o + 1
        carried, narrative = names, names is not None
        for part in content.split(";"):
            carried = self.segment(part, offset, group, carried, narrative=narrative)
            narrative = False
            offset += len(part) + 1
        if len(self.found) > count:
            self.blank(*group)
            bisect.insort(self.ends, group[1])

    def segment(
        self,
        part: str,
        offset: int,
        group: tuple[int, int],
        carried: _Names | None,
        *,
        narrative: bool,
    ) -> _Names | None:
        """Read one ``;``-separated part of a group (``offset`` its place in the text);
        ``carried`` are narrative names waiting for their year, or the names last cited
        in the part before. Return the names last cited."""
        pos, last = 0, carried
        pending = carried if narrative else None
        first = len(self.found)
        while (year := _YEAR.search(part, pos)) is not None:
            # "(World Health Organization [WHO], 2020)": the acronym read as blank space
            lead = _ACRONYM.sub(lambda a: " " * len(a[0]), part[pos : year.start()])
            names: _Names | None = None
            prefix = None
            if year.group("year") and _decade(year):
                pass
            elif pending is not None and (not lead.strip() or _EDITOR_WORD.fullmatch(lead)):
                names, start = pending, pending.start
            elif (names := _names_ending(lead, offset + pos)) is not None:
                start = names.start
                if _IMPRINT.match(part[pos : start - offset]):  # "(Berkeley: Univ... Press, 1977)"
                    names = None
                else:
                    prefix = self.prefix(_clean(part[pos : start - offset]), first)
            elif last is not None and _JOINERS_ONLY.fullmatch(lead):
                names, start = last, offset + year.start()
            pending = None
            if names is None:
                pos, last = year.end(), None
                continue
            cited = _year_text(year)
            other = year.group("alt") or year.group("alt2") if year.group("year") else None
            pos = self.emit(part, offset, group, cited, year.end(), names, start, prefix, other)
            # "2019a, b": further letters of the same year
            while (
                cited[:4].isdigit() and cited[4:].isalpha() and (letter := _LETTER.match(part, pos))
            ):
                cited = cited[:4] + letter.group("letter")
                start = offset + letter.start("letter")
                pos = self.emit(part, offset, group, cited, letter.end(), names, start, None)
            last = names
        return last

    def prefix(self, before: str, first: int) -> str | None:
        """The signal phrase in ``before`` (the words ahead of a key); ``as cited in``
        marks the instance before it, if this part has one, as secondary instead."""
        if _SECONDARY.search(before) and len(self.found) > first:
            self.found[-1] = replace(self.found[-1], secondary=True)
            return None
        signal = _SIGNAL.search(before)
        return signal.group("signal").strip(" ,:") if signal else None

    def emit(
        self,
        part: str,
        offset: int,
        group: tuple[int, int],
        cited: str,
        end_local: int,
        names: _Names,
        start: int,
        prefix: str | None,
        other: str | None = None,
    ) -> int:
        """Record one instance whose year ``cited`` ends at ``end_local`` in ``part``;
        return where its key ends. Narrative when its names stand before the group."""
        narrative = names.start == group[0]  # the names stand before the parenthesis
        locator = _locator(part, end_local)
        if locator:
            end_local = locator[1]
        end = offset + end_local
        whole = not part[end_local:].strip() and group[1] - 1 == offset + len(part)
        if narrative and start == group[0] and whole:
            end = group[1]  # the narrative key holds the whole parenthesis
        self.found.append(
            Citation(
                text=_clean(self.slice(start, end)),
                start=start,
                end=end,
                surnames=names.surnames,
                year=cited,
                et_al=names.et_al,
                locator=locator[0] if locator else None,
                prefix=prefix,
                narrative=narrative,
                group=group,
                other_year=other,
            )
        )
        return end_local


def extract_citations(
    text: str,
    *,
    start: int = 0,
    end: int | None = None,
    exclude: Sequence[tuple[int, int]] = (),
    paragraphs: Sequence[int] = (),
) -> list[Citation]:
    """The author-year citation instances of ``text[start:end]``, in text order.

    Offsets are into ``text``. ``exclude`` spans are not running text: they hold no
    citation and read as blank space (see the module's documentation). ``paragraphs``,
    where the paragraphs start, if known: a narrative citation's names are looked for in
    its parenthesis's paragraph only.

    >>> text = "2. Clinical Practice\\n\\nWARNER (1997a) framed it"
    >>> [c.text for c in extract_citations(text, paragraphs=[0, text.index("W")])]
    ['WARNER (1997a)']

    >>> found = extract_citations("(Smith 2001, as cited in Jones 2010; cf. OECD 2020: 4)")
    >>> [(c.surnames, c.year, c.secondary, c.prefix, c.locator) for c in found]
    ... # doctest: +NORMALIZE_WHITESPACE
    [(('Smith',), '2001', True, None, None), (('Jones',), '2010', False, None, None),
     (('OECD',), '2020', False, 'cf.', '4')]
    >>> extract_citations("recently launched (Dec 2016) and by 2015 the city")
    []
    """
    stop = len(text) if end is None else min(end, len(text))
    return _Reader(text, max(start, 0), stop, exclude, paragraphs).read()
