"""The outline of a map from its thesis down (``kg.argmap.outline``): on the test map with
every Argdown construct, on the same map imported from AIF JSON (no titles, no tags), and on
the chapter's map."""

from __future__ import annotations

from pathlib import Path

from kg.argmap.export import export
from kg.argmap.model import ArgMap
from kg.argmap.outline import Branch, count, outline, roots, supporters
from kg.argmap.storage import read_file, read_text
from kg.resources import corpus_file

DATA = Path(__file__).parents[1] / "data" / "argmap"


def _places(branches: list[Branch], depth: int = 0) -> list[tuple[int, str | None, str, bool]]:
    out = []
    for b in branches:
        out.append((depth, b.relation, b.ref[1], b.repeat))
        out.extend(_places(b.children, depth + 1))
    return out


def _unfolded_once(m: ArgMap) -> None:
    """Every element of the map is unfolded at exactly one place; its other places repeat."""
    places = _places(outline(m))
    full = [title for _d, _r, title, repeat in places if not repeat]
    assert sorted(full) == sorted(title for _kind, title in m.order)


def test_the_sample_map_from_its_thesis_down() -> None:
    m = read_file(DATA / "sample.argdown")
    assert roots(m)[0] == ("statement", "Technocracy")  # supports nothing, most beneath it
    places = _places(outline(m))
    assert places[:3] == [
        (0, None, "Technocracy", False),
        (1, "support", "Automation", False),
        (2, "support", "Sensors", False),  # the argument for its conclusion
    ]
    # supporting children first, then attacking ones; the premises of an argument beneath it
    assert (3, "premise", "Coverage", False) in places
    assert (3, "attack", "Gaps", False) in places
    assert (3, "undercut", "Gaps", True) in places  # the same element, unfolded once
    assert (4, "support", "Redundancy", False) in places
    assert (2, "attack", "Humans decide", False) in places
    # a contradiction is shown under the element it is written against
    assert (0, None, "Manual city", False) in places
    assert (1, "contradiction", "Automation", True) in places
    _unfolded_once(m)


def test_a_map_imported_from_aif_json() -> None:
    """AIF has no tags and no titles: the roots are found from the relations alone."""
    sample = read_file(DATA / "sample.argdown")
    m = read_text(export(sample, "sample", "aif").decode("utf-8"), "sample.json")
    top = [title for _kind, title in roots(m)]
    assert top[:2] == ["Such management is a form of technocracy.", "Cities are run by hand."]
    places = _places(outline(m))
    assert (1, "contradiction", "Cities are increasingly managed by software.", False) in places
    assert any(r == "attack" and t == "Many sensors fail or go offline." for _d, r, t, _ in places)
    _unfolded_once(m)


def test_the_chapter_opens_on_its_thesis() -> None:
    m = read_file(corpus_file("kitchin2019smart.argdown"))
    assert roots(m)[0] == ("statement", "Urban technocracy")
    tree = outline(m)
    assert tree[0].ref == ("statement", "Urban technocracy")
    first = [(c.relation, c.ref[1]) for c in tree[0].children]
    assert ("support", "Algorithmic technocracy") in first and (
        "attack",
        "Citizen alternative",
    ) in first
    # at least three levels beneath the thesis
    assert any(grand.children for child in tree[0].children for grand in child.children)
    _unfolded_once(m)
    assert count(tree) < 2 * len(m.order)  # one full entry each; repeats only refer


def test_supporters_follow_support_not_attack() -> None:
    m = read_file(DATA / "sample.argdown")
    below = {title for _kind, title in supporters(m, ("statement", "Automation"))}
    assert {"Sensors", "Coverage", "Feeds"} <= below
    assert "Humans decide" not in below and "Gaps" not in below


def test_an_attack_cycle_ends() -> None:
    m = read_text("[A]: One.\n  - [B]: Two.\n\n[B]\n  - [A]\n", "cycle.argdown")
    places = _places(outline(m))
    assert len(places) == 3 and places[-1][3]  # A, B beneath it, A again as a reference
