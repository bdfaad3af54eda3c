"""A bulk load in pieces (kg.store.pieces) writes what one run of the loader writes, never
hands the loader more than a piece at a time, keeps blank nodes whole and names the line
of the file where the syntax is wrong. On a real on-disk Oxigraph store."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest

from kg.store.pieces import MOST_PIECES, bulk_load_in_pieces

GRAPH = ox.NamedNode("http://e/g")
NT = ox.RdfFormat.N_TRIPLES


class Recording:
    """A real store whose bulk loads are noted: the size of every input it is given."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.sizes: list[int] = []

    def bulk_load(self, data, **kwargs) -> None:
        if not isinstance(data, bytes):
            data = data.read()
        self.sizes.append(len(data))
        self.store.bulk_load(data, **kwargs)


def _lines(n: int, *, first: int = 0) -> bytes:
    return b"".join(
        b'<http://e/s%d> <http://e/p> "value %d, and some words" .\n' % (k, k)
        for k in range(first, first + n)
    )


def _quads(store: ox.Store) -> set[str]:
    return {str(q) for q in store}


def test_the_pieces_write_what_one_run_writes_and_each_is_small(tmp_path):
    data = _lines(2000)
    path = tmp_path / "data.nt"
    path.write_bytes(data)
    whole = ox.Store(str(tmp_path / "whole"))
    whole.bulk_load(data, format=NT, to_graph=GRAPH)
    recording = Recording(ox.Store(str(tmp_path / "pieces")))
    runs = bulk_load_in_pieces(recording, path, NT, piece_bytes=1024, to_graph=GRAPH)  # type: ignore[arg-type]
    assert len(recording.store) == 2000
    assert _quads(recording.store) == _quads(whole)
    # 110 kB: not in pieces of 1 kB, which would make RocksDB stall, but in 16 at most
    assert runs == len(recording.sizes) and MOST_PIECES - 1 <= runs <= MOST_PIECES + 1
    longest = max(len(line) for line in data.splitlines(keepends=True))
    piece = -(-len(data) // MOST_PIECES)
    assert max(recording.sizes) <= piece + longest  # never more than a piece at a time
    assert sum(recording.sizes) == len(data)


def test_a_small_file_is_cut_into_pieces_of_the_least_size(tmp_path):
    data = _lines(2000)
    recording = Recording(ox.Store(str(tmp_path / "s")))
    runs = bulk_load_in_pieces(recording, data, NT, piece_bytes=20_000, to_graph=GRAPH)  # type: ignore[arg-type]
    assert runs == len(recording.sizes) == -(-len(data) // 20_000) and len(recording.store) == 2000
    assert max(recording.sizes) <= 20_000 + 100


def test_a_stream_and_a_last_line_without_a_break_are_read_whole(tmp_path):
    data = _lines(300).rstrip(b"\n")
    store = ox.Store(str(tmp_path / "s"))
    bulk_load_in_pieces(store, io.BytesIO(data), NT, piece_bytes=1000, to_graph=GRAPH)
    assert len(store) == 300


def test_blank_nodes_shared_across_pieces_stay_one_node(tmp_path):
    data = (
        _lines(200)
        + b'_:b <http://e/p> "first" .\n'
        + _lines(200, first=200)
        + b'_:b <http://e/p> "second" .\n'
    )
    store = ox.Store(str(tmp_path / "s"))
    bulk_load_in_pieces(store, data, NT, piece_bytes=2000, to_graph=GRAPH)
    blank = {q.subject for q in store if isinstance(q.subject, ox.BlankNode)}
    assert len(blank) == 1 and len(store) == 402


def test_a_syntax_error_names_the_line_of_the_file_not_of_the_piece(tmp_path):
    data = _lines(500) + b"<http://e/s> <http://e/p> bad .\n" + _lines(10, first=500)
    store = ox.Store(str(tmp_path / "s"))
    with pytest.raises(SyntaxError) as caught:
        bulk_load_in_pieces(store, data, NT, piece_bytes=3000, to_graph=GRAPH)
    assert caught.value.lineno == 501
    assert "line 501 " in caught.value.msg


def test_a_format_whose_statements_span_lines_is_read_in_one_run(tmp_path):
    data = b"@prefix e: <http://e/> .\ne:s e:p\n  1, 2,\n  3 .\n"
    recording = Recording(ox.Store(str(tmp_path / "s")))
    runs = bulk_load_in_pieces(recording, data, ox.RdfFormat.TURTLE, piece_bytes=10, to_graph=GRAPH)  # type: ignore[arg-type]
    assert runs == 1 and len(recording.store) == 3
