"""N-Triples written directly: one triple a line, each term as canonical N-Triples spells it.

The project's one way to turn triples into N-Triples text. The ingester builds its
lines from :func:`iri` and :func:`literal` (no rdflib objects in its hot loops); code
that builds rdflib triples hands them to :class:`Lines`, which writes each one as it is
added instead of building a graph to serialise.

Literals are escaped as the canonical form of RDF 1.2 N-Triples asks: ``"``, ``\\`` and
the C0 controls with a short form (``\\b \\t \\n \\f \\r``) take it, the other C0
controls, DEL and the non-characters U+FFFE and U+FFFF take ``\\uXXXX`` (upper-case
hex), every other character stays as it is. So no line holds a line break of any kind
Python's ``str.splitlines`` knows below U+0080, and a plain string (the usual case) is
written as it is, without a copy.

>>> triple(iri("http://e/s"), iri("http://e/p"), literal('say "hi"\\n', lang="en"))
'<http://e/s> <http://e/p> "say \\\\"hi\\\\"\\\\n"@en .'
>>> from rdflib import Literal, URIRef
>>> out = Lines()
>>> _ = out.add((URIRef("http://e/s"), URIRef("http://e/p"), Literal(3)))
>>> list(out)
['<http://e/s> <http://e/p> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from rdflib.term import BNode, Literal, Node, URIRef

__all__ = [
    "Lines",
    "TripleSink",
    "iri",
    "literal",
    "term",
    "triple",
    "typed",
    "write_blocks",
    "write_lines",
]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: the characters a literal may not hold as they are (canonically)
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f\ufffe\uffff]')
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ufffe\uffff]")  # what needs more than a backslash
_ESCAPES = {code: f"\\u{code:04X}" for code in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)} | {
    ord(char): escape
    for char, escape in (
        ("\b", "\\b"),
        ("\t", "\\t"),
        ("\n", "\\n"),
        ("\f", "\\f"),
        ("\r", "\\r"),
        ('"', '\\"'),
        ("\\", "\\\\"),
    )
}
#: what IRIREF does not allow as it is: controls, space and ``<>"{}|^`\``
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def iri(value: str) -> str:
    """An IRI as N-Triples writes it. Unchecked: for IRIs made of fixed prefixes and
    parts the caller vouches for (:func:`term` checks rdflib's).

    >>> iri("https://w3id.org/technocracy/ontology#page")
    '<https://w3id.org/technocracy/ontology#page>'
    """
    return f"<{value}>"


def literal(value: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal: its lexical form quoted and escaped, then its language tag or datatype
    (none for ``xsd:string``, which canonical N-Triples leaves implicit).

    >>> literal("plain"), literal("été", lang="fr")
    ('"plain"', '"été"@fr')
    >>> print(literal('tab\\there, "quoted", back\\\\slash, bell\\a, del\\x7f'))
    "tab\\there, \\"quoted\\", back\\\\slash, bell\\u0007, del\\u007F"
    >>> literal("2019", datatype="http://www.w3.org/2001/XMLSchema#gYear")
    '"2019"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    """
    if _NEEDS_ESCAPE.search(value) is not None:
        if _CONTROL.search(value) is None:  # quotes and backslashes only (JSON, titles)
            value = value.replace("\\", "\\\\").replace('"', '\\"')
        else:
            value = value.translate(_ESCAPES)
    if lang:
        return f'"{value}"@{lang}'
    if datatype and datatype != XSD_STRING:
        return f'"{value}"^^<{datatype}>'
    return f'"{value}"'


def typed(value: object, datatype: str) -> str:
    """A literal of ``datatype`` whose lexical form is ``str(value)`` and needs no escape
    (numbers, booleans written as ``true``/``false`` by the caller).

    >>> typed(42, "http://www.w3.org/2001/XMLSchema#integer")
    '"42"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    return f'"{value}"^^<{datatype}>'


def triple(subject: str, predicate: str, obj: str) -> str:
    """One N-Triples line (without its line break) from three written terms."""
    return f"{subject} {predicate} {obj} ."


def term(node: Node) -> str:
    """An rdflib term (IRI, blank node or literal) as N-Triples writes it; an IRI that
    N-Triples cannot hold raises ``ValueError``.

    >>> term(URIRef("http://e/a b"))
    Traceback (most recent call last):
    ...
    ValueError: not an IRI N-Triples can write: 'http://e/a b'
    """
    if isinstance(node, Literal):
        datatype = node.datatype
        return literal(str(node), lang=node.language, datatype=str(datatype) if datatype else None)
    if isinstance(node, URIRef):
        value = str(node)
        if _NOT_IN_IRI.search(value) is not None:
            raise ValueError(f"not an IRI N-Triples can write: {value!r}")
        return f"<{value}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    raise TypeError(f"not an RDF term N-Triples can write: {node!r}")


class TripleSink(Protocol):
    """Where code that makes rdflib triples puts them: an rdflib ``Graph``, or
    :class:`Lines` to have them written as N-Triples straight away."""

    def add(self, triple: tuple[Node, Node, Node], /) -> object:
        """Take one triple."""
        ...


class Lines:
    """The N-Triples lines of the rdflib triples added, each once, in the order first
    added: the lines an rdflib graph of the same triples serialises to, without the graph.

    >>> lines = Lines()
    >>> s, p = URIRef("http://e/s"), URIRef("http://e/p")
    >>> _ = lines.add((s, p, Literal("x"))).add((s, p, Literal("x")))
    >>> len(lines), list(lines)
    (1, ['<http://e/s> <http://e/p> "x" .'])
    """

    def __init__(self) -> None:
        self._lines: dict[str, None] = {}  # an ordered set

    def add(self, triple: tuple[Node, Node, Node], /) -> Lines:
        """Write ``triple`` as a line (once)."""
        s, p, o = triple
        self._lines[f"{term(s)} {term(p)} {term(o)} ."] = None
        return self

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines)

    def __len__(self) -> int:
        return len(self._lines)


def write_lines(path: Path, *parts: Iterable[str]) -> int:
    """Write N-Triples lines to ``path`` in UTF-8, a block at a time; how many."""
    count = 0
    with path.open("wb") as out:
        for lines in parts:
            block: list[str] = []
            for line in lines:
                block.append(line)
                if len(block) >= 4096:
                    out.write(("\n".join(block) + "\n").encode("utf-8"))
                    count += len(block)
                    block.clear()
            if block:
                out.write(("\n".join(block) + "\n").encode("utf-8"))
                count += len(block)
    return count


def write_blocks(path: Path, blocks: Iterable[Sequence[str]]) -> int:
    """Write blocks of N-Triples lines to ``path`` in UTF-8, a block at a time; how many
    lines. (:func:`write_lines` for a writer that makes its lines in blocks: no step per
    line.)"""
    count = 0
    with path.open("wb") as out:
        for block in blocks:
            if block:
                out.write(("\n".join(block) + "\n").encode("utf-8"))
                count += len(block)
    return count
