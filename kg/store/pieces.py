"""A bulk load read in pieces, so that its memory does not grow with the input.

Oxigraph's bulk loader gathers up to a million quads before it sorts and writes them, at
about 0.9 KB a quad: a file of 250,000 triples (the N-Triples of a citation-dense text of
1 MB) took 219 MB above the process's own, one of a million 875 MB. N-Triples and N-Quads
hold one statement a line, so the file can be cut at line breaks and each piece given to
the loader on its own: each piece is written as the whole would be, and the memory is that
of one piece (pieces of 4 MiB: about 45 MB more), for the same CPU time (SP2Bench's million
triples: 9.9 s in pieces, 9.2-10.3 s in one run). But every run of the loader adds a file
to the first level of each of the store's indexes, and past 20 of them RocksDB slows writes
down to a trickle until it has merged them (a 2 GB file in 470 pieces of 4 MiB stalled so);
so a file is cut into 16 pieces at most, each a sixteenth of it when that is more than
4 MiB: the memory stays a small fraction of the input's (a sixteenth of about 5.6 bytes a
byte of N-Triples), as the number of runs stays that of a plain bulk load of 16 million
quads.

Two things a piece must not change: blank nodes, which Oxigraph names afresh for every run
of the loader (so the rest of a file that holds ``_:`` from that piece on goes to the loader
in one run, as the whole would), and the line a syntax error names (counted from the start of
the file). Other formats, whose statements span lines, are read in one run.

>>> import tempfile
>>> store = ox.Store(tempfile.mkdtemp())
>>> data = b"".join(b'<http://e/s> <http://e/p> "%d" .\\n' % n for n in range(100))
>>> bulk_load_in_pieces(store, data, ox.RdfFormat.N_TRIPLES, piece_bytes=1000,
...                     to_graph=ox.NamedNode("http://e/g"))
4
>>> bulk_load_in_pieces(store, data * 20, ox.RdfFormat.N_TRIPLES, piece_bytes=1000,
...                     to_graph=ox.NamedNode("http://e/g"))  # 66 kB: 16 pieces at most
16
>>> len(store)
100
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

__all__ = ["MOST_PIECES", "PIECE_BYTES", "bulk_load_in_pieces"]

#: The least size of a piece: about 25,000 statements of a text's N-Triples, 45 MB of the
#: loader's memory. Smaller pieces cost more writes for no less memory worth having.
PIECE_BYTES = 4 << 20
#: The most pieces a file of known size is cut into (then each is larger than the least):
#: each run of the loader adds a first-level file per index, and RocksDB slows writes
#: down from 20 of them.
MOST_PIECES = 16
_LINES = (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)
_LINE_IN_MESSAGE = re.compile(r"\bline (\d+)")


def bulk_load_in_pieces(
    store: ox.Store,
    source: Path | bytes | BinaryIO,
    format: ox.RdfFormat,
    *,
    piece_bytes: int = PIECE_BYTES,
    base_iri: str | None = None,
    to_graph: ox.NamedNode | None = None,
    lenient: bool = False,
) -> int:
    """Bulk load ``source`` (a file, bytes or a binary stream) into ``store`` as
    ``store.bulk_load`` does, a line-based format in pieces of about ``piece_bytes`` (or a
    sixteenth of ``source``, whichever is larger) cut at line breaks; how many runs of the
    loader it took. A ``SyntaxError`` names the line of ``source``, not of its piece."""
    kwargs = {"base_iri": base_iri, "to_graph": to_graph, "lenient": lenient}
    if format not in _LINES:
        if isinstance(source, Path):
            store.bulk_load(path=str(source), format=format, **kwargs)  # type: ignore[arg-type]
        else:
            store.bulk_load(source, format=format, **kwargs)  # type: ignore[arg-type]
        return 1
    runs = 0
    if isinstance(source, (Path, bytes)):
        size = source.stat().st_size if isinstance(source, Path) else len(source)
        piece_bytes = max(piece_bytes, -(-size // MOST_PIECES))
    with _opened(source) as stream:
        for line, piece, rest in _pieces(stream, piece_bytes):
            try:
                if rest:  # blank nodes from here on: the rest in one run, as a whole file
                    store.bulk_load(_Joined(piece, stream), format=format, **kwargs)  # type: ignore[arg-type]
                else:
                    store.bulk_load(piece, format=format, **kwargs)  # type: ignore[arg-type]
            except SyntaxError as exc:
                if line:
                    raise _moved(exc, line) from exc
                raise
            runs += 1
            if rest:
                break
    return runs


def _opened(source: Path | bytes | BinaryIO) -> contextlib.AbstractContextManager[BinaryIO]:
    if isinstance(source, Path):
        return source.open("rb")
    if isinstance(source, bytes):
        return io.BytesIO(source)
    return contextlib.nullcontext(source)  # the caller's: left open


def _pieces(stream: BinaryIO, size: int) -> Iterator[tuple[int, bytes, bool]]:
    """(lines before it, a piece of whole lines, whether it holds a blank node): the last
    of these is a piece that does, after which the caller reads the rest itself."""
    before, carry = 0, b""
    while True:
        block = stream.read(size)
        if not block:
            if carry:
                yield before, carry, b"_:" in carry
            return
        block = carry + block
        cut = block.rfind(b"\n") + 1
        if cut == 0:  # no line break yet: one long line, read on
            carry = block
            continue
        piece, carry = block[:cut], block[cut:]
        if b"_:" in piece:
            yield before, piece + carry, True
            return
        yield before, piece, False
        before += piece.count(b"\n")


class _Joined(io.RawIOBase):
    """``head`` then what is left of ``tail``, as one binary stream."""

    def __init__(self, head: bytes, tail: BinaryIO) -> None:
        self._head = io.BytesIO(head)
        self._tail = tail

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        got = self._head.readinto(buffer)
        if got:
            return got
        data = self._tail.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _moved(exc: SyntaxError, lines: int) -> SyntaxError:
    """``exc`` with its line counted from the start of the file, ``lines`` lines before."""
    message = _LINE_IN_MESSAGE.sub(lambda m: f"line {int(m.group(1)) + lines}", exc.msg, count=1)
    start = exc.lineno + lines if exc.lineno else None
    end = exc.end_lineno + lines if exc.end_lineno else None
    return SyntaxError(message, (exc.filename, start, exc.offset, exc.text, end, exc.end_offset))
