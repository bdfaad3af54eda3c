"""Bibliographies into :class:`~kg.ingest.model.Reference` objects, whatever their form.

:mod:`kg.bib.load` reads a bibliography of any format (CSL-JSON, BibTeX, RIS or a
plain-text reference list) into CSL-JSON items; a ``Reference`` is made from each
(:func:`reference_from_csl`). Lists from several sources merge by DOI or by
normalised title and year (:func:`merge_bibliographies`); same-author same-year
works without letters get them as author-date styles assign them
(:func:`assign_year_suffixes`). Without a bibliography file, the list in the text
itself is found and read by :mod:`kg.bib.reflist`.

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

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from string import ascii_lowercase

from kg.bib.citekeys import fold
from kg.bib.csl import year_and_suffix
from kg.bib.graph import confidence_of
from kg.bib.load import detect_format, give_ids, load_bibliography
from kg.bib.names import surname
from kg.bib.reflist import ReadList, find_reference_section, find_reference_sections, read_list
from kg.ingest.model import Document, IngestWarning, Reference

__all__ = [
    "Bib",
    "assign_year_suffixes",
    "bibliography",
    "is_plain_list",
    "merge_bibliographies",
    "normalise_title",
    "read_bibliography",
    "read_plain_list",
    "reference_confidence",
    "reference_from_csl",
    "reference_list_span",
    "reference_list_spans",
    "references_in_text",
    "title_order",
]

# the format a bibliography was read from -> Reference.source
_SOURCES = {"csl-json": "csl", "bibtex": "bibtex", "ris": "ris", "text": "text"}
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_ARTICLE = re.compile(r"^(?:the|an?|le|la|les|l'|el|los|las|der|die|das)\s+", re.I)


# --- reading ---------------------------------------------------------------------------


def read_bibliography(
    data: str | bytes | Path, *, format: str | None = None, name: str = "<bibliography>"
) -> list[Reference]:
    """Every entry of a bibliography as a ``Reference``, in the order given.

    ``data``, ``format`` and ``name`` are as :func:`kg.bib.load.load_bibliography`
    takes them: the text, its bytes or a path; a format name or None to detect it;
    where errors are.

    >>> read_bibliography('[{"id": "x", "title": "X"}, {"id": "x"}]', name="refs.json")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: refs.json:1: duplicate CSL-JSON id 'x' (items 1 and 2)
    """
    kind, items = load_bibliography(data, format=format, name=name)
    return [reference_from_csl(item, source=_SOURCES[kind]) for item in items]


def reference_list_span(text: str, document: Document) -> tuple[int, int] | None:
    """Where the text's own reference list is: as segmentation found it, else by its
    heading or as a numbered list near the end
    (:func:`kg.bib.reflist.find_reference_section`)."""
    return document.references or find_reference_section(text)


def reference_list_spans(text: str, document: Document) -> list[tuple[int, int]]:
    """Every reference list of the text, in order: the one segmentation found (or
    :func:`reference_list_span`) and the others its headings show, as a collection of
    papers has one after each (:func:`kg.bib.reflist.find_reference_sections`)."""
    last = reference_list_span(text, document)
    if last is None:
        return []
    sections = document.other_references or find_reference_sections(text)
    inside = [s[0] for s in sections if last[0] < s[0] < last[1]]
    if inside:  # another list's heading ends this one
        last = (last[0], min(inside))
    others = [s for s in sections if s[1] <= last[0] or s[0] >= last[1]]
    return sorted([*others, last])


def read_plain_list(
    text: str,
    span: tuple[int, int] | list[tuple[int, int]] | None = None,
    *,
    name: str = "<bibliography>",
) -> tuple[list[Reference], list[IngestWarning]]:
    """The entries of a plain-text reference list (at ``span`` of ``text``, or all of it),
    read leniently: every entry a ``Reference`` in the list's order, an entry without names
    kept as its raw text with low confidence; the warnings name ``name`` and the line of
    ``text`` (the file's own line) each entry starts on.

    >>> refs, warnings = read_plain_list(
    ...     "References\\n"
    ...     "Kitchin, R. (2014) The real-time city. GeoJournal 79: 1-14.\\n"
    ...     "Acknowledgements to the reviewers.\\n"
    ...     "(1996) Police fill rec center void. The Times, 3 May.\\n", name="paper.txt")
    >>> [(r.line, r.surnames, r.csl["note"][:16] if r.warnings else "") for r in refs]
    [(2, ('Kitchin',), ''), (4, (), 'confidence: low.')]
    >>> [(w.kind, w.where) for w in warnings]
    [('skipped', 'paper.txt:3'), ('unparsed', 'paper.txt:4')]
    """
    spans = span if isinstance(span, list) else [span or (0, len(text))]
    found = ReadList()
    for one in spans:
        part = read_list(text, one)
        found.items += part.items
        found.lines += part.lines
        found.warnings += part.warnings
    give_ids(found.items)
    warned: dict[int, list[str]] = {}
    warnings = []
    for w in found.warnings:
        warnings.append(IngestWarning(w.kind, f"{name}:{w.line}", w.message))
        warned.setdefault(w.line, []).append(w.message)
    refs = []
    for item, line in zip(found.items, found.lines, strict=True):
        ref = reference_from_csl(item, source="text")
        refs.append(replace(ref, line=line, warnings=tuple(warned.get(line, ()))))
    return refs, warnings


def references_in_text(
    text: str, document: Document, *, name: str = "<text>"
) -> tuple[list[Reference], list[IngestWarning]]:
    """The reference list a text holds, read as :func:`read_plain_list` reads one (none
    found: no references, no warnings)."""
    spans = reference_list_spans(text, document)
    return read_plain_list(text, spans, name=name) if spans else ([], [])


def is_plain_list(data: str | bytes | Path) -> bool:
    """Whether a bibliography given as ``data`` is a plain-text list, by its content."""
    if isinstance(data, Path):
        try:
            data = data.read_bytes()
        except OSError:
            return False
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return False
    return bool(data.strip()) and detect_format(data) == "text"


Bib = Path | bytes | str


def bibliography(
    text: str, document: Document, bib: Bib | Sequence[Bib] | None, name: str
) -> tuple[list[Reference], str, list[IngestWarning]]:
    """The references of a text: from the bibliographies given (merged), else from the
    reference list found in the text; what was read from where; and the warnings.

    A structured bibliography (CSL-JSON, BibTeX, RIS) is strict: an entry that does not
    parse is an ``InputError`` naming it. A plain-text list, given or found, is read
    leniently (:func:`kg.ingest.references.read_plain_list`): nothing in it is refused.
    """
    if bib is not None:
        sources: list[Bib] = [bib] if isinstance(bib, Path | bytes | str) else list(bib)
        lists, warnings = [], []
        for b in sources:
            where = str(b) if isinstance(b, Path) else name
            if is_plain_list(b):
                data = b.read_text(encoding="utf-8-sig") if isinstance(b, Path) else b
                refs, found = read_plain_list(
                    data.decode("utf-8-sig") if isinstance(data, bytes) else data, name=where
                )
                lists.append(refs)
                warnings += found
            else:
                lists.append(read_bibliography(b, name=where))
        refs = merge_bibliographies(*lists) if len(lists) > 1 else lists[0]
        described = ", ".join(str(b) if isinstance(b, Path) else name for b in sources)
        return assign_year_suffixes(refs), described, warnings
    spans = reference_list_spans(text, document)
    if not spans:
        return [], "none: no --bib and no reference list found in the text", []
    if document.references is None:  # found here, not by segmentation: no body text
        document.references = spans[-1]
        document.body = (document.body[0], min(document.body[1], spans[-1][0]))
    refs, warnings = read_plain_list(text, spans, name=name)
    return assign_year_suffixes(refs), f"the reference list in {name}", warnings


def reference_confidence(reference: Reference) -> str:
    """How sure the reading of a reference is: the level its CSL note states, else
    ``high`` for a structured bibliography and ``medium`` for an entry parsed from plain
    text (a raw entry, parsed to no names, states ``low``).

    >>> reference_confidence(Reference("x", ("Smith",), 2001, source="text"))
    'medium'
    """
    level, _ = confidence_of(reference.csl)
    return level or ("medium" if reference.source == "text" else "high")


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
    year, suffix = year_and_suffix(item)
    return Reference(
        id=str(item["id"]),
        surnames=tuple(s for s in (surname(p) for p in people) if s),
        year=year,
        year_suffix=str(item.get("year-suffix") or suffix),
        title=item.get("title") or None,
        container=item.get("container-title") or None,
        doi=csl.get("DOI") or None,
        raw=item.get("raw"),
        csl=csl,
        source=source,
    )


def normalise_title(title: str) -> str:
    """A title for comparison: no case, accents, punctuation or hyphens.

    >>> normalise_title("The Real-Time City? Big Data…")
    'the real time city big data'
    >>> normalise_title("Planning and knowledge:") == normalise_title("Planning and Knowledge")
    True
    """
    return " ".join(word for word in map(fold, _TITLE_BREAKS.split(title)) if word)


_TITLE_BREAKS = re.compile(r"[\s\-–—/]+")


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
        return [fold(surname(n)) for n in a] == [fold(surname(n)) for n in b]
    if key == "issued":
        return year_and_suffix({"issued": a}) == year_and_suffix({"issued": b})
    if isinstance(a, str) and isinstance(b, str):
        return normalise_title(a) == normalise_title(b)
    return a == b


def _shown(value: object) -> str:
    if isinstance(value, list) and all(isinstance(n, dict) for n in value):
        value = ", ".join(surname(n) for n in value)
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
