"""Where a title ends. A quoted title ends at its closing quote; an unquoted one runs,
subtitles and all, up to the first sentence that reads as what follows a title: ``In``,
a journal with its volume, a place and publisher, a series, a report's or thesis's
description, an edition, a place alone at the end."""

from __future__ import annotations

import re

from kg.bib.parse.lexicon import ABBREVIATIONS, CAP, CORPORATE, QUOTES, is_initial, words

__all__ = [
    "JOURNAL",
    "closing_quote",
    "is_serial",
    "is_tail",
    "sentences",
    "split_title",
    "title_end",
]

PAGES = r"[A-Za-z]?\d+(?:\s*[-–—‒]+\s*[A-Za-z]?\d+)?"
JOURNAL = re.compile(
    rf"""^(?P<container>[^()\d][^()]*?)[,.;]?\s+
        (?:(?:[Vv]ol(?:ume)?\.?\s*|Jg\.\s*)?(?P<volume>\d+[A-Z]?(?:/\d+)?)
        (?:\s*\((?P<issue>[^)]{{1,20}})\)|\s*,?\s*(?:[Nn]o\.|[Nn]r\.|[Ii]ssue|H\.)\s*(?P<issue2>[\w/-]+)
           |\s*[,:](?P<issue4>\d{{1,3}})(?=\s*[:,]\s*\d))?
        |\((?P<issue3>\d[^)]{{0,19}})\))
        (?:\s*[,:.]\s*(?:pp?\.\s*|S\.\s*|[Aa]rticle\s+(?:[Nn]o\.\s*)?)?(?P<page>{PAGES}))?
        \s*(?:[.,;]\s*(?P<rest>.*))?$""",
    re.X,
)
_NUMBERS = re.compile(r"[\d\s,:;()\-–—‒/.]*\d[\d\s,:;()\-–—‒/.]*|(?:pp?|S|Vol|No)\.?\s*\d.*")
_PLACE_PUBLISHER = re.compile(rf"^[{CAP}][\w.\-]*(?:[ ,]+[\w.\-]+){{0,3}}\s?:\s*[{CAP}\d]")
_PRESS = re.compile(
    r"\b(?:Press|Publish\w*|Books|Verlag|Editions?|Éditions|Ltd|Inc|Wiley|Sage|SAGE|Routledge"
    r"|Springer|Elsevier|Blackwell|Palgrave|Campus|Suhrkamp|Budrich|Beltz|Juventa|Hogrefe)\b"
)
_DESCRIBED = re.compile(
    r"^(?:unpublished|Working\s+Paper|Discussion\s+Paper|Paper\s+(?:presented|prepared)|PhD"
    r"|Ph\.\s?D|Doctoral|M\.?A\.?\s+thesis|D\.?Phil|Dissertation|Habilitation|Report|Arbeitspapier"
    r"|Diskussionspapier|Mimeo|manuscript|Technical\s+report|Research\s+Paper|Policy\s+Paper"
    r"|Th[eè]se|Proposal|Reports?\s+(?:to|for|of)|Vol\.|Bd\.|Band\s|Heft\s|Series|Schriftenreihe|\d+(?:st|nd|rd|th)?\.?\s*(?:ed|edn|edition"
    r"|Aufl|Auflage)\b|[A-Z]\w+\s+edition\b|Translated|Trans\.|Übers|Edited\s+by)",
    re.I,
)
_SERIAL = re.compile(
    r"\b(?:Journal|Review|Quarterly|Studies|Bulletin|Annals|Transactions|Proceedings|Zeitschrift"
    r"|Magazine|Letters|Times|Post|Economist|Revue|Rundschau|Zeitung|Forum|Sociology)\b"
)
_SMALL = words("of and for the in on a an to at und für der die das des de la le et & im")
_ARTICLES = words("A An The Der Die Das Ein Eine Le La Les Un Une El Los Il")
_IN = re.compile(r"[Ii]n[:\s]\s*\S")


def sentences(text: str) -> list[tuple[int, str]]:
    """``text`` cut at its sentence breaks, and before ``, in:``: (offset, sentence)."""
    pieces, start = [], 0
    while start < len(text):
        end = title_end(text[start:])
        piece = text[start : start + end].strip(" .,;")
        if piece:
            pieces.append((text.index(piece, start), piece))
        start += end
        while start < len(text) and text[start] in " .,;:":
            start += 1
    return pieces


def split_title(text: str) -> tuple[str | None, str, bool]:
    """The title at the start of ``text``, the rest, and whether it was quoted."""
    text = text.lstrip(" .,:;)–-")
    if not text:
        return None, "", False
    if text[0] in QUOTES:
        close = closing_quote(text)
        if close:
            title = text[1:close].strip().rstrip(".,")
            return title or None, text[close + 1 :].lstrip(" .,;:"), True
    found = sentences(text)
    pieces = [p for _, p in found]
    for k in range(1, len(pieces)):
        if is_tail(pieces, k):
            cut = found[k][0]
            return _title(text[:cut]), text[cut:], False
    for comma in re.finditer(r"\s?,\s", text):  # "Title, Journal 32(1): 30-48"
        tail = text[comma.end() :]
        if JOURNAL.match(tail) or _DESCRIBED.match(tail) or all(map(_tailish, tail.split(", "))):
            return _title(text[: comma.start()]), tail, False
    return _title(text), "", False


_NOTE = re.compile(
    r"\s*[(\[](?P<note>[^()\[\]]*(?:\d|\b(?:[Ee]dn?|[Tt]rans|[Vv]ol|[Ee]ds?|Hrsg|Hg|[Ww]orking"
    r"|[Pp]aper|[Rr]eport|[Oo]rig)\b)[^()\[\]]*)[)\]]\s*$"
)


def _title(text: str) -> str | None:
    title = text.strip().rstrip(".,;: ")
    while _NOTE.search(title) and not title.startswith(("(", "[")):
        title = _NOTE.sub("", title).rstrip(".,;: ")
    return title or None


def title_note(text: str) -> str | None:
    """What a title's closing parenthesis says (``(S. Rendall, Trans.)``), if anything."""
    note = _NOTE.search(text.strip().rstrip(".,;: "))
    return note.group("note") if note else None


def _tailish(piece: str) -> bool:
    """A piece of ``Title, Publisher, Place`` after the title."""
    piece = piece.strip(" .")
    return bool(
        _is_place(piece)
        or _PRESS.search(piece)
        or _DESCRIBED.match(piece)
        or _NUMBERS.fullmatch(piece)
        or re.match(r"(?:University|Universit[äé]t?|Université)\b", piece)
        or (CORPORATE.search(piece) and _title_cased(piece))
    )


def is_tail(pieces: list[str], k: int) -> bool:
    """Does the ``k``-th sentence start what follows the title?"""
    piece = pieces[k]
    following = pieces[k + 1] if k + 1 < len(pieces) else None
    if _IN.match(piece) or _NUMBERS.fullmatch(piece) or _DESCRIBED.match(piece):
        return True
    if _PLACE_PUBLISHER.match(piece) and len(piece.partition(":")[0].split()) <= 4:
        return True
    journal = JOURNAL.match(piece)
    if journal and journal.group("volume") and len(piece) < 200:
        return True
    if is_serial(pieces, k):
        return True
    if _PRESS.search(piece) and len(piece.split()) <= 8:
        return True
    if following is None and CORPORATE.search(piece) and _title_cased(piece):
        return True  # APA 7's publisher alone: "Data Protection Unit, Department of X"
    return _is_place(piece) and (following is None or is_tail(pieces, k + 1))


def is_serial(pieces: list[str], k: int) -> bool:
    """Is the ``k``-th sentence a journal's name (``Journal Name. 32, 1165–1176``)?"""
    following = pieces[k + 1] if k + 1 < len(pieces) else None
    if following is not None and _NUMBERS.fullmatch(following):
        return True
    return bool(_SERIAL.search(pieces[k])) and _title_cased(pieces[k])


def _title_cased(piece: str) -> bool:
    words = re.findall(r"[^\W\d_][\w'’-]*", piece)
    return bool(words) and all(w[0].isupper() or w.lower() in _SMALL for w in words)


def _is_place(piece: str) -> bool:
    """``Paris``, ``Frankfurt, New York``, ``Boulder, Colorado``, ``Cambridge, MA``."""
    piece = piece.strip(" .–-")
    words = re.findall(r"[\w'’.-]+", piece)
    return (
        0 < len(words) <= 4
        and all(
            w[0].isupper() or w in {"am", "an", "der", "upon", "on", "sur", "im"} for w in words
        )
        and not re.search(r"\d", piece)
    )


def closing_quote(text: str) -> int | None:
    """The index of the quote closing the one ``text`` opens: followed by punctuation
    (Harvard ``', Journal``) or preceded by it (Chicago ``." Journal``); not an
    apostrophe (``citizens' rights``)."""
    closers = QUOTES[text[0]]
    fallback = None
    for i in range(1, len(text)):
        if text[i] not in closers:
            continue
        following = text[i + 1 : i + 2]
        if following and not (following.isspace() or following in ",.;!?)"):
            continue  # an apostrophe, or a quotation opening the title ("'X': y")
        if not following or following in ",.;" or text[i - 1] in ".,?!":
            return i
        fallback = fallback or i
    return fallback


def title_end(text: str) -> int:
    """Where the first sentence of ``text`` ends: its first break outside parentheses."""
    depth = 0
    for i, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and re.match(r",?\s+[Ii]n:\s", text[i:]) and i:
            return i
        elif depth == 0 and char in ".?!" and (i + 1 == len(text) or text[i + 1] == " "):
            rest = text[i + 1 :].strip()
            if char == ".":
                word = re.search(r"([\w.]+)$", text[:i])
                token = word.group(1) if word else ""
                if (
                    is_initial(token + ".")
                    or token in ABBREVIATIONS
                    or re.fullmatch(r"\d\d?", token)
                ):
                    continue
                if rest[:1].islower():
                    continue
            return i + 1
    return len(text)
