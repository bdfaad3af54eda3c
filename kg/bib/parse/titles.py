"""Where a title ends. A quoted title ends at its closing quote; an unquoted one runs,
subtitles and all, up to the first sentence that reads as what follows a title: ``In``,
a journal with its volume, a place and publisher, a series, a report's or thesis's
description, an edition, a place alone at the end."""

from __future__ import annotations

import re

from kg.bib.parse.lexicon import (
    ABBREVIATIONS,
    CAP,
    CORPORATE,
    DASHES,
    MONTH_NAMES,
    QUOTES,
    is_initial,
    words,
)

__all__ = [
    "JOURNAL",
    "TRANSLATED",
    "closing_quote",
    "is_book_tail",
    "is_edition",
    "is_place",
    "is_serial",
    "is_tail",
    "sentences",
    "split_title",
    "title_end",
    "title_note",
]

PAGES = r"(?:[A-Za-z]?\d+|[ivxlc]+\b)(?:\s*[-–—‒]+\s*(?:[A-Za-z]?\d+|[ivxlc]+\b))?"
JOURNAL = re.compile(
    rf"""^(?P<container>[^()\d][^()]*?(?:\s\([A-Z][\w ]+\))?)(?:[,.;]\s*|\s+)
        (?:(?:[Vv]ol(?:ume)?\.?\s*|Jg\.\s*)?(?P<volume>\d+[A-Z]?(?:/\d+)?|[IVXL]{{1,6}}(?=\s*[(,:]))
        (?:\s*\((?P<issue>[^)]{{1,20}})\)|\s*,?\s*(?:[Nn]o\.|[Nn]r\.|[Ii]ssue|H\.)\s*(?P<issue2>[\w/-]+)
           |\s*[,:](?P<issue4>\d{{1,3}})(?=\s*[:,]\s*\d))?
        |\((?P<issue3>\d[^)]{{0,19}})\))
        (?:(?:\s*[,:.]|(?<=\))|\s+(?=pp?\.|\d+\s*[-–—]\s*\d))\s*(?:pp?\.\s*|S\.\s*|[Aa]rticle\s+(?:[Nn]o\.\s*)?)?(?P<page>{PAGES}(?:\s\d+(?=\.?$))?))?
        \s*(?:[.,;]\s*(?P<rest>.*)|\s+(?=\()(?P<note>.*))?$""",
    re.X,
)
_NUMBERS = re.compile(r"[\d\s,:;()\-–—‒/.]*\d[\d\s,:;()\-–—‒/.]*|(?:[Pp]p?|S|Vol|No)\.?\s*\d.*")
_PLACE_PUBLISHER = re.compile(rf"^[{CAP}][\w.\-]*(?:[ ,]+[\w.\-]+){{0,3}}\s?:\s*[{CAP}\d]")
_PRESS = re.compile(
    r"\b(?:Press|Publish\w*|Publications?|House|Books|Verlag|Editions?|Éditions|Ltd|Inc|Wiley|Sage|SAGE|Routledge"
    r"|Springer|Elsevier|Blackwell|Palgrave|Campus|Suhrkamp|Budrich|Beltz|Juventa|Hogrefe"
    r"|Editora|Editorial|Edições|Edizioni|[ée]diteur|Uitgevers?)\b"
)
_DESCRIBED = re.compile(
    r"^(?:unpublished|Working\s+Paper|Discussion\s+Paper|Paper\s+(?:presented|prepared)|PhD"
    r"|Ph\.\s?D|Doctoral|M\.?A\.?\s+thesis|D\.?Phil|Dissertation|Habilitation|Report|Arbeitspapier"
    r"|Diskussionspapier|Mimeo|manuscript|Technical\s+report|Research\s+Paper|Policy\s+Paper"
    r"|Th[eè]se|Proposal|Rev\.\s+ed|Preprint|Proceedings\b|Proc\.\s|Reports?\s+(?:to|for|of)|Vol\.|Bd\.|Band\s|Heft\s|Series|Schriftenreihe|\d+(?:st|nd|rd|th)?\.?\s*(?:ed|edn|edition"
    r"|Aufl|Auflage)\b|[A-Z]\w+\s+edition\b|Translated|Trans\.|Übers|Edited\s+by|White\s+paper"
    r"|Poster(?:\s+session)?\s+presented"
    # an institute's series with its number: "ZEW Discussion Paper No. 08-032"
    r"|(?-i:[A-Z][\w&-]*\s+){1,3}(?:Working|Discussion|Research|Policy)\s+Papers?\s*(?:No|Nr|#|\d)"
    r"|(?-i:[A-Z][\w&-]*[\s-]+){1,3}(?:Arbeitspapier|Diskussionspapier|Arbeitsbericht)\w*\s*(?:No|Nr|#|\d))",
    re.I,
)
_SERIAL = re.compile(
    r"\b(?:Journal|Review|Quarterly|Studies|Bulletin|Annals|Transactions|Proceedings|Zeitschrift"
    r"|Magazine|Letters|Times|Post|Economist|Revue|Rundschau|Zeitung|Forum|Sociology)\b"
)
_SMALL = words("of and for the in on a an to at und für der die das des de la le et & im")
_MONTH = MONTH_NAMES
_ARTICLES = words("A An The Der Die Das Ein Eine Le La Les Un Une El Los Il")
_ARTICLE_STARTS = tuple(f"{a} " for a in _ARTICLES)
_IN = re.compile(r"[Ii]n[:\s]\s*\S")
_PLACE_WORDS = words("am an der upon on sur im a.M a.M. a. M.")


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


def split_title(text: str, *, listed: bool = False) -> tuple[str | None, str, bool]:
    """The title at the start of ``text``, the rest, and whether it was quoted; ``listed``
    when the reference lists its parts with commas (``Title, Publisher, Place``)."""
    text = text.lstrip(" .,:;)–-")
    if not text:
        return None, "", False
    if text[0] in QUOTES:
        close = closing_quote(text)
        after = text[close + 1 :].strip() if close else ""
        after = after[: title_end(after)]
        inner = re.match(r"(?![Ii]n\b)\w", after) and not (_volume(after) or is_serial([after], 0))
        if close and (text[close - 1] in ".,?!" or not inner):  # not “Trajectory” as a
            title = text[1:close].strip().rstrip(".,")
            return title or None, text[close + 1 :].lstrip(" .,;:"), True
    found = sentences(text)
    pieces = [p for _, p in found]
    for k in range(1, len(pieces)):
        if is_tail(pieces, k):
            cut = found[k][0]
            return _title(text[:cut]), text[cut:], False
    commas = list(re.finditer(r"\s?,\s", text))
    journals = [c for c in commas if _journal_after(text[c.end() :])]
    if journals:  # "Title, Journal 32(1): 30-48": the journal's name is title-cased
        named = [c for c in journals if _journal_after(text[c.end() :], named=True)]
        serial = [c for c in named if _SERIAL.search(text[c.end() :].split(",")[0])]
        comma = serial[0] if serial else named[-1] if named else journals[0]
        return _title(text[: comma.start()]), text[comma.end() :], False
    for comma in commas:  # "Title. Working Paper 3, Place"
        tail = text[comma.end() :]
        if _DESCRIBED.match(tail) and not _NUMBERS.fullmatch(tail.split(", ")[0].strip(" .")):
            return _title(text[: comma.start()]), tail, False
    publisher = _publisher_and_place(text, commas, listed=listed)
    if publisher is not None:  # "Title, Publisher, Place"
        return _title(text[: publisher.start()]), text[publisher.end() :], False
    return _title(text), "", False


def _publisher_and_place(
    text: str, commas: list[re.Match], *, listed: bool = False
) -> re.Match | None:
    """The comma before ``Publisher, Place`` at the end of ``text``. In a list of commas
    (``Title, Publisher, Place, 2009``) the first comma after which all reads so; else a
    place may close it (``Lanham MD``, ``Boulder, CO``, ``Tampere, May``) and before
    it only a publisher, a description or a place before them."""
    if listed:
        return next((c for c in commas if all(map(_tailish, text[c.end() :].split(", ")))), None)
    cut, strong = None, False
    for n, comma in enumerate(reversed(commas)):
        end = commas[len(commas) - n].start() if n else len(text)
        piece = text[comma.end() : end].strip(" .")
        if _NUMBERS.fullmatch(piece):
            return None  # what is before the numbers is a journal
        following = text[end:].strip(" ,.")
        last = n == 0 or (n == 1 and re.fullmatch(r"[A-Z]{2,3}|(?:" + _MONTH + r")\.?", following))
        if _strong_tail(piece):
            cut, strong = comma, True
        elif (is_place(piece) and (last or strong or re.match(r"[A-Z]{2}\b", following))) or (
            n == 0 and re.fullmatch(_MONTH + r"\.?(?:\s+\d{1,2})?", piece)
        ):
            cut = comma
        else:
            break
    return cut


def _publisher_like(piece: str) -> bool:
    """What names a publisher, an institution, a date or a paper series, not a title."""
    return bool(
        _PRESS.search(piece)
        or _DESCRIBED.match(piece)
        or re.match(r"(?:University|Universit[äé]t?|Université|Universidade|Universidad)\b", piece)
        or (CORPORATE.search(piece) and _title_cased(piece))
        or (_PLACE_PUBLISHER.match(piece) and is_place(piece.partition(":")[0]))
        or re.fullmatch(
            rf"\d{{1,2}}\.?\s+{_MONTH}\w*\.?\s+\d{{4}}|{_MONTH}\w*\.?\s+\d{{1,2}},?\s+\d{{4}}",
            piece,
        )
        or re.search(r"\b(?:Working|Discussion|Research|Policy)\s+Papers?\b|-paper\b", piece)
    )


def _strong_tail(piece: str) -> bool:
    return bool(re.search(r"\b(?:Series|Reihe)\b", piece) or _publisher_like(piece))


_NOTE = re.compile(
    r"\s*[(\[](?P<note>[^()\[\]]*(?:\d|\b(?:[Ee]dn?|[Tt]rans|[Tt]ranslated|[Vv]ol|[Ee]ds?|Hrsg|Hg|[Ww]orking"
    r"|[Pp]aper|[Rr]eport|[Oo]rig|[Dd]iss\w*|[Tt]hes\w*|[Tt]ese|PhD)\b)[^()\[\]]*)[)\]]\s*$"
)


def _journal_after(text: str, *, named: bool = False) -> bool:
    journal = JOURNAL.match(text)
    if journal is None:
        return False
    container = re.sub(r"[,.]?\s*(?:[Nn]o|Nr|[Vv]ol)\.?$", "", journal.group("container"))
    if re.fullmatch(r"(?i)(?:no|nr|vol|pp?|s)\.?", container):
        return False
    numbered = journal.group("page") or journal.group("issue") or journal.group("issue2")
    if not numbered and re.fullmatch(r"1[89]\d\d|20\d\d", journal.group("volume") or ""):
        return False  # "Paper presented ..., Chicago, May 1996"
    return not named or _title_cased(container)


def _title(text: str) -> str | None:
    title = text.strip().rstrip(".,;: ")
    title = re.sub(r",?\s*\d+(?:st|nd|rd|th|d)\.?\s*(?:ed|edn|edition)\.?$", "", title)
    title = _GERMAN_EDITION.sub("", title).rstrip(".,;: ")  # "Title, 3. Auflage"
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
    return bool(is_place(piece) or _NUMBERS.fullmatch(piece) or _publisher_like(piece))


# the marks of a translator (English, German, French, Spanish, Italian): abbreviated, and
# in full
_TRANSLATOR_SHORT = r"Trans|Transl|Übers|Trad"
_TRANSLATOR_FULL = r"Translated|Übersetzt|Traduit|Traducido|Tradotto"
#: the mark of a translator after the title, then the translator's names
TRANSLATED = re.compile(
    rf"^(?:{_TRANSLATOR_FULL}|(?:{_TRANSLATOR_SHORT})\.)\s+(?:by\s+|von\s+|par\s+|por\s+|da\s+)?"
)
# the same as a sentence of its own: "Trans" (its period cut off), "Translated by X"
_TRANSLATOR_PIECE = re.compile(rf"(?:{_TRANSLATOR_SHORT})$|(?:{_TRANSLATOR_FULL})\s")

_NOT_YET = re.compile(r"(?i)(?:to\s+appear|in\s+press|forthcoming)\b")
_NOT_YET_END = re.compile(r"(?i),\s*(?:to\s+appear|in\s+press|forthcoming)$")


def is_book_tail(piece: str) -> bool:
    """Does ``piece`` close a book: ``Place: Publisher``, a translator or the editors of
    an edition (``Edited by ...``)?"""
    return bool(
        (_PLACE_PUBLISHER.match(piece) and is_place(piece.partition(":")[0]))
        or _TRANSLATOR_PIECE.match(piece)
        or re.match(r"(?:(?:Edited|Translated)(?:\s+and\s+\w+)?|Ed\.|Eds\.)\s+by\s|Eds?$", piece)
    )


def is_edition(piece: str) -> bool:
    """``1st American ed``, ``Revised and expanded``, ``Reprint, illustrated``: a
    statement of the edition, not a subtitle."""
    return bool(_EDITION_WORDS.search(piece))


_EDITION_WORDS = re.compile(
    r"(?i)\b(?:ed|edn|edition|reprint(?:ed)?|revised|expanded|illustrated|abridged"
    r"|translated|edited|Aufl|Auflage)\b"
)


def is_tail(pieces: list[str], k: int) -> bool:
    """Does the ``k``-th sentence start what follows the title?"""
    piece = pieces[k]
    following = pieces[k + 1] if k + 1 < len(pieces) else None
    if _IN.match(piece) or _NUMBERS.fullmatch(piece) or _DESCRIBED.match(piece):
        return True
    dashed = k and piece.startswith(DASHES) and not pieces[k - 1].endswith(("?", "!"))
    if dashed or (k and _GERMAN_EDITION.match(piece)):
        # ISBD's ". – " before each area ("Title. – Place: Publisher"); "4. Auflage"
        return True
    if k and (_NOT_YET.match(piece) or _NOT_YET_END.search(piece)):
        # "Title. To appear in Journal", "Title. In press.", "Title. Journal, in press."
        return True
    if k and (_TRANSLATOR_PIECE.match(piece) or re.match(r"Eds?(?:\.\s+[A-Z]|$)", piece)):
        # "Title. Trans. R. Howard. Place: Publisher", "Title. Eds. D. Reiman and N. Fraistat."
        return True
    if re.fullmatch(r"[^,]+,\s*(?:[Pp]p?\.|S\.)\s*\d.*", piece):
        return True  # "Sun Sentinel, pp. 1-3"
    if k and re.search(r",\s(?:[Nn]o|Nr|[Vv]ol|[Ss]eries)\b\.?\s?\w", piece):
        return True  # "Series or Journal, no. 66, ..."
    if (
        _PLACE_PUBLISHER.match(piece)
        and len(piece.partition(":")[0].split()) <= 4
        and all(
            _NUMBERS.fullmatch(p) or is_place(p) or _DESCRIBED.match(p) or p.startswith("(")
            for p in pieces[k + 1 :]
        )
    ):
        return True  # "Place: Publisher" ends a reference: not "Jugend, Macht: Eine ...".
    if _volume(piece):
        return True
    if is_serial(pieces, k):
        return True
    parts = piece.split(", ")  # "Monthly Review Press", "New York, Monthly Review Press"
    placed = _PRESS.search(parts[-1]) and all(_PRESS.search(p) or is_place(p) for p in parts)
    if (_PRESS.search(parts[0]) or placed) and len(piece.split()) <= 8:
        return True
    if (
        (CORPORATE.search(piece) or re.search(r"Universit", piece))
        and _title_cased(piece)
        and not piece.startswith(_ARTICLE_STARTS)
        and (following is None or (is_place(following) and ":" not in following))
    ):
        return True  # APA 7's publisher alone: "Data Protection Unit, Department of X"
    if k and re.search(r"\b[Ss]eries\b", piece) and not piece.startswith(_ARTICLE_STARTS):
        return True  # "JAI series on Research in the Sociology of Work, Amsterdam"
    if re.search(r"\((?:forthcoming|in press|im Druck)\)$", piece, re.I):
        return True  # "Journal (forthcoming)"
    dated = re.fullmatch(
        rf"(?P<name>[^\d]+?),?\s+(?:\d{{1,2}}\.?\s+{_MONTH}\w*\.?|{_MONTH}\w*\.?\s+\d{{1,2}},?)\s+\d{{4}}",
        piece,
    )
    if dated and _title_cased(dated.group("name")):
        return True  # a newspaper or magazine and its date: "Science 31 July 1999"
    paged = re.fullmatch(r"(?P<name>[^\d]+),\s*\d+\s*[-–]\s*\d+", piece)
    if k and paged and _title_cased(paged.group("name")):
        return True  # "Serials Review, Special Issue on X, 58-61"
    return is_place(piece) and (
        following is None
        or bool(re.match(r"[A-Z]{2}\b", following))  # "Princeton. NJ: Princeton U. P."
        or bool(_NUMBERS.fullmatch(following))
        or (" " not in piece and is_tail(pieces, k + 1))  # "London. Sage", not a subtitle
        or (bool(_PRESS.search(following)) and ":" not in following)  # "New York. Campus"
    )


def is_serial(pieces: list[str], k: int) -> bool:
    """Is the ``k``-th sentence a journal's name (``Journal Name. 32, 1165–1176``)?"""
    piece = pieces[k]
    following = pieces[k + 1] if k + 1 < len(pieces) else None
    if following is not None and _NUMBERS.fullmatch(following):
        return True
    if following is not None and (_SERIAL.search(following) or _volume(following)):
        return False  # the journal is the next one: "Subtitle Studies. Journal Studies, 1, 2"
    return (
        bool(_SERIAL.search(piece))
        and _title_cased(piece)
        and not _PRESS.search(piece)
        and not _PLACE_PUBLISHER.match(piece)
    )


def _volume(piece: str) -> bool:
    """A journal with its numbers; a year at the end is not a volume."""
    journal = JOURNAL.match(piece)
    if journal is None or not journal.group("volume") or len(piece) > 400:
        return False
    if journal.group("page") or any(journal.group(g) for g in ("issue", "issue2", "issue4")):
        return True
    container = journal.group("container")  # "Journal 12", not "Silbermann zum 70"
    return _title_cased(container) and not re.fullmatch(
        r"1[89]\d\d|20\d\d", journal.group("volume")
    )


def _title_cased(piece: str) -> bool:
    words = re.findall(r"[^\W\d_][\w'’-]*", piece)
    return bool(words) and all(w[0].isupper() or w.lower() in _SMALL for w in words)


def is_place(piece: str) -> bool:
    """``Paris``, ``Frankfurt, New York``, ``Boulder, Colorado``, ``Frankfurt a.M.``."""
    piece = piece.strip(" .–-")
    tokens = re.findall(r"[\w'’.-]+", piece)
    return (
        0 < len(tokens) <= (6 if "/" in piece else 4)
        and tokens[0] not in _ARTICLES
        and not piece.endswith(("?", "!"))
        and all(t[0].isupper() or t in _PLACE_WORDS for t in tokens)
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


_ORDINAL = re.compile(r"(?:^|[.:(]\s?)\d\d?$")
# the nouns a German ordinal's stop comes before: "3. Auflage", "des 20. Jahrhunderts"
_ORDINAL_NOUN = re.compile(
    r"(?:Aufl|Auflage|überarb\w*|erw\w*|aktualis\w*|neu\w*|Jahrhunderts?|Jh|Band|Bd|Ausgabe"
    r"|Kapitel|Kongress\w*|Tagung|Sitzung|Symposium|Deutsche[nrs]?|Internationale[nrs]?)\b"
)
_GERMAN_EDITION = re.compile(
    r"(?:,?\s+|^)\d{1,2}\.,?\s*(?:(?:überarb|erw|aktualis|vollst|neu|veränd|durchges)\w*\.?,?\s*"
    r"(?:u\.|und)?\s*)*Aufl(?:age|\.)?\.?$"
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_IN_COLON = re.compile(r",?\s+[Ii]n:\s")
#: what :func:`title_end` looks at: brackets, sentence stops, and where ``, In: `` starts
#: (a look-ahead: it is tried at every place, as the plain reading of each character did)
_MARKS = re.compile(r"[()\[\].?!]|(?=,?\s+[Ii]n:\s)")
_NOT_A_STOP = re.compile(r"unpublished|manuscript|[\w-]+-paper")


def _ordinal(text: str, end: int | None = None) -> bool:
    """Does ``text`` (up to ``end``) end with an ordinal number (``8. Auflage``,
    ``22. Deutscher Tag``)?"""
    return _ORDINAL.search(text, 0, len(text) if end is None else end) is not None


def title_end(text: str) -> int:
    """Where the first sentence of ``text`` ends: its first break outside parentheses.

    Only the characters that can decide are visited (:data:`_MARKS`), in order."""
    depth = 0
    for mark in _MARKS.finditer(text):
        i = mark.start()
        char = mark.group()
        if not char:  # ", In: " starts here
            if depth == 0 and i:
                return i
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and (i + 1 == len(text) or text[i + 1] == " "):
            rest = text[i + 1 :].strip()
            if char == ".":
                word = _WORD_BEFORE.search(text, 0, i)
                token = word.group(1) if word else ""
                if (
                    is_initial(token + ".") or token in ABBREVIATIONS or _ordinal(text, i)
                ) and not (
                    _PLACE_PUBLISHER.match(rest)
                    and len(token) > 1
                    and not _ORDINAL_NOUN.match(rest)
                ):
                    continue
                if token.isdigit() and len(token) <= 2 and _ORDINAL_NOUN.match(rest):
                    continue
                if rest[:1].islower() and not _NOT_A_STOP.match(rest):
                    continue
            return i + 1
    return len(text)
