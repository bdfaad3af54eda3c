"""Bibliographies out: CSL-JSON items written as BibTeX (bibtexparser) or RIS (rispy).

CSL-JSON is the common form every reader produces; these writers turn it back into
the two formats reference managers exchange, so a scholar can take a map's works
into Zotero, JabRef or EndNote.

>>> item = {"id": "kitchin2014realtime", "type": "article-journal",
...         "author": [{"family": "Kitchin", "given": "Rob"}], "issued": {"date-parts": [[2014]]},
...         "title": "The real-time city?", "container-title": "GeoJournal", "page": "1-14"}
>>> print(to_bibtex([item]).strip())
@article{kitchin2014realtime,
    author = {Kitchin, Rob},
    title = {The real-time city?},
    journal = {GeoJournal},
    year = {2014},
    pages = {1--14}
}
>>> print(to_ris([item]).splitlines()[:3])
['1.', 'TY  - JOUR', 'ID  - kitchin2014realtime']
"""

from __future__ import annotations

import bibtexparser
import rispy
from bibtexparser import model

__all__ = ["to_bibtex", "to_ris"]

_BIBTEX_TYPES = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "book": "book",
    "chapter": "incollection",
    "entry-encyclopedia": "incollection",
    "paper-conference": "inproceedings",
    "report": "techreport",
    "thesis": "phdthesis",
}
_RIS_TYPES = {
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "book": "BOOK",
    "chapter": "CHAP",
    "entry-encyclopedia": "ENCYC",
    "paper-conference": "CONF",
    "report": "RPRT",
    "thesis": "THES",
    "webpage": "ELEC",
}


def _name(person: dict, *, braced: bool) -> str:
    if person.get("literal"):
        return f"{{{person['literal']}}}" if braced else person["literal"]
    family = person.get("family", "")
    if person.get("non-dropping-particle"):
        family = f"{person['non-dropping-particle']} {family}"
    given = person.get("given", "")
    return f"{family}, {given}" if given else family


def _year(item: dict) -> str | None:
    parts = (item.get("issued") or {}).get("date-parts") or [[None]]
    return str(parts[0][0]) if parts and parts[0] and parts[0][0] else None


def to_bibtex(items: list[dict]) -> str:
    """BibTeX entries for CSL-JSON ``items``; corporate names are braced so that they
    stay whole."""
    library = bibtexparser.Library()
    for item in items:
        kind = _BIBTEX_TYPES.get(item.get("type", ""), "misc")
        fields: list[tuple[str, str]] = []
        if item.get("author"):
            fields.append(("author", " and ".join(_name(p, braced=True) for p in item["author"])))
        if item.get("editor"):
            fields.append(("editor", " and ".join(_name(p, braced=True) for p in item["editor"])))
        if item.get("title"):
            fields.append(("title", item["title"]))
        container = item.get("container-title")
        if container:
            fields.append(("journal" if kind == "article" else "booktitle", container))
        for csl, bib in (
            ("collection-title", "series"),
            ("volume", "volume"),
            ("issue", "number"),
        ):
            if item.get(csl):
                fields.append((bib, str(item[csl])))
        if _year(item):
            fields.append(("year", _year(item)))
        if item.get("page"):
            fields.append(("pages", str(item["page"]).replace("–", "-").replace("-", "--", 1)))
        if item.get("publisher"):
            key = "institution" if kind == "techreport" else "publisher"
            fields.append((key, item["publisher"]))
        for csl, bib in (
            ("publisher-place", "address"),
            ("DOI", "doi"),
            ("ISBN", "isbn"),
            ("URL", "url"),
            ("note", "note"),
        ):
            if item.get(csl):
                fields.append((bib, str(item[csl])))
        library.add(model.Entry(kind, item["id"], [model.Field(k, v) for k, v in fields]))
    return bibtexparser.write_string(library)


def to_ris(items: list[dict]) -> str:
    """RIS records for CSL-JSON ``items``."""
    records = []
    for item in items:
        record: dict = {"type_of_reference": _RIS_TYPES.get(item.get("type", ""), "GEN")}
        record["id"] = item["id"]
        if item.get("author"):
            record["authors"] = [_name(p, braced=False) for p in item["author"]]
        if item.get("editor"):
            record["secondary_authors"] = [_name(p, braced=False) for p in item["editor"]]
        if item.get("title"):
            record["title"] = item["title"]
        if item.get("container-title"):
            record["secondary_title"] = item["container-title"]
        if _year(item):
            record["year"] = _year(item)
        if item.get("volume"):
            record["volume"] = str(item["volume"])
        if item.get("issue"):
            record["number"] = str(item["issue"])
        if item.get("page"):
            first, _, last = str(item["page"]).replace("–", "-").partition("-")
            record["start_page"] = first
            if last:
                record["end_page"] = last
        for csl, ris in (
            ("DOI", "doi"),
            ("ISBN", "issn"),
            ("URL", "urls"),
            ("publisher", "publisher"),
            ("publisher-place", "place_published"),
            ("note", "notes"),
        ):
            if item.get(csl):
                record[ris] = [item[csl]] if ris in ("urls", "notes") else item[csl]
        records.append(record)
    return rispy.dumps(records)
