"""The W3C SPARQL 1.0 and 1.1 test suites (``../shared/peer-tests/w3c-sparql/sparql``), read
from their manifests with rdflib: one ``W3CTest`` per entry, of the kinds this project runs
(query and update evaluation, results formats, positive and negative syntax).

The suites are others' work, read where they are: nothing is copied into the repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from rdflib import RDF, RDFS, BNode, Graph, Namespace, URIRef
from rdflib.collection import Collection

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT.parent / "shared" / "peer-tests" / "w3c-sparql" / "sparql"
#: The entry manifests (the suites' README names them).
ENTRIES = (
    "sparql10/manifest.ttl",
    "sparql11/manifest-sparql11-query.ttl",
    "sparql11/manifest-sparql11-update.ttl",
    "sparql11/manifest-sparql11-results.ttl",
)

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

#: The manifest types of each kind of test.
EVALUATION = {MF.QueryEvaluationTest, MF.CSVResultFormatTest}
UPDATE = {MF.UpdateEvaluationTest}
POSITIVE = {
    MF.PositiveSyntaxTest,
    MF.PositiveSyntaxTest11,
    MF.PositiveUpdateSyntaxTest11,
}
NEGATIVE = {
    MF.NegativeSyntaxTest,
    MF.NegativeSyntaxTest11,
    MF.NegativeUpdateSyntaxTest11,
}


@dataclass(frozen=True)
class GraphFile:
    """A file of RDF data and the graph it goes to (``None``: the default graph)."""

    path: Path
    graph: str | None


@dataclass(frozen=True)
class W3CTest:
    """One entry of a manifest: what to run over which data, and what should come out."""

    id: str
    kind: str  # "query", "update", "positive", "negative"
    csv: bool  # a CSVResultFormatTest: the answer is compared as CSV
    action: Path  # the query or update file
    data: tuple[GraphFile, ...] = ()  # the dataset before
    result: Path | None = None  # the expected answer (query tests)
    after: tuple[GraphFile, ...] = ()  # the dataset expected after (update tests)
    lax: bool = False  # mf:LaxCardinality: as many of each answer as you like
    failure: bool = False  # an update expected to fail

    @property
    def url(self) -> str:
        """The IRI of the action file, the base of its relative IRIs."""
        return self.action.as_uri()

    @property
    def text(self) -> str:
        """The query or update."""
        return self.action.read_text(encoding="utf-8")


def _path(term: object) -> Path:
    return Path(unquote(urlparse(str(term)).path))


def _files(g: Graph, node: object, data: URIRef, graph_data: URIRef) -> tuple[GraphFile, ...]:
    files = [GraphFile(_path(d), None) for d in g.objects(node, data)]
    for named in g.objects(node, graph_data):
        if isinstance(named, BNode):  # ut:graphData [ ut:graph <file> ; rdfs:label "name" ]
            path = _path(g.value(named, UT.graph))
            label = g.value(named, RDFS.label)
            files.append(GraphFile(path, str(label) if label else path.as_uri()))
        else:
            files.append(GraphFile(_path(named), _path(named).as_uri()))
    return tuple(files)


def _kind(types: set[object]) -> str | None:
    if types & EVALUATION:
        return "query"
    if types & UPDATE:
        return "update"
    if types & POSITIVE:
        return "positive"
    if types & NEGATIVE:
        return "negative"
    return None


def _entry(g: Graph, test: object, folder: Path) -> W3CTest | None:
    kind = _kind(set(g.objects(test, RDF.type)))
    if kind is None:
        return None
    action = g.value(test, MF.action)
    result = g.value(test, MF.result)
    name = f"{folder.relative_to(SUITE)}/{str(test).rsplit('#', 1)[-1]}"
    lax = g.value(test, MF.resultCardinality) == MF.LaxCardinality
    csv = MF.CSVResultFormatTest in set(g.objects(test, RDF.type))
    if kind in ("positive", "negative"):
        return W3CTest(name, kind, csv, _path(action))
    if kind == "query":
        return W3CTest(
            name,
            kind,
            csv,
            _path(g.value(action, QT.query)),
            data=_files(g, action, QT.data, QT.graphData),
            result=_path(result) if result is not None else None,
            lax=lax,
        )
    failure = result is not None and g.value(result, UT.result) == UT.Failure
    return W3CTest(
        name,
        kind,
        csv,
        _path(g.value(action, UT.request)),
        data=_files(g, action, UT.data, UT.graphData),
        after=_files(g, result, UT.data, UT.graphData) if result is not None else (),
        failure=failure,
    )


def _read(manifest: Path) -> list[W3CTest]:
    g = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
    found: list[W3CTest] = []
    for node in g.subjects(RDF.type, MF.Manifest):
        for listed in g.objects(node, MF.include):
            for included in Collection(g, listed):
                found += _read(_path(included))
        for listed in g.objects(node, MF.entries):
            for test in Collection(g, listed):
                entry = _entry(g, test, manifest.parent)
                if entry is not None:
                    found.append(entry)
    return found


@cache
def w3c_tests() -> tuple[W3CTest, ...]:
    """Every test of the entry manifests, in their order (none when the suite is absent)."""
    if not SUITE.is_dir():
        return ()
    tests: dict[str, W3CTest] = {}
    for entry in ENTRIES:
        for test in _read(SUITE / entry):
            tests.setdefault(test.id, test)
    return tuple(tests.values())


def of_kind(*kinds: str) -> list[W3CTest]:
    """The tests of these kinds."""
    return [t for t in w3c_tests() if t.kind in kinds]
