"""The clean reading of a span of extracted text, and the offsets back to it.

A unit's clean text is its slice of the original without the gaps that interrupt it
(footnote blocks, page furniture, Markdown markup), every whitespace run one space, and
each hyphen at a line break judged: a real hyphen stays and the two halves join
(``citizen-`` / ``centric`` -> ``citizen-centric``); a soft hyphen, left by a typesetter
breaking a word, goes (``gov-`` / ``ernance`` -> ``governance``).

The hyphen rule, in order (``left``/``right`` are the letters either side of the break):

1. no letters before the hyphen (``-`` / ``engaged`` in ``citizen-focused, -engaged``),
   ``left`` already hyphenated (``proof-of-``), ``right`` starting with a capital or a digit,
   or a one-letter ``left`` (``e-`` / ``government``): keep;
2. evidence in the document: the hyphenated form ``left-right`` and the joined form
   ``leftright`` are counted where they occur unbroken; the more frequent wins, a tie keeps;
3. both halves are words of the document, found elsewhere on their own (``social-`` /
   ``economic``): keep;
4. ``right`` is a common second element of compounds (``based``, ``driven``, ``centric``,
   ``orientated``, ``back``, ...) or ``left`` a prefix that takes a hyphen (``self``, ``non``):
   keep;
5. otherwise the hyphen was the typesetter's: drop it.

Words are counted where they stand whole: the halves of a broken word are not counted.
Rule 3 errs on a soft break into two words ("how-" / "ever") only when the joined word
occurs nowhere else.

>>> text = "gov-\\nernance and governance; citizen-\\n\\ncentric"
>>> reading = read(text, 0, len(text), (), word_counts(text))
>>> reading.text
'governance and governance; citizen-centric'
>>> reading.span(0, 10) == (0, text.index(" and"))
True
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["LazyCounts", "Reading", "keep_hyphen", "read", "word_counts"]

Span = tuple[int, int]

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# tried only where a word starts: from inside a word it finds nothing the start would not
_BREAK = re.compile(
    r"(?<![^\W\d_])([^\W\d_]+(?:-[^\W\d_]+)*)-[ \t\r\f]*\n\s*([^\W\d_]+(?:-[^\W\d_]+)*)"
)
_LINE_END_HYPHEN = re.compile(r"-[ \t\r\f]*\n")
_BLOCK = re.compile(r"\S+(?: \S+)*")
_LEFT = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*)-$")
_RIGHT = re.compile(r"[^\W\d_]+")

# second elements that make compounds with a hyphen, rarely the tail of a broken word
COMPOUND_HEADS = frozenset([
    "based", "driven", "led", "centric", "centred", "centered", "oriented", "orientated",
    "focused", "engaged", "run", "back", "making", "scale", "level", "wide", "related",
    "specific", "free", "friendly", "owned", "funded", "sourced", "enabled", "aware", "ready",
    "mediated", "generated", "aligned", "dependent", "intensive", "rich", "poor",
])  # fmt: skip
# first elements that take a hyphen
HYPHEN_PREFIXES = frozenset(["self", "non", "quasi", "cross", "well", "ill", "ex"])


@lru_cache(maxsize=4)  # segmenting asks twice for the same text; callers only read it
def word_counts(text: str) -> Counter[str]:
    """How often each word occurs whole (lower case; hyphenated words as one), leaving
    out the halves of words broken at a line end.

    >>> counts = word_counts("Push-back, push-\\nback and more")
    >>> counts["push-back"], counts["push"], counts["back"]
    (1, 0, 0)
    """
    if text.isascii():  # lower case first: the same words, one pass
        counts = Counter(_WORD.findall(text.lower()))
    else:
        counts = Counter(map(str.lower, _WORD.findall(text)))
    for m in _BREAK.finditer(text) if _LINE_END_HYPHEN.search(text) else ():
        counts[m.group(1).lower()] -= 1
        counts[m.group(2).lower()] -= 1
    return counts


class LazyCounts(Mapping[str, int]):
    """:func:`word_counts` of a text, counted when first asked: only a text with a word
    broken at a line end needs them.

    >>> counts = LazyCounts("Push-back, push-\\nback and more")
    >>> counts._counts is None, counts.get("push-back"), counts["more"]
    (True, 1, 1)
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._counts: Counter[str] | None = None

    def _all(self) -> Counter[str]:
        if self._counts is None:
            self._counts = word_counts(self._text)
        return self._counts

    def __getitem__(self, word: str) -> int:
        return self._all()[word]

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def keep_hyphen(before: str, after: str, counts: Mapping[str, int]) -> bool:
    """Whether the hyphen ending ``before`` (a line's last token) is a real one,
    ``after`` being the first token of the next line (rule in the module docstring).

    >>> counts = word_counts("governance is social and economic")
    >>> keep_hyphen("gov-", "ernance", counts), keep_hyphen("goal-", "orientated", counts)
    (False, True)
    >>> keep_hyphen("social-", "economic", counts), keep_hyphen("tech-", "nocratic", counts)
    (True, False)
    >>> keep_hyphen("proof-of-", "concepts", counts), keep_hyphen("-", "engaged", counts)
    (True, True)
    """
    left = _LEFT.search(before)
    right = _RIGHT.match(after)
    if left is None or right is None:
        return True
    first, second = left.group(1), right.group()
    if "-" in first or second[0].isupper() or len(first) == 1:
        return True
    hyphenated = counts.get(f"{first}-{second}".lower(), 0)
    joined = counts.get(f"{first}{second}".lower(), 0)
    if hyphenated or joined:
        return hyphenated >= joined
    if counts.get(first.lower(), 0) > 0 and counts.get(second.lower(), 0) > 0:
        return True
    return second.lower() in COMPOUND_HEADS or first.lower() in HYPHEN_PREFIXES


@dataclass(frozen=True)
class Reading:
    """A clean text and where its characters come from.

    ``runs`` holds, for each stretch copied unchanged from the original, the offset of
    its first character in ``text`` and in the original (sorted by both).
    """

    text: str
    runs: tuple[tuple[int, int], ...]

    def offset(self, index: int) -> int:
        """The original offset of ``text[index]``."""
        k = bisect.bisect_right(self.runs, (index, float("inf"))) - 1
        clean, original = self.runs[max(k, 0)]
        return original + (index - clean)

    def span(self, start: int, end: int) -> Span:
        """The original span of ``text[start:end]`` (a non-empty, stripped stretch)."""
        return self.offset(start), self.offset(end - 1) + 1


def _segments(start: int, end: int, gaps: Iterable[Span]) -> list[Span]:
    pieces, cursor = [], start
    for gap_start, gap_end in sorted(gaps):
        if gap_end <= cursor or gap_start >= end:
            continue
        if gap_start > cursor:
            pieces.append((cursor, gap_start))
        cursor = max(cursor, gap_end)
    if cursor < end:
        pieces.append((cursor, end))
    return pieces


def read(
    text: str, start: int, end: int, gaps: Iterable[Span], counts: Mapping[str, int]
) -> Reading:
    """The clean reading of ``text[start:end]`` without ``gaps``.

    >>> text = "actors’1 in order [gap] to im-\\nprove"
    >>> gap = (text.index("1"), text.index("1") + 1)
    >>> read(text, 0, len(text), [gap, (18, 24)], {}).text
    'actors’ in order to improve'
    """
    parts: list[str] = []
    runs: list[tuple[int, int]] = []
    length = 0
    last = ""  # the previous token
    last_end = -1  # where it ends in the original
    space = False  # whitespace (outside gaps) since the previous token
    for seg_start, seg_end in _segments(start, end, gaps):
        cursor = seg_start
        # a block is tokens one plain space apart: copied as it stands, one run
        for block in _BLOCK.finditer(text, seg_start, seg_end):
            space = space or block.start() > cursor
            words = block.group()
            if last_end >= 0 and space:
                cut = words.find(" ")
                token = words if cut < 0 else words[:cut]
                if (
                    last.endswith("-")
                    and token[0].isalpha()
                    and "\n" in text[last_end : block.start()]
                ):
                    if not keep_hyphen(last, token, counts):
                        parts[-1] = parts[-1][:-1]
                        length -= 1
                else:
                    parts.append(" ")
                    length += 1
            runs.append((length, block.start()))
            parts.append(words)
            length += len(words)
            last = words[words.rfind(" ") + 1 :]
            cursor = last_end = block.end()
            space = False
        space = space or cursor < seg_end
    return Reading("".join(parts), tuple(runs))
