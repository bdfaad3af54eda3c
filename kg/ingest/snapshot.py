"""The default chapter's ingest output, committed as a snapshot.

The chapter's text stays outside the project (``TKG_CORPUS_DIR``). So that a clone
without it still serves the chapter's citations and contexts, the RDF that ingesting
it yields is kept in ``kg/corpus/{doc}.ingest.nt`` (sorted N-Triples; sentence
words only as quotations of at most 60 words). A test re-ingests the text and
requires the very same lines. After changing the ingester or the ontology's labels,
write it anew with ``tkg snapshot`` (a hidden verb).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kg.bib.graph import load_document
from kg.errors import InputError
from kg.resources import corpus_file
from kg.store import Store

__all__ = ["chapter_lines", "snapshot_path", "text_path", "write_snapshot"]


def snapshot_path(doc: str) -> Path:
    """Where the snapshot of ``doc`` lives."""
    return corpus_file(f"{doc}.ingest.nt")


def _text_path(doc: str, corpus_dir: Path | None):
    described = load_document(corpus_file(f"{doc}.yaml"))
    name = described.text.get("file")
    path = corpus_dir / name if corpus_dir is not None and name else None
    return path, described.text.get("sha256"), described


def text_path(doc: str, corpus_dir: Path | None) -> Path | None:
    """The text of ``doc`` a build reads, when it is at hand (else the snapshot is read)."""
    path = _text_path(doc, corpus_dir)[0]
    return path if path is not None and path.is_file() else None


def chapter_lines(store: Store, doc: str, corpus_dir: Path | None) -> tuple[list[str], str, bytes]:
    """The ingest lines of ``doc``: from its text when at hand (and unchanged), else from
    the snapshot. Returns the lines, where they came from, and the bytes read."""
    # The pipeline is imported here, not at the top: a build that finds itself up to date
    # asks only for text_path, and must not pay for importing the whole ingest.
    from kg.ingest.mentions import load_matcher
    from kg.ingest.pipeline import analyse, ntriples, read_text

    path, sha, described = _text_path(doc, corpus_dir)
    if path is not None and path.is_file():
        text, raw = read_text(path)
        if sha and hashlib.sha256(raw).hexdigest() != sha:
            raise InputError(
                f"the text differs from the one described in kg/corpus/{doc}.yaml (sha256)",
                where=str(path),
            )
        found = analyse(
            text,
            doc_id=doc,
            matcher=load_matcher(store),
            bib=corpus_file("references.csl.json"),
            text_name=path.name,
            raw=raw,
            not_cited=frozenset(x for x in (described.id, described.book) if x),
            curated=described.citations,
            curated_source=f"kg/corpus/{doc}.yaml",
        )
        return ntriples(found), str(path), raw
    snapshot = snapshot_path(doc)
    if not snapshot.is_file():
        raise InputError(
            f"neither the text nor a snapshot of {doc} is at hand", where=str(snapshot)
        )
    data = snapshot.read_bytes()
    return data.decode("utf-8").splitlines(), str(snapshot), data


def write_snapshot(store: Store, doc: str, corpus_dir: Path) -> Path:
    """Ingest ``doc`` from its text and write the snapshot."""
    lines, source, _ = chapter_lines(store, doc, corpus_dir)
    if not source.endswith(".txt") and not source.endswith(".md"):
        raise InputError("the text is not at hand; set TKG_CORPUS_DIR", where=source)
    path = snapshot_path(doc)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
