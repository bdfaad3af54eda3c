"""Where a reference list is in a text: its heading, or a numbered list at the end.

A reference list is a section of its own ("References", "Bibliography", "Works cited",
"Literature", "Sources", in the languages social science writes in too), at the end
or before appendices, notes and author biographies. Its heading may be numbered
(``7. References``), a Markdown heading, in capitals, or doubled as some PDF
extractions double bold letters (``RREEFFEERREENNCCEESS``). Of several such lines the
last one followed by lines with years wins. Without a heading, a numbered list
(``1.``/``[1]``, counting up) in the last part of the text is taken for the list.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.bib.plaintext import YEAR_PATTERN

__all__ = [
    "SECTION_TITLES",
    "find_reference_section",
    "find_reference_sections",
    "is_heading",
    "undoubled",
]

#: The titles of a reference-list section, the one rule segmentation and this module share.
SECTION_TITLES = (
    r"references?(?:\s+list|\s+cited|\s+and\s+notes)?|bibliography|works\s+cited"
    r"|literature(?:\s+cited|\s+list)?|reference\s+list|cited\s+works|cited\s+literature"
    r"|sources(?:\s+cited)?|bibliographie|bibliografia|literatur(?:verzeichnis)?"
    r"|r[ée]f[ée]rences(?:\s+bibliographiques)?|refer[êe]ncias(?:\s+bibliogr[áa]ficas)?"
    r"|referencias(?:\s+bibliogr[áa]ficas)?"
)

_HEADING = re.compile(
    rf"""^[ \t\f\v]*(?P<hashes>\#{{1,6}}[ \t]+)?(?:\*\*|__)?
    (?P<number>(?:\d+(?:\.\d+)*|[IVXLC]+|[A-H])\.?[ \t]+)?
    (?:{SECTION_TITLES})[ \t]*:?(?:\*\*|__)?[ \t]*\#*[ \t]*$""",
    re.I | re.X,
)
_BACK_MATTER = re.compile(
    r"""^[ \t\f\v]*(?:(?:\d+|[IVXLC]+|[A-Z])\.?[ \t]+)?
    (?:Appendix|Appendices|Annex(?:es)?|Notes|Endnotes|Footnotes|Acknowledge?ments?|Index
      |Glossary|Supplementary[ \t]+\w+|About[ \t]+the[ \t]+authors?|Authors?[ \t]+biograph\w*
      |Biograph(?:y|ies|ical[ \t]+notes?)|Notes[ \t]+on[ \t]+contributors|Further[ \t]+reading
      |Funding|Figures|Tables|Author[ \t]+information|Contact|Correspondence|Tables[ \t]+and
      |Abbreviations|List[ \t]+of[ \t]+abbreviations)
    \b[^\n]{0,60}$""",
    re.X | re.I,
)
_YEARISH = re.compile(rf"(?<![\w/.\-])\(?(?:{YEAR_PATTERN}[a-z]?|n\.\s?d\.)\)?(?=[\s.,:;)]|$)")
_NUMBERED = re.compile(
    r"^[ \t\f\v]*(?:\[(\d{1,3})\]|(\d{1,3})[.)])(?:[ \t]+\S|(?=[A-ZÀ-Þ])|[ \t]*$)"
)


def undoubled(line: str) -> str:
    """A line whose every letter was doubled by the extraction, read once.

    >>> undoubled("RREEFFEERREENNCCEESS"), undoubled("Books")
    ('REFERENCES', 'Books')
    """
    bare = line.strip()
    if len(bare) >= 8 and len(bare) % 2 == 0 and bare[0::2] == bare[1::2]:
        return bare[0::2]
    return line


def is_heading(line: str) -> bool:
    """Whether ``line`` is the heading of a reference list.

    >>> is_heading("7. References"), is_heading("## Works cited"), is_heading("References to X")
    (True, True, False)
    """
    return bool(_HEADING.match(undoubled(line).rstrip("\r")))


def _lines(text: str) -> list[tuple[int, str]]:
    out, offset = [], 0
    for line in text.split("\n"):
        out.append((offset, line))
        offset += len(line) + 1
    return out


def find_reference_section(text: str) -> tuple[int, int] | None:
    """The span of the reference list: from its heading line to the next heading of the
    same rank (Markdown), the back matter after it (appendices, notes, biographies) or
    the end; without a heading, a numbered list near the end.

    >>> text = "# Paper\\n\\nText.\\n\\n## References\\n\\nA, B. (2000) X.\\n\\n## Notes\\n\\nY\\n"
    >>> start, end = find_reference_section(text)
    >>> text[start:end]
    '## References\\n\\nA, B. (2000) X.\\n\\n'
    >>> find_reference_section("No list here.") is None
    True
    """
    found = find_reference_sections(text)
    return found[-1] if found else None


def find_reference_sections(text: str) -> list[tuple[int, int]]:
    """Every reference list of a text, in order: a collection of papers or chapters has
    one after each. Each is a heading that lines with years follow; one ends at the next
    one's heading at the latest (the last as :func:`find_reference_section` says).

    >>> text = ("A\\nReferences\\nA, B. (2000) X.\\nC, D. (2001) Y.\\n"
    ...         "B\\nReferences\\nE, F. (2002) Z.\\n")
    >>> [text[a:b].split("\\n")[1] for a, b in find_reference_sections(text)]
    ['A, B. (2000) X.', 'E, F. (2002) Z.']
    """
    return list(_reference_sections(text))


@lru_cache(maxsize=4)  # asked of one text twice: by the segmenter and the list reader
def _reference_sections(text: str) -> tuple[tuple[int, int], ...]:
    lines = _lines(text)
    candidates = [k for k, (_, line) in enumerate(lines) if is_heading(line)]
    if not candidates:
        numbered = _numbered_list(lines, text)
        return (numbered,) if numbered else ()
    chosen = []
    for n, k in enumerate(candidates):  # headings that lines with years follow
        stop = min(k + 30, candidates[n + 1] if n + 1 < len(candidates) else k + 30)
        following = [line for _, line in lines[k + 1 : stop] if line.strip()]
        if sum(bool(_YEARISH.search(line)) for line in following[:20]) >= min(2, len(following)):
            chosen.append(k)
    chosen = chosen or candidates[-1:]
    spans = []
    for n, k in enumerate(chosen):
        start, heading = lines[k]
        found = _HEADING.match(undoubled(heading))
        assert found is not None
        end = _section_end(lines, k, found, text)
        if n + 1 < len(chosen):
            end = min(end, lines[chosen[n + 1]][0])
        spans.append((start, end))
    return tuple(spans)


def _section_end(lines: list[tuple[int, str]], k: int, heading: re.Match[str], text: str) -> int:
    if heading.group("hashes"):
        rank = heading.group("hashes").count("#")
        following = re.compile(rf"^[ \t\f\v]*#{{1,{rank}}}[ \t]+\S")
        for start, line in lines[k + 1 :]:
            if following.match(line):
                return start
        return len(text)
    number = (heading.group("number") or "").strip(" .")
    next_number = (
        re.compile(rf"^[ \t\f\v]*{int(number) + 1}\.?[ \t]+[A-Z][^\n]{{0,60}}$")
        if number.isdigit()
        else None
    )
    for start, line in lines[k + 1 :]:
        if _BACK_MATTER.match(line) and _plain_heading(line.strip()):
            return start
        if next_number and next_number.match(line) and _plain_heading(line.strip()):
            return start
    return len(text)


def _plain_heading(line: str) -> bool:
    """A heading of back matter, not a line of a reference that starts with "Notes"."""
    unfinished = len(line) > 15 and line.endswith((".", ",", ";"))
    words = re.sub(r"^(?:\d+|[IVXLC]+|[A-Z])\.?\s+", "", line)
    return words[:1].isupper() and not unfinished and not _YEARISH.search(line)


def _numbered_list(lines: list[tuple[int, str]], text: str) -> tuple[int, int] | None:
    """A list numbered from 1 (``1.``, ``[1]``) in the last half of the text, with at
    least three of its numbers in order: the reference list of a paper without a
    heading for it."""
    half = len(text) // 2
    for k in range(len(lines) - 1, -1, -1):
        start, line = lines[k]
        if start < half:
            return None
        first = _NUMBERED.match(line)
        if not first or (first.group(1) or first.group(2)) != "1":
            continue
        expected = 2
        for _, later in lines[k + 1 :]:
            found = _NUMBERED.match(later)
            if found and int(found.group(1) or found.group(2)) == expected:
                expected += 1
        if expected > 3:
            return start, len(text)
    return None
