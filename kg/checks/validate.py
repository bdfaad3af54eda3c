"""``tkg validate``: SHACL shapes, quality-control queries and anchor checks.

Three kinds of check, one report:

- the SHACL shapes in ``ontology/shapes.ttl`` run by pyshacl over the union of
  all graphs;
- each ``queries/qc/*-violation.rq``, which must return no rows on a good graph
  (each row names a ``?focus`` node and a ``?message``);
- every anchor's quotation, found verbatim at its offsets in its text, and every unit
  of an ingested text (sentence, citation, mention...) within that text.

A SHACL result of severity ``sh:Info`` is a note, not a failure: what a reference list
parsed from a paper may legitimately lack (a title, a year). ``findings`` holds the
failures (``sh:Violation`` and ``sh:Warning``, every QC row, every anchor problem);
``notes`` the rest; the graph conforms when there are no findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import SH

from kg.checks.anchors import AnchorCheck, Finding, check_anchors
from kg.checks.spans import SpanCheck, check_spans
from kg.resources import queries_dir, shapes_file
from kg.store import Store

__all__ = ["ValidationReport", "validate"]

_SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass
class ValidationReport:
    """Everything the checks found; ``conforms`` when they found nothing."""

    findings: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)
    shapes_checked: int = 0
    qc_checked: list[str] = field(default_factory=list)
    anchors: AnchorCheck = field(default_factory=AnchorCheck)
    spans: SpanCheck = field(default_factory=SpanCheck)

    @property
    def conforms(self) -> bool:
        return not self.findings


def _shacl(data: Graph, shapes: Graph) -> list[Finding]:
    _conforms, results, _text = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_infos=True
    )
    findings = []
    for result in results.subjects(predicate=None, object=SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        component = results.value(result, SH.sourceConstraintComponent)
        shape = results.value(result, SH.sourceShape)
        rule = (
            str(shape) if shape is not None and not str(shape).startswith("n") else str(component)
        )
        detail = f"{path}: " if path is not None else ""
        severity = results.value(result, SH.resultSeverity)
        findings.append(
            Finding(
                f"shacl {rule.rsplit('#', 1)[-1]}",
                str(focus),
                f"{detail}{message}",
                severity=_SEVERITY.get(severity, "violation"),
            )
        )
    return sorted(findings, key=lambda f: (f.focus, f.rule, f.message))


def validate(store: Store, *, corpus_dir: Path | None = None) -> ValidationReport:
    """Run every check against ``store``."""
    report = ValidationReport()
    data = Graph()
    triples = store.query(_UNION).triples()
    data.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    shapes = Graph().parse(shapes_file(), format="turtle")
    targets = (SH.targetClass, SH.targetObjectsOf, SH.targetSubjectsOf, SH.targetNode)
    report.shapes_checked = len({s for t in targets for s in shapes.subjects(predicate=t)})
    for finding in _shacl(data, shapes):
        (report.notes if finding.severity == "info" else report.findings).append(finding)
    for path in sorted((queries_dir() / "qc").glob("*-violation.rq")):
        report.qc_checked.append(path.stem)
        for row in store.query(path.read_text(encoding="utf-8")).rows():
            focus = row.get("focus")
            message = row.get("message")
            report.findings.append(
                Finding(
                    path.stem,
                    focus.value if focus is not None else str(focus),
                    message.value if message is not None else "violates " + path.stem,
                )
            )
    report.anchors = check_anchors(store, corpus_dir)
    report.findings.extend(report.anchors.findings)
    report.spans = check_spans(store, corpus_dir)
    report.findings.extend(report.spans.findings)
    return report
