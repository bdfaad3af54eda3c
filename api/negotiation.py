"""Content negotiation: an ``Accept`` header (or ``format=``) and a table of formats -> one.

Each route says what it can send as a tuple of ``kg.store.formats.Format`` s, first the
default; ``negotiate`` is the one function that chooses (``api.deps.negotiated`` is it as a
dependency of a route). The tables below, with those of the maps, are the whole of what the
API offers.

>>> negotiate("text/csv;q=0.5, application/sparql-results+json", RESULTS).name
'json'
>>> negotiate("*/*", GRAPHS).media_type
'text/turtle'
>>> negotiate("image/png", RESULTS)
Traceback (most recent call last):
...
api.errors.NotAcceptableError: nothing offered here matches Accept: image/png (offered: ...)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from api.errors import NotAcceptableError
from kg.store.formats import RESULTS_FORMATS, Format, rdf_format

__all__ = [
    "CATALOGUE",
    "ERROR_BODIES",
    "GRAPHS",
    "HTML",
    "JSON",
    "PAGES",
    "RESULTS",
    "VARY",
    "NotAcceptableError",
    "negotiate",
    "parse_accept",
]

F = TypeVar("F", bound=Format[Any])


#: The header of every negotiated response: caches must key on Accept.
VARY = {"Vary": "Accept"}

# -- the table ------------------------------------------------------------------------------

#: SELECT and ASK results; JSON by default.
RESULTS: tuple[Format[Any], ...] = RESULTS_FORMATS

#: CONSTRUCT and DESCRIBE graphs, and other RDF documents; Turtle by default.
GRAPHS: tuple[Format[Any], ...] = tuple(
    rdf_format(name) for name in ("ttl", "nt", "jsonld", "rdfxml", "nq", "trig", "n3")
)

#: A page for people, and the same facts as JSON (the API's own; nothing to write them with).
HTML: Format[None] = Format("html", "text/html", None, (), ("html",), ("application/xhtml+xml",))
JSON: Format[None] = Format("json", "application/json", None, (), ("json",))

#: Pages for people that also have a JSON form; HTML by default.
PAGES: tuple[Format[None], ...] = (HTML, JSON)

#: The catalogue (concepts, works, search): JSON by default, a page for a browser.
CATALOGUE: tuple[Format[None], ...] = (JSON, HTML)

#: The body of an error: JSON, or plain text for a client that asked for some kind of text.
ERROR_BODIES: tuple[Format[None], ...] = (
    Format(
        "json",
        "application/json",
        None,
        also=("application/sparql-results+json", "application/ld+json", "application/problem+json"),
    ),
    Format(
        "text",
        "text/plain",
        None,
        also=("text/csv", "text/tab-separated-values", "text/html", "text/turtle", "text/n3"),
    ),
)


# -- choosing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Range:
    type: str
    subtype: str
    q: float
    position: int

    def specificity(self, media_type: str) -> int:
        """-1 if this range does not cover ``media_type``, else 0 (*/*), 1 (type/*), 2 (exact)."""
        type_, _, subtype = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != type_:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == subtype else -1


def parse_accept(header: str | None) -> list[_Range]:
    """The media ranges of an Accept header; malformed ranges are skipped.

    >>> [(r.type, r.subtype, r.q) for r in parse_accept("text/*;q=0.3, TEXT/CSV")]
    [('text', '*', 0.3), ('text', 'csv', 1.0)]
    """
    ranges = []
    for position, item in enumerate((header or "").split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        type_, slash, subtype = media.lower().partition("/")
        if not (slash and type_ and subtype) or (type_ == "*" and subtype != "*"):
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = -1.0
        if 0.0 <= q <= 1.0:
            ranges.append(_Range(type_, subtype, q, position))
    return ranges


def negotiate(accept: str | None, offers: Sequence[F], *, formats: Sequence[str] = ()) -> F:
    """The format of ``offers`` to send: from ``formats`` (the values of ``format=``) if
    any, else from Accept.

    ``format=`` wins over Accept: it is there for links and browsers, which cannot choose
    their Accept header. Its values are names, aliases or media types; the first one offered
    wins (clients such as SPARQLWrapper send several). Without either, or with an Accept
    header with nothing parseable in it, the first offer is the default.

    Each offer takes the quality of the most specific range that covers it (``q=0`` refuses
    it); the best offer has the highest quality, then the most specific range, then the range
    the client listed first, then the place in ``offers``. Raises ``NotAcceptableError``
    (406), listing the media types offered, when nothing matches.
    """
    formats = tuple(f.strip().lower() for f in formats if f.strip()) if formats else ()
    if accept is not None and len(accept) > _MEMO_HEADER:
        return _choose.__wrapped__(accept, tuple(offers), formats)
    return _choose(accept, _table(offers), formats)


#: Accept headers longer than this are not remembered (the memo is for the common ones)
_MEMO_HEADER = 512


class _Offers(tuple[Any, ...]):
    """A table of offers that hashes and compares by identity: the memo's key then costs no
    call of ``Format.__hash__`` per offer (about 10 µs of each negotiation)."""

    __slots__ = ()
    __hash__ = object.__hash__

    def __eq__(self, other: object) -> bool:
        return self is other


#: The tables of offers negotiated over, by identity (they are module constants): each
#: with its ``_Offers``, and itself, so that its id is not reused while it is here
_TABLES: dict[int, tuple[Sequence[Any], _Offers]] = {}


def _table(offers: Sequence[F]) -> tuple[F, ...]:
    """``offers`` as the memo's key: the same ``_Offers`` for the same tuple each time."""
    known = _TABLES.get(id(offers))
    if known is not None and known[0] is offers:
        return known[1]
    if not isinstance(offers, tuple) or len(_TABLES) >= 256:
        return tuple(offers)  # remembered by its offers, as before
    table = _Offers(offers)
    _TABLES[id(offers)] = (offers, table)
    return table


@lru_cache(maxsize=1024)
def _choose(accept: str | None, offers: tuple[F, ...], formats: tuple[str, ...]) -> F:
    """``negotiate``, remembered: a client sends the same few Accept headers again and again
    (parsing and ranking one cost about 20 µs, half of a small query's answer)."""
    offered = [offer.media_type for offer in offers]
    if formats:
        for wanted in formats:
            for offer in offers:
                if wanted in offer.names or wanted in offer.media_types:
                    return offer
        asked = ", ".join(formats)
        raise NotAcceptableError(f"format={asked} is not offered here", offered=offered)
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    ranked = [
        ((*key, -index), offer)
        for index, offer in enumerate(offers)
        if (key := _preference(offer, ranges)) is not None
    ]
    if not ranked:
        raise NotAcceptableError(f"nothing offered here matches Accept: {accept}", offered=offered)
    return max(ranked, key=lambda pair: pair[0])[1]


def _preference(offer: Format[Any], ranges: list[_Range]) -> tuple[float, int, int] | None:
    """(quality, specificity, -position) of the range that decides for the offer, or None
    if no range covers it or the deciding range refuses it with ``q=0``.

    Wildcards cover an offer's own media type; the others in ``also`` count only when named
    exactly (``text/*`` asks for CSV, not for XML results sent as ``text/xml``).
    """
    keys = []
    for media_type in offer.media_types:
        least = 0 if media_type == offer.media_type else 2
        covering = [
            (spec, -r.position, r) for r in ranges if (spec := r.specificity(media_type)) >= least
        ]
        if covering:
            spec, _, deciding = max(covering, key=lambda c: c[:2])
            if deciding.q > 0:
                keys.append((deciding.q, spec, -deciding.position))
    return max(keys, default=None)
