"""The glyphs of a PDF, page by page, read with PDFium (pypdfium2).

A glyph is one character with its box in top-down page coordinates (``top`` grows down
the page) and its size (the height of its loose box: the font's ascent to descent).
Whitespace comes through as glyphs too (PDFium's generated spaces and line breaks), so
the layout knows where the PDF put a space. Rotated characters (stamps in the margin)
are left out.

The library is chosen on measured quality and speed: see ``bench/pdf.py`` and
``bench/results/pdf.md`` (PDFium read the 60 EXCITE papers several times faster than
pdfminer.six, with the same reference strings found).
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from kg.errors import InputError

__all__ = ["LIGATURES", "Glyph", "PageGlyphs", "is_pdf", "read_glyphs"]

# the typographic ligatures of Unicode's Latin presentation forms, spelled out (œ and ĳ
# are letters of French and Dutch, and stay)
LIGATURES = {
    0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st",
    0xFB06: "st",
}  # fmt: skip
_HYPHENS = (0x02, 0xAD)


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character where it is printed."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def size(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True, slots=True)
class PageGlyphs:
    """The glyphs of one page, in the order the PDF draws them."""

    number: int  # 1 for the first page of the file
    width: float
    height: float
    glyphs: list[Glyph]


def is_pdf(data: bytes) -> bool:
    """Whether ``data`` starts like a PDF (``%PDF-`` within its first 1 KiB, as readers allow).

    >>> is_pdf(b"%PDF-1.7\\n..."), is_pdf(b"plain text")
    (True, False)
    """
    return b"%PDF-" in data[:1024]


def _open(data: bytes, where: str, password: str | None) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            message = "the PDF is encrypted: it needs a password to be read"
        elif code == pdfium_c.FPDF_ERR_SECURITY:
            message = "the PDF uses an encryption this reader does not support"
        else:
            message = "not a readable PDF (damaged, or not a PDF at all)"
        raise InputError(message, where=where) from exc


def read_glyphs(
    source: Path | bytes, *, where: str = "<pdf>", password: str | None = None
) -> Iterator[PageGlyphs]:
    """The pages of a PDF with their glyphs; an ``InputError`` for a file that is not a PDF
    or cannot be opened."""
    data = source.read_bytes() if isinstance(source, Path) else source
    if not is_pdf(data):
        raise InputError("not a PDF (no %PDF- header)", where=where)
    document = _open(data, where, password)
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                yield _page_glyphs(page, index + 1)
            finally:
                page.close()
    finally:
        document.close()


def _page_glyphs(page: pdfium.PdfPage, number: int) -> PageGlyphs:
    width, height = page.get_size()
    textpage = page.get_textpage()
    raw = textpage.raw
    box = pdfium_c.FS_RECTF()
    ref = ctypes.byref(box)
    get_unicode = pdfium_c.FPDFText_GetUnicode
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    get_angle = pdfium_c.FPDFText_GetCharAngle
    glyphs: list[Glyph] = []
    append = glyphs.append
    try:
        for i in range(textpage.count_chars()):
            code = get_unicode(raw, i)
            if code in _HYPHENS:
                char = "-"  # PDFium's mark for a hyphen at a line end, or a soft hyphen
            elif (code < 32 and code not in (9, 10, 13)) or 0xD800 <= code <= 0xDFFF:
                continue  # an unmapped glyph: no text to give
            else:
                char = LIGATURES.get(code) or chr(code)
            if char.isspace():
                append(Glyph(" ", 0.0, 0.0, 0.0, 0.0))
                continue
            angle = get_angle(raw, i)
            if angle > 0.05 and abs(angle - 2 * math.pi) > 0.05:
                continue  # rotated: a stamp or a label on a picture, not the text
            if not get_box(raw, i, ref):
                continue
            append(Glyph(char, box.left, height - box.top, box.right, height - box.bottom))
    finally:
        textpage.close()
    return PageGlyphs(number, width, height, glyphs)
