"""Form fields and URL parameters read fast: ``parse_form``, what ``urllib.parse.parse_qs``
gives with ``keep_blank_values=True``, with the percent-escapes decoded in C.

A SPARQL query sent as a form is mostly escapes (``{``, ``?``, ``:``, line breaks): a
small SP2Bench query has 40-80 of them, and ``urllib.parse.unquote`` decodes them one by
one in Python, 57-81 µs a query on the benchmark's machine (busy; 2 CPUs), a tenth of the
main process's time for a small query. Here the escapes of an ASCII text are turned into
``\\xHH`` escapes (after doubling its backslashes) and decoded by ``codecs.escape_decode``,
one C call; anything else (a non-ASCII character, a ``%`` not followed by two hexadecimal
digits) is left to ``urllib.parse``, so the result is always the same as ``parse_qs``'s.

>>> parse_form("query=ASK%20%7B%7D&format=json&format=&x")
{'query': ['ASK {}'], 'format': ['json', ''], 'x': ['']}
>>> parse_form("a=%E2%82%AC+%5C%25&a=%zz")
{'a': ['€ \\\\%', '%zz']}
"""

from __future__ import annotations

import codecs
from urllib.parse import unquote

__all__ = ["parse_form", "unquote_plus"]


def unquote_plus(text: str) -> str:
    """``urllib.parse.unquote_plus(text)`` (UTF-8, undecodable bytes replaced).

    >>> unquote_plus("%3Fs+%3Fp%0A"), unquote_plus("50%"), unquote_plus("caf%C3%A9")
    ('?s ?p\\n', '50%', 'café')
    """
    text = text.replace("+", " ")
    if "%" not in text:
        return text
    try:
        raw = text.encode("ascii")
    except UnicodeEncodeError:
        return unquote(text)
    # a backslash stands for itself (doubled), and each %HH becomes \xHH
    escaped = raw.replace(b"\\", b"\\\\").replace(b"%", b"\\x")
    try:
        decoded = codecs.escape_decode(escaped)[0]
    except ValueError:  # a % without two hexadecimal digits after it: as urllib leaves it
        return unquote(text)
    return bytes(decoded).decode("utf-8", "replace")


def parse_form(text: str) -> dict[str, list[str]]:
    """The fields of ``text`` (``a=1&b=2``), each name with its values in order; a field
    without ``=`` has the value ``""``, empty fields are skipped: as
    ``urllib.parse.parse_qs(text, keep_blank_values=True)``."""
    fields: dict[str, list[str]] = {}
    for pair in text.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        fields.setdefault(unquote_plus(name), []).append(unquote_plus(value))
    return fields
