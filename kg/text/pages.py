"""Pages of a PDF-to-text extraction, as character offsets.

A form feed marks a page break where the extractor kept one. Where it did not
(as in the default chapter), a page begins where a line starts with a single
space straight after a non-blank line: the extractor's trace of a page break
that does not coincide with a paragraph break. Text before a first line holding
only the number 1, with a blank line beside it, is front matter (a repository cover
sheet), page 0. A bare 1 among lines of text is something else: a footnote's label, a
table's cell or a section's number, as an extraction that keeps no blank lines
(CERMINE's) prints them; taking it for page 1 cut the first pages off 25 of EXCITE's
60 papers.

>>> text = "Cover\\n\\n1\\nFirst page line\\nends here\\n second page\\n"
>>> starts = page_starts(text)
>>> [page_of(starts, text.index(w)) for w in ("Cover", "First", "second")]
[0, 1, 2]
"""

from __future__ import annotations

import bisect
import re

__all__ = ["page_of", "page_starts"]

#: the end of a line holding only 1 (what comes before it on its line checked apart: a
#: pattern starting with the digit is searched for far faster than one starting a line)
_FIRST_PAGE = re.compile(r"1[ \t]*$", re.M)


def page_starts(text: str) -> list[int]:
    """Offsets at which pages 1, 2, ... begin."""
    if "\f" in text:
        return [0] + [m.end() for m in re.finditer("\f", text)]
    body_start = _first_page(text)
    starts = [body_start]
    previous_blank = True
    offset = 0
    for line in text.splitlines(keepends=True):
        if offset > body_start and re.match(r" \S", line) and not previous_blank:
            starts.append(offset)
        previous_blank = not line.strip()
        offset += len(line)
    return starts


def _first_page(text: str) -> int:
    """Where page 1 starts: at the first line holding only 1 beside a blank line."""
    for found in _FIRST_PAGE.finditer(text):
        start, end = text.rfind("\n", 0, found.start()) + 1, found.end()
        if text[start : found.start()].strip(" \t"):
            continue
        if end >= len(text):
            break
        previous = text.rfind("\n", 0, max(start - 1, 0))
        before = text[previous + 1 : start - 1] if start else ""
        following = text.find("\n", end + 1)
        after = text[end + 1 : following if following >= 0 else len(text)]
        if not before.strip() or not after.strip():
            return start
    return 0


def page_of(starts: list[int], offset: int) -> int:
    """The page holding ``offset`` (0 for front matter before page 1)."""
    return bisect.bisect_right(starts, offset)
