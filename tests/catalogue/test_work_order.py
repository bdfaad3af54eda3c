"""The works list's order (``kg.catalogue.work_pages.work_ids``), read as the engine writes
the pairs (tab-separated values), is the order read as Python terms, whatever the
identifiers hold: escapes, tabs, quotes, other scripts, numbers, tags and types."""

from __future__ import annotations

import pytest

from kg.catalogue.work_pages import _work_ids_as_terms, work_ids
from kg.store import OxigraphStore

W = "https://w3id.org/technocracy/id/work/"
P = "<http://purl.org/dc/terms/identifier>"
PLAIN = [
    f'<{W}b> {P} "B" .',
    f'<{W}a> {P} "a" .',
    f'<{W}a2> {P} "a" .',
    f'<{W}e> {P} "émile" .',
    f'<{W}z> {P} "Zeta" .',
    f'<http://e/doc> {P} "0" .',  # not a work: left out
    f'_:b {P} "blank" .',  # not a work: left out
]
ODD = [
    f'<{W}t> {P} "tab\\there" .',
    f'<{W}q> {P} "a \\"quoted\\" one" .',
    f'<{W}n> {P} "7"^^<http://www.w3.org/2001/XMLSchema#integer> .',
    f'<{W}l> {P} "tagged"@en .',
]


@pytest.mark.parametrize("lines", [PLAIN, PLAIN + ODD], ids=["plain", "odd"])
def test_the_order_read_from_the_engines_text_is_the_order_of_the_terms(lines) -> None:
    store = OxigraphStore()
    store.write_graph("http://e/g1", "\n".join(lines).encode(), format="nt")
    store.write_graph("http://e/g2", "\n".join(lines[:3]).encode(), format="nt")  # twice
    found = work_ids(store)
    assert found == _work_ids_as_terms(store)
    works = [work for work, _ in found]
    assert [w for w in works if w[len(W) + 1 : -1] in ("a", "a2", "b", "z")] == [
        f"<{W}a>",
        f"<{W}a2>",
        f"<{W}b>",
        f"<{W}z>",
    ]  # by the identifier in lower case, then the IRI
    assert len(found) == len(lines) - 2
