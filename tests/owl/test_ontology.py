"""The ontology: header, coverage, annotations, axioms, and definitions in our own words."""

from __future__ import annotations

import re

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.rdf.vocab import TECH
from kg.resources import ontology_file
from kg.settings import default_corpus_dir

NS = "https://w3id.org/technocracy/ontology#"
WORK = "https://w3id.org/technocracy/id/work/"
KINDS = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
)


@pytest.fixture(scope="module")
def g() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


@pytest.fixture(scope="module")
def terms(g) -> dict[URIRef, URIRef]:
    found: dict[URIRef, URIRef] = {}
    for kind in KINDS:
        for s in g.subjects(RDF.type, kind):
            if isinstance(s, URIRef) and str(s).startswith(NS):
                found.setdefault(s, kind)
    return found


def test_header(g):
    onto = URIRef("https://w3id.org/technocracy/ontology")
    assert (onto, RDF.type, OWL.Ontology) in g
    assert g.value(onto, OWL.versionIRI) == URIRef("https://w3id.org/technocracy/ontology/0.1.0")
    assert str(g.value(onto, OWL.versionInfo)) == "0.1.0"
    assert g.value(onto, DCTERMS.creator) is not None
    assert g.value(onto, DCTERMS.license) is not None
    assert len(str(g.value(onto, DCTERMS.description))) > 100


def test_at_least_a_hundred_terms_each_fully_annotated(g, terms):
    assert len(terms) >= 100
    for term in terms:
        assert g.value(term, RDFS.label) is not None, term
        assert g.value(term, SKOS.prefLabel) is not None, term
        assert g.value(term, SKOS.definition) is not None, term
        assert g.value(term, URIRef(NS + "anchor")) is not None, term
        assert g.value(term, SKOS.inScheme) is not None, term


def test_the_closed_namespace_matches_the_ontology(terms):
    declared = {str(t)[len(NS) :] for t in terms}
    in_code = set(TECH.__annotations__)
    assert declared == in_code


def test_no_term_has_two_property_kinds(g, terms):
    for term in terms:
        kinds = {
            k
            for k in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
            if (term, RDF.type, k) in g
        }
        assert len(kinds) <= 1, term


@pytest.mark.parametrize(
    ("term", "work"),
    [
        ("Smartmentality", "vanolo2014smartmentality"),
        ("AutomatedManagement", "dodge2007outlines"),
        ("EpistemicCommunity", "haas1992introduction"),
        ("AdvocacyCoalition", "sabatier1993policy"),
        ("TechnocracyPillar", "savini2019rise"),
        ("AbstractionPillar", "savini2019rise"),
        ("InstitutionalEntrepreneur", "wejs2014integrating"),
        ("CitizenSensing", "gabrys2014programming"),
        ("SmartMeter", "kitchin2016getting"),
        ("AlgorithmicTechnocracy", "kitchin2019smart"),
    ],
)
def test_sources(g, term, work):
    assert URIRef(WORK + work) in set(g.objects(URIRef(NS + term), DCTERMS.source))


def members(g: Graph, node) -> set:
    return set(Collection(g, node))


def test_loop_modes_are_distinct_and_their_system_classes_disjoint(g):
    modes = {TECH.HumanInTheLoop, TECH.HumanOnTheLoop, TECH.HumanOffTheLoop}
    assert any(members(g, lst) >= modes for lst in g.objects(None, OWL.distinctMembers))
    systems = {TECH.HumanInTheLoopSystem, TECH.HumanOnTheLoopSystem, TECH.HumanOffTheLoopSystem}
    assert any(
        members(g, lst) == systems
        for node in g.subjects(RDF.type, OWL.AllDisjointClasses)
        for lst in g.objects(node, OWL.members)
    )
    assert (TECH.hasLoopMode, RDF.type, OWL.FunctionalProperty) in g
    assert isinstance(g.value(TECH.AutomatedManagementSystem, OWL.equivalentClass), BNode)


def test_opposed_ideas_are_disjoint(g):
    def disjoint(a, b) -> bool:
        return (
            (a, OWL.disjointWith, b) in g
            or (b, OWL.disjointWith, a) in g
            or any(
                {a, b} <= members(g, lst)
                for node in g.subjects(RDF.type, OWL.AllDisjointClasses)
                for lst in g.objects(node, OWL.members)
            )
        )

    assert disjoint(TECH.Technocracy, TECH.Democracy)
    assert disjoint(TECH.DisciplinaryRegime, TECH.ControlRegime)
    assert disjoint(TECH.SocialContract, TECH.CorporateContract)


def test_scales_are_ranked_and_ordered(g):
    ranks = {s: int(g.value(s, TECH.scaleRank)) for s in g.subjects(RDF.type, TECH.Scale)}
    assert ranks == {
        TECH.GlobalScale: 1,
        TECH.SupraNationalScale: 2,
        TECH.NationalScale: 3,
        TECH.LocalScale: 4,
    }
    assert (TECH.broaderScaleThan, RDF.type, OWL.TransitiveProperty) in g
    assert (
        g.value(TECH.broaderScaleThan, OWL.inverseOf) == TECH.narrowerScaleThan
        or g.value(TECH.narrowerScaleThan, OWL.inverseOf) == TECH.broaderScaleThan
    )


def test_table_one_every_technology_has_a_domain(g):
    domains = set(g.subjects(RDF.type, TECH.UrbanDomain))
    assert len(domains) == 9
    linked = {}
    for restriction in g.subjects(OWL.onProperty, TECH.appliesToDomain):
        value = g.value(restriction, OWL.hasValue)
        for tech in g.subjects(RDFS.subClassOf, restriction):
            if value is not None:
                linked.setdefault(tech, set()).add(value)
    assert len(linked) >= 30
    assert linked[TECH.SmartMeter] == {TECH.EnergyDomain, TECH.HomesDomain}
    assert set().union(*linked.values()) == domains


def test_urban_technocrat_roles(g):
    roles = {s for s in g.transitive_subjects(RDFS.subClassOf, TECH.UrbanTechnocrat)} - {
        TECH.UrbanTechnocrat
    }
    expected = {
        TECH.ChiefInnovationOfficer,
        TECH.ChiefTechnologyOfficer,
        TECH.ChiefInformationOfficer,
        TECH.ChiefDataOfficer,
        TECH.DataCoordinator,
        TECH.DataScientist,
        TECH.Designer,
        TECH.PolicySpecialist,
        TECH.SoftwareEngineer,
        TECH.ITProjectManager,
        TECH.ProjectManager,
        TECH.Consultant,
        TECH.Engineer,
        TECH.ChangeManagementCivilServant,
        TECH.AcademicTechnocrat,
    }
    assert expected <= roles
    alt = {str(a) for a in g.objects(TECH.ChiefDataOfficer, SKOS.altLabel)}
    assert "CDO" in alt


def test_last_mile_barriers(g):
    barriers = set(g.subjects(RDF.type, TECH.LastMileBarrier))
    assert {
        TECH.InstitutionalInertia,
        TECH.PathDependency,
        TECH.InternalPolitics,
        TECH.DisruptionAndResistance,
        TECH.ExternalCritique,
        TECH.ImmatureTechnology,
        TECH.LackOfTrust,
        TECH.FinanceAndReturnOnInvestment,
        TECH.DemocraticDeficit,
    } == barriers


def test_every_pillar_says_how_smart_city_technology_enacts_it(g):
    pillars = sorted(
        g.subjects(RDF.type, TECH.TechnocracyPillar),
        key=lambda p: int(g.value(p, TECH.pillarNumber)),
    )
    assert pillars == [TECH.AbstractionPillar, TECH.LegitimationPillar, TECH.ImpositionPillar]
    for pillar in pillars:
        assert len(str(g.value(pillar, TECH.smartCityEnactment))) > 40
        assert len(set(g.objects(pillar, TECH.anchor))) >= 2


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


@pytest.mark.skipif(default_corpus_dir() is None, reason="../shared/corpus is not here")
def test_definitions_are_in_our_own_words(g):
    chapter = _words(
        (default_corpus_dir() / "kitchin2019-smart-cities-algorithmic-technocracy.txt").read_text(
            encoding="utf-8"
        )
    )
    n = 8
    grams = {tuple(chapter[i : i + n]) for i in range(len(chapter) - n + 1)}
    copied = []
    for term, definition in g.subject_objects(SKOS.definition):
        words = _words(str(definition))
        if any(tuple(words[i : i + n]) in grams for i in range(len(words) - n + 1)):
            copied.append(str(term))
    assert copied == []


def test_quotations_are_short(g):
    for exact in g.objects(None, URIRef("http://www.w3.org/ns/oa#exact")):
        assert isinstance(exact, Literal)
        assert len(str(exact).split()) <= 60
