"""The five literature maps computed from the built chapter and two texts of our own."""

from __future__ import annotations

import pytest
from litmap_support import litmap_store

from kg.errors import InputError
from kg.litmap import EmptyMapError, Filters, build_map
from kg.litmap.networks import cooccurrence
from kg.store import open_store

KINDS = ("citation", "cocitation", "coupling", "concept-work", "author-cocitation")


@pytest.fixture(scope="module")
def store():
    opened = litmap_store()
    yield opened
    opened.close()


def test_citation_map_weights_are_in_text_citations(store):
    g = build_map(store, "citation").graph
    assert g.is_directed()
    assert {n for n, t in g.nodes(data="type") if t == "document"} == {
        "kitchin2019smart",
        "litmap-platforms",
        "litmap-sensing",
    }
    # platforms.md cites Townsend 2013 and Kitchin 2014 twice each, sensing.md Gabrys 2014 twice
    assert g["litmap-platforms"]["townsend2013smart"]["weight"] == 2
    assert g["litmap-platforms"]["kitchin2014realtime"]["weight"] == 2
    assert g["litmap-sensing"]["gabrys2014programming"]["weight"] == 2
    assert g.out_degree("kitchin2019smart") == 25
    assert g.number_of_edges() == 25 + 7 + 5


def test_every_node_has_weights_degree_pagerank_community_and_year(store):
    for kind in KINDS:
        g = build_map(store, kind).graph
        for _node, data in g.nodes(data=True):
            assert {"degree", "strength", "pagerank", "community", "year", "label"} <= set(data)
            assert data["degree"] >= 1 and data["strength"] >= 1
            assert 0 < data["pagerank"] < 1
        assert abs(sum(d for _, d in g.nodes(data="pagerank")) - 1) < 0.01
        assert min(c for _, c in g.nodes(data="community")) == 1


def test_years_come_from_the_bibliography(store):
    g = build_map(store, "citation").graph
    assert g.nodes["townsend2013smart"]["year"] == 2013
    assert g.nodes["krivy2016towards"]["year"] == 2018  # the year of the record, not the key
    assert g.nodes["litmap-sensing"]["year"] == 2022
    assert g.nodes["dodge2007outlines"]["label"] == "Dodge & Kitchin 2007"


def test_cocitation_grains_nest(store):
    counts = {
        grain: build_map(store, "cocitation", Filters(grain=grain)).graph.number_of_edges()
        for grain in ("sentence", "paragraph", "document")
    }
    assert counts["sentence"] < counts["paragraph"] < counts["document"]
    sentence = build_map(store, "cocitation", Filters(grain="sentence")).graph
    # "(Townsend 2013; Kitchin 2014)" in each test text and once in the chapter
    assert sentence["kitchin2014realtime"]["townsend2013smart"]["weight"] == 3
    document = build_map(store, "cocitation", Filters(grain="document")).graph
    # all three documents cite both
    assert document["kitchin2014realtime"]["townsend2013smart"]["weight"] == 3
    assert document["gabrys2014programming"]["haas1992introduction"]["weight"] == 2


def test_coupling_counts_shared_works(store):
    g = build_map(store, "coupling").graph
    assert g["litmap-platforms"]["litmap-sensing"]["weight"] == 3
    assert g["kitchin2019smart"]["litmap-platforms"]["weight"] == 7
    assert g["kitchin2019smart"]["litmap-sensing"]["weight"] == 5


def test_coupling_needs_more_than_one_document():
    store = open_store("memory")
    from kg.build import build

    build(store, reason=False)
    with pytest.raises(EmptyMapError, match="two or more ingested documents"):
        build_map(store, "coupling")


def test_concept_work_map_joins_sources_and_sentences(store):
    g = build_map(store, "concept-work").graph
    edge = g["Smartmentality"]["vanolo2014smartmentality"]
    assert edge["relation"] in ("source", "source and mention")
    assert edge["weight"] == 1 + edge["sentences"]
    assert "kitchin2019smart" not in g  # a text's own terms are not its literature
    one = build_map(store, "concept-work", Filters(concept="Smartmentality")).graph
    assert {d for _, d in one.nodes(data="type")} == {"concept", "work"}
    assert [n for n, t in one.nodes(data="type") if t == "concept"] == ["Smartmentality"]


def test_author_cocitation_links_people(store):
    g = build_map(store, "author-cocitation", Filters(grain="document")).graph
    assert g.nodes["kitchin-rob"]["type"] == "author"
    assert g.nodes["kitchin-rob"]["label"] == "Kitchin"
    assert g.nodes["kitchin-rob"]["year"] <= 2007  # Dodge and Kitchin 2007
    assert g["kitchin-rob"]["townsend-anthony-m"]["weight"] == 3


def test_filters(store):
    heavy = build_map(store, "cocitation", Filters(grain="document", min_weight=2)).graph
    assert all(w >= 2 for *_, w in heavy.edges(data="weight"))
    assert all(heavy.degree(n) > 0 for n in heavy)
    recent = build_map(store, "cocitation", Filters(grain="document", year_from=2014)).graph
    assert all(y >= 2014 for _, y in recent.nodes(data="year"))
    one = build_map(store, "citation", Filters(doc="litmap-sensing")).graph
    assert one.number_of_edges() == 5
    on_term = build_map(store, "cocitation", Filters(grain="document", concept="SmartCity"))
    assert 0 < on_term.graph.number_of_edges() < heavy.number_of_edges() + 300


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (Filters(year_from=2030), "year_from=2030"),
        (Filters(doc="nobody"), "doc=nobody"),
        (Filters(min_weight=99), "min_weight=99"),
        (Filters(concept="NoSuchTerm"), "concept=NoSuchTerm"),
    ],
)
def test_filters_that_match_nothing_say_so(store, filters, message):
    with pytest.raises(EmptyMapError, match=message):
        build_map(store, "cocitation", filters)


def test_bad_input():
    with pytest.raises(InputError, match="unknown grain"):
        Filters(grain="page")
    with pytest.raises(InputError, match="after year_to"):
        Filters(year_from=2020, year_to=2010)
    with pytest.raises(InputError, match="unknown map kind"):
        build_map(open_store("memory"), "bibliometrics")
    with pytest.raises(EmptyMapError, match="no resolved citations"):
        build_map(open_store("memory"), "citation")


def test_cooccurrence_counts_each_unit_once():
    counts = cooccurrence([["a", "a", "b"], ["b", "a"]])
    assert counts == {("a", "b"): 2}


def test_works_with_the_same_label_are_told_apart(store):
    # by the letters the chapter gives ("Kitchin 2016b" is the ethics paper), not id order
    g = build_map(store, "citation").graph
    assert g.nodes["kitchin2016ethics"]["label"] == "Kitchin 2016b"
    assert g.nodes["kitchin2016getting"]["label"] == "Kitchin 2016a"


def test_large_maps_take_communities_from_igraph_the_same_way():
    import networkx as nx

    from kg.litmap.measures import LARGE, communities

    # two dense cliques joined by one light edge: both methods find them
    g = nx.Graph()
    size = int((2 * LARGE) ** 0.5) + 2
    for side in ("a", "b"):
        nodes = [f"{side}{i}" for i in range(size)]
        g.add_weighted_edges_from((x, y, 3) for i, x in enumerate(nodes) for y in nodes[i + 1 :])
    g.add_edge("a0", "b0", weight=1)
    assert g.number_of_edges() > LARGE
    found = communities(g)
    assert len(found) == 2
    assert {frozenset(c) for c in found} == {
        frozenset(f"a{i}" for i in range(size)),
        frozenset(f"b{i}" for i in range(size)),
    }
    assert communities(g) == found  # seeded: the same every time


@pytest.mark.parametrize("grain", ["sentence", "document"])
def test_a_cocitation_map_cut_to_its_most_cited_works(store, grain):
    """``top``: the works cited in the most units, and between them the pairs of the whole
    map with their weights (works left in no pair dropped); other kinds refuse it."""
    whole = build_map(store, "cocitation", Filters(grain=grain)).graph
    top = len(whole) // 3
    cut = build_map(store, "cocitation", Filters(grain=grain, top=top)).graph
    ranked = sorted(whole, key=lambda n: (-whole.nodes[n]["citations"], whole.nodes[n]["iri"]))
    assert set(cut) == {n for n in ranked[:top] if any(m in ranked[:top] for m in whole[n])}
    assert 0 < len(cut) <= top < len(whole)
    assert {(frozenset((a, b)), w) for a, b, w in cut.edges(data="weight")} == {
        (frozenset((a, b)), w) for a, b, w in whole.subgraph(cut).edges(data="weight")
    }
    for node in cut:
        assert cut.nodes[node]["citations"] == whole.nodes[node]["citations"]
    assert cut.graph["paired"] == whole.graph["paired"] == len(whole)
    assert build_map(store, "cocitation", Filters(grain=grain, top=0)).graph.edges == whole.edges
    with pytest.raises(InputError):
        build_map(store, "citation", Filters(top=5))
