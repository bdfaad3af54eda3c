"""A graph of an on-disk store replaced in place from a file, all or nothing: the input
staged as N-Triples beside the store, then only the difference written, under a note in
the journal that lets a replace stopped midway be finished at the next opening.

Oxigraph cannot rename a graph, and a quad deleted in a transaction costs three to six
times one bulk loaded (``docs/performance.md``): rebuilding the store around the new
graph (:mod:`kg.store.swap`) pays for a copy of all the rest, and a transactional
replacement (:mod:`kg.store.difference`) for every old quad deleted and every new one
inserted, in memory until it commits. In place, a replace costs the reading of the input
and of the old graph, and then the change only:

1. *stage* (:func:`stage`): the input is parsed in full and written out as N-Triples in a
   folder beside the store (``.{store}.tkg-staged-*``). Bad input is refused here, with
   its line and column, before the store is touched.
2. *note*: one transaction notes in the journal (:mod:`kg.store.bulk`) that the graph is
   being replaced from that folder.
3. *write* (:func:`write_difference`): the old triples the file lacks are deleted, the ones
   it adds are bulk loaded into the graph.
4. the note is removed, then the folder.

Step 3 is idempotent: run over the old graph, the new one, or any mix of the two that it
left, it leaves exactly the file's triples. Triples with a blank node or a triple term are
always deleted and written again (a node of the file cannot be matched to one of the store;
as with any load, the file's blank nodes are new ones). So a store opened for writing with
such a note in its journal runs step 3 again before anything else: stopped at any point
(``kill -9``), the graph is the old one if the note was not written yet, and wholly the new
one after the next opening if it was.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> store, g = ox.Store(str(folder / "store")), ox.NamedNode("http://e/g")
>>> store.bulk_load(b'<http://e/a> <http://e/p> "old" .', ox.RdfFormat.N_TRIPLES, to_graph=g)
>>> staged = stage(b'<http://e/a> <http://e/p> "new" .', ox.RdfFormat.N_TRIPLES,
...                staging_folder(folder / "store"))
>>> write_difference(store, g, staged)
Written(deleted=1, added=1, triples=1)
>>> [q.object.value for q in store.quads_for_pattern(None, None, None, g)]
['new']
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

__all__ = ["INPUT", "Written", "remove_staged", "stage", "staging_folder", "write_difference"]

_MARK = ".tkg-staged-"
_NT = ox.RdfFormat.N_TRIPLES
#: the staged input, in its folder
INPUT = "input.nt"


def staging_folder(path: Path) -> Path:
    """A new folder name beside the store at ``path``, for the files of one replace."""
    return path.parent / f".{path.name}{_MARK}{uuid.uuid4().hex}"


def remove_staged(path: Path, *, keep: frozenset[Path] = frozenset()) -> None:
    """Remove the folders replaces left beside the store at ``path``, but those of ``keep``."""
    for left in path.parent.glob(f".{path.name}{_MARK}*"):
        if left not in keep:
            shutil.rmtree(left, ignore_errors=True)


def stage(
    source: Path | bytes,
    syntax: ox.RdfFormat,
    folder: Path,
    *,
    base_iri: str | None = None,
    lenient: bool = False,
) -> Path:
    """Parse ``source`` in full into ``folder`` (made here) as N-Triples, written to disk
    before it returns (what a replace is finished from, after a crash); returns the file.
    The parser's errors (``SyntaxError`` with line and column, ``OSError``) are raised with
    the folder removed."""
    folder.mkdir()
    target = folder / INPUT
    try:
        if isinstance(source, Path):
            parsed = ox.parse(path=str(source), format=syntax, base_iri=base_iri, lenient=lenient)
        else:
            parsed = ox.parse(source, format=syntax, base_iri=base_iri, lenient=lenient)
        with target.open("wb") as out:
            ox.serialize(parsed, out, format=_NT)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return target


def _matchable(line: bytes) -> bool:
    """Whether a line of N-Triples as pyoxigraph writes it (subject, predicate and object
    apart by one space; no space in an IRI or a blank node's name) names a triple the same
    way in the store and in a file: neither its subject nor its object is a blank node or a
    triple term."""
    if line.startswith((b"_:", b"<<")):
        return False
    parts = line.split(b" ", 2)
    return len(parts) < 3 or not parts[2].startswith((b"_:", b"<<"))


class Written(NamedTuple):
    """What :func:`write_difference` did: the triples deleted and added, and those the
    graph holds now (the file's distinct lines, each one triple: no count query)."""

    deleted: int
    added: int
    triples: int


def write_difference(store: ox.Store, graph: ox.NamedNode, staged: Path) -> Written:
    """Make ``graph`` hold exactly the triples of the N-Triples file ``staged`` (written by
    :func:`stage`): the old ones it lacks deleted, a transaction each, the ones it adds bulk
    loaded; the graph made if it is not there. Idempotent, and not one transaction (see the
    module). Memory: a set of the file's lines."""
    folder = staged.parent
    with staged.open("rb") as lines:
        new = set(lines)  # what is left of it at the end is what the graph lacks
    triples = len(new)
    old, gone = folder / "old.nt", folder / "gone.nt"
    with old.open("wb") as out:
        store.dump(out, format=_NT, from_graph=graph)
    with old.open("rb") as lines, gone.open("wb") as out:
        for line in lines:
            if line in new and _matchable(line):
                new.discard(line)  # kept as it is
            else:
                out.write(line)
    old.unlink()
    added, fresh = len(new), folder / "added.nt"
    with fresh.open("wb") as out:
        out.writelines(new)
    del new  # its memory free before the deletions and the bulk loader take theirs
    deleted = 0
    for quad in ox.parse(path=str(gone), format=_NT, lenient=True):  # the store's own names
        store.remove(ox.Quad(quad.subject, quad.predicate, quad.object, graph))
        deleted += 1
    gone.unlink()
    if added:
        store.bulk_load(path=str(fresh), format=_NT, to_graph=graph, lenient=True)
    fresh.unlink()
    store.add_graph(graph)  # an empty file still leaves the graph
    return Written(deleted, added, triples)
