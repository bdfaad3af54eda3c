"""``tkg validate``: the built graph conforms; broken graphs fail, naming node and rule."""

from __future__ import annotations

import pytest

from kg.build import build
from kg.checks.validate import validate
from kg.settings import default_corpus_dir
from kg.store import open_store

TECH = "https://w3id.org/technocracy/ontology#"
ONTOLOGY = "https://w3id.org/technocracy/graph/ontology"
CORPUS = default_corpus_dir()


@pytest.fixture
def store():
    handle = open_store("memory")
    build(handle, reason=False)
    yield handle
    handle.close()


def rules_for(report, focus: str) -> set[str]:
    return {f.rule for f in report.findings if f.focus == focus}


@pytest.mark.skipif(CORPUS is None, reason="../shared/corpus is not here")
def test_the_built_graph_conforms_and_every_anchor_is_verbatim(store):
    report = validate(store, corpus_dir=CORPUS)
    assert report.findings == []
    assert report.conforms
    assert report.anchors.checked >= 200
    assert report.anchors.skipped == 0
    assert len(report.qc_checked) >= 8
    assert report.shapes_checked >= 4


def test_without_the_text_anchors_are_skipped_not_passed(store):
    report = validate(store, corpus_dir=None)
    assert report.anchors.checked == 0
    assert report.anchors.skipped >= 200
    assert report.conforms


def test_a_term_without_definition_or_anchor_is_named(store):
    store.update(
        f"DELETE WHERE {{ GRAPH <{ONTOLOGY}> {{ <{TECH}Smartmentality> "
        "<http://www.w3.org/2004/02/skos/core#definition> ?d } } ;"
        f"DELETE WHERE {{ GRAPH <{ONTOLOGY}> {{ <{TECH}Smartmentality> <{TECH}anchor> ?a }} }}"
    )
    report = validate(store, corpus_dir=None)
    rules = rules_for(report, TECH + "Smartmentality")
    assert "term-missing-definition-violation" in rules
    assert "term-missing-anchor-violation" in rules
    assert any(r.startswith("shacl ") for r in rules)
    messages = " ".join(f.message for f in report.findings if f.focus == TECH + "Smartmentality")
    assert "definition" in messages and "anchor" in messages


@pytest.mark.skipif(CORPUS is None, reason="../shared/corpus is not here")
def test_an_anchor_not_found_verbatim_fails_with_both_texts(store):
    anchor = "https://w3id.org/technocracy/id/anchor/smartmentality"
    store.update(
        f"""PREFIX oa: <http://www.w3.org/ns/oa#>
        DELETE {{ GRAPH <{ONTOLOGY}> {{ ?q oa:exact ?e }} }}
        INSERT {{ GRAPH <{ONTOLOGY}> {{ ?q oa:exact "what Vanolo terms smart mentality" }} }}
        WHERE {{ GRAPH <{ONTOLOGY}> {{ <{anchor}> oa:hasSelector ?q . ?q oa:exact ?e }} }}"""
    )
    report = validate(store, corpus_dir=CORPUS)
    (finding,) = [f for f in report.findings if f.focus == anchor]
    assert finding.rule == "anchor-verbatim"
    assert "what Vanolo terms smart mentality" in finding.message
    assert "Vanolo (2015) terms" in finding.message


@pytest.mark.skipif(CORPUS is None, reason="../shared/corpus is not here")
def test_an_anchor_on_the_wrong_page_is_named(store):
    anchor = "https://w3id.org/technocracy/id/anchor/smartmentality"
    store.update(
        f"""PREFIX tech: <{TECH}>
        DELETE {{ GRAPH <{ONTOLOGY}> {{ <{anchor}> tech:page ?p }} }}
        INSERT {{ GRAPH <{ONTOLOGY}> {{ <{anchor}> tech:page 9 }} }}
        WHERE {{ GRAPH <{ONTOLOGY}> {{ <{anchor}> tech:page ?p }} }}"""
    )
    report = validate(store, corpus_dir=CORPUS)
    assert [f.rule for f in report.findings if f.focus == anchor] == ["anchor-page"]


def test_a_bad_confidence_breaks_the_reference_shape(store):
    ref = "https://w3id.org/technocracy/id/reference/kitchin2019smart/vanolo2014smartmentality"
    store.update(
        f"""PREFIX tech: <{TECH}>
        DELETE {{ GRAPH ?g {{ <{ref}> tech:confidence ?c }} }}
        INSERT {{ GRAPH ?g {{ <{ref}> tech:confidence "certain" }} }}
        WHERE {{ GRAPH ?g {{ <{ref}> tech:confidence ?c }} }}"""
    )
    report = validate(store, corpus_dir=None)
    findings = [f for f in report.findings if f.focus == ref]
    assert findings and all(f.rule.startswith("shacl") for f in findings)
    assert any("high, medium or low" in f.message for f in findings)


def test_an_undeclared_term_is_named(store):
    store.update(
        f"INSERT DATA {{ GRAPH <https://example.org/g> {{ <https://example.org/x> <{TECH}inventedProperty> 1 }} }}"
    )
    report = validate(store, corpus_dir=None)
    assert rules_for(report, TECH + "inventedProperty") == {"undeclared-term-violation"}
