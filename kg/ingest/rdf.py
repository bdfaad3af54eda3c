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

Every unit has a ``oa:TextPositionSelector`` (``IRI#position``) with its offsets
into the text file and ``tech:page``. Text is kept sparingly: the sentences that
carry citations hold their words (``c4o:hasContent``) as a quotation of at most
50 words (the project's rule is one sentence and 60 words; hyphenated words count
double in some checks, so we keep a margin), trimmed with an ellipsis; other
sentences only their offsets, unless ``sentences="all"`` is asked for.

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

import bisect
import json
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from kg.ingest.mentions import Mention
from kg.ingest.model import Citation, Document, Reference, Resolution, Sentence

__all__ = ["CUES", "cite_function", "cited_key", "document_ntriples", "quote", "sentence_of"]

BASE = "https://w3id.org/technocracy/"
ID = BASE + "id/"
TECH = BASE + "ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
DOCO = "http://purl.org/spar/doco/"
C4O = "http://purl.org/spar/c4o/"
CITO = "http://purl.org/spar/cito/"
BIRO = "http://purl.org/spar/biro/"
FRBR = "http://purl.org/vocab/frbr/core#"
FABIO = "http://purl.org/spar/fabio/"
OA = "http://www.w3.org/ns/oa#"
DCT = "http://purl.org/dc/terms/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"

CUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(term|terms|termed|coined|concept of)\b", re.I), "usesConceptIntroducedIn"),
    (re.compile(r"\b(define|defined|defines|definition)\b", re.I), "citesAsAuthority"),
    (re.compile(r"\b(argue|argued|argues|contends?)\b", re.I), "usesConclusionsFrom"),
    (
        re.compile(r"\b(critique|critiques|criticis|criticiz|critical of)", re.I),
        "citesForInformation",
    ),
)


@lru_cache(maxsize=4096)  # a sentence with several citations is asked about each
def cite_function(sentence_text: str) -> str | None:
    """The CiTO property a sentence's cue words imply, or None.

    >>> cite_function("what Dodge and Kitchin (2007) term 'automated management'")
    'usesConceptIntroducedIn'
    >>> cite_function("(Townsend 2013; Kitchin 2014)") is None
    True
    """
    for pattern, prop in CUES:
        if pattern.search(sentence_text):
            return prop
    return None


def quote(text: str, *, focus: int | None = None, max_words: int = 50) -> str:
    """``text`` as a quotation of at most ``max_words`` words, trimmed with an ellipsis
    around the character ``focus`` when it is longer.

    >>> quote("one two three four five", max_words=3, focus=8)
    '… two three four …'
    >>> quote("short enough")
    'short enough'
    """
    words = list(re.finditer(r"\S+", text))
    if len(words) <= max_words:
        return " ".join(m.group() for m in words)
    at = 0 if focus is None else max(0, bisect.bisect_right([m.start() for m in words], focus) - 1)
    first = min(max(0, at - max_words // 2), len(words) - max_words)
    chosen = " ".join(m.group() for m in words[first : first + max_words])
    return ("… " if first > 0 else "") + chosen + (" …" if first + max_words < len(words) else "")


def sentence_of(
    sentences: Sequence[Sentence], starts: Sequence[int], offset: int
) -> Sentence | None:
    """The sentence whose span holds ``offset``."""
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and sentences[i].start <= offset < sentences[i].end:
        return sentences[i]
    return None


def cited_key(citation: Citation) -> str:
    """The key a citation writes, normalised: ``Raco and Savini 2018``, ``Kitchin et al. 2017``.

    >>> cited_key(Citation("Sabatier and Jenkins-Smith 1993: 25", 0, 1,
    ...                    ("Sabatier", "Jenkins-Smith"), "1993"))
    'Sabatier and Jenkins-Smith 1993'
    """
    names = citation.surnames
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{joined}{' et al.' if citation.et_al else ''} {citation.year}"


def _iri(value: str) -> str:
    return f"<{value}>"


_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')


def _lit(value: str, lang: str | None = None) -> str:
    """A string literal as N-Triples writes it (JSON's escapes, which N-Triples shares;
    most strings need none).

    >>> _lit("plain"), _lit("été", "fr"), _lit('a "b"\\n') == json.dumps('a "b"\\n')
    ('"plain"', '"été"@fr', True)
    """
    if _NEEDS_ESCAPE.search(value) is None:
        escaped = f'"{value}"'
    else:
        escaped = json.dumps(value, ensure_ascii=False)
    return f"{escaped}@{lang}" if lang else escaped


def _int(value: int) -> str:
    return f'"{value}"^^<{XSD}integer>'


def _dec(value: float) -> str:
    return f'"{value:.2f}"^^<{XSD}decimal>'


def _bool(value: bool) -> str:
    return f'"{str(value).lower()}"^^<{XSD}boolean>'


_HAS_SELECTOR = f"<{OA}hasSelector>"
_IS_POSITION = f"<{RDF_TYPE}> <{OA}TextPositionSelector> ."
_START = f"<{OA}start>"
_END = f"<{OA}end>"
_PAGE = f"<{TECH}page>"
_INTEGER = f"<{XSD}integer>"


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} .")

    def position(self, unit: str, start: int, end: int, page: int) -> None:
        selector = unit[:-1].split("#", 1)[0] + "#position>"
        self.lines += (
            f"{unit} <{OA}hasSelector> {selector} .",
            f"{selector} <{RDF_TYPE}> <{OA}TextPositionSelector> .",
            f'{selector} <{OA}start> "{start}"^^<{XSD}integer> .',
            f'{selector} <{OA}end> "{end}"^^<{XSD}integer> .',
            f'{unit} <{TECH}page> "{page}"^^<{XSD}integer> .',
        )


def document_ntriples(
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
) -> Iterator[str]:
    """The N-Triples lines of one ingested document (works of the bibliography apart)."""
    w = _Writer()
    a = _iri(RDF_TYPE)
    part_of = _iri(FRBR + "partOf")
    content = _iri(C4O + "hasContent")
    text = _iri(f"{ID}text/{doc_id}")
    work = _iri(f"{ID}work/{doc_id}")
    w.add(text, a, _iri(FABIO + "Expression"))
    w.add(text, _iri(FRBR + "realizationOf"), work)
    w.add(text, _iri(DCT + "identifier"), _lit(text_name))
    w.add(text, _iri(TECH + "sha256"), _lit(text_sha256))
    w.add(
        text,
        _iri(DCT + "format"),
        _lit("text/markdown" if document.format == "markdown" else "text/plain"),
    )

    if document.front_matter:
        front = _iri(f"{ID}front-matter/{doc_id}")
        w.add(front, a, _iri(DOCO + "FrontMatter"))
        w.add(front, part_of, text)
        w.position(front, *document.front_matter, 0)

    sections = {}
    for heading in document.headings:
        unit = _iri(f"{ID}section/{doc_id}/{heading.slug}")
        sections[heading.slug] = unit
        w.add(unit, a, _iri(DOCO + "Section"))
        w.add(unit, part_of, text)
        w.add(unit, _iri(DCT + "title"), _lit(heading.title))
        w.add(unit, _iri(RDFS + "label"), _lit(heading.title))
        w.position(unit, heading.start, heading.end, heading.page)

    paragraphs = {}
    for para in document.paragraphs:
        unit = _iri(f"{ID}paragraph/{doc_id}/{para.index}")
        paragraphs[para.index] = unit
        w.add(unit, a, _iri(DOCO + "Paragraph"))
        w.add(unit, part_of, sections.get(para.section, text) if para.section else text)
        w.position(unit, para.start, para.end, para.page)

    cited_sentences = set()
    starts = [s.start for s in document.sentences]
    for citation in citations:
        found = sentence_of(document.sentences, starts, citation.start)
        if found is not None:
            cited_sentences.add(found.index)

    sentence_units = {}
    is_sentence = f"{a} {_iri(DOCO + 'Sentence')} ."
    sentence_prefix = f"<{ID}sentence/{doc_id}/"
    # (as _Writer.position makes it: cut at the first "#", which an odd doc id may hold)
    odd = sentence_prefix.split("#", 1)[0] + "#position>" if "#" in sentence_prefix else None
    lines = w.lines
    for sentence in document.sentences:  # the bulk of a long text: its lines written inline
        unit = f"{sentence_prefix}{sentence.index}>"
        selector = odd or f"{sentence_prefix}{sentence.index}#position>"
        sentence_units[sentence.index] = unit
        lines += (
            f"{unit} {is_sentence}",
            f"{unit} {part_of} {paragraphs.get(sentence.paragraph, text)} .",
            f"{unit} {_HAS_SELECTOR} {selector} .",
            f"{selector} {_IS_POSITION}",
            f'{selector} {_START} "{sentence.start}"^^{_INTEGER} .',
            f'{selector} {_END} "{sentence.end}"^^{_INTEGER} .',
            f'{unit} {_PAGE} "{sentence.page}"^^{_INTEGER} .',
        )
        if sentences == "all" or (sentences == "context" and sentence.index in cited_sentences):
            w.add(unit, content, _lit(quote(sentence.text)))

    for note in document.footnotes:
        unit = _iri(f"{ID}footnote/{doc_id}/{note.label}")
        w.add(unit, a, _iri(DOCO + "Footnote"))
        w.add(unit, part_of, text)
        w.add(unit, _iri(RDFS + "label"), _lit(f"footnote {note.label}"))
        w.add(unit, content, _lit(quote(note.text)))
        w.position(unit, note.start, note.end, note.page)
        if note.marker_start is not None and note.marker_end is not None:
            marker = _iri(f"{ID}footnote/{doc_id}/{note.label}#marker")
            w.add(unit, _iri(TECH + "markedAt"), marker)
            w.add(marker, a, _iri(OA + "TextPositionSelector"))
            w.add(marker, _iri(OA + "start"), _int(note.marker_start))
            w.add(marker, _iri(OA + "end"), _int(note.marker_end))

    table_units = []
    for n, table in enumerate(document.tables, start=1):
        unit = _iri(f"{ID}table/{doc_id}/{n}")
        table_units.append((table, unit))
        w.add(unit, a, _iri(DOCO + "Table"))
        w.add(unit, part_of, text)
        w.add(unit, _iri(RDFS + "label"), _lit(table.label))
        w.add(unit, _iri(DCT + "title"), _lit(table.caption))
        w.add(
            unit, content, _lit(quote(" ".join(x for x in (table.label + ":", table.caption) if x)))
        )
        w.position(unit, table.start, table.end, table.page)

    ref_list = _iri(f"{ID}reference/{doc_id}")
    w.add(ref_list, a, _iri(BIRO + "ReferenceList"))
    w.add(ref_list, part_of, work)
    if document.references:
        w.add(ref_list, a, _iri(DOCO + "Bibliography"))
        w.position(ref_list, *document.references, _page(document, document.references[0]))
    cited_as: dict[str, set[str]] = {}
    for reference in references:
        unit = _iri(f"{ID}reference/{doc_id}/{reference.id}")
        w.add(unit, a, _iri(BIRO + "BibliographicReference"))
        w.add(unit, _iri(BIRO + "references"), _iri(f"{ID}work/{reference.id}"))
        w.add(unit, part_of, ref_list)
        w.add(work, _iri(CITO + "cites"), _iri(f"{ID}work/{reference.id}"))
        if reference.raw:
            w.add(unit, _iri(DCT + "bibliographicCitation"), _lit(reference.raw))
        if reference.note:
            w.add(unit, _iri("http://www.w3.org/2004/02/skos/core#note"), _lit(reference.note))

    pointer = _iri(C4O + "InTextReferencePointer")
    is_part_of = _iri(DCT + "isPartOf")
    cited_as_ = _iri(TECH + "citedAs")
    cited_year = _iri(TECH + "citedYear")
    narrative = _iri(TECH + "narrativeCitation")
    has_context = _iri(C4O + "hasContext")
    confidence = _iri(TECH + "resolutionConfidence")
    reason = _iri(TECH + "resolutionReason")
    denotes = _iri(C4O + "denotes")
    for n, (citation, resolution) in enumerate(zip(citations, resolutions, strict=True), start=1):
        unit = _iri(f"{ID}citation/{doc_id}/{n}")
        w.add(unit, a, pointer)
        w.add(unit, content, _lit(citation.text))
        w.add(unit, is_part_of, text)
        w.add(unit, cited_as_, _lit(cited_key(citation)))
        w.add(unit, cited_year, _lit(citation.year))
        if citation.locator:
            w.add(unit, _iri(TECH + "locator"), _lit(citation.locator))
        if citation.prefix:
            w.add(unit, _iri(TECH + "citationPrefix"), _lit(citation.prefix))
        w.add(unit, narrative, _bool(citation.narrative))
        if citation.secondary:
            w.add(unit, _iri(TECH + "secondaryCitation"), _bool(True))
        found = sentence_of(document.sentences, starts, citation.start)
        page = found.page if found else _page(document, citation.start)
        w.position(unit, citation.start, citation.end, page)
        holder = next((u for t, u in table_units if t.start <= citation.start < t.end), None)
        if found is None and holder is not None:  # a table's source line
            w.add(unit, has_context, holder)
        if found is not None:
            w.add(unit, has_context, sentence_units[found.index])
            if found.paragraph in paragraphs:
                w.add(unit, is_part_of, paragraphs[found.paragraph])
            if found.section in sections:
                w.add(unit, is_part_of, sections[found.section])
        w.add(unit, confidence, _dec(resolution.confidence))
        w.add(unit, reason, _lit(resolution.reason))
        if resolution.reference is None:
            continue
        cited = _iri(f"{ID}work/{resolution.reference}")
        reference = _iri(f"{ID}reference/{doc_id}/{resolution.reference}")
        w.add(unit, denotes, reference)
        cited_as.setdefault(resolution.reference, set()).add(cited_key(citation))
        function = cite_function(found.text) if found is not None else None
        if function:  # a CiTO citation act, typed by what the sentence says
            w.add(unit, a, _iri(CITO + "Citation"))
            w.add(unit, _iri(CITO + "hasCitingEntity"), work)
            w.add(unit, _iri(CITO + "hasCitedEntity"), cited)
            w.add(unit, _iri(CITO + "hasCitationCharacterization"), _iri(CITO + function))
            w.add(work, _iri(CITO + function), cited)
    for ref_id, keys in cited_as.items():
        for key in sorted(keys):
            w.add(_iri(f"{ID}reference/{doc_id}/{ref_id}"), _iri(TECH + "citedAs"), _lit(key))

    annotation = _iri(OA + "Annotation")
    motivated = f"{_iri(OA + 'motivatedBy')} {_iri(OA + 'identifying')}"
    has_body, has_target = _iri(OA + "hasBody"), _iri(OA + "hasTarget")
    has_source, subject = _iri(OA + "hasSource"), _iri(DCT + "subject")
    located = [(m, sentence_of(document.sentences, starts, m.start)) for m in mentions]
    for n, (mention, found) in enumerate(((m, s) for m, s in located if s is not None), start=1):
        unit = _iri(f"{ID}mention/{doc_id}/{n}")
        target = _iri(f"{ID}mention/{doc_id}/{n}#target")
        term = _iri(mention.term)
        w.lines += (
            f"{unit} {a} {annotation} .",
            f"{unit} {motivated} .",
            f"{unit} {has_body} {term} .",
            f"{unit} {has_target} {target} .",
            f"{target} {has_source} {sentence_units[found.index]} .",
        )
        w.position(target, mention.start, mention.end, found.page)
        w.add(sentence_units[found.index], subject, term)
    return iter(w.lines)


def _page(document: Document, offset: int) -> int:
    for page in document.pages:
        if page.start <= offset < page.end:
            return page.number
    return 1
