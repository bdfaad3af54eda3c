"""A bibliography of any format, loaded as CSL-JSON items with an id each.

A bibliography is CSL-JSON, BibTeX, RIS or a plain-text reference list, told apart
by its content (:func:`detect_format`) unless its format is named. It may come as
text, as bytes (UTF-8, or UTF-16 with a byte-order mark) or as a file; binary data
is refused. Items a format leaves without an id (RIS without ``ID``, a plain-text
list) get one made of the first surname, the year and the first word of the title.

>>> fmt, items = load_bibliography('''TY  - BOOK
... AU  - Townsend, Anthony M.
... TI  - Smart cities
... PY  - 2013
... ER  - ''')
>>> fmt, [(i["id"], i["type"]) for i in items]
('ris', [('townsend2013smart', 'book')])
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from kg.bib.bibtex import read_bibtex
from kg.bib.citekeys import fold
from kg.bib.csl import read_csl_json, year_and_suffix
from kg.bib.names import surname
from kg.bib.reflist import read_reference_list
from kg.bib.ris import read_ris
from kg.errors import InputError, UnsupportedFormatError

__all__ = ["FORMATS", "detect_format", "give_ids", "load_bibliography"]

#: The formats a bibliography is read from.
FORMATS = ("csl-json", "bibtex", "ris", "text")
_ALIASES = {"csl": "csl-json", "json": "csl-json", "bib": "bibtex", "txt": "text", "plain": "text"}
_READERS = {
    "csl-json": read_csl_json,
    "bibtex": read_bibtex,
    "ris": read_ris,
    "text": read_reference_list,
}
_NEWLINE = b"\n"
_STOPWORD = re.compile(  # not the first word of a generated id
    r"a|an|the|of|on|in|and|or|to|for|at|by|with|from|as|is|l|le|la|les|el|los|las|der|die|das"
    r"|de|du|des",
    re.I,
)


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


def load_bibliography(
    data: str | bytes | Path, *, format: str | None = None, name: str = "<bibliography>"
) -> tuple[str, list[dict]]:
    """The format of a bibliography and its entries as CSL-JSON items, in the order given.

    ``data`` is the text, its bytes (UTF-8) or a path; ``format`` one of
    :data:`FORMATS` or an alias (``csl``, ``json``, ``bib``, ``txt``, ``plain``),
    detected from the content when None; ``name`` says where errors are (a path's
    own name by default). Ids: CSL ``id``, BibTeX key, RIS ``ID``, else made
    (:func:`give_ids`).
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
    items = _READERS[kind](text, name)
    if not items:
        raise InputError("the bibliography holds no entries", where=name)
    give_ids(items)
    return kind, items


def _decode(data: str | bytes | Path, name: str) -> str:
    """The text of a bibliography, newlines made ``\\n``; binary data refused."""
    if isinstance(data, Path):
        try:
            data = data.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read the bibliography: {exc.strerror}", where=name) from exc
    if isinstance(data, bytes):
        data = _decode_bytes(data, name)
    text = data.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\f\x1a")
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise InputError("binary data, not a bibliography (control characters)", where=name)
    return text


def give_ids(items: list[dict]) -> None:
    """Give each item without an id a stable one: ``surname + year + first title word``,
    with a number after it where that is taken.

    >>> items = [{"title": "The ethics", "author": [{"family": "Kitchin"}]}, {"title": "Ethics"}]
    >>> give_ids(items)
    >>> [i["id"] for i in items]
    ['kitchinndethics', 'anonndethics']
    """
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
    first = fold(surname(people[0])) if people else "anon"
    year, _ = year_and_suffix(item)
    words = [
        w for w in re.findall(r"[\w'’-]+", item.get("title") or "") if not _STOPWORD.fullmatch(w)
    ]
    return f"{first or 'anon'}{year or 'nd'}{fold(words[0]) if words else ''}"


def _decode_bytes(raw: bytes, name: str) -> str:
    """UTF-8 (a byte-order mark dropped), or UTF-16 with one; binary data refused."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raw = raw.decode("utf-16").encode("utf-8")
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        raise InputError(
            f"binary data, not a bibliography (a NUL byte at offset {offset})",
            where=f"{name}:{raw.count(_NEWLINE, 0, offset) + 1}",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset {exc.start} cannot be "
            "decoded (save the bibliography as UTF-8)",
            where=f"{name}:{raw.count(_NEWLINE, 0, exc.start) + 1}",
        ) from exc
