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

__all__ = ["parse_names", "parse_reference"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CAP = "A-ZÀ-ÖØ-ÞĀ-Ž"
_LOW = "a-zß-öø-ÿā-ž"
_PARTICLES = _words(
    "da das de del della der des di do dos du la las le les lo van von den ter ten"
    " vom zu zur y af av d' l'"
)
# Capitalised prefixes that belong to the surname in natural order ("Darach Mac Donncha").
_PREFIXES = _words("Mac Mc Ó Ní Nic Ua Uí St St. De Del Della Di Da Van Von Le La Du")
_LOWER_INITIALS = re.compile(r"[a-z](?:\.\s?[a-z])*\.?")
_SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"})
_CORPORATE = re.compile(
    r"\b(?:Agency|Association|Authority|Bank|Board|Bureau|Centre|Center|Commission|Committee"
    r"|Company|Corporation|Council|Department|Foundation|Forum|Government|Group|Inc|Institute"
    r"|Ltd|Ministry|Nations|Office|Organi[sz]ation|Partnership|Programme|Program|Service|Society"
    r"|Survey|Trust|Union|University)\b"
)
_FUNCTION_WORDS = re.compile(r"\s(?:of|for|the|on|in|at)\s")

YEAR_PATTERN = r"(?:1[5-9]\d\d|20[0-4]\d)"  # a publication year in running text
_YEAR = re.compile(
    rf"""\(\s*(?:\[(?P<orig>{YEAR_PATTERN})\]\s*)?(?P<py>{YEAR_PATTERN})(?P<ps>[a-z])?(?:\s*[,/;][^)]{{0,40}})?\s*\)
      | \(\s*(?P<pnd>(?i:n\.\s?d\.?|no\ date|undated|forthcoming|in\ press))
            (?:\s*-?\s*(?P<pnds>[a-z]))?\s*\)
      | (?<![\w/.\-–])(?P<by>{YEAR_PATTERN})(?P<bs>[a-z])?(?=[.,:;]?(?:\s|$))
      | (?<!\w)(?P<bnd>(?i:n\.\s?d\.))(?:-?(?P<bnds>[a-z])(?!\w))?
    """,
    re.X,
)
_AVAILABLE = r"(?:\[?(?:Available\s+(?:at|from|online)|Retrieved\s+from|Online)\s*:?\s*)?<?"
_DOI = re.compile(
    _AVAILABLE + r"(?:(?:https?://(?:dx\.)?doi\.org/|\bdoi:\s*|\bDOI:?\s*)(?P<doi>10\.\d{4,9}/\S+)"
    r"|(?P<bare>\b10\.\d{4,9}/\S+))",
    re.I,
)
_URL = re.compile(_AVAILABLE + r"(?P<url>https?://[^\s>]+)>?", re.I)
_ACCESSED = re.compile(
    r"[(\[]?\s*(?:Accessed|Viewed|Retrieved|Consulted)(?:\s+on)?\s*:?[^)\]]{0,40}?\d{4}\s*[)\]]?\.?",
    re.I,
)
_ISBN = re.compile(r"\bISBN(?:-1[03])?:?\s*(?P<isbn>[\dX][\d\- X]{8,16}[\dX])", re.I)
_EDITORS_MARK = re.compile(
    r"(?:\s*\((?:eds?|Eds?|editors?|Hrsg)\.?\)|,\s*(?:eds\.?|ed\.|editors?))\.?\s*$"
)
_ET_AL = re.compile(r",?\s*(?:et\s+al\.?|and\s+others|…|\.\.\.)\s*$")
_QUOTES = {"'": "'’", "‘": "’'", '"': '"”', "“": '”"', "«": "»"}
_ABBREVIATIONS = _words(
    "vs St Dr Mr Mrs Ms No Vol vol ed eds Ed Eds edn rev Rev al Inc Ltd Co Jr Sr pp p"
    " trans Trans Univ Dept Pt pt e.g i.e cf etc"
)
_PAGES = r"[A-Za-z]?\d+(?:\s*[-–—]+\s*[A-Za-z]?\d+)?"
_JOURNAL = re.compile(
    rf"""^(?P<container>[^()\d][^()]*?)[,.]?\s+
        (?:(?:[Vv]ol(?:ume)?\.?\s*)?(?P<volume>\d+[A-Z]?)
        (?:\s*\((?P<issue>[^)]{{1,20}})\)|\s*,?\s*(?:[Nn]o\.|[Ii]ssue)\s*(?P<issue2>[\w/-]+))?
        |\((?P<issue3>\d[^)]{{0,19}})\))
        (?:\s*[,:]\s*(?:pp?\.\s*|[Aa]rticle\s+(?:[Nn]o\.\s*)?)?(?P<page>{_PAGES}))?
        \s*(?:[.,;]\s*(?P<rest>.*))?$""",
    re.X,
)
_PAGES_ANYWHERE = re.compile(rf"\(?\bpp?\.\s*(?P<page>{_PAGES})\)?")
_REPORT = re.compile(
    r"\b(?:working\s+paper|discussion\s+paper|report|technical\s+paper|policy\s+brief|white\s+paper)\b",
    re.I,
)
_SERIAL = re.compile(
    r"^[^:]*\b(?:Journal|Review|Quarterly|Studies|Bulletin|Annals|Transactions|Proceedings"
    r"|Encyclopa?edia|Magazine|Letters)\b[^:]*$"
)
_PRESS = re.compile(r"\b(?:Press|Publish\w*|Books|Verlag|Editions?|Éditions)\b")
_THESIS = re.compile(r"\b(?:thesis|dissertation|PhD|Ph\.D\.)\b")
_TRANSLATED = re.compile(r"^(?:Translated|Trans\.|Transl\.)\s+(?:by\s+)?")
_EDITION = re.compile(
    r"^(?P<edition>\d+(?:st|nd|rd|th)|[Rr]evised|[Ss]econd|[Tt]hird)\s+(?:edn|ed|edition)\b\.?\s*"
)
_PARENTHETICAL_TAIL = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")


def parse_reference(line: str) -> dict:
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
    """
    raw = " ".join(line.split())
    item: dict = {"type": "document", "raw": raw}
    text = _strip_list_marker(raw)
    text = _take_identifiers(text, item)
    text = re.sub(r"(?<![\w*])\*{1,2}(?=\S)|(?<=\S)\*{1,2}(?![\w*])", "", text)  # Markdown
    found = next((m for m in _YEAR.finditer(text) if text[: m.start()].strip(" .,;:")), None)
    if found is None:  # no names and year: not an author-date reference; keep the text
        if text.strip(" ."):
            item["title"] = text.strip(" .")
        return item
    _set_year(found, item)
    reprint = re.match(rf"\s*({YEAR_PATTERN})([a-z]?)[.,]?\s", text[found.end() :])
    if reprint and "issued" in item:  # Chicago "Krivý, M. (2016) 2018." = first, then print
        item["original-date"] = item["issued"]
        item["issued"] = {"date-parts": [[int(reprint.group(1))]]}
        found_end = found.end() + reprint.end()
    else:
        found_end = found.end()
    names_text = text[: found.start()].strip(" ,;:")
    editors_only = bool(_EDITORS_MARK.search(names_text))
    names_text = _EDITORS_MARK.sub("", names_text)
    names = parse_names(names_text)
    if names:
        item["editor" if editors_only else "author"] = names
    title, after, quoted = _take_title(text[found_end:])
    if title:
        item["title"] = title
    _parse_tail(after, item, quoted=quoted)
    return item


def _strip_list_marker(text: str) -> str:
    return re.sub(r"^(?:\[\d+\]|\d{1,3}[.)](?!\d)|[-*•–])\s+", "", text)


def _take_identifiers(text: str, item: dict) -> str:
    """Remove DOI, URL, ISBN and access dates from ``text``, keeping them in ``item``."""
    doi = _DOI.search(text)
    if doi:
        item["DOI"] = (doi.group("doi") or doi.group("bare")).rstrip(".,;)]>")
        text = text[: doi.start()] + text[doi.end() :]
    url = _URL.search(text)
    if url:
        item["URL"] = url.group("url").rstrip(".,;)]")
        text = text[: url.start()] + text[url.end() :]
    isbn = _ISBN.search(text)
    if isbn:
        item["ISBN"] = isbn.group("isbn").strip()
        text = text[: isbn.start()] + text[isbn.end() :]
    text = _ACCESSED.sub("", text)
    return re.sub(r"\s+([.,;])", r"\1", " ".join(text.split())).strip()


def _set_year(found: re.Match, item: dict) -> None:
    year = found.group("py") or found.group("by")
    suffix = found.group("ps") or found.group("bs") or found.group("pnds") or found.group("bnds")
    if year:
        item["issued"] = {"date-parts": [[int(year)]]}
        if found.group("orig"):  # Lefebvre ([1974] 1991)
            item["original-date"] = {"date-parts": [[int(found.group("orig"))]]}
    else:
        status = (found.group("pnd") or "").lower()
        if status in {"forthcoming", "in press"}:
            item["status"] = status
    if suffix:
        item["year-suffix"] = suffix


# --- names -----------------------------------------------------------------------------


def parse_names(text: str, *, natural: bool = False) -> list[dict]:
    """CSL names from a list as references write it.

    Inverted (``Kitchin, R., Coletta, C. and Mac Donncha, D.``), Chicago (``Kitchin,
    Rob, and Claudio Coletta``), natural (``M. Raco & F. Savini``), compact
    (``Kitchin R, Dodge M``), capitals, particles and corporate authors:

    >>> [n.get("family") or n["literal"] for n in parse_names("SMITH, J. & van Dijk, J.")]
    ['Smith', 'van Dijk']
    >>> parse_names("Certeau, Michel de")
    [{'family': 'de Certeau', 'given': 'Michel'}]
    >>> parse_names("Department of Communications, Climate Action and Environment")
    [{'literal': 'Department of Communications, Climate Action and Environment'}]
    >>> [n["family"] for n in parse_names("Mike Raco and Federico Savini", natural=True)]
    ['Raco', 'Savini']
    """
    text = _ET_AL.sub("", " ".join(text.split())).strip(" ,;:")
    if re.fullmatch(r"[-–—_.\s]*", text):  # "———." stands for the previous entry's names
        return []
    if text.endswith(".") and not re.search(rf"(?:^|[\s.\-])[{_CAP}][a-z]?\.$", text):
        text = text[:-1]
    if not text:
        return []
    if _is_corporate(text):
        return [{"literal": text}]
    chunks = re.split(r"\s*;\s*|\s*,?\s*&\s*|\s*,?\s+and\s+", text)
    parts = [
        (n, p.strip()) for n, chunk in enumerate(chunks) for p in chunk.split(",") if p.strip()
    ]
    names: list[dict] = []
    i = 0
    while i < len(parts):
        chunk, part = parts[i]
        after = parts[i + 1][1] if i + 1 < len(parts) and parts[i + 1][0] == chunk else None
        compact = _COMPACT.match(part)
        if part in _SUFFIXES and names:
            names[-1]["suffix"] = part
        elif compact and not natural:
            names.append(_person(compact.group("family"), compact.group("given")))
        elif after is not None and not natural and _is_surname(part) and _is_given(after):
            names.append(_inverted(part, after))
            i += 1
        elif after and re.fullmatch(r"[a-z][\w'’-]+", part) and _LOWER_INITIALS.fullmatch(after):
            names.append({"family": part, "given": after})  # boyd, d.; hooks, b.
            i += 1
        elif (names or natural or _is_initial(part.split()[0])) and _is_natural(part):
            names.append(_natural(part))
        elif len(part.split()) == 1 and not part.isupper():
            names.append({"family": part})
        else:
            names.append({"literal": part})
        i += 1
    return names


_COMPACT = re.compile(
    rf"^(?P<family>(?:(?:{'|'.join(sorted(_PARTICLES))})\s+)*[{_CAP}][\w'’-]*"
    rf"(?:\s+[{_CAP}][\w'’-]*[{_LOW}][\w'’-]*)*)\s+(?P<given>[{_CAP}]{{1,3}})$"
)


def _is_corporate(text: str) -> bool:
    """No initials, and an organisation's word ("Bank", "Department") or, without
    commas, a function word ("Mayor of London")."""
    if any(_is_initial(t) for t in re.split(r"[\s,]+", text) if t):
        return False
    return bool(_CORPORATE.search(text)) or (
        "," not in text and bool(_FUNCTION_WORDS.search(f" {text} "))
    )


def _is_initial(token: str) -> bool:
    return bool(
        re.fullmatch(rf"[{_CAP}](?:[a-z]?\.|\.?-[{_CAP}]\.?)|(?:[{_CAP}]\.){{2,3}}|[{_CAP}]", token)
    )


def _is_word(token: str) -> bool:
    """A capitalised name word: ``Kitchin``, ``O'Neil``, ``Jenkins-Smith``, ``SMITH``."""
    return bool(re.fullmatch(rf"[{_CAP}][\w'’-]*", token)) and not _is_initial(token)


def _is_surname(part: str) -> bool:
    tokens = part.split()
    return 0 < len(tokens) <= 4 and all(
        t in _PARTICLES or t in _PREFIXES or _is_word(t) for t in tokens
    )


def _is_given(part: str) -> bool:
    tokens = part.split()
    while tokens and tokens[-1] in _PARTICLES:
        tokens.pop()
    if not tokens or len(tokens) > 3:
        return False
    if all(_is_initial(t) for t in tokens):
        return True
    if len(tokens) == 1:
        return bool(re.fullmatch(rf"[{_CAP}][{_LOW}'’]+(?:-[{_CAP}][{_LOW}]+)?\.?", tokens[0]))
    return _is_word(tokens[0]) and all(_is_initial(t) for t in tokens[1:])


def _is_natural(part: str) -> bool:
    tokens = [t for t in part.split() if t not in _SUFFIXES]
    return len(tokens) >= 2 and _is_word(tokens[-1]) and not _CORPORATE.search(part)


def _titlecase(name: str) -> str:
    """``SMITH`` → ``Smith``, ``DE CERTEAU`` → ``de Certeau``; mixed case is kept."""
    if not name.isupper() or len(name) < 2:
        return name
    words = []
    for word in name.split():
        if word.lower() in _PARTICLES:
            words.append(word.lower())
        else:
            words.append(re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), word))
    return " ".join(words)


def _person(family: str, given: str | None) -> dict:
    name = {"family": _titlecase(family.strip())}
    if given:
        name["given"] = given.strip()
    return name


def _inverted(family: str, given: str) -> dict:
    """``Certeau``, ``Michel de`` → family ``de Certeau``: a trailing particle moves."""
    tokens = given.split()
    moved: list[str] = []
    while tokens and tokens[-1] in _PARTICLES:
        moved.insert(0, tokens.pop())
    given = " ".join(tokens)
    if given.endswith(".") and not _is_initial(tokens[-1]):
        given = given[:-1]
    return _person(" ".join([*moved, family]), given)


def _natural(part: str) -> dict:
    """``Darach Mac Donncha``, ``Jan van Dijk``, ``Tomás Sánchez Criado``, ``M. Raco``."""
    tokens = part.split()
    suffix = tokens.pop() if tokens[-1] in _SUFFIXES else None
    initials = next((i for i, t in enumerate(tokens) if not _is_initial(t)), len(tokens))
    if 0 < initials < len(tokens):  # "T. Sánchez Criado", "A. von Schnitzler"
        name = _person(" ".join(tokens[initials:]), " ".join(tokens[:initials]))
        return {**name, "suffix": suffix} if suffix else name
    start = len(tokens) - 1
    while start > 1 and (tokens[start - 1] in _PARTICLES or tokens[start - 1] in _PREFIXES):
        start -= 1
    if (
        start == len(tokens) - 1
        and len(tokens) >= 3
        and not any(_is_initial(t) for t in tokens)
        and re.search(r"[aeiou]z$", tokens[-2])
    ):
        start -= 1  # an Iberian double surname: "Sánchez Criado", "García Márquez" is missed
    name = _person(" ".join(tokens[start:]), " ".join(tokens[:start]))
    if suffix:
        name["suffix"] = suffix
    return name


# --- title and what follows it ----------------------------------------------------------


def _take_title(text: str) -> tuple[str | None, str, bool]:
    """The title at the start of ``text`` (quoted, or up to a sentence break), the
    rest, and whether the title was quoted (the mark of an article or a chapter)."""
    text = text.lstrip(" .,:;)")
    if not text:
        return None, "", False
    if text[0] in _QUOTES:
        close = _closing_quote(text)
        if close:
            title = text[1:close].strip().rstrip(".,")
            return title or None, text[close + 1 :].lstrip(" .,;:"), True
    end = _title_end(text)
    if end == len(text):  # no full stop: "Title, Journal 32(1): 30-48"
        end = next(
            (
                m.start()
                for m in reversed(list(re.finditer(r",\s", text)))
                if _JOURNAL.match(text[m.end() :])
            ),
            end,
        )
    title = text[:end].strip().rstrip(".")
    while _PARENTHETICAL_TAIL.search(title) and not title.startswith(("(", "[")):
        title = _PARENTHETICAL_TAIL.sub("", title)
    return title.rstrip(".,;: ") or None, text[end:].lstrip(" .,;:"), False


def _closing_quote(text: str) -> int | None:
    """The index of the quote closing the one ``text`` opens: followed by punctuation
    (Harvard ``', Journal``) or preceded by it (Chicago ``." Journal``); not an
    apostrophe (``citizens' rights``)."""
    closers = _QUOTES[text[0]]
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


def _title_end(text: str) -> int:
    """Where an unquoted title ends: the first sentence break outside parentheses."""
    depth = 0
    for i, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and re.match(r",\s+[Ii]n:\s", text[i:]):
            return i
        elif depth == 0 and char in ".?!" and (i + 1 == len(text) or text[i + 1] == " "):
            rest = text[i + 1 :].strip()
            if char == ".":
                word = re.search(r"([\w.]+)$", text[:i])
                token = word.group(1) if word else ""
                if _is_initial(token + ".") or token in _ABBREVIATIONS:
                    continue
                if rest[:1].islower():
                    continue
                return i + 1
            if rest and _looks_like_tail(rest):
                return i + 1
    return len(text)


def _looks_like_tail(text: str) -> bool:
    """After a ``?`` or ``!``: does the rest read as a container, not a subtitle?"""
    if re.match(r"[Ii]n\s", text):
        return True
    journal = _JOURNAL.match(text)
    if journal is None:
        return False
    container = journal.group("container")
    return _title_end(container) == len(container)


def _parse_tail(text: str, item: dict, *, quoted: bool) -> None:
    """Container, volume, issue, pages, publisher and place, and the item's type."""
    text = text.strip(" .,;")
    translated = _TRANSLATED.match(text)
    if translated:
        text = text[translated.end() :]
        end = _title_end(text)
        item["translator"] = parse_names(text[:end], natural=True)
        text = text[end:].strip()
    edition = _EDITION.match(text)
    if edition:
        item["edition"] = edition.group("edition")
        text = text[edition.end() :]
    if re.match(r"[Ii]n[:\s]", text):
        _parse_chapter(text[3:].strip(), item)
        return
    text = re.sub(r"\s*\(Original work published \d{4}\)\.?", "", text)
    journal = _JOURNAL.match(text)
    if journal and not _REPORT.search(journal.group("container")):
        item["type"] = "article-journal"
        item["container-title"] = journal.group("container").strip(" ,.")
        if journal.group("volume"):
            item["volume"] = journal.group("volume")
        issue = journal.group("issue") or journal.group("issue2") or journal.group("issue3")
        if issue:
            item["issue"] = issue
        if journal.group("page"):
            item["page"] = _page(journal.group("page"))
        return
    if journal:  # "Programmable City Working Paper 25"
        item["type"] = "report"
        item["collection-title"] = journal.group("container").strip(" ,.")
        item["number"] = journal.group("volume") or journal.group("issue3")
        text = journal.group("rest") or ""
    elif quoted or _SERIAL.search(text.partition(". ")[0]):
        # a quoted title is a part of something: the next phrase is its container
        item["type"] = "article-journal"
        container = re.split(r",\s|\.\s", text, maxsplit=1)[0]
        item["container-title"] = _PARENTHETICAL_TAIL.sub("", container).strip(" ,.")
        return
    elif _THESIS.search(text):
        item["type"] = "thesis"
    elif _REPORT.search(text):
        item["type"] = "report"
    elif text or not item.get("URL"):
        item["type"] = "book"
    else:
        item["type"] = "webpage"
    _publisher(text, item)
    publisher = item.get("publisher", "")
    if item["type"] == "book" and _CORPORATE.search(publisher) and not _PRESS.search(publisher):
        item["type"] = "report"  # published by an organisation, not a press


def _parse_chapter(text: str, item: dict) -> None:
    """``Raco, M. and Savini, F. (eds) Book. Place: Publisher, pp. 1–2`` (Harvard),
    ``M. Raco & F. Savini (Eds.), Book (pp. 1–2). Publisher`` (APA),
    ``Book, edited by Mike Raco and Federico Savini, 1–2. Place: Publisher`` (Chicago)."""
    item["type"] = "chapter"
    pages = _PAGES_ANYWHERE.search(text)
    if pages:
        item["page"] = _page(pages.group("page"))
        text = (text[: pages.start()] + text[pages.end() :]).strip()
    chicago = re.match(r"(?P<book>.+?),\s+edited\s+by\s+(?P<rest>.+)$", text)
    marked = re.match(
        r"(?P<eds>.+?)\s*(?:\((?:eds?|Eds?)\.?\)|,?\s+(?:eds?|Eds?)\.)\s*[,:]?\s*(?P<rest>.+)$",
        text,
    )
    if chicago:
        item["container-title"] = chicago.group("book").strip()
        rest = chicago.group("rest")
        before_pages = re.search(r",\s+(?=\d)", rest)
        end = before_pages.start() if before_pages else _title_end(rest)
        item["editor"] = parse_names(rest[:end], natural=True)
        rest = rest[end:].lstrip(" ,")
        page = re.match(rf"({_PAGES})\.?\s*", rest)
        if page:
            item["page"] = _page(page.group(1))
            rest = rest[page.end() :]
        _publisher(rest, item)
        return
    if marked:
        item["editor"] = parse_names(marked.group("eds"))
        text = marked.group("rest")
    book, rest, _ = _take_title(text)
    if book:
        item["container-title"] = book
    _publisher(rest, item)


def _publisher(text: str, item: dict) -> None:
    """``Place: Publisher`` or ``Publisher`` (APA 7), trailing pages already removed."""
    text = re.sub(r"[,.]\s*$", "", text.strip())
    text = _PAGES_ANYWHERE.sub("", text).strip(" ,.")
    if not text:
        return
    place, colon, publisher = text.partition(": ")
    if colon and not re.search(r"\d", place) and len(place) <= 60:
        item["publisher-place"] = place.strip()
        item["publisher"] = publisher.strip(" .,")
    else:
        item["publisher"] = text


def _page(pages: str) -> str:
    return re.sub(r"\s*[-–—]+\s*", "-", pages.strip())
