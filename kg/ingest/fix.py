"""One entry of an ingested document's reference list corrected, without ingesting it again.

``tkg fix-reference DOC N ENTRY`` (and ``PUT /documents/{id}/references/{n}``) replaces
entry ``N`` of the list (its position, from 1, as ``tkg references DOC`` shows it) with a
corrected one: a plain-text reference, one CSL-JSON item or one BibTeX entry (RIS too),
detected by content unless the format is named. The entry keeps its id, so its IRI and
every link to it stay; its fields, text, confidence and warnings, and the description of
its work, are the new entry's (a year letter is given as :func:`assign_year_suffixes`
gives it among the others).

The citations are then resolved again (:func:`kg.ingest.resolve.resolve`, on the
document's citations as the graph keeps them, against the corrected list): those that
resolved to the entry, those that resolved to nothing, and those that now resolve to it
take the new answer, with its confidence and reason; the others keep theirs. What hangs
on a resolution follows (``c4o:denotes``, the CiTO citation act and its property between
the works, the keys an entry is cited by). The graph is replaced in one transaction: all
of it or, on any error, none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import pyoxigraph as ox

from kg.bib.graph import load_document
from kg.bib.load import detect_format
from kg.errors import InputError
from kg.ingest.curated import apply_curated
from kg.ingest.listing import list_references
from kg.ingest.model import Citation, Reference
from kg.ingest.pipeline import _work_lines, check_doc_id
from kg.ingest.rdf import CUES, cite_function, reference_lines
from kg.ingest.references import (
    assign_year_suffixes,
    read_bibliography,
    read_plain_list,
    reference_from_csl,
)
from kg.ingest.resolve import resolve
from kg.rdf import graphs
from kg.rdf.namespaces import BIRO, C4O, CITO, DCTERMS, ID, RDF, XSD
from kg.rdf.vocab import TECH
from kg.resources import corpus_file
from kg.store import Store

__all__ = ["Fixed", "fix_reference", "read_entry"]

_NT = ox.RdfFormat.N_TRIPLES
_Term = ox.NamedNode | ox.BlankNode | ox.Literal
_N = ox.NamedNode
_TYPE, _POINTER = _N(str(RDF.type)), _N(str(C4O.InTextReferencePointer))
_CITED_AS, _YEAR = _N(str(TECH.citedAs)), _N(str(TECH.citedYear))
_DENOTES, _CONTEXT, _CONTENT = (
    _N(str(C4O.denotes)),
    _N(str(C4O.hasContext)),
    _N(str(C4O.hasContent)),
)
_CONFIDENCE, _REASON = _N(str(TECH.resolutionConfidence)), _N(str(TECH.resolutionReason))
_ACT, _CITING, _CITED = (
    _N(str(CITO.Citation)),
    _N(str(CITO.hasCitingEntity)),
    _N(str(CITO.hasCitedEntity)),
)
_CHARACTERIZATION = _N(str(CITO.hasCitationCharacterization))
_FUNCTIONS = {_N(str(CITO) + f) for _p, f in CUES}
_BIBLIOGRAPHIC_CITATION = _N(str(DCTERMS.bibliographicCitation))
_REFERS = _N(str(BIRO.references))
_RESOLUTION = {_DENOTES, _CONFIDENCE, _REASON, _CITING, _CITED, _CHARACTERIZATION}


@dataclass
class Fixed:
    """What a fix changed: the entry, and each citation whose resolution changed
    (``(citation number, before, after)``, reference ids or None)."""

    doc_id: str
    position: int
    reference: str
    before: str
    after: str
    changed: list[tuple[int, str | None, str | None]] = field(default_factory=list)
    resolved_before: int = 0
    resolved_after: int = 0
    citations: int = 0


def read_entry(data: str, *, format: str | None = None, name: str = "<entry>") -> Reference:
    """The one reference ``data`` holds: plain text (read leniently), or one structured
    entry (read strictly). Anything but one entry is an ``InputError``.

    >>> read_entry("Smith, J. (2020) A corrected title. Journal of Things 3: 1-9.").year
    2020
    """
    kind = format or detect_format(data)
    if kind in ("text", "txt", "plain"):
        refs, _warnings = read_plain_list(data, name=name)
    else:
        refs = read_bibliography(data, format=kind, name=name)
    if len(refs) != 1:
        raise InputError(f"{len(refs)} references found: give one", where=name)
    return refs[0]


def fix_reference(
    store: Store, doc: str, position: int, data: str, *, format: str | None = None
) -> Fixed:
    """Replace entry ``position`` of ``doc``'s reference list with the entry in ``data``
    and resolve its citations again (see the module's docstring), in one transaction."""
    check_doc_id(doc)
    records = list_references(store, doc)
    index = next((i for i, r in enumerate(records) if r["position"] == position), None)
    if index is None:
        raise InputError(
            f"no entry {position} in the reference list of {doc!r} (1 to {len(records)})",
            where="N",
        )
    refs = [_stored(r) for r in records]
    ref_id = refs[index].id
    entry = read_entry(data, format=format, name=f"entry {position}")
    refs[index] = replace(entry, id=ref_id, csl={**entry.csl, "id": ref_id}, line=None)
    refs[index] = assign_year_suffixes(refs)[index]
    graph = graphs.corpus(doc)
    triples = set(ox.parse(store.dump_graph(graph, format="nt"), format=_NT))

    # the entry and its work
    unit = _N(f"{ID}reference/{doc}/{ref_id}")
    # the work the entry refers to: its own key's, or one ingest found in the store before
    work = next((t.object for t in triples if (t.subject, t.predicate) == (unit, _REFERS)), None)
    work = work if isinstance(work, ox.NamedNode) else _N(f"{ID}work/{ref_id}")
    key = work.value.removeprefix(f"{ID}work/")
    others = _parsed(line for r in refs if r.id != ref_id for line in _work_lines(_item(r)))
    new = _parsed(
        [
            *reference_lines(doc, position, refs[index], work=f"<{work.value}>"),
            *_work_lines({**_item(refs[index]), "id": key}),
        ]
    )
    old = _parsed(_work_lines({**_item(_stored(records[index])), "id": key})) | {
        t
        for t in triples
        if t.subject == unit or (t.subject, t.predicate) == (work, _BIBLIOGRAPHIC_CITATION)
    }
    dropped = (old & triples) - others - new
    kept = triples - dropped
    held = {t.object for t in kept}  # a person or venue node another line still names stays
    triples = (
        kept
        | {t for t in dropped if t.subject != work and t.subject in held and t.subject != unit}
        | new
    )

    # the citations, resolved again
    fixed = Fixed(
        doc,
        position,
        ref_id,
        _shown(records[index]),
        _shown({"raw": refs[index].raw, "csl": refs[index].csl}),
    )
    pointers = sorted(
        (t.subject for t in triples if (t.predicate, t.object) == (_TYPE, _POINTER)), key=_number
    )
    by_subject: dict[ox.NamedNode, dict[ox.NamedNode, _Term]] = {}
    for t in triples:
        by_subject.setdefault(t.subject, {})[t.predicate] = t.object  # one value each, here
    citations = [_citation(by_subject[p]) for p in pointers]
    answers = resolve(citations, refs)
    curated = _curated(doc)
    if curated is not None:  # a scholar's settled reading stands over the new answers too
        answers = apply_curated(citations, answers, refs, *curated)
    doc_work = _N(f"{ID}work/{doc}")
    fixed.citations = len(pointers)
    for pointer, answer in zip(pointers, answers, strict=True):
        said = by_subject[pointer]
        before = _tail(said.get(_DENOTES))
        fixed.resolved_before += before is not None
        if before not in (ref_id, None) and answer.reference != ref_id:
            fixed.resolved_after += before is not None
            continue
        fixed.resolved_after += answer.reference is not None
        confidence = ox.Literal(f"{answer.confidence:.2f}", datatype=_N(str(XSD.decimal)))
        if answer.reference == before and (said.get(_CONFIDENCE), said.get(_REASON)) == (
            confidence,
            ox.Literal(answer.reason),
        ):
            continue  # as it was
        old_lines = {
            t
            for t in triples
            if t.subject == pointer
            and (t.predicate in _RESOLUTION or (t.predicate, t.object) == (_TYPE, _ACT))
        }
        lines = [
            f"{pointer} {_CONFIDENCE} {confidence} .",
            f"{pointer} {_REASON} {ox.Literal(answer.reason)} .",
        ]
        if answer.reference is not None:
            cited = _N(f"{ID}work/{answer.reference}")
            lines.append(f"{pointer} {_DENOTES} {_N(f'{ID}reference/{doc}/{answer.reference}')} .")
            context = by_subject.get(said.get(_CONTEXT), {}).get(_CONTENT)  # type: ignore[arg-type]
            function = cite_function(context.value) if isinstance(context, ox.Literal) else None
            if function:
                lines += [
                    f"{pointer} {_TYPE} {_ACT} .",
                    f"{pointer} {_CITING} {doc_work} .",
                    f"{pointer} {_CITED} {cited} .",
                    f"{pointer} {_CHARACTERIZATION} {_N(str(CITO) + function)} .",
                ]
        triples = (triples - old_lines) | _parsed(lines)
        if answer.reference != before:
            fixed.changed.append((_number(pointer), before, answer.reference))

    # what hangs on the resolutions: CiTO properties between the works, keys of entries
    chosen = set(pointers)
    triples = {
        t
        for t in triples
        if not (t.subject == doc_work and t.predicate in _FUNCTIONS)
        and not (t.predicate == _CITED_AS and t.subject not in chosen)
    }
    now: dict[ox.NamedNode, dict[ox.NamedNode, _Term]] = {}
    for t in triples:
        if t.subject in chosen and t.predicate != _TYPE:
            now.setdefault(t.subject, {})[t.predicate] = t.object
    derived = []
    for said in now.values():
        if _DENOTES in said:
            derived.append(f"{said[_DENOTES]} {_CITED_AS} {said[_CITED_AS]} .")
        if _CHARACTERIZATION in said:
            derived.append(f"{doc_work} {said[_CHARACTERIZATION]} {said[_CITED]} .")
    triples |= _parsed(derived)
    store.replace_graph(graph, ox.serialize(triples, format=_NT) or b"", format="nt")
    return fixed


def _stored(record: dict) -> Reference:
    """A reference as the graph keeps it (``kg.ingest.listing.list_references``)."""
    ref = reference_from_csl(
        {**record["csl"], "id": record["id"]},
        source="csl" if record["confidence"] == "high" else "text",
    )
    return replace(ref, raw=record["raw"], note=record["note"], warnings=tuple(record["warnings"]))


def _item(ref: Reference) -> dict:
    return {**ref.csl, "id": ref.id}


def _parsed(lines: Iterable[str]) -> set[ox.Quad]:
    return set(ox.parse(("\n".join(lines) + "\n").encode("utf-8"), format=_NT))


def _number(pointer: ox.NamedNode) -> int:
    return int(pointer.value.rsplit("/", 1)[-1])


def _tail(term: _Term | None) -> str | None:
    return term.value.rsplit("/", 1)[-1] if isinstance(term, ox.NamedNode) else None


def _curated(doc: str) -> tuple[dict[str, str], str] | None:
    """The curated key -> reference mapping of ``doc`` (its ``kg/corpus/{doc}.yaml``, as
    the build applies it), and where it comes from; None for a document without one."""
    path = corpus_file(f"{doc}.yaml")
    if not path.is_file():
        return None
    described = load_document(path)
    return (dict(described.citations), f"kg/corpus/{doc}.yaml") if described.citations else None


def _citation(said: dict) -> Citation:
    """A citation as the graph keeps it: its key (``Raco and Savini 2018``, ``[3]`` or a
    title in quotes, as :func:`kg.ingest.wording.cited_key` writes it) and year read back."""
    text = said.get(_CONTENT)
    content = text.value if text is not None else ""
    cited = said[_CITED_AS].value
    number = re.fullmatch(r"\[(\d+)\]", cited)
    if number:  # a numeric callout: no names, no year
        return Citation(content, 0, 0, (), "", number=int(number[1]), kind="numeric")
    year = said[_YEAR].value if _YEAR in said else ""
    names = cited.removesuffix(f" {year}")
    if names.startswith("\u201c") and names.endswith("\u201d"):  # a title used as author
        return Citation(content, 0, 0, (names[1:-1],), year, kind="title")
    et_al = names.endswith(" et al.")
    names = names.removesuffix(" et al.")
    first, _, last = names.rpartition(" and ")
    surnames = (*first.split(", "), last) if first else (last,)
    return Citation(content, 0, 0, surnames, year, et_al=et_al)


def _shown(record: dict) -> str:
    return record.get("raw") or record["csl"].get("title") or record["csl"].get("id", "")
