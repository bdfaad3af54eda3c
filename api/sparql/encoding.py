"""How answers travel: the app's CORS and gzip settings, and gzip done where a query runs.

A large SPARQL answer is compressed by the query worker that wrote it (``gzip_answer``),
not by the gzip middleware in the server's main process: the worker sends the server the
compressed bytes (a tenth of a JSON result's size), and the compression runs beside
other requests, under the query's time limit. It compresses with ISA-L (``isal``), which
writes the same gzip format several times faster than zlib (``WORKER_LEVEL``). The result is
what Starlette's
``GZipMiddleware`` would send: a gzip stream, ``Content-Encoding: gzip`` and
``Vary: Accept-Encoding``, only for a client that asks for gzip and only from
``GZIP["minimum_size"]`` bytes.

>>> gzip_options("gzip, deflate")
(1000, 1)
>>> gzip_options("identity") is None
True
>>> import gzip
>>> body, encoding = gzip_answer(b"{}" * 600, (1000, 1))
>>> encoding, gzip.decompress(body) == b"{}" * 600
('gzip', True)
>>> gzip_answer(b"{}", (1000, 1))
(b'{}', None)
"""

from __future__ import annotations

from typing import Any

from isal import isal_zlib

__all__ = ["CORS", "GZIP", "WORKER_LEVEL", "gzip_answer", "gzip_options"]

#: Browsers (YASGUI) may call from any origin; the update token is a header, never a cookie.
CORS: dict[str, Any] = {
    "allow_origins": ["*"],
    "allow_methods": ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"],
    "allow_headers": ["*"],
    "expose_headers": ["Location", "Content-Length", "WWW-Authenticate"],
    "max_age": 600,
}
#: Level 3, the best of zlib's fast levels (1-3): on an 8 MB SPARQL JSON result it took
#: 15 ms and made it 20.8 times smaller; levels 4-6 switch to lazy matching and took 28-33 ms
#: for 22-24 times. At 100 Mbit/s the 12% more bytes cost less time than the 13 ms saved.
GZIP: dict[str, Any] = {"minimum_size": 1000, "compresslevel": 3}
#: ISA-L's level 1 (of 0-3) for answers compressed in the query worker: on SP2Bench q2's
#: 25 MB of JSON it took 19 ms and made 2.66 MB, where zlib took 100 ms at level 1 (2.88 MB)
#: and 103 ms at level 3 (2.78 MB), and zlib-ng 60 ms at level 3 (2.55 MB); CPU ms, best of 3
WORKER_LEVEL = 1


def gzip_options(accept_encoding: str | None) -> tuple[int, int] | None:
    """(minimum size, level) when the client takes gzip, else None; the test is the one
    Starlette's ``GZipMiddleware`` makes, so both decide alike."""
    if "gzip" not in (accept_encoding or ""):
        return None
    return int(GZIP["minimum_size"]), WORKER_LEVEL


def gzip_answer(body: bytes, options: tuple[int, int] | None) -> tuple[bytes, str | None]:
    """The body and its content coding: gzipped with ``options`` (from ``gzip_options``;
    the level is ISA-L's) when it is at least their minimum size, else as it is."""
    if options is None or len(body) < options[0]:
        return body, None
    compressor = isal_zlib.compressobj(options[1], isal_zlib.DEFLATED, 16 + isal_zlib.MAX_WBITS)
    return compressor.compress(body) + compressor.flush(), "gzip"
