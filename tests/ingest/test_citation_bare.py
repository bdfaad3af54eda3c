"""Names and a year outside any parenthesis (issue 18): a note's ``Mattern 2017, 22.``,
``As Hale 2017 shows``, a source line ``based on Diewald 1991``: citations where the
list has that work; not where it has not (a year beside a name is often no citation)."""

from __future__ import annotations

from kg.ingest.pipeline import analyse

TEXT = """# Towns and their critics

Dashboards promise control of the town (Ruiz 2014). As Hale 2017 shows, they fail.[^1]
Berg and Lin 2015 argue otherwise, and Ruiz 2016 has no such work in the list.

[^1]: Hale 2017, 22.

## References

Berg, K., & Lin, W. (2015). Counting towns. Urban Review, 3(1), 1-9.

Hale, N. (2017). Code and clay. Minneapolis: University of Minnesota Press.

Ruiz, A. (2014). The real-time town. GeoJournal, 79(1), 1-14.
"""


def _pairs(text: str) -> list[tuple[str, str | None]]:
    found = analyse(text, doc_id="t", matcher=None)
    return [
        (text[c.start : c.end], r.reference)
        for c, r in zip(found.citations, found.resolutions, strict=True)
    ]


def test_names_and_a_year_without_parentheses_where_the_list_has_the_work() -> None:
    pairs = _pairs(TEXT)
    assert ("Hale 2017", "hale2017code") in pairs
    assert ("Berg and Lin 2015", "berg2015counting") in pairs
    assert sum(1 for text, _ in pairs if text.startswith("Hale 2017")) == 2  # and the note's
    assert not any(text.startswith("Ruiz 2016") for text, _ in pairs)
