"""A finished build kept on disk, so that a new, empty store gets it without building again.

``tkg build`` and ``tkg serve`` write the graphs of a full build (HermiT's inferred graph
included) into an empty store; the graphs depend only on what the build reads. So once a
build into an empty store has finished, its graphs are kept as one N-Quads file named by
the *inputs' key*: the files, the chapter's text and the code that :mod:`kg.buildkey` hashes,
and beyond them the Python version, every installed distribution's name and version (the
parsers, the reasoner) and the store's choice of default graph. ``tkg serve`` on an empty
store loads the file of the same key in one transaction instead of building and reasoning
(the same quads: the inferred graph records the same build key, so ``tkg build`` then says
the store is up to date); a missing or unreadable file means a build, as before.

The files live in ``TKG_BUILD_CACHE`` (by default ``~/.cache/tkg/build``; ``off`` for none),
outside the repository; a file is written under a temporary name and renamed into place, so
a reader never sees half of one, and the files of other keys are removed.

>>> import tempfile, os
>>> from kg.store import open_store
>>> before = os.environ.get("TKG_BUILD_CACHE")
>>> os.environ["TKG_BUILD_CACHE"] = tempfile.mkdtemp()
>>> store = open_store("memory")
>>> store.load(b'<http://e/a> <http://e/p> "1" <http://e/g> .', format="nq")
1
>>> keep_graphs(store, "0" * 64, ["http://e/g"]) is not None
True
>>> fresh = open_store("memory")
>>> load_kept(fresh, "0" * 64), fresh.graphs()
(True, ['http://e/g'])
>>> load_kept(open_store("memory"), "1" * 64)
False
>>> if before is None: del os.environ["TKG_BUILD_CACHE"]
... else: os.environ["TKG_BUILD_CACHE"] = before
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.buildkey import input_lines
from kg.errors import TkgError
from kg.store import Store

__all__ = [
    "cache_folder",
    "fingerprint",
    "inputs_key",
    "keep_graphs",
    "kept_file",
    "load_kept",
]

_SUFFIX = ".nq"


def cache_folder() -> Path | None:
    """Where finished builds are kept (``TKG_BUILD_CACHE``), or None when it is ``off``."""
    setting = os.environ.get("TKG_BUILD_CACHE", "")
    if setting.lower() in {"off", "none", "0"}:
        return None
    return Path(setting) if setting else Path.home() / ".cache" / "tkg" / "build"


def _distributions() -> list[str]:
    """The installed distributions, by the names of their metadata folders
    (``pyoxigraph-0.5.2.dist-info``): reading the folders' names costs milliseconds, reading
    each distribution's metadata half a second."""
    found: set[str] = set()
    for entry in sys.path:
        with contextlib.suppress(OSError):
            found.update(n for n in os.listdir(entry or ".") if n.endswith(".dist-info"))
    return sorted(found)


def inputs_key(store: Store, *, document: str, text: Path | None) -> str:
    """The key of a build of ``document`` into an empty ``store``: what it reads and what
    reads it (``text``: the chapter's text, when at hand)."""
    lines = input_lines(document, text)
    lines.append(f"python {sys.version}")
    lines.extend(_distributions())
    lines.append(f"default graph {getattr(store, 'default_graph', None)}")
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def kept_file(key: str) -> Path | None:
    """The file that keeps the build of ``key`` (it may not exist); None without a cache."""
    folder = cache_folder()
    return None if folder is None else folder / f"{key}{_SUFFIX}"


def load_kept(store: Store, key: str) -> bool:
    """Load the build kept for ``key`` into ``store`` (empty) in one transaction; whether
    one was kept and loaded. A file that does not load leaves the store as it was."""
    path = kept_file(key)
    if path is None or not path.is_file():
        return False
    try:
        store.load_stream(path, format="nq", lenient=True)
    except TkgError:
        return False
    return True


def keep_graphs(store: Store, key: str, names: list[str]) -> Path | None:
    """Keep the graphs ``names`` of ``store`` (a finished build into an empty store) as the
    build of ``key``; the file, or None when there is no cache or it cannot be written."""
    path = kept_file(key)
    if path is None:
        return None
    body = b"".join(_quads(store, name) for name in names)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=_SUFFIX)
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.replace(scratch, path)
    except OSError:
        return None
    for other in path.parent.glob(f"*{_SUFFIX}"):
        if other != path:  # the builds of other inputs: this one replaces them
            with contextlib.suppress(OSError):
                other.unlink()
    return path


def fingerprint(store: Store, names: list[str]) -> str:
    """A digest of the content of the graphs ``names`` (those ``store`` holds): equal for
    graphs left as they were (a dump is in the store's own order)."""
    h = hashlib.sha256()
    for name in names:
        if store.has_graph(name):
            h.update(name.encode("utf-8") + b"\0" + store.dump_graph(name, format="nt"))
    return h.hexdigest()


def _quads(store: Store, name: str) -> bytes:
    """One named graph of ``store`` as N-Quads."""
    graph = ox.NamedNode(name)
    triples = ox.parse(store.dump_graph(name, format="nt"), format=ox.RdfFormat.N_TRIPLES)
    quads = (ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
