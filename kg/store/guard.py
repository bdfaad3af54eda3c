"""What a query or update may do before any parser sees it: how deep it nests, and which
hosts it may make the store call (``SERVICE``, ``LOAD``).

The SPARQL parser is recursive: a query that nests a few thousand brackets overflows its
stack and takes the whole process down, so nesting is bounded here, on the text. And the
engine fetches what ``SERVICE <iri>`` and ``LOAD <iri>`` name, which from a public endpoint
makes it a proxy and a port scanner: such targets must match an allow-list (none by
default); ``file:`` IRIs never do.

>>> check_sparql("SELECT * { ?s ?p ?o }")
>>> check_sparql("SELECT * " + "{" * 500 + "}" * 500)
Traceback (most recent call last):
...
kg.errors.QueryRefusedError: query:1:138: the query nests deeper than 128 levels ...
>>> check_sparql("SELECT * { SERVICE <http://127.0.0.1:7878/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
kg.errors.QueryRefusedError: query:1:12: SERVICE <http://127.0.0.1:7878/sparql> is not allowed: ...
>>> check_sparql("SELECT * { SERVICE <http://127.0.0.1:7878/sparql> { ?s ?p ?o } }",
...     outbound=["http://127.0.0.1:7878/"])
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

from kg.errors import QueryRefusedError

__all__ = ["MAX_DEPTH", "OUTBOUND_SETTING", "Target", "check_sparql", "outbound_targets"]

#: How deep brackets (``{ ( [``) and ``!`` may nest. Real queries nest a few levels; the
#: parser's stack gives out near 3,000 braces on an 8 MB stack (fewer on a thread's).
MAX_DEPTH = 128
#: The setting that lists the allowed ``SERVICE`` and ``LOAD`` targets.
OUTBOUND_SETTING = "TKG_OUTBOUND"

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<bang>!(?!=))
  | (?P<var>[?$][A-Za-z0-9_\u00b7-\uffff]+)
  | (?P<name>(?:[A-Za-z_\u00c0-\uffff][\w.\u00b7-\uffff-]*)?
             :(?:[\w\u00b7-\uffff%\\:-]|\.(?=[\w:%]))*
           |[A-Za-z_][A-Za-z0-9_]*)
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_SAFE_SCHEMES = ("http://", "https://")
_OUTBOUND_WORD = re.compile("service|load", re.IGNORECASE)


def _may_call_out(text: str) -> bool:
    """Whether ``text`` has the letters of ``SERVICE`` or ``LOAD`` in any case. An ASCII text
    (most queries) is lowered and searched for them as substrings: a tenth of the time of the
    case-blind pattern, which stays for the rest (its Unicode case folding, ``ſ`` for ``s``).

    >>> _may_call_out("ASK { SERVICE <http://e/> {} }"), _may_call_out("ASK { ?s ?p ?o }")
    (True, False)
    """
    if text.isascii():
        lowered = text.lower()
        return "service" in lowered or "load" in lowered
    return _OUTBOUND_WORD.search(text) is not None


@dataclass(frozen=True)
class Target:
    """A host the text would make the store call: the keyword, the IRI (None when a
    variable names it), and where the keyword is."""

    keyword: str
    iri: str | None
    line: int
    column: int


def _tokens(text: str) -> Iterator[re.Match[str]]:
    for token in _TOKEN.finditer(text):
        if token.lastgroup not in ("space", "comment"):
            yield token


def _where(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _depth_error(text: str, offset: int) -> QueryRefusedError:
    line, column = _where(text, offset)
    return QueryRefusedError(
        f"the query nests deeper than {MAX_DEPTH} levels (brackets and '!'); write it flatter",
        where=f"query:{line}:{column}",
    )


def _check_depth(text: str) -> None:
    # each open bracket costs a level, and so does each '!' until its operand's bracket
    # closes: (!(!(... nests twice per bracket
    levels: list[int] = []
    pending = 0
    total = 0
    for token in _tokens(text):
        kind = token.lastgroup
        if kind == "bang":
            pending += 1
            if total + pending > MAX_DEPTH:
                raise _depth_error(text, token.start())
        elif kind == "open":
            levels.append(pending + 1)
            total += pending + 1
            pending = 0
            if total > MAX_DEPTH:
                raise _depth_error(text, token.start())
        elif kind == "close":
            total -= levels.pop() if levels else 0
            pending = 0
        else:
            pending = 0


def outbound_targets(text: str) -> list[Target]:
    """Every ``SERVICE`` and ``LOAD`` target in a query or update, IRIs made absolute.

    >>> q = 'PREFIX w: <https://w.example/> BASE <http://b.example/x/>\\n'
    >>> q += 'SELECT * { SERVICE SILENT w:sparql {} SERVICE <../y> {} SERVICE ?e {} }'
    >>> [(t.iri, t.line, t.column) for t in outbound_targets(q)]
    [('https://w.example/sparql', 2, 12), ('http://b.example/y', 2, 39), (None, 2, 57)]
    >>> outbound_targets('INSERT DATA { <s> <p> "SERVICE <http://x/>" } ; load <file:///etc/x>')
    [Target(keyword='LOAD', iri='file:///etc/x', line=1, column=49)]
    """
    prefixes: dict[str, str] = {}
    base = ""
    found: list[Target] = []
    tokens = list(_tokens(text))
    for i, token in enumerate(tokens):
        if token.lastgroup != "name":
            continue
        word = token.group().upper()
        following = tokens[i + 1 : i + 4]
        if word == "PREFIX" and len(following) >= 2 and following[1].lastgroup == "iri":
            declared = urljoin(base, following[1].group()[1:-1])
            prefixes[following[0].group().removesuffix(":")] = declared
        elif word == "BASE" and following and following[0].lastgroup == "iri":
            base = urljoin(base, following[0].group()[1:-1])
        elif word in ("SERVICE", "LOAD"):
            rest = [t for t in following if t.group().upper() != "SILENT"]
            target = rest[0] if rest else None
            iri: str | None = None
            if target is not None and target.lastgroup == "iri":
                iri = urljoin(base, target.group()[1:-1])
            elif target is not None and target.lastgroup == "name" and ":" in target.group():
                prefix, _, local = target.group().partition(":")
                iri = prefixes[prefix] + local if prefix in prefixes else None
            line, column = _where(text, token.start())
            found.append(Target(word, iri, line, column))
    return found


def _allowed(iri: str | None, outbound: Sequence[str]) -> bool:
    if iri is None:  # a variable: any host at all
        return "*" in outbound
    if not iri.lower().startswith(_SAFE_SCHEMES):
        return False  # file:, and any scheme but http(s), never
    return any(entry == "*" or iri.startswith(entry) for entry in outbound)


def check_sparql(text: str, *, outbound: Sequence[str] = ()) -> None:
    """Refuse a query or update that nests too deep, or calls a host ``outbound`` does not
    list (IRI prefixes, or ``*`` for any http(s) host); ``file:`` is refused always.

    Raises :class:`~kg.errors.QueryRefusedError` (bad input: HTTP 400, exit 2) naming the
    line and column, before any parser sees the text.
    """
    # both scans tokenize the whole text in Python (0.16 s for a 1 MB VALUES block); what
    # str.count and a compiled search can rule out first costs a few microseconds
    if sum(map(text.count, "{([!")) > MAX_DEPTH:
        _check_depth(text)
    if not _may_call_out(text):
        return
    for target in outbound_targets(text):
        if not _allowed(target.iri, outbound):
            shown = f"<{target.iri}>" if target.iri else "a variable"
            reason = (
                "only http(s) targets can ever be allowed"
                if target.iri and not target.iri.lower().startswith(_SAFE_SCHEMES)
                else f"the store calls no other host unless {OUTBOUND_SETTING} lists it"
            )
            raise QueryRefusedError(
                f"{target.keyword} {shown} is not allowed: {reason}",
                where=f"query:{target.line}:{target.column}",
            )
