"""A plain-text reference list read leniently: every entry kept, nothing refused.

A list inside a paper is noisy input. Each entry is parsed with
:func:`kg.bib.plaintext.parse_reference`; one that yields no names is kept as a *raw*
reference — its text, whatever the parser found, ``confidence: low`` in its note and a
warning naming the line of the file it starts on. What is not a reference at all (a
line of prose with no year, name or link: an acknowledgement, an author's note, a
caption) is skipped with a warning. Nothing here raises on content.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from kg.bib.parse.lexicon import LABEL
from kg.bib.plaintext import YEAR_PATTERN, parse_reference
from kg.bib.reflist.lines import ListLine
from kg.bib.reflist.split import (
    _AFTER,
    _COLON_START,
    _GIVEN_START,
    _MARKER,
    _NAME_START,
    _NUMBER,
    _REPEAT,
    BIO,
    joined,
    natural_start,
    split_with_lines,
)

__all__ = ["ListWarning", "ReadList", "list_end", "read_list"]

_LINK = re.compile(r"https?://|www\.|doi:|10\.\d{4,9}/", re.I)
_YEAR = re.compile(rf"{_AFTER}(?:{YEAR_PATTERN}[a-z]?|(?-i:[nN]\.\s?d\.))(?![\w])", re.I)
_LEADING = re.compile(
    rf"^(?P<name>[A-ZÀ-Þ][\w'’.-]*(?:\s+(?:[A-ZÀ-Þ][\w'’.-]*|of|for|the|and|&|de|der|für))"
    rf"{{0,7}}?)\s*[,.:]?\s*[(\[]?\s*(?:{YEAR_PATTERN}|n\.\s?d\.)"
)
_CAP = "confidence: low."
_LABELLED = re.compile(rf"\[({LABEL})\]")


@dataclass(frozen=True)
class ListWarning:
    """Something the reader did about one entry: ``kind`` is ``unparsed`` (kept raw) or
    ``skipped`` (not a reference); ``line`` is the line of the file it starts on."""

    kind: str
    line: int
    message: str


@dataclass
class ReadList:
    """The entries of a list as CSL-JSON items (each with its ``raw`` text), the file
    line each starts on, and the warnings, in the list's order."""

    items: list[dict] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    warnings: list[ListWarning] = field(default_factory=list)


def _shown(text: str) -> str:
    return repr(text if len(text) <= 70 else text[:67] + "...")


def read_list(text: str, span: tuple[int, int] | None = None) -> ReadList:
    """The list at ``span`` of ``text`` (the whole text by default), read leniently.

    >>> found = read_list('''Kitchin, R. (2014) The real-time city. GeoJournal 79: 1–14.
    ... We thank the reviewers for their comments on an earlier draft.
    ... Forum on cities (2016) Report of the forum. Dublin.''')
    >>> [i["raw"][:20] for i in found.items], found.lines
    (['Kitchin, R. (2014) T', 'Forum on cities (201'], [1, 3])
    >>> [(w.kind, w.line) for w in found.warnings]
    [('skipped', 2)]
    """
    span = span or (0, len(text))
    newlines = [m.start() for m in re.finditer("\n", text)]
    result = ReadList()
    groups = split_with_lines(text, span)
    tail = _after(groups)
    for n, group in enumerate(groups):
        entry = joined(group)
        line = bisect.bisect_left(newlines, group[0].start) + 1
        if n >= tail:
            result.warnings.append(
                ListWarning("skipped", line, f"after the list, skipped: {_shown(entry)}")
            )
            continue
        if not _is_reference(entry):
            result.warnings.append(
                ListWarning("skipped", line, f"not a reference, skipped: {_shown(entry)}")
            )
            continue
        item = _item(entry, result.items)
        if not (item.get("author") or item.get("editor")):
            _keep_raw(item, entry)
            result.warnings.append(
                ListWarning(
                    "unparsed",
                    line,
                    f"no names found before a year; kept as raw text: {_shown(entry)}",
                )
            )
        result.items.append(item)
        result.lines.append(line)
    return result


def list_end(text: str, span: tuple[int, int]) -> int:
    """Where the entries of the list at ``span`` of ``text`` end: the start of what
    follows them inside the span (an author's biography, the prose of the next article),
    else the span's end.

    >>> text = (
    ...     "Kitchin, R. (2014) The real-time city. GeoJournal 79: 1-14.\\n"
    ...     "Townsend, A. (2013) Smart Cities. New York: Norton.\\n"
    ...     "JANE DOE is a lecturer at the University of Nowhere.\\n"
    ...     "A reply. The argument of my critics rests on a misreading of the case.")
    >>> text[list_end(text, (0, len(text))):][:20]
    'JANE DOE is a lectur'
    """
    groups = split_with_lines(text, span)
    cut = _after(groups)
    return groups[cut][0].start if cut < len(groups) else span[1]


def _after(groups: list[list[ListLine]]) -> int:
    """The first group after the list: the tail (:func:`_tail`) or an author's biography."""
    tail = _tail(groups)
    bio = next((n for n, g in enumerate(groups) if BIO.match(g[0].text)), len(groups))
    return min(tail, bio) if bio > 0 else tail


def _begins_as_reference(group: list[ListLine]) -> bool:
    first = group[0]
    head = f"{first.text} {group[1].text}" if len(group) > 1 else first.text
    if first.bullet or _MARKER.match(first.text) or _REPEAT.match(first.text):
        return True
    if not _wordy(" ".join(g.text for g in group)):
        return False  # a series' number ("SP II 2003 - 01"), a row of a table
    return bool(
        _NAME_START.match(first.text)
        or _GIVEN_START.match(first.text)
        or _COLON_START.match(first.text)  # "Roth, Jana; Heck, Paul: Title"
        or natural_start(first.text)  # "Jana Roth, »Title«"
        or _names_then_year(head)
    )


def _names_then_year(head: str) -> bool:
    """Whether ``head`` opens with a name, personal or corporate, and then a year in
    brackets or after a period within 50 characters (``World Bank (2016)``,
    ``Statistisches Bundesamt (2001)``, ``UN-Habitat. 2016.``): not a note's number, nor
    a sentence (lower-case words but joiners)."""
    found = re.match(
        rf"([^\s(\[\d©].{{0,49}}?)(?:\(\s*{YEAR_PATTERN}|\.\s+{YEAR_PATTERN}[a-z]?(?:[.:]|\s\[))",
        head,
    )
    if not found:
        return False
    words = re.findall(r"[^\W\d_][\w'’-]*", found.group(1))
    small = [w for w in words if w[0].islower() and w not in _JOINERS]
    return not small


_JOINERS = frozenset(
    {"and", "und", "et", "of", "for", "the", "on", "in", "at", "de", "des", "der", "die"}
    | {"du", "la", "le", "van", "von", "für", "zur", "zum"}
)


def _tail(groups: list[list[ListLine]]) -> int:
    """Where what follows the list begins: the run at the end, of three entries or more,
    in which fewer than half begin as references do (names, a marker, a year in
    brackets), placed where fewest entries fall on the wrong side of it: a publisher's
    list of its series, tables, an appendix without a heading."""
    starts = [_begins_as_reference(g) for g in groups]
    before = [0]
    for start in starts:
        before.append(before[-1] + start)
    n = len(groups)

    def cost(k: int) -> int:  # entries on the wrong side of a cut at k
        return (k - before[k]) + (before[n] - before[k])

    cut = n
    for k in range(n - 3, 0, -1):
        if before[n] - before[k] < (n - k) / 2 and cost(k) < cost(cut):
            cut = k
    while cut < n and starts[cut]:  # what follows begins with what is no reference
        cut += 1
    return cut


def _is_reference(entry: str) -> bool:
    """Whether an entry can be a reference: a year, a link, or names to start with, and
    not a table's or a figure's wreckage."""
    if _LINK.search(entry):
        return len(entry) >= 12
    if not _wordy(entry):
        return False  # a row of a table: years, numbers, "No (TP)"
    if _YEAR.search(entry):
        return len(entry) >= 12
    body = _MARKER.sub("", entry, count=1)
    named = _NAME_START.match(body) or _COLON_START.match(body)  # "Broder, Henryk M.: Title"
    return bool(named) and len(entry) >= 20


def _wordy(entry: str) -> bool:
    """Whether ``entry`` has three words or more with two lower-case letters or more
    (counted only as far as needed)."""
    words = 0
    for word in entry.split():
        lower = 0
        for char in word:
            if char.islower():
                lower += 1
                if lower == 2:
                    words += 1
                    if words == 3:
                        return True
                    break
    return False


def _item(entry: str, before: list[dict]) -> dict:
    body = _MARKER.sub("", entry, count=1) if _MARKER.match(entry) else entry
    item = parse_reference(body)
    item["raw"] = entry
    number = _NUMBER.match(entry)
    if number:
        item["citation-number"] = number.group(1) or number.group(2)
    label = _LABELLED.match(entry)
    if label:  # "[BAUD93] Baudel, T.: ...": the label the text cites it by
        item["citation-label"] = label.group(1)
    if _REPEAT.match(body) and before:  # "———. 2016." = the same authors as before
        for role in ("author", "editor"):
            if role in before[-1]:
                item[role] = before[-1][role]
    return item


def _keep_raw(item: dict, entry: str) -> None:
    """A reference the parser found no names in: low confidence, and the words before
    its year taken as a corporate author, so a citation by name and year still finds it."""
    body = _MARKER.sub("", entry, count=1) if _MARKER.match(entry) else entry
    leading = _LEADING.match(body)
    if leading and len(leading.group("name")) >= 3:
        item["author"] = [{"literal": leading.group("name").rstrip(" .,")}]
    said = "Not parsed as a reference (no names before a year); kept as its raw text."
    note = item.get("note")
    item["note"] = f"{_CAP} {said}" + (f" {note}" if note else "")
