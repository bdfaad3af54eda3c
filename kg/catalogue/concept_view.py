"""Everything a reader asks of one concept, gathered for its page: what it means and who
coined it (with authors and year, not a bare title), where the ingested texts discuss it
and whom those sentences cite, the claims about it and the works that ground them, and
its neighbours in the ontology.

A few reads whatever the concept and however many texts discuss it: its description
(``kg.catalogue.records.concept``), the named queries ``concept-works`` (its sources and
the works grounding claims about it, with their authors, read from every graph but the
texts'), ``concept-sentences`` (a page of the sentences discussing it) and
``argmap-claims-about``; then the citations of the page's sentences and the works they
cite, for those sentences alone.

>>> from kg.store import open_store
>>> store = open_store("memory")
>>> _ = store.replace_graph("http://example.org/g", '''
...   @prefix tech: <https://w3id.org/technocracy/ontology#> .
...   @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
...   @prefix dct: <http://purl.org/dc/terms/> .
...   @prefix fabio: <http://purl.org/spar/fabio/> .
...   tech:A skos:prefLabel "alpha"@en ; dct:source <https://w3id.org/technocracy/id/work/w> .
...   <https://w3id.org/technocracy/id/work/w> dct:title "W" ; fabio:hasPublicationYear "2001" .
... ''', format="ttl")
>>> view = concept_view(store, "A")
>>> view.concept.label, [(w.slug, w.year) for w in view.sources]
('alpha', [('w', '2001')])
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, Field

from kg.catalogue.cited_works import work_rows
from kg.catalogue.concept_sentences import sentence_rows
from kg.catalogue.records import ConceptDetail, concept
from kg.rdf import graphs
from kg.rdf.namespaces import ID, WORK
from kg.store import Store, Term
from kg.store.named import NamedQuery, load_queries, run_named_query

__all__ = [
    "PAGE",
    "ClaimAbout",
    "ConceptView",
    "Discussion",
    "WorkRef",
    "concept_view",
    "sentence_place",
]


class WorkRef(BaseModel):
    """A work as a page names it: authors (family names, in order), year, title, DOI."""

    iri: str
    slug: str
    title: str | None = None
    year: str | None = None
    doi: str | None = None
    authors: list[str] = Field(default_factory=list)

    @property
    def label(self) -> str:
        """``Vanolo (2014)``, ``Kitchin and Coletta (2017)``, ``Kitchin et al. (2017)``;
        the identifier when the graph knows no author.

        >>> WorkRef(iri="x", slug="x", authors=["A", "B", "C"], year="2017").label
        'A et al. (2017)'
        """
        names = self.authors
        who = (" and ".join(names) if len(names) <= 2 else f"{names[0]} et al.") or self.slug
        return f"{who} ({self.year})" if self.year else who


class Discussion(BaseModel):
    """A sentence of an ingested text that mentions the concept, and the works it cites."""

    sentence: str
    doc: str | None = Field(default=None, description="the document's id, from the IRI")
    number: str | None = Field(default=None, description="the sentence's number in it")
    page: int | None = None
    section: str | None = None
    text: str | None = None
    cites: str | None = Field(default=None, description="the citations, as keyed")
    works: list[str] = Field(default_factory=list, description="IRIs of the works cited")


class ClaimAbout(BaseModel):
    """A claim (or argument) about the concept or a narrower one, with the works that
    ground it, directly or through what supports it."""

    iri: str
    map: str
    label: str
    text: str = ""
    quote: str | None = None
    page: int | None = None
    grounds: list[str] = Field(default_factory=list, description="IRIs of the works")


#: Sentences on a concept page: beside 1,000 papers a common concept is in thousands
PAGE = 100


class ConceptView(BaseModel):
    """The concept page's content."""

    concept: ConceptDetail
    sources: list[WorkRef] = Field(default_factory=list)
    discussions: list[Discussion] = Field(default_factory=list)
    discussions_total: int = Field(default=0, description="sentences on it in all")
    offset: int = Field(default=0, description="where this page of sentences starts")
    limit: int = Field(default=PAGE, description="sentences on a page")
    claims: list[ClaimAbout] = Field(default_factory=list)
    grounds: list[WorkRef] = Field(default_factory=list, description="works grounding claims")
    works: dict[str, WorkRef] = Field(default_factory=dict, description="every work, by IRI")


def _v(term: Term | None) -> str | None:
    return None if term is None else term.value


def _int(term: Term | None) -> int | None:
    value = _v(term)
    return int(value) if value is not None and value.lstrip("-").isdigit() else None


def sentence_place(iri: str) -> tuple[str | None, str | None]:
    """The document id and the number of a sentence, read from its IRI
    (``.../id/sentence/{doc}/{n}``); ``(None, None)`` for any other IRI.

    >>> sentence_place("https://w3id.org/technocracy/id/sentence/kitchin2019smart/26")
    ('kitchin2019smart', '26')
    """
    prefix = f"{ID}sentence/"
    doc, slash, number = iri.removeprefix(prefix).rpartition("/")
    if not iri.startswith(prefix) or not slash or not doc or "/" in doc:
        return None, None
    return doc, number


def _cell_number(cell: str | None) -> int:
    tail = (cell or "").rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _works(rows: list[dict[str, Term | None]]) -> tuple[dict[str, WorkRef], dict[str, set]]:
    """Each work once, its authors in the order of its author list; and the roles: the
    works by role, the grounds also by claim (``ground:{claim}``)."""
    works: dict[str, WorkRef] = {}
    authors: dict[str, dict[int, str]] = {}
    roles: dict[str, set] = {}
    for row in rows:
        iri = _v(row["work"])
        if iri is None:
            continue
        if iri not in works:
            works[iri] = WorkRef(
                iri=iri,
                slug=iri.removeprefix(str(WORK)),
                title=_v(row["title"]),
                year=_v(row["year"]),
                doi=_v(row["doi"]),
            )
        role = _v(row["role"]) or ""
        roles.setdefault(role, set()).add(iri)
        if claim := _v(row["claim"]):
            roles.setdefault(f"ground:{claim}", set()).add(iri)
        name = _v(row["family"]) or _v(row["name"])
        if row["cell"] is not None and name:
            authors.setdefault(iri, {})[_cell_number(_v(row["cell"]))] = name
    for iri, names in authors.items():
        works[iri].authors = [names[k] for k in sorted(names)]
    return works, roles


def _by_label(works: dict[str, WorkRef], iris: set[str]) -> list[WorkRef]:
    return sorted((works[i] for i in iris), key=lambda w: (w.label.casefold(), w.iri))


#: The citations of some sentences (a VALUES block of them opens the group) and the works
#: they resolve to: the page's sentences only, never every sentence on the concept.
_CITED = """PREFIX biro: <http://purl.org/spar/biro/>
PREFIX c4o: <http://purl.org/spar/c4o/>
PREFIX tech: <https://w3id.org/technocracy/ontology#>
SELECT ?sentence ?key ?work WHERE {
  ?citation c4o:hasContext ?sentence ; tech:citedAs ?key .
  OPTIONAL { ?citation c4o:denotes/biro:references ?work }
}"""
#: The title of the section of some sentences (a VALUES block of them opens the group).
_SECTIONS = """PREFIX dct: <http://purl.org/dc/terms/>
PREFIX frbr: <http://purl.org/vocab/frbr/core#>
SELECT ?sentence ?title WHERE { ?sentence frbr:partOf/frbr:partOf/dct:title ?title }"""


def _opened(text: str, name: str, iris: list[str]) -> str:
    """``text`` with a VALUES block of ``iris`` for ``?name`` opening its WHERE group."""
    values = " ".join(f"<{iri}>" for iri in iris)
    head, brace, rest = text.partition("WHERE {")
    return f"{head}{brace} VALUES ?{name} {{ {values} }}{rest}"


def _cited(store: Store, sentences: list[str]) -> dict[str, tuple[set[str], set[str]]]:
    """The keys and the works each of ``sentences`` cites."""
    out: dict[str, tuple[set[str], set[str]]] = {}
    if sentences:
        for row in store.query(_opened(_CITED, "sentence", sentences)).rows():
            keys, works = out.setdefault(_v(row["sentence"]) or "", (set(), set()))
            keys.add(_v(row["key"]) or "")
            if row["work"] is not None:
                works.add(row["work"].value)
    return out


def _not_texts(store: Store) -> list[str]:
    """Every graph but the texts' (``graph:corpus/...``): the ontology, the bibliography,
    the inferences, the argument maps, what ``tkg load`` loaded; where a concept's sources
    and its claims' grounds are."""
    return [g for g in store.graphs() if not g.startswith(graphs.corpus(""))]


def concept_view(
    store: Store,
    slug: str,
    *,
    queries: Mapping[str, NamedQuery] | None = None,
    limit: int = PAGE,
    offset: int = 0,
) -> ConceptView:
    """The page of the term ``slug`` of the ontology (``Smartmentality``), with ``limit``
    of the sentences discussing it from ``offset`` on; a ``NotFoundError`` when there is
    no such term.

    The sources and the grounds (``concept-works``) are read from every graph but the
    texts'; the sentences a page at a time (``concept-sentences``), then the citations of
    those sentences and the works they cite: a page reads what it shows, however many
    texts discuss the concept."""
    queries = queries if queries is not None else load_queries()
    detail = concept(store, slug, queries=queries)
    values = {"concept": detail.iri}
    found = run_named_query(store, queries["concept-works"], values, graphs=_not_texts(store))
    works, roles = _works(found.rows())
    rows, total = sentence_rows(store, detail.iri, limit=limit, offset=offset)
    shown = [_v(row["sentence"]) or "" for row in rows]
    cited = _cited(store, shown)
    sections = (
        {
            _v(r["sentence"]): _v(r["title"])
            for r in store.query(_opened(_SECTIONS, "sentence", shown)).rows()
        }
        if shown
        else {}
    )
    wanted = sorted({w for _, ws in cited.values() for w in ws} - set(works))
    if wanted:
        more, _ = _works(work_rows(store, wanted))
        works.update(more)
    discussions = []
    for row in rows:
        sentence = _v(row["sentence"]) or ""
        doc, number = sentence_place(sentence)
        keys, cites = cited.get(sentence, (set(), set()))
        discussions.append(
            Discussion(
                sentence=sentence,
                doc=doc,
                number=number,
                page=_int(row["page"]),
                section=sections.get(sentence),
                text=_v(row["context"]),
                cites="; ".join(sorted(keys)) or None,
                works=sorted(cites),
            )
        )
    claims: dict[str, ClaimAbout] = {}
    for row in run_named_query(store, queries["argmap-claims-about"], values).rows():
        iri = _v(row["claim"]) or ""
        if iri in claims:  # one row per anchor: the first quotation is enough here
            continue
        claims[iri] = ClaimAbout(
            iri=iri,
            map=_v(row["map"]) or "",
            label=_v(row["label"]) or iri,
            text=_v(row["text"]) or "",
            quote=_v(row["quote"]),
            page=_int(row["page"]),
            grounds=[w.iri for w in _by_label(works, roles.get(f"ground:{iri}", set()))],
        )
    return ConceptView(
        concept=detail,
        sources=_by_label(works, roles.get("source", set())),
        discussions=discussions,
        discussions_total=total,
        offset=offset,
        limit=limit,
        claims=list(claims.values()),
        grounds=_by_label(works, roles.get("ground", set())),
        works=works,
    )
