"""Sentences of a clean paragraph: syntok, with a few repairs for scholarly prose.

syntok already keeps "et al.", "e.g.", "i.e.", initials ("P.M. Haas"), "p. 25",
"(Haas 1992: 2)" and "Dec 2016" inside their sentences. Where it splits wrongly, a boundary
is undone: after a locator or reference abbreviation followed by a number or a lower-case
word ("pp. 3-5", "ch. 2", "Jan. 2017"), after "et al."/"e.g."/"i.e."/"cf." followed by a
lower-case word, a number or a bracket; and a sentence that starts with closing
punctuation ("(cf. Smith 2001)" | ". Next") hands it back to the one before.

>>> text = "As shown (Kitchin et al. 2017, pp. 3-5), cities e.g. Dublin act. They do."
>>> [text[s:e] for s, e in split_sentences(text)]
['As shown (Kitchin et al. 2017, pp. 3-5), cities e.g. Dublin act.', 'They do.']
"""

from __future__ import annotations

import re

from syntok.segmenter import segment
from syntok.tokenizer import Tokenizer

__all__ = ["split_sentences"]

Span = tuple[int, int]

_LOCATOR = re.compile(
    r"(?:\b(?:pp?|ch|chs|chap|vol|vols|no|nos|fig|figs|eq|eqs|sec|secs|para|paras|nn?|ed|eds"
    r"|art|suppl|ff|approx|ca|c|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.)$",
    re.I,
)
_LATIN = re.compile(r"(?:\bet al|\be\.g|\bi\.e|\bcf|\bviz|\bvs)\.$", re.I)
_CLOSING = ".,;:!?)]’”"


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of ``text`` (one paragraph), stripped, in order.

    >>> text = "See pp. 3-5 there. Also ch. 2 here. (cf. Smith 2001). Next."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['See pp. 3-5 there.', 'Also ch. 2 here.', '(cf. Smith 2001).', 'Next.']
    """
    tokens = Tokenizer(replace_not_contraction=False).tokenize(text)
    starts = [sentence[0].offset for sentence in segment(tokens) if sentence]
    kept: list[int] = []
    for start in starts:
        if kept:
            previous = text[kept[-1] : start].rstrip()
            while start < len(text) and text[start] in _CLOSING:
                start += 1
                previous = text[kept[-1] : start].rstrip()
            while start < len(text) and text[start].isspace():
                start += 1
            if start >= len(text) or _joins(previous, text[start:]):
                continue
        kept.append(start)
    bounds = [*kept[1:], len(text)]
    spans = []
    for start, end in zip(kept, bounds, strict=True):
        stretch = text[start:end]
        end = start + len(stretch.rstrip())
        start += len(stretch) - len(stretch.lstrip())
        if start < end:
            spans.append((start, end))
    return spans


def _joins(previous: str, following: str) -> bool:
    """Whether a boundary between ``previous`` and ``following`` is a wrong one."""
    head = following[:1]
    lower_or_number = head.islower() or head.isdigit()
    if _LOCATOR.search(previous):
        return lower_or_number or head in "([" or _roman(following)
    if _LATIN.search(previous):
        return lower_or_number or head in "(["
    return False


def _roman(text: str) -> bool:
    return re.match(r"[ivxlc]+\b", text) is not None
