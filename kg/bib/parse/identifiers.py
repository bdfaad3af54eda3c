"""What a reference carries besides its fields: a list marker, DOIs, URLs, ISBNs, access
dates (``Accessed: 12 May 2020``, ``[cited 2012 Sept 3]``, ``[Zugriff am 3.5.2017]``),
``[online]`` marks, and a page number the PDF's text left stuck to the end."""

from __future__ import annotations

import re
import unicodedata

from kg.bib.parse.lexicon import LABEL

__all__ = ["clean", "take_identifiers"]

_AVAILABLE = (
    r"(?:\[?(?:Available\s+(?:at|from|online)|Retrieved\s+from|Online|URL|Disponível\s+em"
    r"|Abrufbar\s+unter|Verfügbar\s+unter|unter|from)\s*:?\s*)?<?"
)
_DOI = re.compile(
    _AVAILABLE + r"(?:(?:https?://(?:dx\.)?doi\.org/|\bdoi:\s*|\bDOI:?\s*)(?P<doi>10\.\d{4,9}/\S+)"
    r"|(?P<bare>\b10\.\d{4,9}/\S+))",
    re.I,
)
_URL = re.compile(
    _AVAILABLE
    + r"(?P<url>(?:https?://\s?|www\.)[^\s>]+(?:\s(?=[^\s]*[/?=])[^\s>]+|(?<=/)\s[^\s>]+)?)>?",
    re.I,
)
_ACCESSED = re.compile(
    r"\[(?:Internet|online|Online|En\s+ligne)\]\.?"
    r"|[(\[]?\s*\b(?:(?:last\s+)?(?:Accessed|Viewed|Retrieved|Consulted|cited|citado|Zugriff|Acesso"
    r"|abgerufen|Stand(?=:)|Daten-Download|Date\s+of\s+access|date(?=:))\b(?:\s+(?:on|am|em|at))?\s*:?[^)\]]{0,40}?"
    r"(?:\d{4}|\d{1,2}\.\d{1,2}\.\d{2,4})\.?\s*[)\]]?)\.?",
    re.I,
)
_ISBN = re.compile(r"\bISBN(?:-1[03])?:?\s*(?P<isbn>[\dX][\d\- X]{8,16}[\dX])", re.I)
_MARKER = re.compile(rf"^(?:\[(?:\d+|{LABEL})\]\s*|\d{{1,3}}[.)](?!\d)\s*|[-*•–]\s+)")


_ELIDED_AUTHORS = re.compile(r"(?<=\.),\s*(?:\.\.\.|…)\s+(?=[A-ZÀ-Þ][\w'’-]+,\s+[A-ZÀ-Þ]\.)")


def clean(raw: str) -> str:
    """One line, ligatures and compatibility characters folded, list marker and Markdown
    emphasis removed."""
    text = unicodedata.normalize("NFKC", raw).replace("\u00ad", "")
    text = _MARKER.sub("", " ".join(text.split()))
    text = re.sub(r"\s+//\s+", ". In: ", text)  # GOST: "Title // Journal. 2007. № 3."
    if "..." in text or "…" in text:  # APA 7: the first 19 authors, "...", the last
        text = _ELIDED_AUTHORS.sub(", ", text)
    if "``" in text:  # BibTeX's and LaTeX's quotes: ``Title,''
        text = text.replace("``", "“").replace("''", "”")
    return re.sub(r"(?<![\w*])\*{1,2}(?=\S)|(?<=\S)\*{1,2}(?![\w*])", "", text)


#: what each pattern needs to match, lower-cased (:func:`_lowered`), so that a reference
#: without any (most of them) is not searched character by character
_DOI_NEEDS = "10."
_URL_NEEDS = ("http", "www.")
_ACCESSED_NEEDS = (
    "internet", "online", "ligne", "accessed", "viewed", "retrieved", "consulted", "cited",
    "citado", "zugriff", "acesso", "abgerufen", "stand", "date",
)  # fmt: skip
#: letters a case-insensitive pattern matches beside ASCII ones that ``str.lower`` does
#: not make ASCII (dotless i, capital I with dot, long s)
_FOLDS = re.compile("[\u0131\u0130\u017f]")
_STUCK_PAGE = re.compile(r"(?<=[.)])\s+\d{1,3}$")
_AVAILABLE_WORDS = ("Available", "Disponível em", "Abrufbar unter", "URL")
_AVAILABLE_END = re.compile(r"[,.]?\s*(?:Available|Disponível em|Abrufbar unter|URL)\s*:?\s*$")
_SPACE_BEFORE = re.compile(r"\s+([.,;])")
_SPACE = re.compile(r"\s")


def _mentions(text: str, needs: tuple[str, ...]) -> bool:
    """Whether ``text`` may hold a match of a case-insensitive pattern that needs one of
    ``needs`` (lower-case ASCII)."""
    if _FOLDS.search(text):
        return True
    lowered = text.lower()
    return any(word in lowered for word in needs)


def take_identifiers(text: str, item: dict) -> str:
    """Remove DOI, URL, ISBN and access dates from ``text``, keeping them in ``item``."""
    doi = _DOI.search(text) if _DOI_NEEDS in text else None
    if doi:
        item["DOI"] = (doi.group("doi") or doi.group("bare")).rstrip(".,;)]>")
        text = text[: doi.start()] + text[doi.end() :]
    url = _URL.search(text) if _mentions(text, _URL_NEEDS) else None
    if url:
        item["URL"] = _SPACE.sub("", url.group("url")).rstrip(".,;)]")
        text = text[: url.start()] + text[url.end() :]
        text = _URL.sub("", text)  # a second address: a mirror, a longer version
    isbn = _ISBN.search(text) if _mentions(text, ("isbn",)) else None
    if isbn:
        item["ISBN"] = isbn.group("isbn").strip()
        text = text[: isbn.start()] + text[isbn.end() :]
    if _mentions(text, _ACCESSED_NEEDS):
        text = _ACCESSED.sub("", text)
    text = text.strip()
    if text[-1:].isdecimal():  # what \d is
        text = _STUCK_PAGE.sub("", text)  # a page number stuck on
    if any(word in text for word in _AVAILABLE_WORDS):
        text = _AVAILABLE_END.sub("", text)
    text = " ".join(text.split())
    if " ." in text or " ," in text or " ;" in text:  # the only space left is " "
        text = _SPACE_BEFORE.sub(r"\1", text)
    return text.strip()
