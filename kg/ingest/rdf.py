"""An ingested text as RDF: DoCO units, C4O in-text reference pointers, BiRO
references, CiTO citations and Web Annotation concept mentions.

IRIs (``D`` is the document's id)::

    text:D                       the text file (fabio:Expression), realising work:D
    tkid:section/D/SLUG          doco:Section     frbr:partOf text:D
    tkid:paragraph/D/N           doco:Paragraph   frbr:partOf its section
    tkid:sentence/D/N            doco:Sentence    frbr:partOf its paragraph
    tkid:footnote/D/LABEL        doco:Footnote    tech:markedAt the marker's position
    tkid:table/D/N               doco:Table
    tkid:citation/D/N            c4o:InTextReferencePointer (and cito:Citation with a cue)
    tkid:reference/D/ID          biro:BibliographicReference -> work:ID
    tkid:mention/D/N             oa:Annotation: a term identified in a sentence

Every unit carries its offsets into the text file on itself, as NIF does
(``nif:beginIndex``, ``nif:endIndex``; no selector node), and ``tech:page``; a mention,
a Web Annotation, has them on its target's ``oa:TextPositionSelector`` (``IRI#position``),
its page is its sentence's; so is a citation's where the same (``c4o:hasContext/tech:page``;
one in a footnote or across a page break has its own), and its paragraph and section
(``c4o:hasContext/frbr:partOf+``). The sentences that carry citations hold their words
(``c4o:hasContent``) as a quotation of at most 50 words (the project's rule is one
sentence and 60 words; hyphenated words count double in some checks, so we keep a
margin), trimmed with an ellipsis; other sentences only their offsets, unless
``sentences="all"`` is asked for.

Citation functions are read from clear cues in the citing sentence and recorded as
a ``cito:Citation`` on the pointer with its ``cito:hasCitationCharacterization`` (and
the direct CiTO property between the works); without a cue, the works are linked by
plain ``cito:cites`` only:

==============================================  =================================
cue in the sentence                             CiTO
==============================================  =================================
term, termed, coined, concept of                cito:usesConceptIntroducedIn
define, defined, defines, definition            cito:citesAsAuthority
argue, argued, argues, contend                  cito:usesConclusionsFrom
critique, critiques, criticise, critical of     cito:citesForInformation
==============================================  =================================
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import chain

from kg.ingest.context import citing_sentence, sentence_of
from kg.ingest.entries import reference_lines
from kg.ingest.mentions import Mention
from kg.ingest.model import Citation, Document, Reference, Resolution
from kg.ingest.wording import CUES, cite_function, cited_key, quote
from kg.rdf.namespaces import (
    BIRO,
    C4O,
    CITO,
    DCTERMS,
    DOCO,
    FABIO,
    FRBR,
    ID,
    NIF,
    OA,
    RDF,
    RDFS,
    XSD,
)
from kg.rdf.ntriples import iri, literal, typed
from kg.rdf.vocab import TECH

__all__ = [
    "CUES",
    "cite_function",
    "cited_key",
    "document_blocks",
    "document_ntriples",
    "quote",
    "reference_lines",
    "sentence_of",
]

_XSD_DECIMAL = str(XSD.decimal)
_TRUE = typed("true", XSD.boolean)


def _dec(value: float) -> str:
    return typed(f"{value:.2f}", _XSD_DECIMAL)


# the terms the lines are made of, written once (kg.rdf.ntriples)
_A = iri(RDF.type)
_LABEL = iri(RDFS.label)
_TITLE = iri(DCTERMS.title)
_IS_PART_OF = iri(DCTERMS.isPartOf)
_PART_OF = iri(FRBR.partOf)
_CONTENT = iri(C4O.hasContent)
_HAS_SELECTOR = iri(OA.hasSelector)
_POSITION_SELECTOR = iri(OA.TextPositionSelector)
_IS_POSITION = f"{_A} {_POSITION_SELECTOR} ."
_START = iri(OA.start)
_END = iri(OA.end)
_BEGIN_INDEX = iri(NIF.beginIndex)
_END_INDEX = iri(NIF.endIndex)
_OFFSET = iri(XSD.integer)  # as Oxigraph keeps integers: every store answers alike
_PAGE = iri(TECH.page)
_INTEGER = iri(XSD.integer)
_SECTION = iri(DOCO.Section)
_PARAGRAPH = iri(DOCO.Paragraph)
_FOOTNOTE = iri(DOCO.Footnote)
_TABLE = iri(DOCO.Table)
_CITES = iri(CITO.cites)
_LOCATOR = iri(TECH.locator)
_CITATION_PREFIX = iri(TECH.citationPrefix)
_SECONDARY = iri(TECH.secondaryCitation)
_CITATION = iri(CITO.Citation)
_CITING = iri(CITO.hasCitingEntity)
_CITED = iri(CITO.hasCitedEntity)
_CHARACTERIZATION = iri(CITO.hasCitationCharacterization)
_MARKED_AT = iri(TECH.markedAt)
_ID, _CITO, _XSD_INTEGER = str(ID), str(CITO), str(XSD.integer)


class _Writer:
    """The lines of one document as they are made, each once. ``add`` passes a line through
    ``seen`` (shared with whatever else writes the same graph); ``fresh`` takes lines that
    are unique as made, those of the numbered units (paragraphs, sentences, citations,
    mentions: no other line has their subjects), so that ``seen`` stays small while the
    bulk of a long text streams past it; ``take`` hands over the lines made since the last.
    Where a document id holds ``#`` the mentions' selectors coincide (see ``selector``),
    and every line goes through ``seen``."""

    def __init__(self, seen: set[str] | None = None, *, unique: bool = True) -> None:
        self.seen: set[str] = set() if seen is None else seen
        self.unique = unique
        self.lines: list[str] = []

    def add(self, s: str, p: str, o: str) -> None:
        self.once(f"{s} {p} {o} .")

    def once(self, line: str) -> None:
        if line not in self.seen:
            self.seen.add(line)
            self.lines.append(line)

    def fresh(self, lines: Sequence[str]) -> None:
        if self.unique:
            self.lines += lines
        else:
            for line in lines:
                self.once(line)

    def take(self) -> list[str]:
        taken, self.lines = self.lines, []
        return taken

    def position(
        self, unit: str, start: int, end: int, page: int | None, *, fresh: bool = False
    ) -> None:
        """A unit's offsets (NIF's, on the unit itself) and its page."""
        lines: tuple[str, ...] = (
            f'{unit} {_BEGIN_INDEX} "{start}"^^{_OFFSET} .',
            f'{unit} {_END_INDEX} "{end}"^^{_OFFSET} .',
        )
        if page is not None:
            lines += (f'{unit} {_PAGE} "{page}"^^{_INTEGER} .',)
        if fresh:
            self.fresh(lines)
        else:
            for line in lines:
                self.once(line)

    def selector(self, target: str, start: int, end: int) -> None:
        """A Web Annotation target's ``oa:TextPositionSelector``: ``UNIT#position``, where
        ``TARGET`` is ``UNIT#target``."""
        selector = target[:-1].split("#", 1)[0] + "#position>"
        self.fresh(
            (
                f"{target} {_HAS_SELECTOR} {selector} .",
                f"{selector} {_IS_POSITION}",
                f'{selector} {_START} "{start}"^^{_INTEGER} .',
                f'{selector} {_END} "{end}"^^{_INTEGER} .',
            )
        )


#: lines handed over at a time while the units stream past
_BATCH = 4096


def document_blocks(
    doc_id: str,
    document: Document,
    citations: Sequence[Citation],
    resolutions: Sequence[Resolution],
    references: Sequence[Reference],
    mentions: Sequence[Mention],
    *,
    text_name: str,
    text_sha256: str,
    sentences: str = "context",
    works: Mapping[str, str] | None = None,
    seen: set[str] | None = None,
) -> Iterator[list[str]]:
    """The N-Triples lines of one ingested document (works of the bibliography apart), each
    once, made as they are asked for, a block (a list) at a time: a long text's lines are
    never all held at once, and whoever writes them handles blocks, not lines.
    ``works`` maps a reference's id to its work's (kg.ingest.works; by default the same);
    ``seen`` holds lines written already to the same graph, which are not written again
    (lines of the numbered units excepted: they are unique as made)."""
    work_of = {r.id: iri(f"{_ID}work/{(works or {}).get(r.id, r.id)}") for r in references}
    w = _Writer(seen, unique="#" not in doc_id)
    text = iri(f"{_ID}text/{doc_id}")
    work = iri(f"{_ID}work/{doc_id}")
    w.add(text, _A, iri(FABIO.Expression))
    w.add(text, iri(FRBR.realizationOf), work)
    w.add(text, iri(DCTERMS.identifier), literal(text_name))
    w.add(text, iri(TECH.sha256), literal(text_sha256))
    w.add(
        text,
        iri(DCTERMS.format),
        literal("text/markdown" if document.format == "markdown" else "text/plain"),
    )

    if document.front_matter:
        front = iri(f"{_ID}front-matter/{doc_id}")
        w.add(front, _A, iri(DOCO.FrontMatter))
        w.add(front, _PART_OF, text)
        w.position(front, *document.front_matter, 0)

    sections = {}
    for heading in document.headings:
        unit = iri(f"{_ID}section/{doc_id}/{heading.slug}")
        sections[heading.slug] = unit
        w.add(unit, _A, _SECTION)
        w.add(unit, _PART_OF, text)
        w.add(unit, _TITLE, literal(heading.title))
        w.add(unit, _LABEL, literal(heading.title))
        w.position(unit, heading.start, heading.end, heading.page)
    yield w.take()

    paragraphs = {}
    for para in document.paragraphs:
        unit = iri(f"{_ID}paragraph/{doc_id}/{para.index}")
        paragraphs[para.index] = unit
        part_of = sections.get(para.section, text) if para.section else text
        w.fresh((f"{unit} {_A} {_PARAGRAPH} .", f"{unit} {_PART_OF} {part_of} ."))
        w.position(unit, para.start, para.end, para.page, fresh=True)
        if len(w.lines) >= _BATCH:
            yield w.take()

    cited_sentences = set()
    starts = [s.start for s in document.sentences]
    for citation in citations:
        found = citing_sentence(document, starts, citation.start)
        if found is not None:
            cited_sentences.add(found.index)

    sentence_units = {}
    is_sentence = f"{_A} {iri(DOCO.Sentence)} ."
    sentence_prefix = f"<{_ID}sentence/{doc_id}/"
    for sentence in document.sentences:  # the bulk of a long text: its lines written inline
        unit = f"{sentence_prefix}{sentence.index}>"
        sentence_units[sentence.index] = unit
        w.fresh(
            (
                f"{unit} {is_sentence}",
                f"{unit} {_PART_OF} {paragraphs.get(sentence.paragraph, text)} .",
                f'{unit} {_BEGIN_INDEX} "{sentence.start}"^^{_OFFSET} .',
                f'{unit} {_END_INDEX} "{sentence.end}"^^{_OFFSET} .',
                f'{unit} {_PAGE} "{sentence.page}"^^{_INTEGER} .',
            )
        )
        if sentences == "all" or (sentences == "context" and sentence.index in cited_sentences):
            w.fresh((f"{unit} {_CONTENT} {literal(quote(sentence.text))} .",))
        if len(w.lines) >= _BATCH:
            yield w.take()
    del cited_sentences

    for note in document.footnotes:
        unit = iri(f"{_ID}footnote/{doc_id}/{note.label}")
        w.add(unit, _A, _FOOTNOTE)
        w.add(unit, _PART_OF, text)
        w.add(unit, _LABEL, literal(f"footnote {note.label}"))
        w.add(unit, _CONTENT, literal(quote(note.text)))
        w.position(unit, note.start, note.end, note.page)
        if note.marker_start is not None and note.marker_end is not None:
            marker = iri(f"{_ID}footnote/{doc_id}/{note.label}#marker")
            w.add(unit, _MARKED_AT, marker)
            w.add(marker, _A, _POSITION_SELECTOR)
            w.add(marker, _START, typed(note.marker_start, _XSD_INTEGER))
            w.add(marker, _END, typed(note.marker_end, _XSD_INTEGER))

    table_units = []
    for n, table in enumerate(document.tables, start=1):
        unit = iri(f"{_ID}table/{doc_id}/{n}")
        table_units.append((table, unit))
        w.add(unit, _A, _TABLE)
        w.add(unit, _PART_OF, text)
        w.add(unit, _LABEL, literal(table.label))
        w.add(unit, _TITLE, literal(table.caption))
        w.add(
            unit,
            _CONTENT,
            literal(quote(" ".join(x for x in (table.label + ":", table.caption) if x))),
        )
        w.position(unit, table.start, table.end, table.page)

    ref_list = iri(f"{_ID}reference/{doc_id}")
    w.add(ref_list, _A, iri(BIRO.ReferenceList))
    w.add(ref_list, _PART_OF, work)
    if document.references:
        w.add(ref_list, _A, iri(DOCO.Bibliography))
        w.position(ref_list, *document.references, _page(document, document.references[0]))
    cited_as: dict[str, set[str]] = {}
    for n, reference in enumerate(references, start=1):
        for line in reference_lines(doc_id, n, reference, work=work_of[reference.id]):
            w.once(line)
        w.add(work, _CITES, work_of[reference.id])
    yield w.take()

    pointer = iri(C4O.InTextReferencePointer)
    cited_as_ = iri(TECH.citedAs)
    cited_year = iri(TECH.citedYear)
    narrative = iri(TECH.narrativeCitation)
    has_context = iri(C4O.hasContext)
    confidence = iri(TECH.resolutionConfidence)
    reason = iri(TECH.resolutionReason)
    denotes = iri(C4O.denotes)
    # the terms many citations share, written once: reasons, confidences, entries
    reasons: dict[str, str] = {}
    confidences: dict[float, str] = {}
    entries: dict[str, str] = {}
    citation_prefix = f"<{_ID}citation/{doc_id}/"
    is_pointer, part_of_text = f"{_A} {pointer} .", f"{_IS_PART_OF} {text} ."
    for n, (citation, resolution) in enumerate(zip(citations, resolutions, strict=True), start=1):
        unit = f"{citation_prefix}{n}>"
        key = cited_key(citation)
        own = [  # the lines about this citation alone: unique as made
            f"{unit} {is_pointer}",
            f"{unit} {_CONTENT} {literal(citation.text)} .",
            f"{unit} {part_of_text}",
            f"{unit} {cited_as_} {literal(key)} .",
        ]
        if citation.year:
            own.append(f"{unit} {cited_year} {literal(citation.year)} .")
        if citation.locator:
            own.append(f"{unit} {_LOCATOR} {literal(citation.locator)} .")
        if citation.prefix:
            own.append(f"{unit} {_CITATION_PREFIX} {literal(citation.prefix)} .")
        if citation.narrative:  # (a parenthetical one has none: false, as the queries say)
            own.append(f"{unit} {narrative} {_TRUE} .")
        if citation.secondary:
            own.append(f"{unit} {_SECONDARY} {_TRUE} .")
        found = sentence_of(document.sentences, starts, citation.start)
        page = found.page if found else _page(document, citation.start)
        if document.footnotes:  # a footnote's citation: its marker's sentence
            found = citing_sentence(document, starts, citation.start)
        # its page only where its sentence's (c4o:hasContext/tech:page) is not the same
        own.append(f'{unit} {_BEGIN_INDEX} "{citation.start}"^^{_OFFSET} .')
        own.append(f'{unit} {_END_INDEX} "{citation.end}"^^{_OFFSET} .')
        if found is None or found.page != page:
            own.append(f'{unit} {_PAGE} "{page}"^^{_INTEGER} .')
        if found is None and table_units:
            holder = next((u for t, u in table_units if t.start <= citation.start < t.end), None)
            if holder is not None:  # a table's source line
                own.append(f"{unit} {has_context} {holder} .")
        if found is not None:
            # (its paragraph and section are the sentence's: c4o:hasContext/frbr:partOf+)
            own.append(f"{unit} {has_context} {sentence_units[found.index]} .")
        if (sure := confidences.get(resolution.confidence)) is None:
            sure = confidences[resolution.confidence] = _dec(resolution.confidence)
        own.append(f"{unit} {confidence} {sure} .")
        if (why := reasons.get(resolution.reason)) is None:
            why = reasons[resolution.reason] = literal(resolution.reason)
        own.append(f"{unit} {reason} {why} .")
        if resolution.reference is not None:
            cited = work_of.get(resolution.reference) or iri(f"{_ID}work/{resolution.reference}")
            if (entry := entries.get(resolution.reference)) is None:
                entry = entries[resolution.reference] = iri(
                    f"{_ID}reference/{doc_id}/{resolution.reference}"
                )
            own.append(f"{unit} {denotes} {entry} .")
            cited_as.setdefault(resolution.reference, set()).add(key)
            function = cite_function(found.text) if found is not None else None
            if function:  # a CiTO citation act, typed by what the sentence says
                own += (
                    f"{unit} {_A} {_CITATION} .",
                    f"{unit} {_CITING} {work} .",
                    f"{unit} {_CITED} {cited} .",
                    f"{unit} {_CHARACTERIZATION} {iri(_CITO + function)} .",
                )
                w.add(work, iri(_CITO + function), cited)
        w.fresh(own)
        if len(w.lines) >= _BATCH:
            yield w.take()
    for ref_id, keys in cited_as.items():
        for key in sorted(keys):
            w.add(iri(f"{_ID}reference/{doc_id}/{ref_id}"), iri(TECH.citedAs), literal(key))
    yield w.take()

    annotation = iri(OA.Annotation)
    has_body, has_target = iri(OA.hasBody), iri(OA.hasTarget)
    has_source, subject = iri(OA.hasSource), iri(DCTERMS.subject)
    located = ((m, sentence_of(document.sentences, starts, m.start)) for m in mentions)
    for n, (mention, found) in enumerate(((m, s) for m, s in located if s is not None), start=1):
        unit = iri(f"{_ID}mention/{doc_id}/{n}")
        target = iri(f"{_ID}mention/{doc_id}/{n}#target")
        term = iri(mention.term)
        w.fresh(
            (
                f"{unit} {_A} {annotation} .",
                f"{unit} {has_body} {term} .",
                f"{unit} {has_target} {target} .",
                f"{target} {has_source} {sentence_units[found.index]} .",
            )
        )
        w.selector(target, mention.start, mention.end)  # its page: its sentence's
        w.add(sentence_units[found.index], subject, term)
        if len(w.lines) >= _BATCH:
            yield w.take()
    yield w.take()


def document_ntriples(*args, **options) -> Iterator[str]:
    """The lines of :func:`document_blocks` (the same arguments), one by one."""
    return chain.from_iterable(document_blocks(*args, **options))


def _page(document: Document, offset: int) -> int:
    for page in document.pages:
        if page.start <= offset < page.end:
            return page.number
    return 1
