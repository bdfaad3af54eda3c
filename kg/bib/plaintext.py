"""Parse one plain-text reference, as scholars copy it out of a paper, into CSL-JSON.

Author-date styles put the names first and the year right after them: APA
``Kitchin, R. (2014). Title. Journal, 79(1), 1–14.``, Harvard ``Kitchin, R. (2014)
'Title', Journal, 79(1), pp. 1–14.`` or ``Kitchin R 2014 Title …``, Chicago
``Kitchin, Rob. 2014. "Title." Journal 79 (1): 1–14.`` So the first year (or
``n.d.``) splits a reference into who and what. The names come out most reliably
(that is what resolving citations needs), then the year with its suffix, then the
title, container, pages and publisher, well enough to export.

>>> item = parse_reference("Kitchin, R. (2014). The real-time city? Big data and smart "
...     "urbanism. GeoJournal, 79(1), 1–14. https://doi.org/10.1007/s10708-013-9516-8")
>>> [a["family"] for a in item["author"]], item["issued"], item["title"]
(['Kitchin'], {'date-parts': [[2014]]}, 'The real-time city? Big data and smart urbanism')
>>> item["container-title"], item["volume"], item["issue"], item["page"], item["DOI"]
('GeoJournal', '79', '1', '1-14', '10.1007/s10708-013-9516-8')

The item has no ``id``: an id must be unique in its list, so
:func:`kg.bib.load.give_ids` gives it one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.bib.parse.containers import clean_proceedings, parse_tail, take_series
from kg.bib.parse.dates import YEAR, YEAR_PATTERN, last_year, set_year
from kg.bib.parse.identifiers import clean, take_identifiers
from kg.bib.parse.leading import take_names
from kg.bib.parse.lexicon import CORPORATE, DASHES, EDITORS_WORD, PLACES, QUOTES
from kg.bib.parse.people import looks_like_names, parse_names
from kg.bib.parse.titles import (
    is_book_tail,
    is_edition,
    is_place,
    is_tail,
    sentences,
    split_title,
    title_note,
)

__all__ = ["YEAR_PATTERN", "parse_names", "parse_reference"]

_EDITORS_MARK = re.compile(
    rf"(?:\s*\(\s*{EDITORS_WORD}\.?\s*\)|,\s*(?:eds\.?|ed\.|editors?|Hg\.|Hrsg\.))\.?\s*$"
)
_EDITORS_AFTER = re.compile(rf"^\s*[.,]?\s*\(\s*{EDITORS_WORD}\.?\s*\)\s*[.:,]?")
_TRANSLATOR = re.compile(
    r"\((?:(?P<who>[^()]+?),?\s+(?:Trans|Übers|trans)\.?|(?:Trans\.|Translated\s+by)\s+(?P<who2>[^()]+))\)"
)
_PUBLISHED_IN = re.compile(
    rf"\s*\((?P<place>[^():\d]{{2,60}}?)\s?:\s*(?P<publisher>[^():\d]{{2,100}}?)"
    rf"(?:,\s*(?:{YEAR_PATTERN}|n\.\s?d\.))?\s*\)?"
    # a note's cited pages after it: "(New York: Library of America, 1983), 427, 426."
    r"(?:[,.]?\s*(?:pp?\.\s*)?\d[\d\s,–-]*)?\s*[.,;]?\s*$"
)
_ONLY_NUMBERS = re.compile(r"[\s.,;:)\]]*(?:(?:pp?\.\s*)?\d[\d\s,–-]*(?:\s*pp?\.?)?)?[\s.,;:]*")
# "n.d.", "N.d.", "o. J.": not the initials "N. D." or "O. J."
_UNDATED = re.compile(r"\b[nN]\.\s?d\.|\bo\.\s?J\.|(?i:\bno date\b|\bundated\b)")
# a German series in parentheses after an equals sign, with its number
_SERIES_NOTE = re.compile(
    r"\s*\(\s*=\s*(?P<series>[^()=]+?)(?:,?\s*(?:Bd\.|Band|Nr\.|No\.|H\.|Heft|Vol\.)?\s*"
    r"(?P<number>\d+[a-z]?))?\s*\)"
)
_EDITED_AFTER = re.compile(r",\s+(?:ed\.|eds\.|edited\s+by)\s+(?P<who>[^,]+?)\s*$")
# what a title listed with commas does not end with: a chapter's book, a journal's
# numbers, a series, a report's number
_NOT_LISTED = re.compile(
    r"(?:^|[\s.,(])(?:[Ii]n:|[Ii]n\s|Jg\.|S\.\s*\d|Nr\.|H\.\s*\d|Heft|Bd\.|Band|[Vv]ol\.|[Nn]o\.\s*\d|pp?\.\s*\d|\(=)"
    r"|\d\s*\(\d|:\s*\d"
)
_YEARS = re.compile(r"\s*\d{4}\s*[-–]\s*\d{4}\s*")
_CORPORATE_COLON = re.compile(
    rf"(?P<who>[^\W\d][^:.\d]{{2,80}}?)(?P<editors>\s*[(\[]\s*{EDITORS_WORD}\.?\s*[)\]])?\s*:\s+(?=\S)"
)
_REPEATED = re.compile(r"^\s*(?:[-–—_]{2,}|[-–—_](?:\s*[-–—_])+)\s*[.,:]?\s*")


def parse_reference(line: str, previous: dict | None = None) -> dict:
    """One plain-text reference as a CSL-JSON item (without ``id``), plus ``"raw"``.

    Names (``family``/``given``, or ``literal`` for a corporate author) come first,
    then the year (``year-suffix`` for ``2016a``; no ``issued`` for ``n.d.``):

    >>> item = parse_reference("Savini, F. and Raco, M. (2019) 'The rise of a new urban "
    ...     "technocracy', in Raco, M. and Savini, F. (eds) Planning and Knowledge. "
    ...     "Bristol: Policy Press, pp. 3–17.")
    >>> item["type"], [a["family"] for a in item["author"]], item["title"]
    ('chapter', ['Savini', 'Raco'], 'The rise of a new urban technocracy')
    >>> [e["family"] for e in item["editor"]], item["container-title"], item["page"]
    (['Raco', 'Savini'], 'Planning and Knowledge', '3-17')
    >>> item["publisher-place"], item["publisher"]
    ('Bristol', 'Policy Press')
    >>> item = parse_reference("OECD (n.d.-b) Smart city policies. Paris: OECD.")
    >>> item["author"], "issued" in item, item["year-suffix"]
    ([{'literal': 'OECD'}], False, 'b')

    What it cannot read is said in the note, with a low confidence (``no names found``).
    The year may come last (Chicago notes-bibliography, MLA, Vancouver, IEEE), and
    ``———`` repeats the names of ``previous``, the entry before it:

    >>> item = parse_reference('Harvey, David. "The Right to the City." New Left Review 53 '
    ...     "(2008): 23-40.")
    >>> item["author"], item["issued"], item["container-title"]
    ([{'family': 'Harvey', 'given': 'David'}], {'date-parts': [[2008]]}, 'New Left Review')
    >>> parse_reference("———. Rebel Cities. London: Verso, 2012.", previous=item)["author"]
    [{'family': 'Harvey', 'given': 'David'}]
    """
    raw = " ".join(line.split())
    if previous is None:
        return _copy(_known(raw))
    return _read(raw, previous)


#: items read already, by their text (whitespace folded), for entries without
#: ``previous``: a corpus's papers cite many of the same works in the same words, and a
#: worker reads them all; handed out as copies (``_copy``)
@lru_cache(maxsize=1 << 15)
def _known(raw: str) -> dict:
    return _read(raw, None)


def _copy(value: dict) -> dict:
    """A copy of a parsed item, down to its lists and dicts (the rest are immutable)."""
    return {
        k: _copy(v) if type(v) is dict else _copy_list(v) if type(v) is list else v
        for k, v in value.items()
    }


def _copy_list(value: list) -> list:
    return [_copy(v) if type(v) is dict else _copy_list(v) if type(v) is list else v for v in value]


def _read(raw: str, previous: dict | None) -> dict:
    item: dict = {"type": "document", "raw": raw}
    repeated = _parse(raw, item, previous)
    for role in ("author", "editor"):  # a name without a letter is none ("©")
        if role in item:
            item[role] = [
                n for n in item[role] if any(c.isalpha() for c in "".join(map(str, n.values())))
            ]
            if not item[role]:
                del item[role]
    missing = [
        what
        for what, found in (
            ("names", item.get("author") or item.get("editor") or repeated),
            ("year", "issued" in item or "status" in item or _UNDATED.search(raw)),
            ("title", item.get("title")),
        )
        if not found
    ]
    if missing:  # what could not be read is said, as the bibliography's notes say it
        item["note"] = f"confidence: low. Read from plain text; no {', no '.join(missing)} found."
    return item


def _parse(raw: str, item: dict, previous: dict | None) -> bool:
    """Fill ``item`` from ``raw``; whether it begins with a mark repeating the names."""
    text = take_identifiers(clean(raw), item)
    series = _SERIES_NOTE.search(text)  # "(=Beiträge zur Geschichte der Soziologie, Bd. 8)"
    if series:
        text = (text[: series.start()] + text[series.end() :]).strip()
        item["collection-title"] = series.group("series").strip(" ,.")
        if series.group("number"):
            item["collection-number"] = series.group("number")
    repeated = _REPEATED.match(text)
    if repeated:
        text = text[repeated.end() :]
        for role in ("author", "editor"):
            if previous and previous.get(role):
                item[role] = [dict(n) for n in previous[role]]
    found = next((m for m in YEAR.finditer(text) if text[: m.start()].strip(" .,;:")), None)
    names_first = comma_style = colon_style = False
    if repeated and (found is None or not looks_like_names(text[: found.start()])):
        found = YEAR.match(text)
        if found:
            set_year(found, item)
            rest = text[found.end() :]
        else:
            rest, names_first = last_year(text, item), True
    elif (
        found is not None
        and looks_like_names(text[: found.start()])
        and not _names_then_title(text, found)
    ):
        rest = _author_date(text, found, item)
    else:
        names, editors, rest = take_names(text)
        if not names:
            names, editors, rest = _corporate_colon(text)
        head = text[: len(text) - len(rest)].rstrip()
        comma_style, colon_style = head.endswith(","), head.endswith(":")
        if names:
            item["editor" if editors else "author"] = names
            rest, names_first = last_year(rest, item), True
        elif found is None:  # no names and no year: keep the text as a title
            if text.strip(" ."):
                item["title"] = text.strip(" .")
            return bool(repeated)
        elif len(text[: found.start()].split()) <= 8 or _is_corporate_head(text[: found.start()]):
            rest = _author_date(text, found, item)
        else:  # no names: a title, then the year (a newspaper's unsigned article)
            rest, names_first = last_year(text, item), True
    rest = _published_in(rest, item)
    listed = None if names_first else _listed_title(rest)
    if names_first:  # "Mehta L., Title, Publisher, Place, 2009."
        title, after, quoted = _first_sentence(
            rest, comma_style=comma_style, colon_style=colon_style
        )
    elif listed:
        title, after, quoted = listed
    else:
        title, after, quoted = split_title(rest)
    edited = _EDITED_AFTER.search(title or "")
    if title and edited and looks_like_names(edited.group("who")):
        title = title[: edited.start()]  # "Lectures on Ethics, ed. Peter Heath"
        if "editor" not in item:
            item["editor"] = parse_names(edited.group("who"), natural=True)
    if title:
        item["title"] = title
    translator = _TRANSLATOR.search(rest[: len(title or "") + 60])
    if translator and "translator" not in item:
        who = translator.group("who") or translator.group("who2")
        item["translator"] = parse_names(who, natural=True)
    parse_tail(after, item, quoted=quoted)
    clean_proceedings(item)
    note = title_note(rest[: len(title or "") + 80]) if title else None
    if note and "container-title" not in item:
        take_series(note, item)  # "Title (NBER Working Paper No. 10063)"
    return bool(repeated)


def _names_then_title(text: str, found: re.Match) -> bool:
    """The year ends the reference, and names start it with a title after them
    (``Barry Wilkinson, Digital System Design, Prentice Hall, 1987``): what comes before
    the year is not all names."""
    if not _ONLY_NUMBERS.fullmatch(text[found.end() :]):  # "..., 1983), 886." "1988. 368 pp."
        return False
    names, _, rest = take_names(text[: found.start()])
    return bool(names) and len(rest.split()) >= 2


def _published_in(rest: str, item: dict) -> str:
    """``Title (Cambridge: Cambridge University Press)`` or ``(Detroit, MI: Wayne State
    University Press, 1970)``, as Oxford and Chicago note styles close a book: the place
    and publisher into ``item``; what comes before."""
    found = _PUBLISHED_IN.search(rest)
    if (
        found is None
        or not found.string[: found.start()].strip(" .,")
        or not is_place(found.group("place"))
    ):
        return rest
    item["publisher-place"] = found.group("place").strip()
    item["publisher"] = found.group("publisher").strip(" ,.")
    return rest[: found.start()]


def _is_corporate_head(text: str) -> bool:
    """Before the year, an organisation's name (``Statistisches Bundesamt``)?"""
    names = parse_names(text)
    return len(names) == 1 and "literal" in names[0] and len(text.split()) <= 8


def _listed_title(rest: str) -> tuple[str, str, bool] | None:
    """After ``(1993),``, a comma, not a stop: the parts listed with commas, the place
    or places last (``Die Zwänge kollektiven Handelns. Über Macht und Organisation,
    Frankfurt a.M., New York``): the title with its subtitles, then the places (and a
    publisher before them, or ``Place: Publisher``). None where something else follows
    the title (``In:``, a volume, pages, a quoted title) or no place ends it."""
    text = rest.strip(" ")
    if not text.startswith(",") or _NOT_LISTED.search(text):
        return None
    text = text.strip(" ,.")
    if not text or text[0] in QUOTES:
        return None
    parts = text.split(", ")
    if len(parts) < 2 or any(re.search(r"\d", p) and not _YEARS.fullmatch(p) for p in parts[1:]):
        return None  # "Drucksache 12/6995", "14.-16. September 2004"
    k = len(parts)
    last = parts[-1]
    if not (is_place(last) or is_edition(last) or _placed_publisher(last)):
        return None
    k -= 1
    while k > 1 and (_known_place(parts[k - 1]) or is_edition(parts[k - 1])):
        k -= 1
    title = ", ".join(parts[:k]).strip(" .")
    pieces = [p for _, p in sentences(title)]
    if any(":" in pieces[j] and is_tail(pieces, j) for j in range(1, len(pieces))):
        return None  # "Multiagent Systems. MIT Press: Cambridge, Mass."
    return title, ", ".join(parts[k:]), False


def _placed_publisher(part: str) -> bool:
    """``London and New York: Routledge``: a place, a colon, a publisher."""
    place, colon, publisher = part.partition(":")
    return bool(colon) and is_place(place) and bool(publisher.strip())


def _known_place(part: str) -> bool:
    """``Frankfurt a.M.``, ``New York``, ``Mass.``: a place of :data:`PLACES`."""
    tokens = part.strip(" .").split()
    return bool(tokens) and is_place(part) and (tokens[0] in PLACES or tokens[0] + "." in PLACES)


def _corporate_colon(text: str) -> tuple[list[dict], bool, str]:
    """``Bundesverband deutscher Banken [Hrsg.]: Title``: an organisation, marked as
    the editor or named as one, then a colon; as :func:`take_names` returns."""
    found = _CORPORATE_COLON.match(text)
    if found is None or not (found.group("editors") or CORPORATE.search(found.group("who"))):
        return [], False, text
    return (
        [{"literal": found.group("who").strip()}],
        bool(found.group("editors")),
        text[found.end() :],
    )


def _colon_title(text: str) -> tuple[str | None, str, bool]:
    """After ``Names:`` with the year at the end (``Goffman, Erving: Stigma. Über
    Techniken der Bewältigung beschädigter Identität, Frankfurt/M. 1996``, as German
    lists write them): the title runs over its subtitles to what follows it (``In:``,
    a dash, a place and publisher, a number) and ends before a last place."""
    found = sentences(text)
    pieces = [p for _, p in found]
    k = 1
    while k < len(pieces) and not is_tail(pieces, k) and not pieces[k].startswith(DASHES):
        k += 1
    end = found[k][0] if k < len(found) else len(text)
    if k < len(pieces) and pieces[k].startswith(DASHES):  # "Title. – In: Journal"
        text = text[:end] + text[end:].lstrip(" -–—")
    first = text[:end].rstrip(" .,;:-–—")
    head, comma, last = first.rpartition(", ")
    if comma and is_place(last):
        return head.strip(" .,"), last + ". " + text[end:], False
    if "," in first and re.search(r",\s*(?:Nr|S|Jg|H|Heft|[Vv]ol|[Nn]o)\.?\s*\d", first):
        title, after, _ = split_title(first)  # "Title, Der Spiegel Nr. 23, S. 26"
        return title, f"{after} {text[end:]}", False
    return first, text[end:], False


def _first_sentence(
    text: str, *, comma_style: bool = False, colon_style: bool = False
) -> tuple[str | None, str, bool]:
    """A title without a year before it (Vancouver, MLA, Chicago notes): its first
    sentence, or, in ``Title, Publisher, Place, 2009``, up to the publisher; after
    ``Names:``, the title with its subtitles (:func:`_colon_title`)."""
    text = text.lstrip(" .,:;")
    if not text or text[0] in QUOTES or comma_style:
        return split_title(text, listed=comma_style)
    if colon_style:
        return _colon_title(text)
    found = sentences(text)
    pieces = [p for _, p in found]
    k = 1  # a question in the title goes on unless what follows is the container
    while (
        k < len(pieces)
        and not is_tail(pieces, k)
        and (
            pieces[k - 1].endswith(("?", "!"))
            # a subtitle of its own, then the book's place and publisher: "Wieland; or The
            # Transformation. An American Tale. Edited by ..."
            or (k + 1 < len(pieces) and is_book_tail(pieces[k + 1]) and not is_edition(pieces[k]))
        )
    ):
        k += 1
    end = found[k][0] if k < len(found) else len(text)
    first = text[:end]
    if "," in first:
        title, after, quoted = split_title(first)
        # "Title, Journal 12: 3-4. Place", or all in one sentence; not "Slaves, Masters,
        # and the Art of Authority." with the place and publisher in the next sentence
        if after and (re.search(r"\d", after) or not text[end:].strip()):
            return title, after + text[end:], quoted
        if after:
            return first.strip(" .,;:"), text[end:], False
    return split_title(first)[0], text[end:], False


def _author_date(text: str, found, item: dict) -> str:
    """Names, then the year: the names and the year into ``item``; what follows."""
    set_year(found, item)
    reprint = re.match(rf"\s*({YEAR_PATTERN})([a-z]?)[.,]?\s", text[found.end() :])
    end = found.end()
    if reprint and "issued" in item:  # Chicago "Krivý, M. (2016) 2018." = first, then print
        item["original-date"] = item["issued"]
        item["issued"] = {"date-parts": [[int(reprint.group(1))]]}
        end += reprint.end()
    names_text = text[: found.start()].strip(" ,;:")
    editors = bool(_EDITORS_MARK.search(names_text))
    names_text = _EDITORS_MARK.sub("", names_text)
    rest = text[end:]
    after = _EDITORS_AFTER.match(rest)  # "Lewis, S. (2009) (eds.): Title"
    if after:
        editors, rest = True, rest[after.end() :]
    names = parse_names(names_text)
    if names and not item.get("author"):
        item["editor" if editors else "author"] = names
    return rest
