"""Bibliographies into :class:`~kg.ingest.model.Reference` objects, whatever their form.

A bibliography is CSL-JSON, BibTeX, RIS or a plain-text reference list, told apart
by its content (:func:`detect_format`). Every reader yields CSL-JSON items, the
common form, and a ``Reference`` is made from each (:func:`reference_from_csl`).
Lists from several sources merge by DOI or by normalised title and year
(:func:`merge_bibliographies`); same-author same-year works without letters get
them as author-date styles assign them (:func:`assign_year_suffixes`). Without a
bibliography file, :func:`find_reference_section` and :func:`split_reference_entries`
find the list in the text itself, and :func:`parse_reference` reads each entry.

>>> refs = read_bibliography('''
... Kitchin, R. (2016) 'The ethics of smart cities and urban science', Philosophical
...     Transactions of the Royal Society A, 374(2083), 20160115.
... Kitchin, R. (2016) Getting smarter about smart cities. Dublin: Department of the Taoiseach.
... World Bank (2016) World development report 2016: digital dividends. Washington, DC: World Bank.
... ''')
>>> for ref in refs:
...     print(ref.id, ref.surnames, ref.year)
kitchin2016ethics ('Kitchin',) 2016
kitchin2016getting ('Kitchin',) 2016
worldbank2016world ('World Bank',) 2016
>>> [r.year_suffix for r in assign_year_suffixes(refs)]
['a', 'b', '']
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from string import ascii_lowercase

from kg.bib.bibtex import read_bibtex
from kg.bib.citekeys import fold
from kg.bib.graph import confidence_of
from kg.bib.plaintext import YEAR_PATTERN, parse_reference
from kg.bib.ris import read_ris
from kg.errors import InputError, UnsupportedFormatError
from kg.ingest.model import Reference

__all__ = [
    "FORMATS",
    "SECTION_TITLES",
    "assign_year_suffixes",
    "detect_format",
    "find_reference_section",
    "merge_bibliographies",
    "normalise_title",
    "parse_reference",
    "read_bibliography",
    "reference_from_csl",
    "split_reference_entries",
    "title_order",
]

FORMATS = ("csl-json", "bibtex", "ris", "text")
_ALIASES = {"csl": "csl-json", "json": "csl-json", "bib": "bibtex", "txt": "text", "plain": "text"}
_SOURCES = {"csl-json": "csl", "bibtex": "bibtex", "ris": "ris", "text": "text"}
_STOPWORD = re.compile(  # not the first word of a generated id
    r"a|an|the|of|on|in|and|or|to|for|at|by|with|from|as|is|l|le|la|les|el|los|las|der|die|das"
    r"|de|du|des",
    re.I,
)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_JSON_KINDS = {dict: "an object", str: "a string", int: "a number", float: "a number"}
_ARTICLE = re.compile(r"^(?:the|an?|le|la|les|l'|el|los|las|der|die|das)\s+", re.I)


# --- reading -------------------------------------------------------------------------


def detect_format(data: str) -> str:
    """``csl-json``, ``bibtex``, ``ris`` or ``text``, by content.

    >>> detect_format('[{"id": "a", "type": "book"}]'), detect_format("@book{a, title={X}}")
    ('csl-json', 'bibtex')
    >>> detect_format("TY  - BOOK\\nER  - "), detect_format("Kitchin, R. (2014) Title.")
    ('ris', 'text')
    """
    head = data.lstrip("\ufeff \t\r\n")
    if re.match(r"\[\s*(?:\{|\]|$)", head) or head.startswith("{"):
        return "csl-json"
    if re.search(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", data, re.M):
        return "bibtex"
    if re.search(r"^TY  -", data, re.M):
        return "ris"
    return "text"


def read_bibliography(
    data: str | bytes | Path, *, format: str | None = None, name: str = "<bibliography>"
) -> list[Reference]:
    """Every entry of a bibliography as a ``Reference``, in the order given.

    ``data`` is the text, its bytes (UTF-8) or a path; ``format`` one of
    :data:`FORMATS` (detected from the content when None); ``name`` says where
    errors are (a path's own name by default). Ids: CSL ``id``, BibTeX key, RIS
    ``ID``, else ``surname + year + first title word`` made unique.

    >>> read_bibliography('[{"id": "x", "title": "X"}, {"id": "x"}]', name="refs.json")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: refs.json:1: duplicate CSL-JSON id 'x' (items 1 and 2)
    """
    if isinstance(data, Path) and name == "<bibliography>":
        name = str(data)
    text = _decode(data, name)
    if not text.strip():
        raise InputError("the bibliography is empty", where=name)
    if format is None:
        kind = detect_format(text)
    else:
        kind = _ALIASES.get(format.lower(), format.lower())
        if kind not in FORMATS:
            raise UnsupportedFormatError(f"no bibliography format {format!r}", offered=[*FORMATS])
    readers = {"csl-json": _read_csl_json, "bibtex": read_bibtex, "ris": read_ris}
    items = readers[kind](text, name) if kind in readers else _read_text(text, name)
    if not items:
        raise InputError("the bibliography holds no entries", where=name)
    _give_ids(items)
    return [reference_from_csl(item, source=_SOURCES[kind]) for item in items]


_NEWLINE = b"\n"


def _decode(data: str | bytes | Path, name: str) -> str:
    if isinstance(data, Path):
        try:
            data = data.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read the bibliography: {exc.strerror}", where=name) from exc
    if isinstance(data, bytes):
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            data = data.decode("utf-16").encode("utf-8")
        if b"\x00" in data:
            offset = data.index(b"\x00")
            raise InputError(
                f"binary data, not a bibliography (a NUL byte at offset {offset})",
                where=f"{name}:{data.count(_NEWLINE, 0, offset) + 1}",
            )
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} cannot be "
                "decoded (save the bibliography as UTF-8)",
                where=f"{name}:{data.count(_NEWLINE, 0, exc.start) + 1}",
            ) from exc
    text = data.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\f\x1a")
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise InputError("binary data, not a bibliography (control characters)", where=name)
    return text


def _read_csl_json(text: str, name: str) -> list[dict]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", where=f"{name}:{exc.lineno}") from exc
    if not isinstance(data, list):
        kind = _JSON_KINDS.get(type(data), json.dumps(data))
        raise InputError(f"CSL-JSON must be a list of items, not {kind}", where=name)
    first_seen: dict[str, int] = {}
    items = []
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise InputError(f"item {number} is not an object", where=f"{name}: item {number}")
        if item.get("id") in (None, ""):
            raise InputError(f"item {number} has no id", where=f"{name}: item {number}")
        key = str(item["id"])
        if key in first_seen:
            raise InputError(
                f"duplicate CSL-JSON id {key!r} (items {first_seen[key]} and {number})",
                where=_csl_where(text, name, key, occurrence=2),
            )
        first_seen[key] = number
        problem = _csl_problem(item)
        if problem:  # where it is, only now: finding it scans the whole text
            raise InputError(problem, where=_csl_where(text, name, key, occurrence=1))
        items.append({**item, "id": key})
    return items


def _csl_where(text: str, name: str, key: str, *, occurrence: int) -> str:
    """``file:line`` of the ``"id": key`` of an item, else ``file: entry key``."""
    found = list(re.finditer(rf'"id"\s*:\s*"?{re.escape(key)}"?\s*[,}}\n]', text))
    if len(found) >= occurrence:
        return f"{name}:{text.count(chr(10), 0, found[occurrence - 1].start()) + 1}"
    return f"{name}: entry {key}"


def _csl_problem(item: dict) -> str | None:
    """What is wrong with a CSL-JSON item, or None."""
    for role in ("author", "editor", "translator"):
        names = item.get(role, [])
        if not isinstance(names, list) or not all(isinstance(n, dict) for n in names):
            return f"{role} of {item['id']!r} must be a list of name objects"
        for n in names:
            if not (n.get("family") or n.get("literal") or n.get("given")):
                return f"a name in {role} of {item['id']!r} is empty"
    issued = item.get("issued", {})
    parts = issued.get("date-parts", [[]]) if isinstance(issued, dict) else None
    if not isinstance(parts, list) or not all(isinstance(p, list) for p in parts):
        return f"issued of {item['id']!r} is not a CSL date"
    for variable in ("title", "container-title", "DOI"):
        if variable in item and not isinstance(item[variable], str):
            return f"{variable} of {item['id']!r} must be a string"
    return None


def _read_text(text: str, name: str) -> list[dict]:
    """A plain-text list: one reference per line, or wrapped entries."""
    items: list[dict] = []
    for start, _, entry in split_reference_entries(text, (0, len(text))):
        item = parse_reference(entry)
        line = text.count("\n", 0, start) + 1
        if re.match(r"[-–—_]{2,}\s*[.,]?\s", entry) and items:  # "———. 2016." = same authors
            for role in ("author", "editor"):
                if role in items[-1]:
                    item[role] = items[-1][role]
        if not (item.get("author") or item.get("editor")):
            shown = entry if len(entry) <= 70 else entry[:67] + "..."
            raise InputError(
                f"not an author-date reference (no names before a year or n.d.): {shown!r}",
                where=f"{name}:{line}",
            )
        items.append(item)
    return items


# --- CSL items and references ----------------------------------------------------------


def reference_from_csl(item: dict, *, source: str = "csl") -> Reference:
    """A ``Reference`` from a CSL-JSON item (``raw``, if there, is the plain-text original).

    >>> ref = reference_from_csl({"id": "c1984", "type": "book", "title": "The Practice",
    ...     "author": [{"family": "Certeau", "non-dropping-particle": "de"}],
    ...     "issued": {"raw": "1984b"}})
    >>> ref.surnames, ref.year, ref.year_suffix
    (('de Certeau',), 1984, 'b')
    """
    csl = {k: v for k, v in item.items() if k != "raw"}
    if csl.get("DOI"):  # "https://doi.org/10.1/x", "doi:10.1/x" -> "10.1/x"
        csl["DOI"] = _DOI_PREFIX.sub("", csl["DOI"].strip())
    people = item.get("author") or item.get("editor") or []
    year, suffix = _issued(item)
    return Reference(
        id=str(item["id"]),
        surnames=tuple(s for s in (_surname(p) for p in people) if s),
        year=year,
        year_suffix=str(item.get("year-suffix") or suffix),
        title=item.get("title") or None,
        container=item.get("container-title") or None,
        doi=csl.get("DOI") or None,
        raw=item.get("raw"),
        csl=csl,
        source=source,
    )


def _surname(name: dict) -> str:
    if name.get("literal"):
        return str(name["literal"]).strip()
    return " ".join(p for p in (name.get("non-dropping-particle"), name.get("family")) if p)


def _issued(item: dict) -> tuple[int | None, str]:
    issued = item.get("issued") or {}
    parts = issued.get("date-parts") or [[]]
    first = parts[0][0] if parts and parts[0] else None
    for value in (first, issued.get("raw"), issued.get("literal")):
        found = re.search(r"\b((?:1[5-9]|20)\d\d)([a-z]?)\b", str(value)) if value else None
        if found:
            return int(found.group(1)), found.group(2)
    return None, ""


def _give_ids(items: list[dict]) -> None:
    """A stable id for each item without one: ``surname + year + first title word``."""
    taken = {str(item["id"]) for item in items if item.get("id")}
    for item in items:
        if item.get("id"):
            continue
        base = _generated_id(item)
        key, n = base, 1
        while key in taken:
            n += 1
            key = f"{base}{n}"
        taken.add(key)
        item["id"] = key


def _generated_id(item: dict) -> str:
    people = item.get("author") or item.get("editor") or []
    surname = fold(_surname(people[0])) if people else "anon"
    year, _ = _issued(item)
    words = [
        w for w in re.findall(r"[\w'’-]+", item.get("title") or "") if not _STOPWORD.fullmatch(w)
    ]
    return f"{surname or 'anon'}{year or 'nd'}{fold(words[0]) if words else ''}"


def normalise_title(title: str) -> str:
    """A title for comparison: no case, accents, punctuation or hyphens.

    >>> normalise_title("The Real-Time City? Big Data…")
    'the real time city big data'
    >>> normalise_title("Planning and knowledge:") == normalise_title("Planning and Knowledge")
    True
    """
    return " ".join(fold(word) for word in re.split(r"[\s\-–—/]+", title) if fold(word))


# --- merging ---------------------------------------------------------------------------


def merge_bibliographies(*lists: Iterable[Reference]) -> list[Reference]:
    """One list from several: the same work (same DOI, or same normalised title and
    year) appears once. The first source wins where values differ; the merged
    reference's ``note`` names what was merged and every value that was not kept.

    >>> a = reference_from_csl({"id": "k14", "title": "The Real-Time City", "DOI": "10.1/X",
    ...     "issued": {"date-parts": [[2014]]}, "volume": "79"}, source="bibtex")
    >>> b = reference_from_csl({"id": "kitchin2014real", "title": "The real-time city",
    ...                         "DOI": "10.1/x", "volume": "78", "page": "1-14"}, source="ris")
    >>> [merged] = merge_bibliographies([a], [b])
    >>> merged.id, merged.csl["page"], merged.csl["volume"]
    ('k14', '1-14', '79')
    >>> merged.note
    "merged with ris entry kitchin2014real; kept bibtex's volume '79' over '78'"
    """
    merged: list[Reference] = []
    by_doi: dict[str, int] = {}
    by_title: dict[tuple[str, int | None], int] = {}
    ids: set[str] = set()
    for refs in lists:
        for ref in refs:
            title_key = (normalise_title(ref.title), ref.year) if ref.title else None
            index = by_doi.get(ref.doi.casefold()) if ref.doi else None
            if index is None and title_key:
                index = by_title.get(title_key)
            if index is None:
                if ref.id in ids:
                    ref = _renamed(ref, ids)
                index = len(merged)
                merged.append(ref)
                ids.add(ref.id)
            else:
                merged[index] = _combined(merged[index], ref)
            if ref.doi:
                by_doi.setdefault(ref.doi.casefold(), index)
            if title_key:
                by_title.setdefault(title_key, index)
    return merged


def _renamed(ref: Reference, ids: set[str]) -> Reference:
    n = 2
    while f"{ref.id}{n}" in ids:
        n += 1
    new_id = f"{ref.id}{n}"
    note = f"renamed from {ref.id!r}: another work from an earlier source has that id"
    return replace(ref, id=new_id, csl={**ref.csl, "id": new_id}, note=_joined(ref.note, note))


def _combined(first: Reference, other: Reference) -> Reference:
    csl = dict(first.csl)
    differing = []
    for key, value in other.csl.items():
        if key == "id" or value in (None, "", [], {}):
            continue
        if csl.get(key) in (None, "", [], {}):
            csl[key] = value
        elif not _same(key, csl[key], value):
            differing.append(f"{key} {_shown(csl[key])} over {_shown(value)}")
    note = f"merged with {other.source} entry {other.id}"
    if differing:
        note += f"; kept {first.source}'s " + "; ".join(differing)
    merged = reference_from_csl(csl, source=first.source)
    return replace(merged, raw=first.raw or other.raw, note=_joined(first.note, note))


def _same(key: str, a: object, b: object) -> bool:
    if key in {"author", "editor", "translator"} and isinstance(a, list) and isinstance(b, list):
        return [fold(_surname(n)) for n in a] == [fold(_surname(n)) for n in b]
    if key == "issued":
        return _issued({"issued": a}) == _issued({"issued": b})
    if isinstance(a, str) and isinstance(b, str):
        return normalise_title(a) == normalise_title(b)
    return a == b


def _shown(value: object) -> str:
    if isinstance(value, list) and all(isinstance(n, dict) for n in value):
        value = ", ".join(_surname(n) for n in value)
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _joined(*notes: str | None) -> str | None:
    return "; ".join(n for n in notes if n) or None


# --- year suffixes ---------------------------------------------------------------------


def assign_year_suffixes(refs: Iterable[Reference]) -> list[Reference]:
    """Give letters to works an author-date citation cannot tell apart.

    Works with the same authors (the first author and "et al." from three authors
    on) and the same year get ``a``, ``b``, … in the order of their titles, leading
    articles ignored, as author-date styles assign them. Letters a bibliography
    already gives are kept (the others get the letters left over). Each assigned
    letter is said in ``note`` and lowers the CSL note's confidence to medium.

    >>> refs = [reference_from_csl({"id": i, "title": t, "author": [{"family": "Kitchin"}],
    ...         "issued": {"date-parts": [[2016]]}}) for i, t in (("g", "Getting smarter"),
    ...         ("e", "The ethics of smart cities"))]
    >>> [(r.id, r.year_suffix) for r in assign_year_suffixes(refs)]
    [('g', 'b'), ('e', 'a')]
    >>> print(assign_year_suffixes(refs)[1].csl["note"])
    confidence: medium. Year suffix 'a' assigned by title order among 2 works by Kitchin 2016;
    the bibliography gives none.
    """
    refs = list(refs)
    groups: dict[tuple, list[int]] = {}
    for index, ref in enumerate(refs):
        if ref.surnames:
            names = ref.surnames if len(ref.surnames) <= 2 else (ref.surnames[0], "et al.")
            groups.setdefault((tuple(fold(n) for n in names), ref.year), []).append(index)
    result = list(refs)
    for members in groups.values():
        lacking = [i for i in members if not refs[i].year_suffix]
        if len(members) < 2 or not lacking:
            continue
        used = {refs[i].year_suffix for i in members}
        letters = iter(c for c in ascii_lowercase if c not in used)
        for index in sorted(lacking, key=lambda i: title_order(refs[i].title)):
            result[index] = _with_suffix(refs[index], next(letters), len(members))
    return result


def title_order(title: str | None) -> str:
    """The key author-date styles sort titles by: normalised, leading article dropped."""
    return normalise_title(_ARTICLE.sub("", title or ""))


def _with_suffix(ref: Reference, letter: str, size: int) -> Reference:
    names = " and ".join(ref.surnames) if len(ref.surnames) <= 2 else f"{ref.surnames[0]} et al."
    said = (
        f"Year suffix {letter!r} assigned by title order among {size} works by {names} "
        f"{ref.year or 'n.d.'}; the bibliography gives none."
    )
    level, rest = confidence_of(ref.csl)
    level = "low" if level == "low" else "medium"
    note = f"confidence: {level}. {said}" + (f" {rest}" if rest else "")
    csl = {**ref.csl, "year-suffix": letter, "note": note}
    return replace(ref, year_suffix=letter, csl=csl, note=_joined(ref.note, said))


# --- reference lists inside a text -----------------------------------------------------

#: The titles of a reference-list section, the one rule segmentation and this module share.
SECTION_TITLES = (
    r"references?(?:\s+list|\s+cited)?|bibliography|works\s+cited|literature(?:\s+cited)?"
    r"|reference\s+list|cited\s+works|sources(?:\s+cited)?"
)

_HEADING = re.compile(
    rf"""^[ \t]*(?P<hashes>\#{{1,6}}[ \t]+)?(?:\*\*|__)?
    (?P<number>(?:\d+(?:\.\d+)*|[IVXLC]+)\.?[ \t]+)?
    (?:{SECTION_TITLES})[ \t]*:?(?:\*\*|__)?[ \t]*\#*[ \t]*$""",
    re.I | re.M | re.X,
)
_BACK_MATTER = re.compile(
    r"""^[ \t]*(?:(?:\d+|[IVXLC]+|[A-Z])\.?[ \t]+)?
    (?:Appendix|Appendices|Notes|Endnotes|Footnotes|Acknowledge?ments?|Index|Glossary
      |Supplementary[ \t]+\w+|About[ \t]+the[ \t]+authors?|Author[ \t]+biograph\w*
      |Notes[ \t]+on[ \t]+contributors|Further[ \t]+reading|Funding|Figures|Tables)
    \b[^\n]{0,60}$""",
    re.M | re.X,
)
_MARKER = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>(?:[-*+•]|\d{1,3}[.)]|\[\d{1,3}\])[ \t]+)?")
_YEARISH = re.compile(rf"(?<![\w/.\-])\(?(?:{YEAR_PATTERN}[a-z]?|n\.\s?d\.)\)?(?=[\s.,:;)]|$)")
_NAME_START = re.compile(
    r"^(?:(?:de|van|von|der|den|du|da|di|la|le)\s+)*[A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w'’-]+){0,3},"
    r"\s*(?:[A-ZÀ-Þ]\.|[A-ZÀ-Þ][a-zß-ÿ]+)|^[A-ZÀ-Þ][\w'’-]+\s+[A-Z]{1,3}[\s,]"
)
_TERMINAL = re.compile(r"(?:[.)\]\d]|https?://\S+|doi:\S+|10\.\d{4,9}/\S+)$")


def find_reference_section(text: str) -> tuple[int, int] | None:
    """The span of the reference list: from its heading line ("References",
    "Bibliography", "Works cited", "Literature cited", "Reference list"; Markdown
    ``## References`` too) to the next heading of the same rank or the end.

    >>> text = "# Paper\\n\\nText.\\n\\n## References\\n\\nA, B. (2000) X.\\n\\n## Notes\\n\\nY\\n"
    >>> start, end = find_reference_section(text)
    >>> text[start:end]
    '## References\\n\\nA, B. (2000) X.\\n\\n'
    >>> find_reference_section("No list here.") is None
    True
    """
    headings = list(_HEADING.finditer(text))
    if not headings:
        return None
    heading = headings[-1]
    after = heading.end()
    if heading.group("hashes"):
        rank = heading.group("hashes").count("#")
        following = re.compile(rf"^[ \t]*#{{1,{rank}}}[ \t]+\S", re.M)
    else:
        numbered = ""
        if heading.group("number") and heading.group("number").strip(" .").isdigit():
            numbered = rf"|^[ \t]*{int(heading.group('number').strip(' .')) + 1}\.?[ \t]+[A-Z]"
        following = re.compile(rf"{_BACK_MATTER.pattern}{numbered}", re.M | re.X | re.I)
    for candidate in following.finditer(text, after):
        if heading.group("hashes") or _plain_heading(candidate.group(0).strip()):
            return heading.start(), candidate.start()
    return heading.start(), len(text)


def _plain_heading(line: str) -> bool:
    """A heading of back matter, not a line of a reference that starts with "Notes"."""
    unfinished = len(line) > 15 and line.endswith((".", ",", ";", ":"))
    words = re.sub(r"^(?:\d+|[IVXLC]+)\.?\s+", "", line)
    return words[:1].isupper() and not unfinished and not _YEARISH.search(line)


def split_reference_entries(text: str, span: tuple[int, int]) -> list[tuple[int, int, str]]:
    """The entries of a reference list: ``(start, end, text)``, offsets into ``text``.

    One entry a line, or entries wrapped over lines (a PDF extraction, a hanging
    indent): a new entry starts with a list marker, at the outer indent, or with a
    surname and initials (or a name) followed soon by a year after an entry that
    ended. The entry's text joins its lines, undoing line-break hyphenation.

    >>> text = '''References
    ... Kitchin, R. (2014) 'The real-time city? Big data and smart urbanism',
    ... GeoJournal, 79(1), pp. 1–14. doi:10.1007/s10708-
    ... 013-9516-8.
    ... Townsend, A.M. (2013) Smart Cities. New York: W.W. Norton.'''
    >>> for start, end, entry in split_reference_entries(text, (0, len(text))):
    ...     print(start, end, entry)
    11 141 Kitchin, R. (2014) 'The real-time city? Big data and smart urbanism', GeoJournal,
    79(1), pp. 1–14. doi:10.1007/s10708-013-9516-8.
    142 200 Townsend, A.M. (2013) Smart Cities. New York: W.W. Norton.
    """
    lines = _content_lines(text, span)
    if not lines:
        return []
    indents = [len(m.group("indent").expandtabs(4)) for _, _, m in lines]
    outer = min(indents)
    hanging = any(i >= outer + 2 for i in indents) and indents.count(outer) > 1
    # one a line: every line ends as a reference ends, and most begin as one does
    ends = all(_TERMINAL.search(line.rstrip()) for _, line, _ in lines)
    early = sum(bool(_YEARISH.search(line[:150])) for _, line, _ in lines)
    one_a_line = ends and early * 2 >= len(lines)
    groups: list[list[tuple[int, str]]] = []
    for n, (start, line, marker) in enumerate(lines):
        body = line[marker.end() :].rstrip()
        begin = start + marker.end()
        if not groups or marker.group("marker"):
            new = True
        elif hanging:
            new = indents[n] < outer + 2
        elif one_a_line:
            new = True
        else:
            new = _starts_entry(body, lines[n + 1][1] if n + 1 < len(lines) else "", groups[-1])
        if new:
            groups.append([(begin, body)])
        else:
            groups[-1].append((begin, body.strip()))
    return [(g[0][0], g[-1][0] + len(g[-1][1]), _joined_lines([b for _, b in g])) for g in groups]


def _content_lines(text: str, span: tuple[int, int]) -> list[tuple[int, str, re.Match]]:
    """The non-blank lines of the span after its heading, without page numbers."""
    start, end = span
    found = []
    offset = start
    for number, line in enumerate(text[start:end].split("\n")):
        here, offset = offset, offset + len(line) + 1
        stripped = line.strip()
        if not stripped or re.fullmatch(r"\d{1,4}|[=\-]{3,}", stripped):
            continue
        if (number == 0 and _HEADING.match(line)) or re.match(r"[ \t]*#{1,6}[ \t]", line):
            continue
        found.append((here, line, _MARKER.match(line)))
    return found


def _starts_entry(line: str, following: str, previous: list[tuple[int, str]]) -> bool:
    body = line.strip()
    ended = bool(_TERMINAL.search(previous[-1][1].rstrip()))
    year = _YEARISH.search(f"{body} {following}"[:160])
    if _NAME_START.match(body) and year:
        return ended or year.start() < 100
    early = _YEARISH.search(body[:90])
    if not (ended and early):
        return False
    before = body[: early.start()]
    return ":" not in before and not re.search(r"\.\s+\S", before.rstrip(". "))


def _joined_lines(lines: list[str]) -> str:
    text = lines[0].strip()
    for line in lines[1:]:
        last = text.split()[-1] if text.split() else ""
        url = re.match(r"(?:https?://|doi:|10\.\d{4,9}/)", last, re.I)
        if url and (text.endswith(("-", "/", ".", "_")) or " " not in line.strip()):
            text += line
        elif text.endswith("-") and len(last) > 1 and line[:1].islower():
            text = text[:-1] + line
        elif text.endswith("-") and len(last) > 1:
            text += line
        else:
            text += " " + line
    return " ".join(text.split())
