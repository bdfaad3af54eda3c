"""Plain-text reference lists: found in a text, split into entries, each entry read.

A reference list is a section of its own ("References", "Bibliography", "Works
cited", ...), its entries one a line or wrapped over several (a PDF extraction, a
hanging indent). :func:`find_reference_section` finds it, :func:`split_reference_entries`
cuts it into entries, and :func:`read_reference_list` reads a whole list into
CSL-JSON items with :func:`kg.bib.plaintext.parse_reference`.

>>> items = read_reference_list('''Kitchin, R. (2016) Getting smarter about smart cities.
... ———. (2016) The ethics of smart cities. Philosophical Transactions A, 374(2083).''')
>>> [(i["author"][0]["family"], i["title"]) for i in items]
[('Kitchin', 'Getting smarter about smart cities'), ('Kitchin', 'The ethics of smart cities')]
"""

from __future__ import annotations

import re

from kg.bib.plaintext import YEAR_PATTERN, parse_reference
from kg.errors import InputError

__all__ = [
    "SECTION_TITLES",
    "find_reference_section",
    "read_reference_list",
    "split_reference_entries",
]

#: The titles of a reference-list section, the one rule segmentation and this module share.
SECTION_TITLES = (
    r"references?(?:\s+list|\s+cited)?|bibliography|works\s+cited|literature(?:\s+cited)?"
    r"|reference\s+list|cited\s+works|sources(?:\s+cited)?"
)

_HEADING = re.compile(
    rf"""^[ \t]*(?P<hashes>\#{{1,6}}[ \t]+)?(?:\*\*|__)?
    (?P<number>(?:\d+(?:\.\d+)*|[IVXLC]+)\.?[ \t]+)?
    (?:{SECTION_TITLES})[ \t]*:?(?:\*\*|__)?[ \t]*\#*[ \t]*$""",
    re.I | re.M | re.X,
)
_BACK_MATTER = re.compile(
    r"""^[ \t]*(?:(?:\d+|[IVXLC]+|[A-Z])\.?[ \t]+)?
    (?:Appendix|Appendices|Notes|Endnotes|Footnotes|Acknowledge?ments?|Index|Glossary
      |Supplementary[ \t]+\w+|About[ \t]+the[ \t]+authors?|Author[ \t]+biograph\w*
      |Notes[ \t]+on[ \t]+contributors|Further[ \t]+reading|Funding|Figures|Tables)
    \b[^\n]{0,60}$""",
    re.M | re.X,
)
_MARKER = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>(?:[-*+•]|\d{1,3}[.)]|\[\d{1,3}\])[ \t]+)?")
_YEARISH = re.compile(rf"(?<![\w/.\-])\(?(?:{YEAR_PATTERN}[a-z]?|n\.\s?d\.)\)?(?=[\s.,:;)]|$)")
_NAME_START = re.compile(
    r"^(?:(?:de|van|von|der|den|du|da|di|la|le)\s+)*[A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w'’-]+){0,3},"
    r"\s*(?:[A-ZÀ-Þ]\.|[A-ZÀ-Þ][a-zß-ÿ]+)|^[A-ZÀ-Þ][\w'’-]+\s+[A-Z]{1,3}[\s,]"
)
_TERMINAL = re.compile(r"(?:[.)\]\d]|https?://\S+|doi:\S+|10\.\d{4,9}/\S+)$")


def find_reference_section(text: str) -> tuple[int, int] | None:
    """The span of the reference list: from its heading line ("References",
    "Bibliography", "Works cited", "Literature cited", "Reference list"; Markdown
    ``## References`` too) to the next heading of the same rank or the end.

    >>> text = "# Paper\\n\\nText.\\n\\n## References\\n\\nA, B. (2000) X.\\n\\n## Notes\\n\\nY\\n"
    >>> start, end = find_reference_section(text)
    >>> text[start:end]
    '## References\\n\\nA, B. (2000) X.\\n\\n'
    >>> find_reference_section("No list here.") is None
    True
    """
    headings = list(_HEADING.finditer(text))
    if not headings:
        return None
    heading = headings[-1]
    after = heading.end()
    if heading.group("hashes"):
        rank = heading.group("hashes").count("#")
        following = re.compile(rf"^[ \t]*#{{1,{rank}}}[ \t]+\S", re.M)
    else:
        numbered = ""
        if heading.group("number") and heading.group("number").strip(" .").isdigit():
            numbered = rf"|^[ \t]*{int(heading.group('number').strip(' .')) + 1}\.?[ \t]+[A-Z]"
        following = re.compile(rf"{_BACK_MATTER.pattern}{numbered}", re.M | re.X | re.I)
    for candidate in following.finditer(text, after):
        if heading.group("hashes") or _plain_heading(candidate.group(0).strip()):
            return heading.start(), candidate.start()
    return heading.start(), len(text)


def _plain_heading(line: str) -> bool:
    """A heading of back matter, not a line of a reference that starts with "Notes"."""
    unfinished = len(line) > 15 and line.endswith((".", ",", ";", ":"))
    words = re.sub(r"^(?:\d+|[IVXLC]+)\.?\s+", "", line)
    return words[:1].isupper() and not unfinished and not _YEARISH.search(line)


def split_reference_entries(text: str, span: tuple[int, int]) -> list[tuple[int, int, str]]:
    """The entries of a reference list: ``(start, end, text)``, offsets into ``text``.

    One entry a line, or entries wrapped over lines (a PDF extraction, a hanging
    indent): a new entry starts with a list marker, at the outer indent, or with a
    surname and initials (or a name) followed soon by a year after an entry that
    ended. The entry's text joins its lines, undoing line-break hyphenation.

    >>> text = '''References
    ... Kitchin, R. (2014) 'The real-time city? Big data and smart urbanism',
    ... GeoJournal, 79(1), pp. 1–14. doi:10.1007/s10708-
    ... 013-9516-8.
    ... Townsend, A.M. (2013) Smart Cities. New York: W.W. Norton.'''
    >>> for start, end, entry in split_reference_entries(text, (0, len(text))):
    ...     print(start, end, entry)
    11 141 Kitchin, R. (2014) 'The real-time city? Big data and smart urbanism', GeoJournal,
    79(1), pp. 1–14. doi:10.1007/s10708-013-9516-8.
    142 200 Townsend, A.M. (2013) Smart Cities. New York: W.W. Norton.
    """
    lines = _content_lines(text, span)
    if not lines:
        return []
    indents = [len(m.group("indent").expandtabs(4)) for _, _, m in lines]
    outer = min(indents)
    hanging = any(i >= outer + 2 for i in indents) and indents.count(outer) > 1
    # one a line: every line ends as a reference ends, and most begin as one does
    ends = all(_TERMINAL.search(line.rstrip()) for _, line, _ in lines)
    early = sum(bool(_YEARISH.search(line[:150])) for _, line, _ in lines)
    one_a_line = ends and early * 2 >= len(lines)
    groups: list[list[tuple[int, str]]] = []
    for n, (start, line, marker) in enumerate(lines):
        body = line[marker.end() :].rstrip()
        begin = start + marker.end()
        if not groups or marker.group("marker"):
            new = True
        elif hanging:
            new = indents[n] < outer + 2
        elif one_a_line:
            new = True
        else:
            new = _starts_entry(body, lines[n + 1][1] if n + 1 < len(lines) else "", groups[-1])
        if new:
            groups.append([(begin, body)])
        else:
            groups[-1].append((begin, body.strip()))
    return [(g[0][0], g[-1][0] + len(g[-1][1]), _joined_lines([b for _, b in g])) for g in groups]


def _content_lines(text: str, span: tuple[int, int]) -> list[tuple[int, str, re.Match[str]]]:
    """The non-blank lines of the span after its heading, without page numbers."""
    start, end = span
    found = []
    offset = start
    for number, line in enumerate(text[start:end].split("\n")):
        here, offset = offset, offset + len(line) + 1
        stripped = line.strip()
        if not stripped or re.fullmatch(r"\d{1,4}|[=\-]{3,}", stripped):
            continue
        if (number == 0 and _HEADING.match(line)) or re.match(r"[ \t]*#{1,6}[ \t]", line):
            continue
        marker = _MARKER.match(line)
        assert marker is not None  # every part of the pattern is optional: it always matches
        found.append((here, line, marker))
    return found


def _starts_entry(line: str, following: str, previous: list[tuple[int, str]]) -> bool:
    body = line.strip()
    ended = bool(_TERMINAL.search(previous[-1][1].rstrip()))
    year = _YEARISH.search(f"{body} {following}"[:160])
    if _NAME_START.match(body) and year:
        return ended or year.start() < 100
    early = _YEARISH.search(body[:90])
    if not (ended and early):
        return False
    before = body[: early.start()]
    return ":" not in before and not re.search(r"\.\s+\S", before.rstrip(". "))


def _joined_lines(lines: list[str]) -> str:
    text = lines[0].strip()
    for line in lines[1:]:
        last = text.split()[-1] if text.split() else ""
        url = re.match(r"(?:https?://|doi:|10\.\d{4,9}/)", last, re.I)
        if url and (text.endswith(("-", "/", ".", "_")) or " " not in line.strip()):
            text += line
        elif text.endswith("-") and len(last) > 1 and line[:1].islower():
            text = text[:-1] + line
        elif text.endswith("-") and len(last) > 1:
            text += line
        else:
            text += " " + line
    return " ".join(text.split())


def read_reference_list(text: str, name: str = "<bibliography>") -> list[dict]:
    """The references of a plain-text list as CSL-JSON items (without ids): one
    reference a line, or entries wrapped over lines."""
    items: list[dict] = []
    for start, _, entry in split_reference_entries(text, (0, len(text))):
        item = parse_reference(entry)
        line = text.count("\n", 0, start) + 1
        if re.match(r"[-–—_]{2,}\s*[.,]?\s", entry) and items:  # "———. 2016." = same authors
            for role in ("author", "editor"):
                if role in items[-1]:
                    item[role] = items[-1][role]
        if not (item.get("author") or item.get("editor")):
            shown = entry if len(entry) <= 70 else entry[:67] + "..."
            raise InputError(
                f"not an author-date reference (no names before a year or n.d.): {shown!r}",
                where=f"{name}:{line}",
            )
        items.append(item)
    return items
