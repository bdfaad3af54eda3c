"""A text holding two papers, each with its own reference list (a debate: the article
answered, then the reply), both listing the work the reply cites: the citation
resolves to the entry of the list that follows it (issue 18)."""

from __future__ import annotations

from kg.ingest.model import Citation, Reference
from kg.ingest.resolve import resolve

# the article answered, its list at lines 4-5, the reply from line 8, its list at 20-21
FIRST = Reference("walzer1983a", ("Walzer",), 1983, title="Spheres of Justice", line=5)
OWN = Reference(
    "walzer1983b",
    ("Walzer",),
    1983,
    title="Spheres of Justice: A Defence of Pluralism and Equality",
    line=21,
)


def _at_line(n: int) -> tuple[str, Citation]:
    text = "a line of prose\n" * (n - 1) + "as argued (Walzer, 1983) here\n" + "more\n" * 30
    at = text.index("Walzer")
    return text, Citation("Walzer, 1983", at, at + 12, ("Walzer",), "1983")


def test_a_work_listed_in_both_lists_resolves_to_the_list_after_the_citation():
    for line, expected in ((2, "walzer1983a"), (12, "walzer1983b"), (30, "walzer1983b")):
        text, cited = _at_line(line)
        (r,) = resolve([cited], [FIRST, OWN], text)
        assert r.reference == expected, line
        assert "listed twice" in r.reason


def test_without_the_text_or_for_two_different_works_a_tie_stays_a_tie():
    text, cited = _at_line(12)
    assert resolve([cited], [FIRST, OWN])[0].reference is None
    other = Reference("walzer1983c", ("Walzer",), 1983, title="Interpretation", line=21)
    (r,) = resolve([cited], [FIRST, other], text)
    assert "listed twice" not in r.reason
