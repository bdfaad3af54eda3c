"""Large literature maps come to the browser laid out (igraph's Fruchterman-Reingold on the
server, ``kg.litmap.html.large_layout``), and the viewer draws them with its settings for
large maps: edges and labels left out while the camera moves, nodes as GL points, edges as
GL lines. Frame times are bench/litmap_viewer.py's, not a test's."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from kg.litmap.html import LARGE_MAP_NODES, large_layout, to_html, viewer_data


def _map(nodes: int, edges: int, seed: int = 1) -> nx.Graph:
    rng = random.Random(seed)
    g = nx.gnm_random_graph(nodes, edges, seed=seed)
    g = nx.relabel_nodes(g, {n: f"w{n}" for n in g})
    for n in g:
        g.nodes[n].update(label=n, community=1 + rng.randrange(6), year=1990 + rng.randrange(30))
    nx.set_edge_attributes(g, {e: 1 + rng.randrange(3) for e in g.edges()}, "weight")
    nx.set_node_attributes(g, dict(g.degree()), "strength")
    return g


def test_a_large_map_is_laid_out_on_the_server_the_same_each_time() -> None:
    g = _map(LARGE_MAP_NODES, 3 * LARGE_MAP_NODES)
    view = viewer_data(g, title="large")
    assert view["layout"] == "server"  # the browser only draws it
    where = [(n["x"], n["y"]) for n in view["nodes"]]
    assert all(-1 <= c <= 1 for xy in where for c in xy)
    assert len(set(where)) == len(where)  # no two works on one spot
    assert where == [(n["x"], n["y"]) for n in viewer_data(g, title="large")["nodes"]]


def test_linked_works_end_up_nearer_than_unlinked_ones() -> None:
    g = _map(1200, 2400)
    looks = large_layout(g)

    def gap(a: str, b: str) -> float:
        return ((looks[a].x - looks[b].x) ** 2 + (looks[a].y - looks[b].y) ** 2) ** 0.5

    linked = [gap(a, b) for a, b in g.edges()]
    rng = random.Random(2)
    names = list(g)
    unlinked = [gap(*rng.sample(names, 2)) for _ in range(len(linked))]
    assert sum(linked) / len(linked) < 0.5 * sum(unlinked) / len(unlinked)


def test_asking_for_the_browser_still_places_by_cluster() -> None:
    view = viewer_data(_map(50, 80), layout="browser")
    assert view["layout"] == "browser"


@pytest.mark.slow
def test_the_viewer_draws_a_large_map_with_its_large_map_settings(page, tmp_path) -> None:
    g = _map(LARGE_MAP_NODES, 2500)
    path = tmp_path / "large.html"
    path.write_bytes(to_html(g, title="large"))
    page.goto(path.as_uri())
    page.wait_for_function("() => window.tkgLitmap !== undefined")
    assert page.evaluate("() => window.tkgLitmap.graph.size") == 2500
    settings = page.evaluate(
        """() => { const r = window.tkgLitmap.renderer;
             return ['hideEdgesOnMove', 'hideLabelsOnMove', 'defaultEdgeType']
               .map(k => r.getSetting(k)).concat(
                 [r.getSetting('nodeProgramClasses').circle === Sigma.rendering.NodePointProgram]); }"""
    )
    assert settings == [True, True, "line", True]
    # a filter still reaches every edge through the reducers
    heavy = sum(1 for *_, w in g.edges(data="weight") if w >= 2)
    page.locator("#weight").fill("2")
    assert page.locator("#counts").inner_text().endswith(f"{heavy} of 2500 links")
    assert page.locator("#layout-status").inner_text() == ""  # nothing laid out in the page
