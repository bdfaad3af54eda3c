"""Plain-text reference lists: found in a text, split into entries, each entry read.

A reference list is a section of its own ("References", "Bibliography", "Works
cited", "Literature", "Sources", ...) or a numbered list at the end;
:func:`find_reference_section` finds it (:mod:`.sections`), :func:`list_lines` drops
the page furniture in it (:mod:`.lines`), :func:`split_reference_entries` cuts it into
entries (:mod:`.split`), and :func:`read_list` reads each entry into a CSL-JSON item
with :func:`kg.bib.plaintext.parse_reference`, leniently (:mod:`.read`): an entry
without names is kept raw with a warning, text that is no reference is skipped with
one, and nothing is refused.

>>> items = read_reference_list('''Kitchin, R. (2016) Getting smarter about smart cities.
... ———. (2016) The ethics of smart cities. Philosophical Transactions A, 374(2083).''')
>>> [(i["author"][0]["family"], i["title"]) for i in items]
[('Kitchin', 'Getting smarter about smart cities'), ('Kitchin', 'The ethics of smart cities')]
"""

from __future__ import annotations

from kg.bib.reflist.lines import ListLine, list_lines
from kg.bib.reflist.read import ListWarning, ReadList, list_end, read_list
from kg.bib.reflist.sections import (
    SECTION_TITLES,
    find_reference_section,
    find_reference_sections,
)
from kg.bib.reflist.split import split_reference_entries

__all__ = [
    "SECTION_TITLES",
    "ListLine",
    "ListWarning",
    "ReadList",
    "find_reference_section",
    "find_reference_sections",
    "list_end",
    "list_lines",
    "read_list",
    "read_reference_list",
    "split_reference_entries",
]


def read_reference_list(text: str, name: str = "<bibliography>") -> list[dict]:
    """The references of a plain-text list as CSL-JSON items (without ids), one for
    every entry, those without names kept raw with ``confidence: low`` (see
    :func:`read_list`, which also gives the warnings). ``name`` is unused: kept for the
    readers' common signature."""
    return read_list(text).items
