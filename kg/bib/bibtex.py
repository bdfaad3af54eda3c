"""BibTeX (and biblatex) to CSL-JSON items and back, with bibtexparser 2.

bibtexparser splits the file into blocks and keeps the ones it cannot parse as
``failed_blocks`` (an unclosed brace, a duplicate key, a field set twice); each of
those becomes an :class:`~kg.errors.InputError` naming the entry and its line.
LaTeX is decoded before names are split, keeping brace groups, so that a corporate
author written ``{World Bank}`` stays one name; the braces go afterwards.

>>> items = read_bibtex('''@article{kitchin2014real,
...   author = {Kitchin, Rob and {World Bank}}, title = {The {Real-Time} City?},
...   journal = {GeoJournal}, year = 2014, volume = 79, number = 1, pages = {1--14}}''')
>>> items[0]["id"], items[0]["type"], items[0]["title"], items[0]["page"]
('kitchin2014real', 'article-journal', 'The Real-Time City?', '1-14')
>>> items[0]["author"]
[{'family': 'Kitchin', 'given': 'Rob'}, {'literal': 'World Bank'}]

Written back, a corporate name is braced again so that it stays whole:

>>> print(to_bibtex(items).strip())
@article{kitchin2014real,
    author = {Kitchin, Rob and {World Bank}},
    title = {The Real-Time City?},
    journal = {GeoJournal},
    volume = {79},
    number = {1},
    year = {2014},
    pages = {1--14}
}
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from bibtexparser.middlewares.names import NameParts
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    MiddlewareErrorBlock,
    ParsingFailedBlock,
)

from kg.bib.citekeys import item_year
from kg.bib.names import inverted
from kg.bib.types import bibtex_type, csl_type_of_bibtex
from kg.errors import InputError

__all__ = ["read_bibtex", "to_bibtex"]

# BibTeX field -> CSL variable, when the value is copied as it is.
_FIELDS = {
    "title": "title",
    "volume": "volume",
    "doi": "DOI",
    "isbn": "ISBN",
    "issn": "ISSN",
    "url": "URL",
    "publisher": "publisher",
    "address": "publisher-place",
    "location": "publisher-place",
    "edition": "edition",
    "series": "collection-title",
    "note": "note",
    "language": "language",
}
_CONTAINERS = ("journaltitle", "journal", "booktitle")
_PUBLISHERS = ("institution", "school", "organization")
_MONTHS = {
    m: n
    for n, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


def read_bibtex(text: str, name: str = "<bibliography>") -> list[dict]:
    """The entries of a BibTeX file as CSL-JSON items, ``id`` = the citation key."""
    stack = [
        LatexDecodingMiddleware(keep_braced_groups=True),
        SeparateCoAuthors(),
        SplitNameParts(),
    ]
    with _quiet_bibtexparser():
        library = bibtexparser.parse_string(text, append_middleware=stack)
    if library.failed_blocks:
        first = min(library.failed_blocks, key=lambda b: b.start_line or 0)
        raise InputError(_failure(first, text), where=f"{name}:{(first.start_line or 0) + 1}")
    entries = {entry.key: entry for entry in library.entries}
    return [_to_csl(entry, entries, name) for entry in library.entries]


@contextmanager
def _quiet_bibtexparser() -> Iterator[None]:
    """bibtexparser logs every block it gives up on; we raise an InputError for those
    instead, so keep its records from logging's last-resort handler (stderr). They
    still reach any handler an application configured."""
    handler = logging.NullHandler()
    logger = logging.getLogger("bibtexparser")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def _failure(block: ParsingFailedBlock, text: str) -> str:
    """Say what is wrong with a block bibtexparser could not parse."""
    key = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]*)", block.raw or "")
    entry = f"entry {key.group(1)!r}" if key and key.group(1) else "an entry"
    if isinstance(block, DuplicateBlockKeyBlock):
        first = (block.previous_block.start_line or 0) + 1
        return f"duplicate BibTeX key {block.key!r} (first used on line {first})"
    if isinstance(block, DuplicateFieldKeyBlock):
        return f"{entry} sets {', '.join(sorted(block.duplicate_keys))} twice"
    if isinstance(block, MiddlewareErrorBlock):
        return f"{entry} has a value that cannot be read: {block.error}"
    reason = getattr(block.error, "abort_reason", str(block.error))
    end = getattr(block.error, "end_index", None)
    stopped = f"; parsing stopped on line {text.count(chr(10), 0, end) + 1}" if end else ""
    return f"{entry} does not parse (an unclosed brace or quote?): {reason}{stopped}"


def _to_csl(entry: Entry, entries: dict[str, Entry], name: str) -> dict:
    fields = {f.key.lower(): f.value for f in entry.fields}
    parent = entries.get(str(fields.get("crossref", "")))
    if parent is not None:  # inherit from the cross-referenced book what the entry lacks
        for field in parent.fields:
            key = "booktitle" if field.key.lower() == "title" else field.key.lower()
            fields.setdefault(key, field.value)
    kind = csl_type_of_bibtex(entry.entry_type.lower())
    item: dict = {"id": entry.key, "type": kind}
    for role in ("author", "editor", "translator"):
        names = [_name(p) for p in fields.get(role) or [] if p.last != ["others"]]
        if names:
            item[role] = names
    for key, variable in _FIELDS.items():
        if fields.get(key) and variable not in item:
            item[variable] = _plain(fields[key])
    container = next((fields[k] for k in _CONTAINERS if fields.get(k)), None)
    if container:
        item["container-title"] = _plain(container)
    if "publisher" not in item:
        publisher = next((fields[k] for k in _PUBLISHERS if fields.get(k)), None)
        if publisher:
            item["publisher"] = _plain(publisher)
    number = fields.get("issue") or fields.get("number")
    if number:
        item["issue" if kind in {"article-journal", "article-magazine"} else "number"] = _plain(
            number
        )
    if kind == "report" and fields.get("type") and "collection-title" not in item:
        item["collection-title"] = _plain(fields["type"])
    if fields.get("pages"):
        item["page"] = re.sub(r"\s*[-–—]+\s*", "-", _plain(fields["pages"]))
    _date(fields, item, f"{name}:{(entry.start_line or 0) + 1}")
    return item


def _plain(value: object) -> str:
    """A field value without the brace groups kept for name splitting, and TeX's quotes
    (a backtick opening them) as the characters they print.

    >>> _plain("The {`}actually existing smart city' and ``others''")
    'The ‘actually existing smart city’ and “others”'
    """
    text = " ".join(re.sub(r"(?<!\\)[{}]", "", str(value)).split())
    if "`" in text:
        text = text.replace("``", "\u201c").replace("''", "\u201d")
        text = re.sub(r"`([^`']*)'", "\u2018\\1\u2019", text)
    return text


def _name(parts: NameParts) -> dict:
    if not parts.first and not parts.von and len(parts.last) == 1 and parts.last[0][:1] == "{":
        return {"literal": _plain(parts.last[0])}
    name = {"family": _plain(" ".join(parts.von + parts.last))}
    if parts.first:
        name["given"] = _plain(" ".join(parts.first))
    if parts.jr:
        name["suffix"] = _plain(" ".join(parts.jr))
    return name


def _date(fields: dict, item: dict, where: str) -> None:
    """``date = 2016-01-28`` (biblatex) or ``year`` and ``month``; ``2016a`` keeps its letter."""
    date = _plain(fields.get("date") or "")
    year = _plain(fields.get("year") or "")
    found = re.fullmatch(r"((?:1[5-9]|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?", date)
    if found:
        item["issued"] = {"date-parts": [[int(p) for p in found.groups() if p]]}
        return
    found = re.fullmatch(r"((?:1[5-9]|20)\d\d)([a-z]?)", year)
    if found:
        parts = [int(found.group(1))]
        month = _plain(fields.get("month") or "").lower()[:3]
        if month.isdigit() or month in _MONTHS:
            parts.append(int(month) if month.isdigit() else _MONTHS[month])
        item["issued"] = {"date-parts": [parts]}
        if found.group(2):
            item["year-suffix"] = found.group(2)
    elif year.lower() in {"forthcoming", "in press"}:
        item["status"] = year.lower()
    elif year and year.lower() not in {"n.d.", "nd", "no date"}:
        raise InputError(
            f"entry {item['id']!r} has a year that is not a year: {year!r}", where=where
        )


# --- writing -------------------------------------------------------------------------


def to_bibtex(items: list[dict]) -> str:
    """BibTeX entries for CSL-JSON ``items``, with every role an item names (``author``,
    ``editor``, ``translator``, and biblatex's ``bookauthor`` for a container's author);
    corporate names are braced so that they stay whole."""
    library = bibtexparser.Library()
    for item in items:
        kind = bibtex_type(item.get("type", ""))
        fields: list[tuple[str, str]] = []
        for role, bib in _ROLES:
            if item.get(role):
                fields.append((bib, " and ".join(inverted(p, braced=True) for p in item[role])))
        if item.get("title"):
            fields.append(("title", item["title"]))
        container = item.get("container-title")
        if container:
            fields.append(("journal" if kind == "article" else "booktitle", container))
        for csl, bib in (("collection-title", "series"), ("volume", "volume"), ("issue", "number")):
            if item.get(csl):
                fields.append((bib, str(item[csl])))
        number = item.get("number") or item.get("collection-number")
        if number and not item.get("issue"):
            fields.append(("number", str(number)))
        year = item_year(item)
        if year:
            fields.append(("year", str(year)))
        if item.get("page"):
            fields.append(("pages", str(item["page"]).replace("–", "-").replace("-", "--", 1)))
        if item.get("publisher"):
            key = "institution" if kind == "techreport" else "publisher"
            fields.append((key, item["publisher"]))
        for csl, bib in _COPIED:
            if item.get(csl):
                fields.append((bib, str(item[csl])))
        accessed = _iso_date(item.get("accessed"))
        if accessed:
            fields.append(("urldate", accessed))
        library.add(Entry(kind, item["id"], [Field(k, v) for k, v in fields]))
    return bibtexparser.write_string(library)


#: CSL name variables and the BibTeX (biblatex) fields they are written as.
_ROLES = (
    ("author", "author"),
    ("editor", "editor"),
    ("translator", "translator"),
    ("container-author", "bookauthor"),
)
#: CSL variables written as they are, and their BibTeX fields.
_COPIED = (
    ("edition", "edition"),
    ("publisher-place", "address"),
    ("DOI", "doi"),
    ("ISBN", "isbn"),
    ("URL", "url"),
    ("note", "note"),
)


def _iso_date(date: object) -> str | None:
    """``2019-05-01`` of a CSL date with date parts, else None."""
    parts = (date or {}).get("date-parts") if isinstance(date, dict) else None
    if not parts or not parts[0] or not parts[0][0]:
        return None
    return "-".join(f"{int(p):02d}" if i else f"{int(p):04d}" for i, p in enumerate(parts[0]))
