"""``/dumps``: the whole dataset as files, for crawlers and for ``void:dataDump``.

``/dumps/dataset.nq.gz`` (N-Quads, gzipped: the usual form of a linked-data dump) and
``/dumps/dataset.trig`` hold every graph of the store, with their names. They are made from
the store when asked for and sent in pieces; ``api.caching`` gives them an ``ETag`` that
changes with the store, so a crawler that comes back gets a 304 until something changed.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import StreamingResponse

from api.deps import SettingsDep, StoreDep, in_worker

__all__ = ["DUMPS", "router"]

router = APIRouter(prefix="/dumps", tags=["linked data"])

#: The dumps: file name -> (RDF format written, media type sent, gzipped).
DUMPS: dict[str, tuple[str, str, bool]] = {
    "dataset.nq.gz": ("nq", "application/gzip", True),
    "dataset.trig": ("trig", "application/trig", False),
}

#: The size of each piece sent.
_PIECE = 1 << 20
#: A dump reads the whole store: a longer time limit than a query's.
_LEAST_TIMEOUT = 300.0


def _pieces(data: bytes, gzipped: bool) -> Iterator[bytes]:
    """``data`` in pieces, gzipped on the way when asked (a gzip member, as ``gzip`` reads)."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS) if gzipped else None
    for start in range(0, len(data), _PIECE):
        piece = data[start : start + _PIECE]
        yield compressor.compress(piece) if compressor else piece
    if compressor is not None:
        yield compressor.flush()


def _endpoint(name: str) -> None:
    fmt, media_type, gzipped = DUMPS[name]

    async def dump(store: StoreDep, settings: SettingsDep) -> Response:
        data = await in_worker(
            lambda: store.dump(format=fmt), timeout=max(settings.query_timeout, _LEAST_TIMEOUT)
        )
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        return StreamingResponse(_pieces(data, gzipped), media_type=media_type, headers=headers)

    dump.__doc__ = f"Every graph of the store, as {name}."
    responses: dict[int | str, dict[str, Any]] = {200: {"content": {media_type: {}}}}
    router.add_api_route(
        f"/{name}",
        dump,
        methods=["GET"],
        name=f"dump_{fmt}",
        summary=f"The whole dataset, every graph named: {name}",
        response_class=Response,
        responses=responses,
    )


for _name in DUMPS:
    _endpoint(_name)
