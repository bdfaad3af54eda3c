"""The file given to ``tkg ingest``: a text, read strictly (UTF-8, not binary, not empty,
not too large), or a PDF: its text, as :mod:`kg.pdf` reads it, and where it is kept.

The text the ingester analyses is the text :func:`kg.pdf.text.pdf_text` makes of the PDF
(reading order, furniture and notes apart, ligatures spelled out, broken words made
whole by :func:`kg.ingest.dehyphenate.keep_hyphen`): every offset in the graph points
into it, so it is written out beside the graph's other inputs (``paper.pdf.txt`` beside
the PDF unless told where), and ``tkg validate --corpus-dir`` checks anchors against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.ingest.dehyphenate import keep_hyphen, word_counts
from kg.pdf.extract import is_pdf
from kg.pdf.text import pdf_text

__all__ = [
    "PdfInput",
    "check_size",
    "keep_pdf_text",
    "kept_name",
    "read_pdf",
    "read_text",
    "text_name",
]


@dataclass(frozen=True)
class PdfInput:
    """A PDF and the text made of it."""

    text: str
    data: bytes  # the PDF's own bytes, for the provenance
    pages: int
    notes: int


def read_pdf(path: Path, *, max_bytes: int | None = None) -> PdfInput | None:
    """The text of the PDF at ``path``; None when the file is no PDF (by its first bytes,
    or its name: a ``.pdf`` that is not one is refused, saying so). A text larger than
    ``max_bytes`` (UTF-8) is refused as a plain text of that size would be; the PDF's own
    size does not count (pictures make PDFs large, not texts)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", where=str(path)) from exc
    if not is_pdf(head):
        if path.suffix.lower() == ".pdf":
            raise InputError("not a PDF (no %PDF- header): give a PDF or a text", where=str(path))
        return None
    data = path.read_bytes()
    found = pdf_text(data, where=str(path), keep_hyphen=keep_hyphen, word_counts=word_counts)
    size = len(found.text.encode("utf-8"))
    if max_bytes is not None and size > max_bytes:
        raise InputError(
            f"the PDF's text is {size:,} bytes, more than TKG_MAX_TEXT_BYTES ({max_bytes:,}); "
            "raise it to ingest the text",
            where=str(path),
        )
    return PdfInput(found.text, data, len(found.pages), found.notes)


def text_name(path: Path) -> str:
    """The name the text of the PDF at ``path`` goes by in the graph: ``paper.pdf.txt``.

    >>> text_name(Path("papers/paper.pdf"))
    'paper.pdf.txt'
    """
    return f"{path.name}.txt"


def kept_name(pdf: Path, where: Path | None) -> str:
    """The name the graph gives the text of ``pdf`` kept at ``where`` (as
    :func:`keep_pdf_text` keeps it): the file's own name when ``where`` names a file, so
    that ``tkg validate --corpus-dir`` finds the text the offsets point into.

    >>> kept_name(Path("papers/paper.pdf"), None), kept_name(Path("p.pdf"), Path("out/p7.txt"))
    ('paper.pdf.txt', 'p7.txt')
    """
    if where is None or where.is_dir():
        return text_name(pdf)
    return where.name


def keep_pdf_text(found: PdfInput, pdf: Path, where: Path | None) -> str | None:
    """Write the text made of ``pdf`` to ``where`` (a file, or a folder to hold
    ``paper.pdf.txt``), or beside the PDF when ``where`` is None; the path written, or None
    when the default place cannot be written (a read-only folder): the graph is still good,
    only its anchors cannot be checked. A place given that cannot be written is an error."""
    target = pdf.with_name(text_name(pdf)) if where is None else where
    if where is not None and where.is_dir():
        target = where / text_name(pdf)
    try:
        target.write_text(found.text, encoding="utf-8")
    except OSError as exc:
        if where is None:
            return None
        raise InputError(f"cannot keep the PDF's text: {exc.strerror}", where=str(target)) from exc
    return str(target)


def read_text(path: Path) -> tuple[str, bytes]:
    """The text of a file, refusing binary, non-UTF-8 and empty input with the reason."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the text: {exc.strerror}", where=str(path)) from exc
    if b"\x00" in raw[:65536]:
        raise InputError("this is a binary file, not a text (found NUL bytes)", where=str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}; "
            "convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)",
            where=f"{path}:{line}",
        ) from exc
    if not text.strip():
        raise InputError("the text is empty", where=str(path))
    return text, raw


def check_size(path: Path, max_bytes: int | None) -> None:
    """Refuse, in one line, a text larger than ``max_bytes`` (``None``: no limit)."""
    if max_bytes is None:
        return
    try:
        size = path.stat().st_size
    except OSError:
        return  # reading it says why
    if size > max_bytes:
        raise InputError(
            f"the text is {size:,} bytes, more than TKG_MAX_TEXT_BYTES ({max_bytes:,}); "
            "raise it to ingest the text (about 30 MB of memory per MB of text)",
            where=str(path),
        )
