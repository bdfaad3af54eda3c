"""The analysis's output, hashed: a check that a change made for speed changes nothing.

Analyses the chapter, the EXCITE papers (``../shared/peer-tests/excite``) and some
synthetic papers (each with its reference list at its end, as ``bench.corpus`` writes
them, and a few with their CSL-JSON bibliography instead, as ``bench.ingest`` gives
them), and hashes, per text, what :func:`kg.ingest.pipeline.analyse` found (its model
objects' ``repr``) and the sorted N-Triples made of it. ``--save FILE`` writes the
hashes; ``--check FILE`` compares with hashes saved before and names the texts that
differ (exit status 1). Run it with ``PYTHONHASHSEED=0`` both times: a ``repr`` may
show a set.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from bench.synthetic import corpus
from kg.build import build
from kg.ingest.mentions import ConceptMatcher, concept_labels
from kg.ingest.pipeline import analyse, ntriples
from kg.settings import default_corpus_dir
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
EXCITE = ROOT.parent / "shared" / "peer-tests" / "excite" / "papers"
CHAPTER = "kitchin2019-smart-cities-algorithmic-technocracy.txt"


def texts(synthetic: int = 20) -> list[tuple[str, str, str | None]]:
    """(name, text, CSL-JSON bibliography or None) of every text checked."""
    out: list[tuple[str, str, str | None]] = []
    chapter = default_corpus_dir()
    if chapter is not None and (chapter / CHAPTER).is_file():
        out.append(("chapter", (chapter / CHAPTER).read_text(encoding="utf-8"), None))
    for path in sorted(EXCITE.glob("*/text.txt")):
        out.append((f"excite{path.parent.name}", path.read_text(encoding="utf-8"), None))
    for n, paper in enumerate(corpus(synthetic)):
        out.append((paper.id, paper.text, None))
        if n < 3:
            out.append((paper.id + "-csl", paper.text, json.dumps(paper.bibliography)))
    return out


def fingerprint(name: str, text: str, bib: str | None, matcher: ConceptMatcher) -> str:
    """The hash of what the analysis of one text finds, and of its N-Triples."""
    found = analyse(text, doc_id=name, matcher=matcher, bib=bib, text_name=f"{name}.txt")
    digest = hashlib.sha256()
    for part in (
        found.document,
        found.references,
        found.citations,
        found.resolutions,
        found.mentions,
        found.warnings,
        found.bibliography_source,
    ):
        digest.update(repr(part).encode("utf-8"))
    for line in ntriples(found):
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--check", type=Path)
    parser.add_argument("--synthetic", type=int, default=20)
    args = parser.parse_args()
    store = open_store("memory")
    build(store, reason=False)
    matcher = ConceptMatcher(concept_labels(store))
    hashes = {name: fingerprint(name, t, bib, matcher) for name, t, bib in texts(args.synthetic)}
    whole = hashlib.sha256(json.dumps(hashes, sort_keys=True).encode()).hexdigest()
    print(f"{len(hashes)} texts, fingerprint {whole}")
    if args.save:
        args.save.write_text(json.dumps(hashes, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if args.check:
        before = json.loads(args.check.read_text(encoding="utf-8"))
        differ = sorted(k for k in before.keys() | hashes.keys() if before.get(k) != hashes.get(k))
        print("same as before" if not differ else f"{len(differ)} differ: {', '.join(differ)}")
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
