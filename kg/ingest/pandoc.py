"""Pandoc's citations, as scholars write them in Markdown with a bibliography file:
``[@kitchin2014]``, ``[see @kitchin2014, p. 4; @townsend2013, ch. 2]``, ``[-@kitchin2014]``
(the year alone, the name said before), ``@kitchin2014 says`` and ``@kitchin2014 [p. 4]``
in the running text. Each cites the entry of the bibliography with that key
(``tkg ingest paper.md --bib refs.bib``: the BibTeX key, or the CSL-JSON ``id``).

A paper's YAML front matter may name its bibliography (``bibliography: refs.bib``), as
Pandoc reads it: ingest then reads that file when no ``--bib`` is given.

A key in brackets is a citation whether or not the bibliography has it (a key missing
from it is reported unresolved); a bare ``@key`` only when the bibliography has that key,
so that an e-mail address or a handle is not read as one.

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

from kg.ingest.model import Citation, Reference, Resolution
from kg.yamltext import YAMLError, safe_load

__all__ = ["find_keyed", "front_matter_bibliography", "resolve_key"]

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


def _inside(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def resolve_key(citation: Citation, references: Sequence[Reference]) -> Resolution | None:
    """The entry a Pandoc citation names by its key; None for a citation of another kind."""
    if citation.kind != "key" or citation.key is None:
        return None
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
