"""Citations by key: Pandoc's, and the labels of a list printed with them.

**Pandoc's citations**, as scholars write them in Markdown with a bibliography file:
``[@kitchin2014]``, ``[see @kitchin2014, p. 4; @townsend2013, ch. 2]``, ``[-@kitchin2014]``
(the year alone, the name said before), ``@kitchin2014 says`` and ``@kitchin2014 [p. 4]``
in the running text. Each cites the entry of the bibliography with that key
(``tkg ingest paper.md --bib refs.bib``: the BibTeX key, or the CSL-JSON ``id``).

A paper's YAML front matter may name its bibliography (``bibliography: refs.bib``), as
Pandoc reads it: ingest then reads that file when no ``--bib`` is given.

A key in brackets is a citation whether or not the bibliography has it (a key missing
from it is reported unresolved); a bare ``@key`` only when the bibliography has that key,
so that an e-mail address or a handle is not read as one.

**Labels**: a list whose entries open with a label (``[BAUD93] Baudel, T.: ...``, as
BibTeX's alpha style and German lists print them) is cited by it: ``[BAUD93]``,
``[BAUD93, S. 4]``, ``[BAUD93; CARR91]``; only labels the list has are read.

>>> from kg.ingest.model import Reference
>>> refs = [Reference("kitchin2014", ("Kitchin",), 2014)]
>>> text = "Cities are data [see @kitchin2014, p. 4; @gone2020]. As @kitchin2014 [p. 9] says."
>>> [(c.key, c.prefix, c.locator, c.narrative) for c in find_keyed(text, refs)]
... # doctest: +NORMALIZE_WHITESPACE
[('kitchin2014', 'see', 'p. 4', False), ('gone2020', None, None, False),
 ('kitchin2014', None, 'p. 9', True)]
>>> [(r.reference, r.confidence) for r in (resolve_key(c, refs) for c in find_keyed(text, refs))]
[('kitchin2014', 1.0), (None, 0.0), ('kitchin2014', 1.0)]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from kg.bib.parse.lexicon import LABEL
from kg.ingest.model import Citation, Reference, Resolution
from kg.yamltext import YAMLError, safe_load

__all__ = ["find_keyed", "find_labelled", "front_matter_bibliography", "resolve_key"]

_FRONT = re.compile(r"---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)", re.S)

# Pandoc's key: a letter, digit or "_" first, then these, punctuation only inside
_KEY = r"(?:\{(?P<braced>[^{}\s]+)\}|(?P<plain>\w(?:\w|[:.#$%&\-+?<>~/](?=\w))*))"
# brackets holding a key after a space, "[", ";" or "-": not a link's text "[a](url)"
_BRACKETED = re.compile(r"\[(?P<body>[^\[\]\n]*(?<![\w.])-?@[^\[\]\n]*)\](?!\()")
_ITEM = re.compile(rf"(?P<prefix>[^@;]*?)(?<![\w.])(?P<minus>-)?@{_KEY}(?P<suffix>[^;]*)")
_NARRATIVE = re.compile(rf"(?<![\w@.\[\-/:])@{_KEY}(?P<after>\s*\[(?P<locator>[^\[\]\n@]*)\])?")


def find_keyed(
    text: str,
    references: Sequence[Reference],
    *,
    start: int = 0,
    end: int | None = None,
    exclude: Sequence[tuple[int, int]] = (),
) -> list[Citation]:
    """The Pandoc citations of ``text[start:end]``, in text order, none inside
    ``exclude`` (the spans of furniture)."""
    stop = len(text) if end is None else end
    if "@" not in text[start:stop]:
        return []
    known = {r.id: r for r in references}
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for bracket in _BRACKETED.finditer(text, start, stop):
        if _inside(bracket.span(), exclude):
            continue
        items = list(_ITEM.finditer(text, bracket.start("body"), bracket.end("body")))
        for item in items:
            found.append(_citation(item, known, group=bracket.span(), narrative=False))
        taken.append(bracket.span())
    for bare in _NARRATIVE.finditer(text, start, stop):
        key = bare.group("braced") or bare.group("plain")
        if key not in known or _inside(bare.span(), [*exclude, *taken]):
            continue
        found.append(_citation(bare, known, group=bare.span(), narrative=True))
    return sorted(found, key=lambda c: (c.start, c.end))


def _citation(
    found: re.Match[str], known: dict[str, Reference], *, group: tuple[int, int], narrative: bool
) -> Citation:
    key = found.group("braced") or found.group("plain")
    reference = known.get(key)
    groups = found.groupdict()
    prefix = (groups.get("prefix") or "").strip(" ,") or None
    locator = groups.get("locator") if narrative else (groups.get("suffix") or "")
    locator = (locator or "").strip(" ,;") or None
    at = found.start("braced") - 2 if found.group("braced") else found.start("plain") - 1
    return Citation(
        text=found.group(0).strip(" ;"),
        start=at,
        end=found.end("braced") + 1 if found.group("braced") else found.end("plain"),
        surnames=reference.surnames if reference else (),
        year=(str(reference.year) + reference.year_suffix) if reference and reference.year else "",
        locator=locator,
        prefix=prefix,
        narrative=narrative,
        group=group,
        kind="key",
        key=key,
    )


_LABELS = re.compile(rf"\[(?P<body>{LABEL}(?:[^\[\]\n]{{0,80}}?))\]")
_LOCATOR = re.compile(r"(?:(?:pp?|S|Sp|ch|chap|Kap)\.\s*)?\d{1,5}(?:\s*[-–]\s*\d{1,5}|\s?ff?\.)?")


def find_labelled(
    text: str,
    references: Sequence[Reference],
    *,
    start: int = 0,
    end: int | None = None,
    exclude: Sequence[tuple[int, int]] = (),
) -> list[Citation]:
    """The citations by label of ``text[start:end]``: brackets holding labels of the
    list's entries (``csl["citation-label"]``), each with its locator perhaps.

    >>> refs = [Reference("baudel1993", ("Baudel",), 1993, csl={"citation-label": "BAUD93"}),
    ...         Reference("carr1991", ("Carr",), 1991, csl={"citation-label": "CARR91"})]
    >>> found = find_labelled("Gloves [BAUD93, S. 4; CARR91] [CARR91, BAUD93] [ABC12].", refs)
    >>> [(c.text, c.key, c.locator) for c in found]  # doctest: +NORMALIZE_WHITESPACE
    [('BAUD93', 'baudel1993', 'S. 4'), ('CARR91', 'carr1991', None),
     ('CARR91', 'carr1991', None), ('BAUD93', 'baudel1993', None)]
    """
    known = {str(r.csl["citation-label"]): r for r in references if r.csl.get("citation-label")}
    if not known:
        return []
    stop = len(text) if end is None else end
    found = []
    for bracket in _LABELS.finditer(text, start, stop):
        if _inside(bracket.span(), exclude):
            continue
        # its parts, parted by commas or semicolons: labels, each perhaps with a locator
        items: list[list] = []
        at = bracket.start("body")
        for part in re.split(r"([,;])", bracket.group("body")):
            word = part.strip()
            if word in known:
                items.append([word, at + part.index(word), None])
            elif word and word not in ",;" and items and _LOCATOR.fullmatch(word):
                items[-1][2] = word
            elif word and word not in ",;":
                items = []  # not all labels the list has, and their pages: none
                break
            at += len(part)
        for label, begin, locator in items:
            reference = known[label]
            found.append(
                Citation(
                    text=label,
                    start=begin,
                    end=begin + len(label),
                    surnames=reference.surnames,
                    year=str(reference.year or ""),
                    locator=locator,
                    group=bracket.span(),
                    kind="label",
                    key=reference.id,
                )
            )
    return found


def _inside(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def resolve_key(citation: Citation, references: Sequence[Reference]) -> Resolution | None:
    """The entry a Pandoc citation names by its key; None for a citation of another kind."""
    if citation.kind not in ("key", "label") or citation.key is None:
        return None
    if citation.kind == "label":
        return Resolution(citation.key, 1.0, f"cited by its label [{citation.text}]")
    if any(r.id == citation.key for r in references):
        return Resolution(citation.key, 1.0, f"cited by its key @{citation.key}")
    return Resolution(None, 0.0, f"no entry with the key @{citation.key} in the bibliography")


def front_matter_bibliography(text: str, path: Path) -> list[Path]:
    """The bibliography files a Markdown paper's YAML front matter names, as Pandoc reads
    them (``bibliography: refs.bib`` or a list), relative to the paper's folder; only
    those that exist (a missing one is Pandoc's error to report, not a reason to refuse
    the paper)."""
    front = _FRONT.match(text)
    if front is None:
        return []
    try:
        meta = safe_load(front.group("yaml"))
    except YAMLError:
        return []
    named = meta.get("bibliography") if isinstance(meta, dict) else None
    names = [named] if isinstance(named, str) else named if isinstance(named, list) else []
    files = [path.parent / str(n) for n in names if isinstance(n, (str, Path))]
    return [f for f in files if f.is_file()]
