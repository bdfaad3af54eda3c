"""What follows the title: the journal with volume, issue and pages; the edited book a
chapter is in, with its editors; a report's series and number; place and publisher; and
from these the item's CSL type."""

from __future__ import annotations

import re

from kg.bib.parse.dates import YEAR_PATTERN
from kg.bib.parse.leading import take_names
from kg.bib.parse.lexicon import CAP, CORPORATE, EDITORS_WORD, MONTHS, PAGES
from kg.bib.parse.people import looks_like_names, parse_names
from kg.bib.parse.titles import (
    JOURNAL,
    TRANSLATED,
    is_place,
    is_serial,
    sentences,
    split_title,
    title_end,
)

__all__ = ["clean_container", "clean_proceedings", "parse_tail", "take_series"]

_PAGES_ANYWHERE = re.compile(
    rf"\(?(?:\bpp?\.|\bpages|\bS\.|\bpp)\s*(?P<page>{PAGES})\)?"
    r"|(?:(?<=[:,]\s)|^)(?P<bare>\d+\s*[-–—‒]+\s*\d+)(?=[.,;]|\s*$)"
)
_REPORT = re.compile(
    r"\b(?:working\s+paper|discussion\s+paper|report|technical\s+paper|policy\s+brief|white\s+paper"
    r"|research\s+paper|arbeitspapier|diskussionspapier)\b",
    re.I,
)
# what names no container: a month, a page count, a bare volume mark
_NO_NAME = re.compile(
    rf"{MONTHS}\.?(?:\s+\d{{1,2}})?|(?i:\d+\s*pp?\.?|vol(?:ume)?\.?|no\.?|nr\.?|)"
)
_TECH_REPORT = re.compile(r"(?i)\btech(?:nical)?\.?\s+rep(?:ort)?\b")
_PRESS_WORDS = r"Press|Publish\w*|Books|Verlag|Editions?|Éditions"
_PRESS = re.compile(rf"\b(?:{_PRESS_WORDS})\b")
# a press, or a firm that publishes: "Van Nostrand Reinhold Company", "Little, Brown & Co."
_PUBLISHER_WORD = re.compile(
    rf"\b(?:{_PRESS_WORDS}|Co\.|Company|Inc\b|Ltd\b|Institute|Engineers|Sons)"
)
_THESIS = re.compile(r"\b(?:thesis|dissertation|PhD|Ph\.D\.|Dissertation|Habilitation)\b", re.I)
_EDITION = re.compile(
    r"^(?P<edition>\d+(?:st|nd|rd|th)?|[Rr]evised|[Ss]econd|[Tt]hird)\.?\s+(?:edn|ed|edition|Aufl\w*)\b\.?\s*"
)
_SERIES = re.compile(
    r"(?P<series>(?:[\w&-]+\s+){0,6}?(?:[Ww]orking|[Dd]iscussion|[Rr]esearch|[Pp]olicy|[Oo]ccasional"
    r"|[Tt]echnical)\s+[Pp]apers?(?:\s+(?:[Ss]eries|[A-Z]{1,5})\b)?|[\w-]+-paper"
    r"|[\w-]*(?:[Ff]orschungs|[Aa]rbeits|[Dd]iskussions)(?:bericht|papier|heft)e?)"
    r"(?:\s*,?\s*\(?(?:[Nn]o\.?|Nr\.?|#)?\s*(?P<number>\d[\w./-]*)\)?)?"
)
_UNPUBLISHED = re.compile(
    r"(?i)(?:unpublished|manuscript|dissertation|master'?s?\s+thesis|ph\.?\s?d|doctoral|thesis)"
)
_MARKED = re.compile(
    rf"(?P<eds>.+?)\s*(?:[(\[]\s*{EDITORS_WORD}\.?\s*[)\]]|,?\s+{EDITORS_WORD}\.|,\s*(?:editors?|eds?)\b)"
    rf"\s*(?:\(\s*\d{{4}}\s*\))?\s*[,:.]?\s*(?P<rest>.+)$"
)
_SAME_NAMES = re.compile(
    rf"(?:[Dd]ies|[Dd]ers|[Ee]ad|[Ee]idem|[Ii]dem)\.?(?:\s*[(\[]\s*{EDITORS_WORD}\.?\s*[)\]])?"
    r"\s*[:,]?\s+(?!(?:u\.|und|and|&)\s)(?=\S)"
)
_CHICAGO = re.compile(r"(?P<book>.+?),?\s+(?:edited\s+by|eds?\.|hg\.\s+v\.)\s+(?P<rest>.+)$", re.I)
# a year that is part of a name: "Proceedings of the 1990 ACM Conference on ..."
_NAMED_YEAR = rf"{YEAR_PATTERN}\s+[{CAP}]"
# a journal's name, then what numbers it: "Journal, XXXVI, 766-817", "Journal 2006: 115-151"
_LOOSE = re.compile(
    rf"^(?P<container>[^\d()\[\]]*?[^\s\d(),.;:\[])\s*(?:\([A-Za-z]{{2,10}}\))?\s*[,.;:]?\s+"
    rf"(?P<rest>(?:[Vv]ol|[Nn]o\b|Nr|pp?\.|pages\b|S\.|(?!{_NAMED_YEAR})\d+(?![\dA-Za-z])|\(\d|[IVXLC]{{2,}}\b|series\b|(?:{MONTHS})\b).*)$"
)
_PROCEEDINGS = re.compile(
    r"\b(?:Proc\.|Proceedings|Conference|Workshop|Symposium|Congress|Colloquium|Tagungsband)\b"
)
_TO_APPEAR_IN = re.compile(r"(?i)(?:to\s+appear|forthcoming)\s+in:?\s+")
_IN_PRESS_END = re.compile(r"(?i)[,.;]?\s*\(?(in\s+press|to\s+appear|forthcoming)\)?\.?$")
_PAPER_PAGE = re.compile(
    rf"(?:,\s*[Ss]ec(?:tion|t)?\.?\s*(?P<section>[\w-]+))?,\s*pp?\.\s*(?P<page>{PAGES})\.?$"
)
_DAY = re.compile(rf",\s*(?:\d{{1,2}}\s+{MONTHS}\.?|{MONTHS}\.?\s+\d{{1,2}})\s*,?\s*$")
_MARKS = re.compile(r"\s*\[[^\]]*\]\s*$|^\s*[Ii]n:?\s+")


def parse_tail(text: str, item: dict, *, quoted: bool) -> None:
    """Container, volume, issue, pages, publisher and place, and the item's type."""
    text = re.sub(r"^\[[^\]]*\]\s*", "", text.strip(" .,;")).strip(" .,;")  # [a translation]
    text = _not_yet(text, item)
    if item.get("container-title"):
        return
    edited = re.match(r"(?:Eds?\.|Edited\s+by)\s+(?=[A-Z])", text)
    if edited and "editor" not in item:  # "Title. Eds. D. H. Reiman and N. Fraistat. Place"
        text = text[edited.end() :]
        end = title_end(text)
        item["editor"] = parse_names(text[:end], natural=True)
        text = text[end:].strip(" .,")
    translated = TRANSLATED.match(text)
    if translated:
        text = text[translated.end() :]
        end = title_end(text)
        item["translator"] = parse_names(text[:end], natural=True)
        text = text[end:].strip(" .,")
    edition = _EDITION.match(text)
    if edition:
        item["edition"] = edition.group("edition")
        text = text[edition.end() :]
    chicago_pages = re.match(rf"[Pp]p?\.\s*(?P<page>{PAGES})\s+(?=in\s)", text)
    if chicago_pages:  # "Pp. 195–213 in Book, edited by ..."
        item["page"] = _page(chicago_pages.group("page"))
        text = text[chicago_pages.end() :]
    if re.match(r"[Ii]n[:\s]", text):
        _parse_in(text[3:].strip(" :"), item)
        if item.get("container-title"):
            places = item.get("type") == "chapter"
            item["container-title"] = clean_container(item["container-title"], places=places)
            if places and _PROCEEDINGS.search(item["container-title"]):
                item["type"] = "paper-conference"  # "In Proceedings of the 1990 ACM ..."
        return
    text = re.sub(r"\s*\(Original work published \d{4}\)\.?", "", text)
    if _newspaper(text, item):
        return
    journal = JOURNAL.match(text)
    if journal and not _REPORT.search(journal.group("container")):
        _journal(journal, item)
        return
    if journal:  # "Programmable City Working Paper 25"
        item["type"] = "report"
        series = journal.group("container").strip(" ,.")
        item["collection-title"] = re.sub(r"[,.]?\s*(?:[Nn]o|Nr|#)\.?$", "", series)
        item["number"] = journal.group("volume") or journal.group("issue3")
        text = journal.group("rest") or ""
    elif _SERIES.match(text) or _UNPUBLISHED.match(text):
        # "'Title', IZA Discussion Paper No. 331: Bonn, IZA", "'Title', Master Thesis"
        item["type"] = "thesis" if _THESIS.search(text.partition(",")[0]) else "report"
        take_series(text, item)
        text = ""
    elif _loose_journal(text, item, sure=quoted or _serial_first(text)):
        return
    elif quoted and _published_by(text):
        item["type"] = "book"  # '"Title", Van Nostrand Reinhold, New York': no container
    elif (quoted or _serial_first(text)) and not _TECH_REPORT.search(text):
        # a quoted title is a part of something: the next phrase is its container
        item["type"] = "article-journal"
        first = sentences(text)
        container = first[0][1] if first else text
        container = re.split(r",\s(?=[\d(]|[Vv]ol|pp)", container, maxsplit=1)[0]
        places = bool(re.match(r"Paper\b", container))  # "Paper presented at X, Place"
        if places:
            container = re.sub(
                r"(\b(?:Conference|Workshop|Meeting|Symposium|Congress|Seminar|Colloquium"
                r"|Convention)),\s.*$",
                r"\1",
                container,
            )
        container = clean_container(container, places=places)
        if not _NO_NAME.fullmatch(container):  # not "February", "216 pp", "Vol"
            item["container-title"] = container
        return
    elif _THESIS.search(text):
        item["type"] = "thesis"
    elif _REPORT.search(text) or _SERIES.search(text) or _TECH_REPORT.search(text):
        item["type"] = "report"
        take_series(text, item)
    elif text or not item.get("URL"):
        item["type"] = "book"
    else:
        item["type"] = "webpage"
    _publisher(text, item)
    publisher = item.get("publisher", "")
    if item["type"] == "book" and CORPORATE.search(publisher) and not _PRESS.search(publisher):
        item["type"] = "report"  # published by an organisation, not a press


def _not_yet(text: str, item: dict) -> str:
    """``Journal, in press``, ``Journal, to appear``, ``To appear in Journal``: the
    status into ``item`` (and the journal, where nothing else follows); the rest."""
    before = _TO_APPEAR_IN.match(text)
    if before:
        item["status"] = "forthcoming"
        return "In " + text[before.end() :]
    after = _IN_PRESS_END.search(text)
    if after is None or not after.start():
        return text
    item["status"] = "in press" if after.group(1).lower() == "in press" else "forthcoming"
    text = text[: after.start()].strip(" ,.;")
    one = all(len(p.split()) <= 2 for _, p in sentences(text)[1:])  # "SIAM J. Discr. Math."
    if text and one and not re.search(r"\d|:", text) and not _PRESS.search(text):
        item["type"] = "article-journal"
        item["container-title"] = clean_container(text)
    return text


def _newspaper(text: str, item: dict) -> bool:
    """``Los Angeles Times, 15 March, sec. 1A, p. 3``, ``The Age, p. 6`` (the year taken
    already): a paper's name, the day, its section and page."""
    found = _PAPER_PAGE.search(text)
    if found is None:
        return False
    name = text[: found.start()]
    day = _DAY.search(name)
    if day:
        name = name[: day.start()]
    if not name.strip(" ,.") or re.search(r"\d|:", name) or _PRESS.search(name):
        return False
    item["type"] = "article-newspaper" if day else "article-journal"
    item["container-title"] = clean_container(name)
    item["page"] = _page(found.group("page"))
    if found.group("section"):
        item["section"] = found.group("section")
    return True


def clean_proceedings(item: dict) -> None:
    """A conference's proceedings without the place and date of the meeting after its
    name (``Proceedings of the 21st VLDB Conference, Zurich, Switzerland, June 1995``,
    ``Proc. Conference on Logic Programming (Berlin, 1996)``)."""
    name = item.get("container-title") or ""
    if not _PROCEEDINGS.search(name):
        return
    while True:
        cut = re.sub(rf"\s*\((?:[^()]*\d{{4}}[^()]*|(?:{MONTHS})\.?[^()]*)\)$", "", name)
        paren = re.search(r"\s*\(([^()]*)\)?$", cut)  # "(Berlin)", or "(Berlin" cut short
        inside = paren.group(1).strip(" ,.") if paren else ""
        if paren and (
            (is_place(inside) and re.search(r"[a-z]", inside)) or not paren.group(0).endswith(")")
        ):
            cut = cut[: paren.start()]
        head, comma, last = cut.rpartition(", ")
        last = last.strip(" .")
        if (
            comma
            and head
            and (
                is_place(re.sub(r"^The\s+", "", last))
                or re.fullmatch(rf"(?:{MONTHS})\.?(?:\s+\d.*)?", last)
            )
        ):
            cut = head
        if cut == name:
            break
        name = cut
    item["container-title"] = name.strip(" ,.")


def take_series(text: str, item: dict) -> bool:
    """A report's series and number (``IZA Discussion Paper no. 97``) into ``item``."""
    series = _SERIES.search(text)
    if series is None or item.get("collection-title"):
        return False
    item["type"] = "report"
    item["collection-title"] = re.sub(
        r"[,.]?\s*(?:[Nn]o|Nr|#)\.?$", "", series.group("series").strip()
    )
    if series.group("number"):
        item["number"] = series.group("number").rstrip(".")
    return True


def _published_by(text: str) -> bool:
    """Does ``text`` name only a publisher and its place (``London: The Harvill Press``,
    ``Van Nostrand Reinhold Company, New York``, ``Boston - Little, Brown & Co.``)?"""
    first = sentences(text)[0][1] if sentences(text) else text
    if re.search(r"\d", first):
        return False
    place, colon, publisher = first.partition(":")
    if colon and is_place(place) and _PUBLISHER_WORD.search(publisher):
        return True
    parts = [p.strip(" -–") for p in re.split(r",\s|\s[-–]\s", first)]
    named = [p for p in parts if _PUBLISHER_WORD.search(p)]
    return bool(named) and all(p in named or is_place(p) for p in parts)


def _serial_first(text: str) -> bool:
    pieces = [p for _, p in sentences(text)]
    return bool(pieces) and is_serial(pieces, 0)


def _loose_journal(text: str, item: dict, *, sure: bool) -> bool:
    """A journal whose numbers JOURNAL does not read: its name, the volume and pages."""
    loose = _LOOSE.match(text)
    if loose is None or _REPORT.search(loose.group("container")):
        return False
    rest = loose.group("rest")
    volume = re.search(r"\b(\d+|[IVXLC]{2,})\b", rest)
    # "12(3): 4-5", "12, pp. 4-5", "pages 4-5", and "50 363-396" (volume, then pages)
    pages = re.search(
        rf"(?:pp?\.\s*|pages\s+|[:,]\s*|\)\s*|(?<=\d)\s+(?=\d+\s*[-–—]\s*\d))({PAGES})", rest
    )
    if not (volume and pages) and not (sure and re.search(r"\d", rest)):
        return False
    item["type"] = "article-journal"
    item["container-title"] = clean_container(loose.group("container"))
    if volume:
        item["volume"] = volume.group(1)
    issue = re.search(r"\((\w{1,10})\)|\b[Nn]o\.?\s*(\d+)", rest)
    if issue:
        item["issue"] = issue.group(1) or issue.group(2)
    if pages:
        item["page"] = _page(pages.group(1))
    return True


def clean_container(container: str, *, places: bool = False) -> str:
    """A journal's or book's name without what trails it: ``[Internet]``, a month, a place,
    a volume or edition (``, Vol. 2``, ``, 3 ed``)."""
    container = _MARKS.sub("", container).strip(" ,.")
    while True:
        cut = re.sub(
            rf"(?:,\s*|\s+)(?:(?:{MONTHS})\.?(?:[-/](?:{MONTHS})\.?)?(?:\s+\d{{1,4}})?"
            r"|[Vv]ol\.?\s*\d+|\d+(?:st|nd|rd|th)?\.?\s*(?:ed|edn|Aufl)\.?"
            r"|[Vv]ol|[Nn]o|Nr|Bd|Band|Heft|H|v|vom"  # "Der Spiegel Nr. 39 v. 25.9.1995"
            r"|(?:[Nn]o|Nr|H|Heft|Jg)\.?\s*\d+)\.?$",
            "",
            container,
        ).strip(" ,.")
        parts = cut.rsplit(", ", 1)
        if places and len(parts) == 2 and is_place(parts[1]) and " " not in parts[1]:
            cut = parts[0]
        placed = re.fullmatch(rf"(.+?)\s+{YEAR_PATTERN}", parts[-1]) if len(parts) == 2 else None
        if places and placed and is_place(placed.group(1)):
            cut = parts[0]  # "Städte im Wandel, Bonn 2004"
        if cut == container or not cut:
            return container
        container = cut


def _journal(journal: re.Match, item: dict) -> None:
    container = clean_container(journal.group("container"))
    if _NO_NAME.fullmatch(container):  # "Title, Vol. 15, Publisher": a book's volume
        item["type"] = "book"
        if journal.group("rest"):
            _publisher(journal.group("rest"), item)
    else:
        item["type"] = "article-journal"
        item["container-title"] = container
    if journal.group("volume"):
        item["volume"] = journal.group("volume")
    issue = next(
        (journal.group(g) for g in ("issue", "issue2", "issue3", "issue4") if journal.group(g)),
        None,
    )
    if issue:
        item["issue"] = issue
    if journal.group("page"):
        item["page"] = _page(journal.group("page"))


def _parse_in(text: str, item: dict) -> None:
    """What follows ``In``: a journal (``In: Journal 22 (4): 5-30``) or an edited book:
    ``Raco, M. and Savini, F. (eds) Book. Place: Publisher, pp. 1–2`` (Harvard),
    ``M. Raco & F. Savini (Eds.), Book (pp. 1–2). Publisher`` (APA),
    ``Book, edited by Mike Raco and Federico Savini, 1–2. Place: Publisher`` (Chicago)."""
    same = _SAME_NAMES.match(text)
    edited = bool(same)
    if same:  # "In: Dies.: Book", "In ders. (Hrsg.): Book": the chapter's authors edited it
        text = text[same.end() :]
        if item.get("author"):
            item["editor"] = [dict(n) for n in item["author"]]
    marked = None if same else _MARKED.match(text)
    names, _, rest = take_names(text) if not marked and not same else ([], False, text)
    head = text[: len(text) - len(rest)].rstrip()
    if names and head.endswith(":") and re.search("[,;/]", head):
        # "In: Knights, David; Tinker, Tony: Book": names, then a colon, no mark (not
        # "In: Social Research: An International Quarterly")
        item["editor"], text, edited = names, rest, True
    chicago = _CHICAGO.match(text)
    if chicago:  # "Book, ed. M. Taylor. Place": names after a bare "ed."
        who = chicago.group("rest")
        who = re.split(r",\s+(?=\d|pp)", who[: title_end(who)])[0]
        chicago = chicago if looks_like_names(who) else None
    if chicago is not None:  # the names follow the mark: "Book, ed. H. Péres and C. Roux"
        marked = None
    journal = None if edited else JOURNAL.match(text)
    if journal and not marked and not chicago and not _REPORT.search(journal.group("container")):
        _journal(journal, item)
        return
    if not marked and not chicago and not edited and _loose_journal(text, item, sure=False):
        return
    item["type"] = "chapter"
    if chicago:
        item["container-title"] = chicago.group("book").strip()
        rest = chicago.group("rest")
        before = re.search(rf",\s+(?=\d|pp)|\.\s+(?=[{CAP}][\w ]*:)", rest)
        end = before.start() if before else title_end(rest)
        item["editor"] = parse_names(rest[:end], natural=True)
        _pages_and_publisher(rest[end:].lstrip(" ,."), item)
        return
    if marked:
        eds = marked.group("eds")
        natural = not re.match(r"[^\s,]+,", eds)
        item["editor"] = parse_names(eds, natural=natural)
        text = marked.group("rest")
    pages = _PAGES_ANYWHERE.search(text)
    if pages:
        item["page"] = _page(pages.group("page") or pages.group("bare"))
        text = (text[: pages.start()] + text[pages.end() :]).strip(" ,.:")
    book, rest, _ = split_title(text)
    if book:
        item["container-title"] = re.sub(r",\s*[Vv]ol\.?\s*\d+$", "", book)
    _publisher(rest, item)


def _pages_and_publisher(text: str, item: dict) -> None:
    page = re.match(rf"(?:pp?\.\s*)?({PAGES})\.?\s*", text)
    if page:
        item["page"] = _page(page.group(1))
        text = text[page.end() :]
    _publisher(text, item)


def _publisher(text: str, item: dict) -> None:
    """``Place: Publisher`` or ``Publisher`` (APA 7), trailing pages already removed."""
    text = re.sub(r"[,.]\s*$", "", text.strip())
    pages = _PAGES_ANYWHERE.search(text)
    if pages and "page" not in item:
        item["page"] = _page(pages.group("page") or pages.group("bare"))
    text = _PAGES_ANYWHERE.sub("", text).strip(" ,.:–-")
    if not text:
        return
    place, colon, publisher = text.partition(": ")
    if colon and not re.search(r"\d", place) and len(place) <= 60:
        item["publisher-place"] = place.strip(" .")
        item["publisher"] = publisher.strip(" .,")
    else:
        item["publisher"] = text


def _page(pages: str) -> str:
    return re.sub(r"\s*[-–—‒]+\s*", "-", pages.strip())
