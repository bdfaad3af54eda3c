"""``tkg ingest``: a text and its bibliography into one named graph, replaced atomically.

Stages: read (UTF-8, not binary, not empty) → segment → bibliography (the file
given, else the reference list found in the text) → in-text citations → resolution
→ concept mentions → RDF → swap into ``graph:corpus/{doc}``. Everything is computed
before the store is touched, so bad input leaves the store as it was.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from kg.bib.worklines import work_lines
from kg.errors import InputError
from kg.ingest.curated import apply_curated
from kg.ingest.docid import check_doc_id
from kg.ingest.keyed import front_matter_bibliography
from kg.ingest.loose import all_citations
from kg.ingest.mentions import ConceptMatcher, Mention, load_matcher
from kg.ingest.model import Citation, Document, IngestWarning, Reference, Resolution
from kg.ingest.rdf import document_blocks
from kg.ingest.references import Bib, bibliography
from kg.ingest.resolve import resolve
from kg.ingest.segment import segment
from kg.ingest.source import check_size, keep_pdf_text, kept_name, read_pdf, read_text
from kg.ingest.works import Merge, WorkSource, link_works
from kg.rdf import graphs
from kg.rdf.ntriples import Lines, write_blocks
from kg.rdf.provenance import Input, add_provenance
from kg.rdf.slugs import slugify
from kg.store import Store

__all__ = [
    "IngestReport",
    "Ingested",
    "analyse",
    "apply_curated",
    "bibliography",
    "check_doc_id",
    "check_size",
    "graph_blocks",
    "graph_lines",
    "ingest",
    "iris_are_safe",
    "ntriples",
    "prepare",
    "read_text",
]

Step = Callable[[str], None]


@dataclass
class Ingested:
    """Everything found in one text, before it becomes RDF."""

    doc_id: str
    text: str
    document: Document
    references: list[Reference]
    citations: list[Citation]
    resolutions: list[Resolution]
    mentions: list[Mention]
    text_name: str
    sha256: str
    bibliography_source: str
    warnings: list[IngestWarning] = field(default_factory=list)
    works: dict[str, str] = field(default_factory=dict)  # reference id -> work id
    merged: list[Merge] = field(default_factory=list)  # references on works described elsewhere


@dataclass
class IngestReport:
    """What ``ingest`` wrote, and how long each stage took."""

    doc_id: str
    graph: str
    triples: int
    citations: int
    resolved: int
    references: int
    sentences: int
    mentions: int
    seconds: dict[str, float] = field(default_factory=dict)
    bibliography_source: str = ""
    warnings: list[IngestWarning] = field(default_factory=list)
    text_kept: str | None = None  # where the text made of a PDF was written
    merged: list[Merge] = field(default_factory=list)  # references on works already known


def _furniture(document: Document) -> list[tuple[int, int]]:
    """Spans no citation comes from: front matter, the reference list, and page furniture
    (running headers, page numbers) inside paragraphs. Footnotes stay: they cite too."""
    spans = [s for s in (document.front_matter, document.references) if s]
    spans += document.other_references
    notes = [(n.start, n.end) for n in document.footnotes]
    for paragraph in document.paragraphs:
        for gap in paragraph.gaps:
            if not any(a < gap[1] and gap[0] < b for a, b in notes):
                spans.append(gap)
    return sorted(set(spans))


def analyse(
    text: str,
    *,
    doc_id: str,
    matcher: ConceptMatcher | None,
    bib: Bib | Sequence[Bib] | None = None,
    text_name: str = "<text>",
    raw: bytes | None = None,
    step: Step | None = None,
    timings: dict[str, float] | None = None,
    not_cited: frozenset[str] = frozenset(),
    curated: Mapping[str, str] | None = None,
    curated_source: str = "a curated mapping",
) -> Ingested:
    """Find everything in ``text``; touches no store.

    ``not_cited`` names bibliography entries that are not works the text cites (the
    document itself, the book that holds it); they are left out of the candidates.
    ``curated`` maps keys as cited (``Kitchin 2016b``) to reference ids a scholar has
    settled; it overrides the automatic match, whose answer the reason keeps.
    """
    say = step or (lambda _m: None)
    clock = timings if timings is not None else {}

    def timed(name: str, action):
        say(name)
        started = time.perf_counter()
        result = action()
        clock[name] = clock.get(name, 0.0) + time.perf_counter() - started
        return result

    document = timed("segment", lambda: segment(text))
    references, source, warnings = timed(
        "bibliography", lambda: bibliography(text, document, bib, text_name)
    )
    references = [r for r in references if r.id not in not_cited and r.id != doc_id]
    exclude = _furniture(document)
    citations = timed(
        "citations", lambda: all_citations(text, document, references, exclude=exclude)
    )
    resolutions = timed("resolve", lambda: resolve(citations, references, text))
    if curated:
        resolutions = apply_curated(citations, resolutions, references, curated, curated_source)
    mentions = timed(
        "mentions",
        lambda: matcher.find(text, document.body[0], document.body[1]) if matcher else [],
    )
    data = raw if raw is not None else text.encode("utf-8")
    return Ingested(
        doc_id,
        text,
        document,
        references,
        citations,
        resolutions,
        mentions,
        text_name,
        hashlib.sha256(data).hexdigest(),
        source,
        warnings,
    )


def ntriples(
    found: Ingested, *, sentences: str = "context", meta: dict | None = None, ordered: bool = True
) -> list[str]:
    """The lines of :func:`graph_lines`, sorted (in no particular order without ``ordered``)."""
    lines = graph_lines(found, sentences=sentences, meta=meta)
    return sorted(lines) if ordered else list(lines)


def graph_lines(
    found: Ingested, *, sentences: str = "context", meta: dict | None = None
) -> Iterator[str]:
    """The lines of :func:`graph_blocks`, one by one."""
    return chain.from_iterable(graph_blocks(found, sentences=sentences, meta=meta))


def graph_blocks(
    found: Ingested, *, sentences: str = "context", meta: dict | None = None
) -> Iterator[list[str]]:
    """The RDF of an analysed text as N-Triples lines, each once, in no particular order,
    made as they are asked for, a block (a list) at a time (what is held is the analysis
    and the few lines that may repeat, not the lines: 250,000 of them for a
    citation-dense text of 1 MB).

    A journal or book is one node, its IRI a slug of its title, so a list that spells it
    two ways (``Gender, Work and Organization``, ``Gender Work and Organization``) names
    one venue: it gets the first spelling the list gives as its title, one title per
    source; each reference keeps its own words (``tech:cslItem``)."""
    seen: set[str] = set()
    yield from document_blocks(
        found.doc_id,
        found.document,
        found.citations,
        found.resolutions,
        found.references,
        found.mentions,
        text_name=found.text_name,
        text_sha256=found.sha256,
        sentences=sentences,
        works=found.works,
        seen=seen,
    )
    elsewhere = {m.reference for m in found.merged if m.source != found.doc_id}
    described = set()
    venues: dict[str, str] = {}  # venue slug -> the spelling it is given here
    items = []
    for reference in found.references:  # each work once; its doubt stays on the reference
        work = found.works.get(reference.id, reference.id)
        if work in described:
            continue
        described.add(work)
        item = {
            k: v for k, v in reference.csl.items() if reference.id not in elsewhere or k != "note"
        }
        item["id"] = work
        for key in ("container-title", "collection-title"):
            if isinstance(item.get(key), str):
                item[key] = venues.setdefault(slugify(item[key]), item[key])
        items.append(item)
    if meta:
        items.append({**meta, "id": found.doc_id})
    block: list[str] = []
    for item in items:
        for line in _work_lines(item):
            if line not in seen:
                seen.add(line)
                block.append(line)
    yield block


_SAFE_ID = re.compile(r"[A-Za-z0-9._~-]+")


def iris_are_safe(found: Ingested) -> bool:
    """Whether every IRI in the N-Triples of ``found`` is valid without checking them:
    the writer builds them from fixed prefixes, slugs, numbers, the ontology's terms and
    footnote labels, and from two things the input names, the document's id and its
    bibliography's ids; when these are plain (unreserved ASCII characters), a loader may
    skip IRI validation (``lenient``).

    >>> from dataclasses import replace
    >>> REF = Reference("w1", ("Smith",), 2019, "", None, None, None, None, {})
    >>> found = Ingested("doc-1", "", None, [REF], [], [], [], "t", "", "")  # type: ignore
    >>> iris_are_safe(found), iris_are_safe(replace(found, doc_id="a b"))
    (True, False)
    >>> iris_are_safe(replace(found, references=[replace(REF, id="x#1")]))
    False
    """
    ids = [found.doc_id, *(r.id for r in found.references), *found.works.values()]
    return all(_SAFE_ID.fullmatch(i) for i in ids)


_WORKS: dict[str, tuple[str, ...]] = {}


def _work_lines(item: dict) -> tuple[str, ...]:
    """The N-Triples lines of a cited work, memoised by its content: across a corpus the
    same works are cited again and again. (What :func:`~kg.bib.graph.add_work` writes
    depends on the item alone: no container titles are shared between works here;
    :func:`~kg.bib.worklines.work_lines` makes the same lines as strings.)"""
    try:
        key: str | None = json.dumps(item, sort_keys=True)
    except (TypeError, ValueError):
        key = None
    if key is not None and key in _WORKS:
        return _WORKS[key]
    found = tuple(work_lines(item))
    if key is not None:
        if len(_WORKS) >= 1 << 15:
            _WORKS.clear()
        _WORKS[key] = found
    return found


def ingest(
    store: Store,
    path: Path,
    *,
    bib: Path | Sequence[Path] | None = None,
    doc_id: str | None = None,
    meta: Path | None = None,
    sentences: str = "context",
    step: Step | None = None,
    max_bytes: int | None = None,
    keep_text: Path | None = None,
) -> IngestReport:
    """Ingest the text at ``path`` into ``graph:corpus/{doc_id}``, replacing it atomically.

    ``bib`` is one bibliography file or several, merged by DOI or by title and year.
    A text larger than ``max_bytes`` is refused before anything is read (memory grows with
    the text: see ``TKG_MAX_TEXT_BYTES``). The N-Triples go to a temporary file, and the
    analysis is let go before the store reads that file in one transaction, so the peak is
    the larger of the two, not their sum. A PDF's text is kept (see kg.ingest.source)."""
    say = step or (lambda _m: None)
    say("ontology labels")
    matcher = load_matcher(store)
    with tempfile.TemporaryDirectory(prefix="tkg-ingest-") as tmp:
        body = Path(tmp) / "graph.nt"
        report, lenient = prepare(
            path,
            body,
            matcher=matcher,
            bib=bib,
            doc_id=doc_id,
            meta=meta,
            sentences=sentences,
            step=step,
            max_bytes=max_bytes,
            keep_text=keep_text,
            works=store,
        )
        del matcher
        say("store")
        started = time.perf_counter()
        store.load_stream(body, format="nt", graph=report.graph, replace=True, lenient=lenient)
        report.seconds["store"] = time.perf_counter() - started
    return report


def prepare(
    path: Path,
    body: Path,
    *,
    matcher: ConceptMatcher | None,
    bib: Path | Sequence[Path] | None = None,
    doc_id: str | None = None,
    meta: Path | None = None,
    sentences: str = "context",
    step: Step | None = None,
    max_bytes: int | None = None,
    keep_text: Path | None = None,
    works: Store | WorkSource | None = None,
) -> tuple[IngestReport, bool]:
    """What :func:`ingest` does short of writing to the store: read and analyse the text
    at ``path`` and write its graph's N-Triples (provenance included) to ``body``; the
    report, and whether the IRIs may be loaded without validation (:func:`iris_are_safe`).
    The references are linked to the works ``works`` holds (kg.ingest.works; without it,
    within the list only), which it only reads: without a store, it runs in a worker
    process as well (:mod:`kg.ingest.corpus`)."""
    say = step or (lambda _m: None)
    bib = bib or None  # an empty list of bibliographies is none
    timings: dict[str, float] = {}
    say("read")
    pdf = read_pdf(path, max_bytes=max_bytes)  # its text's size is checked, not the PDF's
    if pdf is None:
        check_size(path, max_bytes)
    text, raw = (pdf.text, pdf.text.encode("utf-8")) if pdf else read_text(path)
    if bib is None and not pdf:  # "bibliography: refs.bib" in a Markdown paper's front matter
        bib = front_matter_bibliography(text, path) or None
    meta_item = _read_meta(meta) if meta else None
    doc = doc_id or (meta_item or {}).get("id") or slugify(path.stem)
    if not doc:
        raise InputError("cannot make a document id from the file name; give --id", where=str(path))
    check_doc_id(doc)
    found = analyse(
        text,
        doc_id=doc,
        matcher=matcher,
        bib=bib,
        text_name=kept_name(path, keep_text) if pdf else path.name,
        raw=raw,
        step=say,
        timings=timings,
    )
    del text, matcher
    say("works")
    links = link_works(works, doc, found.references)
    found.works, found.merged = links.works, links.merged
    say("rdf")
    started = time.perf_counter()
    graph_iri = graphs.corpus(doc)
    inputs = [Input(path.name, pdf.data if pdf else raw)]
    del raw
    for one in [bib] if isinstance(bib, Path) else list(bib or []):
        inputs.append(Input(one.name, one.read_bytes()))
    prov = Lines()
    add_provenance(prov, graph_iri, inputs, activity=f"ingest-{doc}")
    del inputs
    report = IngestReport(
        doc_id=doc,
        graph=graph_iri,
        triples=0,
        citations=len(found.citations),
        resolved=sum(1 for r in found.resolutions if r.reference),
        references=len(found.references),
        sentences=len(found.document.sentences),
        mentions=len(found.mentions),
        seconds=timings,
        bibliography_source=found.bibliography_source,
        warnings=found.warnings,
        merged=found.merged,
    )
    report.text_kept = keep_pdf_text(pdf, path, keep_text) if pdf else None
    lenient = iris_are_safe(found)
    blocks = graph_blocks(found, sentences=sentences, meta=meta_item)
    del found  # held by the blocks until they are written, then let go
    report.triples = write_blocks(body, chain(blocks, [list(prov)]))
    del blocks, prov
    timings["rdf"] = time.perf_counter() - started
    return report, lenient


def _read_meta(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"the work's metadata is not CSL-JSON: {exc}", where=str(path)) from exc
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if not isinstance(data, dict):
        raise InputError("the work's metadata must be one CSL-JSON item", where=str(path))
    return data
