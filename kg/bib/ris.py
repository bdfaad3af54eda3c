"""RIS to CSL-JSON items and back, with rispy.

rispy quietly drops a record that is not closed by ``ER``, so the records are first
checked line by line (``TY`` opens, ``ER`` closes); a broken one is an
:class:`~kg.errors.InputError` that names its line. Editors come from ``A2`` and
``ED`` (and ``AU`` of an edited book), the container from ``T2`` or the journal tags.

>>> items = read_ris('''TY  - JOUR
... AU  - Kitchin, Rob
... TI  - The real-time city? Big data and smart urbanism
... T2  - GeoJournal
... PY  - 2014///
... SP  - 1
... EP  - 14
... DO  - 10.1007/s10708-013-9516-8
... ER  - ''')
>>> item = items[0]
>>> item["type"], item["author"], item["issued"]
('article-journal', [{'family': 'Kitchin', 'given': 'Rob'}], {'date-parts': [[2014]]})
>>> item["page"], item["DOI"], "id" in item
('1-14', '10.1007/s10708-013-9516-8', False)
>>> print(to_ris([{**item, "id": "kitchin2014real"}]).splitlines()[:4])
['1.', 'TY  - JOUR', 'ID  - kitchin2014real', 'AU  - Kitchin, Rob']
"""

from __future__ import annotations

import re

import rispy

from kg.bib.citekeys import item_year
from kg.bib.names import inverted, parse_inverted
from kg.bib.types import csl_type_of_ris, ris_type
from kg.errors import InputError

__all__ = ["read_ris", "to_ris"]

_MAPPING = {**rispy.TAG_KEY_MAPPING, "ED": "editors"}
_LIST_TAGS = [*rispy.LIST_TYPE_TAGS, "ED"]
_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_FIELDS = {
    "volume": "volume",
    "doi": "DOI",
    "publisher": "publisher",
    "place_published": "publisher-place",
    "edition": "edition",
    "tertiary_title": "collection-title",
    "language": "language",
}
_JOURNAL_TAGS = ("secondary_title", "alternate_title3", "journal_name", "alternate_title2")


def read_ris(text: str, name: str = "<bibliography>") -> list[dict]:
    """The records of a RIS file as CSL-JSON items; ``id`` from the ``ID`` tag when
    there is one (else none: the caller generates it)."""
    lines = _record_lines(text, name)
    records = rispy.loads(text, mapping=_MAPPING, list_tags=_LIST_TAGS)
    items = [_to_csl(record) for record in records]
    seen: dict[str, int] = {}
    for line, item in zip(lines, items, strict=True):
        if "id" not in item:
            continue
        if item["id"] in seen:
            raise InputError(
                f"duplicate RIS ID {item['id']!r} (first used by the record on line "
                f"{seen[item['id']]})",
                where=f"{name}:{line}",
            )
        seen[item["id"]] = line
    return items


def _record_lines(text: str, name: str) -> list[int]:
    """The line of each record's ``TY``, checking that every record is closed by ``ER``."""
    starts: list[int] = []
    open_at: int | None = None
    for number, line in enumerate(text.split("\n"), 1):
        tag = _TAG.match(line.rstrip("\r"))
        if not tag:
            continue
        if tag.group(1) == "TY":
            if open_at is not None:
                raise InputError(
                    f"the record that starts on line {open_at} has no ER line before the "
                    f"next TY on line {number}",
                    where=f"{name}:{open_at}",
                )
            open_at = number
            starts.append(number)
        elif tag.group(1) == "ER":
            if open_at is None:
                raise InputError("an ER line with no TY record open", where=f"{name}:{number}")
            open_at = None
        elif open_at is None:
            raise InputError(f"a {tag.group(1)} tag outside a record", where=f"{name}:{number}")
    if open_at is not None:
        raise InputError(
            f"the record that starts on line {open_at} is not closed by an ER line",
            where=f"{name}:{open_at}",
        )
    if not starts:
        raise InputError("no RIS records (TY  - ... ER  -)", where=name)
    return starts


def _to_csl(record: dict) -> dict:
    kind = record.get("type_of_reference", "GEN")
    item: dict = {"type": csl_type_of_ris(kind)}
    if record.get("id"):
        item["id"] = record["id"]
    authors = record.get("authors", []) + record.get("first_authors", [])
    editors = record.get("editors", []) + record.get("secondary_authors", [])
    if kind == "EDBOOK":
        authors, editors = [], authors + editors
    for role, names in (("author", authors), ("editor", editors)):
        if names:
            item[role] = [parse_inverted(n) for n in names]
    if record.get("subsidiary_authors"):
        item["translator"] = [parse_inverted(n) for n in record["subsidiary_authors"]]
    title = record.get("title") or record.get("primary_title")
    if title:
        item["title"] = title
    container_tags = _JOURNAL_TAGS if item["type"].startswith("article") else ("secondary_title",)
    container = next((record[t] for t in container_tags if record.get(t)), None)
    if container:
        item["container-title"] = container
    for key, variable in _FIELDS.items():
        if record.get(key):
            item[variable] = record[key]
    if record.get("number"):
        item["issue" if item["type"].startswith("article") else "number"] = record["number"]
    pages = "-".join(p for p in (record.get("start_page"), record.get("end_page")) if p)
    if pages:
        item["page"] = re.sub(r"\s*[-–—]+\s*", "-", pages)
    if record.get("issn"):
        item["ISBN" if item["type"] in {"book", "chapter", "report"} else "ISSN"] = record["issn"]
    if record.get("urls"):
        item["URL"] = record["urls"][0]
    notes = [*record.get("notes", []), *([record["note"]] if record.get("note") else [])]
    if notes:
        item["note"] = " ".join(notes)
    _date(record, item)
    return item


def _date(record: dict, item: dict) -> None:
    """``PY``/``Y1`` as ``2014``, ``2014///`` or ``2016/01/28/``; ``DA`` for the full date."""
    for value in (record.get("date"), record.get("year"), record.get("publication_year")):
        found = re.match(r"((?:1[5-9]|20)\d\d)(?:[/-](\d\d?)(?:[/-](\d\d?))?)?", value or "")
        if found:
            item["issued"] = {"date-parts": [[int(p) for p in found.groups() if p]]}
            return


# --- writing -------------------------------------------------------------------------


def to_ris(items: list[dict]) -> str:
    """RIS records for CSL-JSON ``items``, with every role an item names: authors (``AU``),
    editors (``ED`` of a book, ``A2`` of the book a chapter or entry is in, as RIS has
    them), translators (``A4``) and a container's authors (``A3``)."""
    records = []
    for item in items:
        kind = ris_type(item.get("type", ""))
        record: dict = {"type_of_reference": kind, "id": item["id"]}
        if item.get("author"):
            record["authors"] = [_person(p) for p in item["author"]]
        if item.get("editor"):
            key = "secondary_authors" if kind in _IN_A_BOOK else "editors"
            record[key] = [_person(p) for p in item["editor"]]
        if item.get("translator"):
            record["subsidiary_authors"] = [_person(p) for p in item["translator"]]
        if item.get("container-author"):
            record["tertiary_authors"] = [_person(p) for p in item["container-author"]]
        if item.get("title"):
            record["title"] = item["title"]
        if item.get("container-title"):
            record["secondary_title"] = item["container-title"]
        year = item_year(item)
        if year:
            record["year"] = str(year)
        if item.get("volume"):
            record["volume"] = str(item["volume"])
        if item.get("issue") or item.get("number"):
            record["number"] = str(item.get("issue") or item.get("number"))
        if item.get("page"):
            first, _, last = str(item["page"]).replace("–", "-").partition("-")
            record["start_page"] = first
            if last:
                record["end_page"] = last
        for csl, ris in _COPIED:
            if item.get(csl):
                record[ris] = [item[csl]] if ris in ("urls", "notes") else str(item[csl])
        accessed = (item.get("accessed") or {}).get("date-parts") or [[]]
        if accessed[0]:
            record["access_date"] = "/".join(f"{int(p):02d}" for p in accessed[0])
        records.append(record)
    return rispy.dumps(records, mapping=_MAPPING, list_tags=_LIST_TAGS)


def _person(name: dict) -> str:
    """``Family, Given``; a person known by the family name alone keeps the comma
    (``Cullen,``), since a name without one is read as an organisation's."""
    text = inverted(name)
    return text if "," in text or name.get("literal") else f"{text},"


#: RIS types of works in a book, whose editors are the book's (``A2``).
_IN_A_BOOK = {"CHAP", "ENCYC", "CONF"}
#: CSL variables written as they are, and the rispy keys they are written as.
_COPIED = (
    ("collection-title", "tertiary_title"),
    ("edition", "edition"),
    ("DOI", "doi"),
    ("ISBN", "issn"),
    ("URL", "urls"),
    ("publisher", "publisher"),
    ("publisher-place", "place_published"),
    ("note", "notes"),
)
