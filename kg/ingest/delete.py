"""``tkg delete DOC``: an ingested document, and everything it added, out of the store.

A document's text, units, citations, references and the works its reference list
described all live in its graph ``graph:corpus/{doc}``; its argument map in
``graph:argmap/{doc}``. Dropping both takes away its citations and the works it alone
cites: a work another document cites is described again in that document's graph, and the
chapter's curated bibliography (``graph:bibliography``) is not the document's to remove,
so both stay. Inferences about what only the document described go too
(``kg.store.removal``). All of it in one update, or nothing.

>>> from kg.store import OxigraphStore
>>> delete_document(OxigraphStore(), "nosuchdoc")
Traceback (most recent call last):
...
kg.errors.NotFoundError: no document 'nosuchdoc' in the store (documents: none)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.errors import NotFoundError
from kg.rdf import graphs
from kg.store import Store
from kg.store.removal import remove_graphs

__all__ = ["Removal", "delete_document", "documents"]

_CORPUS = graphs.corpus("")
_DOC = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.~-]*")


@dataclass
class Removal:
    """What was removed: triples per graph."""

    doc: str
    removed: dict[str, int]

    @property
    def triples(self) -> int:
        return sum(self.removed.values())


def documents(store: Store) -> list[str]:
    """The ids of the documents in the store (those with a ``graph:corpus/{doc}``)."""
    return sorted(g[len(_CORPUS) :] for g in store.graphs() if g.startswith(_CORPUS))


def delete_document(store: Store, doc: str) -> Removal:
    """Remove ``doc``'s graph and its argument map's, all or nothing; ``NotFoundError``
    when the store holds neither."""
    targets = [graphs.corpus(doc), graphs.argmap(doc)] if _DOC.fullmatch(doc) else []
    if not any(store.has_graph(g) for g in targets):
        known = ", ".join(documents(store)) or "none"
        raise NotFoundError(f"no document {doc!r} in the store (documents: {known})")
    return Removal(doc, remove_graphs(store, targets))
