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

import bisect
import re
from itertools import pairwise

from syntok._segmentation_states import State
from syntok.segmenter import segment
from syntok.tokenizer import Tokenizer

__all__ = ["split_sentences", "syntok_starts"]

Span = tuple[int, int]

_LOCATOR = re.compile(
    r"(?:\b(?:pp?|ch|chs|chap|vol|vols|no|nos|fig|figs|eq|eqs|sec|secs|para|paras|nn?|ed|eds"
    r"|art|suppl|ff|approx|ca|c|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.)$",
    re.I,
)
_LATIN = re.compile(r"(?:\bet al|\be\.g|\bi\.e|\bcf|\bviz|\bvs)\.$", re.I)
_CLOSING = ".,;:!?)]’”"
_TOKENIZER = Tokenizer(replace_not_contraction=False)
_OPENING = State.opening_brackets
_CLOSING_BRACKETS = State.closing_brackets
_STOP = re.compile(r"\.( +)(?=[A-Z])")  # then a sure boundary if what is before it fits
_BRACKETS = re.compile("[" + re.escape("".join(sorted(_OPENING | _CLOSING_BRACKETS))) + "]")
_PLAIN_STRETCH = re.compile(r"(?<![^ ])[a-z]+(?: [a-z]+){6,}(?![^ ])")
_NOT_THIN = re.compile(r"[^\S ]|\u200b")
_RUN = re.compile(r"[^\s\u200b]+")
_BREAK = re.compile(r"[\s\u200b]")
_NOT_SURE = State.abbreviations | State.months | {"no", "al"}
# what syntok reads as a terminal or a bracket, and what its tokenizer cuts at whitespace
_SPECIAL = re.compile(
    "["
    + re.escape("".join(sorted(State.terminals - {"..."})))
    + re.escape("".join(sorted(_OPENING | _CLOSING_BRACKETS)))
    + "\u200b]"
)


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of ``text`` (one paragraph), stripped, in order.

    >>> text = "See pp. 3-5 there. Also ch. 2 here. (cf. Smith 2001). Next."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['See pp. 3-5 there.', 'Also ch. 2 here.', '(cf. Smith 2001).', 'Next.']
    """
    starts = _starts(text)
    kept: list[int] = []
    for start in starts:
        if kept:
            while start < len(text) and text[start] in _CLOSING:
                start += 1
            previous = text[kept[-1] : start].rstrip()
            while start < len(text) and text[start].isspace():
                start += 1
            if start >= len(text) or _joins(previous, text, start):
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


def syntok_starts(text: str) -> list[int]:
    """Where syntok starts each sentence of ``text``: its own reading, token by token."""
    tokens = _TOKENIZER.tokenize(text)
    return [sentence[0].offset for sentence in segment(tokens) if sentence]


def _starts(text: str) -> list[int]:
    """Sentence starts as :func:`syntok_starts` finds them, computed piecewise.

    A *sure* boundary is a full stop after a plain lower-case word (two letters or more,
    not one of syntok's abbreviations or month names), then spaces and a capital letter,
    with every bracket before it closed: there syntok always splits, and what it decides
    before the boundary never looks past it (its look-ahead past a bracket stops at the
    closing one; past a stop, at the next token). So the text is cut at sure boundaries;
    a piece with no terminal and no bracket inside (its final stop aside) is one sentence,
    and so is one of plain words around parentheses syntok skips whole
    (:func:`_one_sentence`); a stop after such a piece's closing parenthesis, then spaces
    and a capital, is a sure boundary too. Only the other pieces go through syntok. The
    result is the same list of starts.

    >>> text = "One plain sentence. Two (Smith et al. 2019) here. Three e.g. Dublin. Four."
    >>> _starts(text) == syntok_starts(text)
    True
    """
    pieces = []
    cut = 0
    depth = 0
    brackets = _BRACKETS.finditer(text)
    bracket = next(brackets, None)
    for found in _STOP.finditer(text):
        stop = found.start()
        closing = text[stop - 1 : stop] == ")"  # ")." counts its own bracket
        if not closing:  # a plain word: two or more lower-case letters after a space
            space = text.rfind(" ", max(0, stop - 24), stop)
            if space != -1:  # the word since the space: all a-z, or no plain word
                word = text[space + 1 : stop]
                if len(word) < 2 or not (word.isascii() and word.isalpha() and word.islower()):
                    continue
            else:
                first = stop
                while first > 0 and "a" <= text[first - 1] <= "z":
                    first -= 1
                if stop - first < 2 or (first > 0 and text[first - 1] != " "):
                    continue
                word = text[first:stop]
            if word in _NOT_SURE:
                continue
        while bracket is not None and bracket.start() < stop + closing:
            depth += 1 if bracket.group() in _OPENING else -1
            if depth < 0 or not _in_word(text, bracket.start()):
                depth = -1
                break
            bracket = next(brackets, None)
        if depth < 0:
            break
        if depth == 0 and (not closing or _one_sentence(text[cut : stop + 1])):
            pieces.append((cut, stop + 1, closing))  # after ")", known to be one sentence
            cut = found.end()
    pieces.append((cut, len(text), False))
    starts: list[int] = []
    for begin, end, one in pieces:
        piece = text[begin:end]
        body = piece[:-1] if piece.endswith(".") else piece
        if one or (piece[:1].strip() and not _SPECIAL.search(body)) or _one_sentence(piece):
            starts.append(begin)
        else:
            starts.extend(begin + offset for offset in _thin_starts(piece))
    return starts


# a parenthesis syntok skips whole, read as a unit: a space before, a letter or digit
# first and last (a stop may follow the last), no bracket inside, something after
_GROUP = re.compile(
    r"(?<= )\((?=[^\W_])([^"
    + re.escape("".join(sorted(_OPENING | _CLOSING_BRACKETS)))
    + r"]*?(?:[^\W_]|[^\W_]\.))\)(?=$| |[,:](?: |$)|\.$)"
)


def _one_sentence(piece: str) -> bool:
    """Whether syntok reads ``piece`` (a piece that starts a sentence, see :func:`_starts`)
    as one sentence, for plain words around parentheses it skips whole.

    Outside the parentheses no terminal, bracket or whitespace but single spaces, the
    final stop aside. Syntok skips a parenthesis whole after a plain word when it closes
    within 50 tokens and is shorter than 70 characters or holds no inner sentence (its
    own test, applied to its tokens here). What follows the skip is a plain word, a
    comma or colon (no split), or the final stop (the piece ends). A parenthesis right
    after the first word is read from the sentence's first state, which splits unless a
    lower-case word follows: so there one must, and a whole word more before the next
    parenthesis.

    >>> _one_sentence("Kalo lam ver (Smith et al. 2019: 4; Jones 2020), zan lo.")
    True
    >>> _one_sentence("Velfael (1970) ver zanros is kalo."), _one_sentence("Velfael (1970) Ver.")
    (True, False)
    >>> _one_sentence("Kalo lam (Smith 2019) (Jones 2020).")
    False
    """
    if not piece[:1].strip() or _NOT_THIN.search(piece) or "(" not in piece:
        return False
    previous = 0  # where the text since the last parenthesis starts
    first = True
    for group in _GROUP.finditer(piece):
        before = piece[previous : group.start()]
        if _SPECIAL.search(before):
            return False
        words = before.count(" ")
        if first and words == 1:  # the parenthesis is the second token
            after = piece[group.end() : group.end() + 2]
            if after[:1] != " " or not after[1:].islower():
                return False
            words = -1  # the state after it is the sentence's first: a word more
        elif words < (1 if first else 2):
            return False
        if not _skipped(group.group(), group.group(1)):
            return False
        previous = group.end()
        first = False
        if words < 0:
            rest = piece[previous:]
            gap = rest.find(" (")
            if gap != -1 and rest[:gap].count(" ") < 2:
                return False
    if first:
        return False
    rest = piece[previous:]
    return not _SPECIAL.search(rest[:-1] if rest.endswith(".") else rest)


def _skipped(group: str, content: str) -> bool:
    """Whether syntok skips the parenthesis ``group`` (its text from ``(`` to ``)``)
    whole: it must close within 50 tokens and be shorter than 70 characters or hold no
    inner sentence. Most need no tokenizing: see :func:`_few_tokens`."""
    if _few_tokens(content) and (len(group) < 70 or content[content.rfind(" ") + 1 :].isalnum()):
        return True
    tokens = [t.value for t in _TOKENIZER.tokenize(group)]
    if tokens[0] != "(" or tokens[-1] != ")" or len(tokens) > 50:
        return False
    if any(t in _OPENING or t in _CLOSING_BRACKETS for t in tokens[1:-1]):
        return False
    if len(group) < 70:
        return True
    first_is_title = None  # syntok's test for an inner sentence, on the same tokens
    last_is_terminal = False
    for k, value in enumerate(tokens[1:-1], start=1):
        if first_is_title is None and value.isalnum():
            first_is_title = value.istitle()
        elif first_is_title and value.isalnum():
            last_is_terminal = tokens[k + 1] in State.terminals
    return not (first_is_title and last_is_terminal)


def _thin_starts(piece: str) -> list[int]:
    """:func:`syntok_starts` of ``piece``, syntok reading only the tokens it decides by.

    Syntok decides where a sentence ends at terminals and brackets, looking at most three
    tokens to either side of them; in between it only steps over words. So in a stretch
    of seven or more plain words (ASCII lower-case letters, one space apart) outside
    brackets, the words more than three away from either end are left out of what syntok
    reads, and the starts it finds are mapped back. Pieces with other whitespace than
    plain spaces, or brackets that do not pair up, are read whole.
    """
    stretches = _PLAIN_STRETCH.finditer(piece)
    first = next(stretches, None)
    if first is None or _NOT_THIN.search(piece):
        return syntok_starts(piece)
    brackets = []
    depth = 0
    for found in _BRACKETS.finditer(piece):
        if not _in_word(piece, found.start()):
            return syntok_starts(piece)  # a bracket that is no token of its own
        depth += 1 if found.group() in _OPENING else -1
        if depth < 0:
            return syntok_starts(piece)
        brackets.append((found.start(), depth))
    if depth:
        return syntok_starts(piece)
    kept: list[tuple[int, int]] = []  # stretches of the piece syntok reads
    cursor = 0
    for stretch in (first, *stretches):
        k = bisect.bisect_left(brackets, (stretch.start(), -1)) - 1
        if k >= 0 and brackets[k][1] > 0:
            continue  # inside brackets
        words = stretch.group().split(" ")
        cut = stretch.start() + len(" ".join(words[:3]))
        kept.append((cursor, cut))
        cursor = stretch.start() + len(" ".join(words[:-3]))
    if not kept:
        return syntok_starts(piece)
    kept.append((cursor, len(piece)))
    marks = []
    length = 0
    for a, b in kept:
        marks.append(length)
        length += b - a
    starts = []
    for at in syntok_starts("".join(piece[a:b] for a, b in kept)):
        k = bisect.bisect_right(marks, at) - 1
        starts.append(kept[k][0] + at - marks[k])
    return starts


_PIECES = re.compile(r"[^\W_]+|\S")
_CAMEL = re.compile(r"[a-z](?=[A-Z])")  # in ASCII, what islower() and isupper() are


def _few_tokens(content: str) -> bool:
    """Whether syntok's tokenizer surely makes at most 48 tokens of ``content``.

    Its tokens do not overlap and each holds a character; one of letters and digits is
    a run of them, cut only where a capital follows a lower-case letter; every other
    character is a token at most. Counting so is an upper bound. (Beside a short
    parenthesis, a long one whose last word is all letters and digits holds no inner
    sentence by syntok's test: that word, not a stop, comes last.)

    >>> _few_tokens("Smith et al. 2019: 4"), _few_tokens("a " * 49)
    (True, False)
    """
    if len(content) <= 48:  # every token holds a character of its own
        return True
    bound = len(_PIECES.findall(content))
    if bound > 48:
        return False
    if content.isascii():  # the cuts where a capital follows a lower-case letter
        return bound + len(_CAMEL.findall(content)) <= 48
    return bound + sum(a.islower() and b.isupper() for a, b in pairwise(content)) <= 48


def _in_word(text: str, at: int) -> bool:
    """Whether the run of non-spaces around ``at`` has a letter or digit: only then does
    syntok's tokenizer give a bracket there a token of its own."""
    if text[at + 1 : at + 2].isalnum() or (at > 0 and text[at - 1].isalnum()):
        return True  # a neighbour in the run: no break is a letter or digit
    begin = at
    while begin > 0 and not _BREAK.match(text, begin - 1):
        begin -= 1
    run = _RUN.match(text, begin)
    return run is not None and any(c.isalnum() for c in run.group())


def _joins(previous: str, text: str, at: int) -> bool:
    """Whether a boundary between ``previous`` and what follows at ``at`` in ``text`` is
    a wrong one."""
    if not _may_join(previous):
        return False
    head = text[at : at + 1]
    lower_or_number = head.islower() or head.isdigit()
    tail = max(0, len(previous) - 16)  # both patterns end the text, within a few letters
    if _LOCATOR.search(previous, tail):
        return lower_or_number or head in "([" or _ROMAN.match(text, at) is not None
    if _LATIN.search(previous, tail):
        return lower_or_number or head in "(["
    return False


_ROMAN = re.compile(r"[ivxlc]+\b")
#: the word before the final stop of each text :data:`_LOCATOR` or :data:`_LATIN` match
_LAST_WORDS = frozenset((
    "pp", "p", "ch", "chs", "chap", "vol", "vols", "no", "nos", "fig", "figs", "eq", "eqs",
    "sec", "secs", "para", "paras", "n", "nn", "ed", "eds", "art", "suppl", "ff", "approx",
    "ca", "c", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "al", "g", "e", "cf", "viz", "vs",
))  # fmt: skip


def _may_join(previous: str) -> bool:
    """Whether :data:`_LOCATOR` or :data:`_LATIN` may match ``previous``: it ends with a
    stop after a word of :data:`_LAST_WORDS` (any word outside ASCII may, as their
    case-insensitive matching goes beyond ``str.lower``). Most boundaries fail here,
    without a search."""
    if not previous.endswith("."):
        return False
    end = len(previous) - 1
    word = previous[max(0, end - 8) : end].rpartition(" ")[2]
    if not word.isalnum():  # the word is not all since the space: read back to its start
        start = end
        while start > max(0, end - 8) and (
            previous[start - 1].isalnum() or previous[start - 1] == "_"
        ):
            start -= 1
        word = previous[start:end]
    return not word.isascii() or word.lower() in _LAST_WORDS
