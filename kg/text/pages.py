"""Pages of a PDF-to-text extraction, as character offsets.

A form feed marks a page break where the extractor kept one. Where it did not
(as in the default chapter), a page begins where a line starts with a single
space straight after a non-blank line: the extractor's trace of a page break
that does not coincide with a paragraph break. Text before a first line holding
only the number 1 is front matter (a repository cover sheet), page 0.

>>> text = "Cover\\n1\\nFirst page line\\nends here\\n second page\\n"
>>> starts = page_starts(text)
>>> [page_of(starts, text.index(w)) for w in ("Cover", "First", "second")]
[0, 1, 2]
"""

from __future__ import annotations

import bisect
import re

__all__ = ["page_of", "page_starts"]

_FIRST_PAGE = re.compile(r"^[ \t]*1[ \t]*$", re.M)


def page_starts(text: str) -> list[int]:
    """Offsets at which pages 1, 2, ... begin."""
    if "\f" in text:
        return [0] + [m.end() for m in re.finditer("\f", text)]
    first = _FIRST_PAGE.search(text)
    body_start = first.start() if first else 0
    starts = [body_start]
    previous_blank = True
    offset = 0
    for line in text.splitlines(keepends=True):
        if offset > body_start and re.match(r" \S", line) and not previous_blank:
            starts.append(offset)
        previous_blank = not line.strip()
        offset += len(line)
    return starts


def page_of(starts: list[int], offset: int) -> int:
    """The page holding ``offset`` (0 for front matter before page 1)."""
    return bisect.bisect_right(starts, offset)
