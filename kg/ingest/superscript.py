"""Superscript-like callouts: the numbers of a Vancouver paper whose superscripts the PDF's
extraction left on the line (``care.7``, ``dysfunction4,5``, ``cases.1-2``,
``relate."15:264``, or true superscripts, ``doença.¹``), read only where the typography
makes them unambiguous.

Two tiers. **Firm**: digits stuck to a lower-case word, or to any word across
punctuation on a line of prose (``Sistema.3``; not ``Porto,1 Lima,2``), are callouts,
except after an abbreviation that labels a number (``Vol.3``, ``No.1``, ``p.71``,
``Fig.2``) or a unit (``cm2``, ``km²``), after a word in capitals (``COVID19``) or with
a leading zero (``woman01``). **Relaxed**: what a superscript becomes when the
extraction set it off or glued it to something other than a word — digits stuck to a
capitalised word without punctuation (``Health13``: also an author's affiliation,
``Porto1``), to a parenthesis or a percentage (``(79%)5``, ``61%.13 The``), or after one
space (``ulcers 6,``, ``61%. 13 The``, ``denial" 6 In``). A relaxed callout is read only
when the firm ones show the paper's style: at least :data:`FIRM_LEAST` of them,
introducing the list's numbers in order (a Vancouver list is numbered by first
citation); and only after the first firm callout (so never in the byline), with every
number at most :data:`AHEAD` beyond the highest cited before it. A capitalised word
needs a line of prose around it (most of its words in lower case: a line of names is a
byline); a space needs a content word before it (not ``of``, ``was``, ``table``,
``type``, ``aged``, a month: a quantity, a label's number or a date) and a sentence's or
clause's end after it (``ulcers 6, similar``; ``61%. 13 The``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from kg.ingest.model import Citation

__all__ = ["AHEAD", "FIRM_LEAST", "labels", "superscript_callouts"]

FIRM_LEAST = 3
AHEAD = 2
IN_ORDER = 0.7  # the share of first citations that must raise the highest number so far

_BODY = r"(?P<body>[1-9]\d{0,2}(?:[-–,][1-9]\d{0,2})*)"
_STUCK = re.compile(
    r"(?P<word>(?<![\w.@/])[^\W\d_]{2,}|(?<=\w['’])[^\W\d_])(?P<punct>[.,;:)’”\"']{0,2})"
    + r"(?P<body>[1-9]\d{0,2}(?:(?:[-–]|,[ ]?)[1-9]\d{0,2})*)"
    + r"(?P<page>:\d{1,4}(?:[-–]\d{1,4})?)?(?![\w@-])(?![.,]\d)"
)
_PAREN = re.compile(r"(?<![^\s(])\((?P<inside>[^()\n]{1,40})\)" + _BODY + r"(?![\w@-])(?![.,]\d)")
_PERCENT = re.compile(r"(?<=\d%)[.,;:]?" + _BODY + r"(?=[.,;:]?(?:\n|$)|[.,;:]?\s+[^\W\d_a-z])")
_SPACED = re.compile(r"(?<=\S) [\"“”]?" + _BODY + r"(?P<after>[.,;:]?)(?=\s|$)")
_YEAR = re.compile(r"\b1[5-9]\d\d\b|\b20\d\d\b")  # (Bertaux 1997, p. 7)3: a note's mark
_DATE = re.compile(
    r",\s*\d{4}\b|\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s", re.I
)
_TOKEN = re.compile(r"(?P<core>\S*?)(?P<punct>[.,;:!?\"”’)]*)$")

_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Abbreviations that label the number after them, and words after which a bare number
# is a quantity or a label's number, not a callout (English and the Romance languages'
# abbreviations the same papers use).
ABBREVIATIONS = _set(
    "p pp s c vol vols no nos nr n fig figs eq eqs ref refs tab art sec ch chap cap ed "
    "para op ibid cit id v r t"
)
UNITS = _set("mm cm dm km nm µm ft yd mi in sq cu")  # squared, cubed: cm2, km²
NOT_BEFORE = ABBREVIATIONS | _set(
    """
    table tables figure figures chart graph chapter chapters section sections part page
    pages step steps phase stage type grade level group groups wave round item items
    question questions version model study hypothesis appendix annex equation line lines
    row column note notes article paragraph volume number issue session day days week
    weeks month months year years hour hours minute minutes age aged class cohort unit
    ward bed case cases patient patients participant participants woman women man men
    child children subject subjects interview interviewee sample site region area zone
    category factor dimension score scale point points times dose doses
    a an the of to from and or nor than was were is are be been being by at in on with
    about approximately only all these those this that for under over between each
    every nearly almost around some first last top next among into within up least most
    more less fewer total respectively after before since until during per via as had
    have has plus minus equals equal mean median range ratio rate rates sum out
    january february march april may june july august september october november december
    """
)


def _number_ok(numbers: list[int], highest: int, seen_top: int) -> bool:
    """Every number is in the list and at most :data:`AHEAD` beyond ``seen_top``, the
    highest cited before it."""
    return all(1 <= n <= highest and n <= seen_top + AHEAD for n in numbers)


def _numbers(body: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", body)]


def _prose_line(text: str, at: int) -> bool:
    """The line around ``at`` is prose: most of its words begin in lower case."""
    a = text.rfind("\n", 0, at) + 1
    b = text.find("\n", at)
    words = re.findall(r"[^\W\d_]{2,}", text[a : b if b >= 0 else len(text)])
    return sum(w[0].islower() for w in words) * 2 > len(words)


def _firm(m: re.Match) -> bool | None:
    """Whether a stuck callout is firm (True), relaxed (False) or none (None)."""
    word, punct = m.group("word"), m.group("punct")
    if len(word) > 1 and word.isupper():
        return None  # COVID19, H1N1's letters, an acronym
    whole = m.start() == 0 or m.string[m.start() - 1] not in "'’"
    if whole and punct.startswith(".") and word.casefold() in ABBREVIATIONS:
        return None  # Vol.3, No.1, p.71, Fig.2; not the 90's.2
    if not punct and word.casefold() in UNITS:
        return None  # cm2, km²
    if word[0].isupper() and not punct:
        return False  # Health13; Porto1 in a byline
    if word[0].isupper() and not _prose_line(m.string, m.start()):
        return None  # Porto,1 Lima,2: a byline's affiliations
    return punct != ")"  # a word in parentheses, then digits: relaxed


def _stuck_body(m: re.Match) -> str:
    """A stuck callout's numbers: ``studies.5, 8, 14 A`` all three, but ``cases4, 5
    were`` only the first (what follows a spaced comma is the sentence's)."""
    body = m.group("body")
    if ", " in body and re.match(r" [a-z]", m.string[m.end() : m.end() + 2]):
        return body.split(",")[0]
    return body


def labels(word: str) -> bool:
    """A word after which a number is a quantity or a label's: ``table``, ``interviews``."""
    w = word.casefold()
    return w in NOT_BEFORE or (w.endswith("s") and w[:-1] in NOT_BEFORE)


def _spaced_ok(text: str, m: re.Match) -> bool:
    """A number after one space is a callout by its neighbours: a content word (or a
    clause's end) before it, a sentence's or clause's end after it."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    token = text[line_start : m.start()].rsplit(" ", 1)[-1]
    t = _TOKEN.match(token)
    if t is None or not t.group("core"):
        return False
    core, punct = t.group("core"), t.group("punct")
    last = re.findall(r"[^\W\d_]+", core)
    after = m.group("after")
    rest = text[m.end() : m.end() + 2]
    if _DATE.match(text, m.end("body")):
        return False  # February 2, 1943; 11 May 1893
    if not punct:  # ulcers 6, / denial" 6 In
        if not core.isalpha() or not core.islower() or labels(core) or len(core) < 3:
            return False
        return bool(after) or rest[1:2].isupper()
    if core[-1] not in "%)" and not core[-1].isalpha():
        return False  # 2010. 13; 83,3 4
    if last and (last[-1].casefold() in ABBREVIATIONS or labels(last[-1])):
        return False  # p. 12; No. 5; January. 3
    # 61%. 13 The: after a clause's end, the next sentence starts
    return not after and rest[:1] == " " and rest[1:2].isupper()


def superscript_callouts(
    view: str,
    start: int,
    stop: int,
    highest: int,
    make: Callable[[str, int], list[Citation]],
) -> list[Citation]:
    """The superscript-like callouts of ``view[start:stop]`` (excluded spans blanked) for
    a list numbered up to ``highest``; ``make(body, at)`` turns a callout's body (starting
    at ``at``) into citations, or none. Superscript digits (``doença.¹``) are read as
    the digits they are."""
    view = view.translate(_SUPERSCRIPT_DIGITS)
    firm: list[tuple[int, re.Match]] = []
    relaxed: list[tuple[int, str, re.Match]] = []
    for m in _STUCK.finditer(view, start, stop):
        kind = _firm(m)
        if kind:
            firm.append((m.start("body"), m))
        elif kind is False:
            relaxed.append((m.start("body"), "capital", m))
    found = [c for _, m in firm for c in make(_stuck_body(m), m.start("body"))]
    if not _in_style(found):
        return found
    for m in _PAREN.finditer(view, start, stop):
        inside = m.group("inside")
        if (
            any(ch in inside for ch in " %=<>")
            and re.search(r"\d", inside)
            and not _YEAR.search(inside)
        ):
            relaxed.append((m.start("body"), "paren", m))
    for m in _PERCENT.finditer(view, start, stop):
        relaxed.append((m.start("body"), "percent", m))
    for m in _SPACED.finditer(view, start, stop):
        if _spaced_ok(view, m):
            relaxed.append((m.start("body"), "spaced", m))
    taken = {c.start for c in found}
    first = min(c.start for c in found)
    extra: list[Citation] = []
    for at, how, m in sorted(relaxed, key=lambda r: r[0]):
        if at < first or at in taken:
            continue
        if how == "capital" and not _prose_line(view, at):
            continue
        seen_top = max((c.number or 0 for c in [*found, *extra] if c.start < at), default=0)
        if not _number_ok(_numbers(m.group("body")), highest, seen_top):
            continue
        extra += make(_stuck_body(m) if how == "capital" else m.group("body"), at)
        taken.add(at)
    return sorted([*found, *extra], key=lambda c: (c.start, c.end))


def _in_style(found: Sequence[Citation]) -> bool:
    """The firm callouts show a Vancouver paper: enough of them, the list's numbers
    introduced in order."""
    if len(found) < FIRM_LEAST:
        return False
    top, raised, firsts = 0, 0, 0
    seen: set[int] = set()
    for c in sorted(found, key=lambda c: c.start):
        if c.number is None or c.number in seen:
            continue
        seen.add(c.number)
        firsts += 1
        if c.number > top:
            raised += 1
            top = c.number
    return firsts > 0 and raised >= IN_ORDER * firsts
