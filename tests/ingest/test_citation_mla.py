"""In-text forms of styles EXCITE's papers barely have, on whole short papers written for
the test (issue 18): MLA's author and page, Chicago notes whose imprints are no
citations and which cite by author and title, IEEE's range of brackets."""

from __future__ import annotations

from kg.ingest.pipeline import analyse

MLA = """Experts and the City

Introduction

Planners misread the street as disorder (Arendt 52). The state simplifies what it
cannot see (Bauman 4-6), and as one critic puts it, truth is "the ground on which we
stand" (Arendt, "Truth" 88). In an earlier book the same author spoke of labour
(Arendt, Human 7). Networks changed the picture (Castells 112; Beck and
Beck-Gernsheim 23). A table shows the rest (Table 2), and 45 cases (n 45) remain.

Works Cited

Arendt, Hannah. The Human Condition. University of Chicago Press, 1958.
---. "Truth and Politics." The New Yorker, 25 Feb. 1967, pp. 49-88.
Bauman, Zygmunt. Modernity and the Holocaust. Cornell University Press, 1989.
Beck, Ulrich, and Elisabeth Beck-Gernsheim. Individualization. Sage, 2002.
Castells, Manuel. The Rise of the Network Society. Blackwell, 1996.
"""

NOTES = """Engineers in Power

The movement promised abundance through engineering.1 It grew fast.2 Its leaders drew
on an older critique of the price system.3

Notes
1. Whyte, The Organization Man (New York: Simon and Schuster, 1956), 64.
2. Ibid., 70.
3. William H. Whyte, The Last Landscape (Garden City: Doubleday, 1968), 52.

Bibliography

Whyte, William H. The Organization Man. New York: Simon and Schuster, 1956.
———. The Last Landscape. Garden City: Doubleday, 1968.
"""

IEEE = """Grids and Governance

Control is automated [1], forecasting improved [2]-[4], and governance lags [5].

References

[1] A. Author and B. Writer, "A first paper," J. Grids, vol. 1, no. 2, pp. 1-9, 2001.
[2] C. Third, "A second paper," J. Grids, vol. 2, no. 1, pp. 10-19, 2002.
[3] D. Fourth, Forecasting Things. New York, NY, USA: Wiley, 2003.
[4] E. Fifth, "A fourth paper," J. Grids, vol. 4, no. 3, pp. 20-29, 2004.
[5] F. Sixth, "A fifth paper," J. Grids, vol. 5, no. 4, pp. 30-39, 2005.
"""


def _cited(text: str) -> list[tuple[str, str | None, str | None]]:
    found = analyse(text, doc_id="t", matcher=None)
    pairs = zip(found.citations, found.resolutions, strict=True)
    return [(c.text, c.locator, r.reference) for c, r in pairs]


def test_mla_author_and_page_resolve_by_author_and_short_title():
    assert _cited(MLA) == [
        ("Arendt 52", "52", None),  # two works by Arendt, no title: unresolved, not guessed
        ("Bauman 4-6", "4-6", "bauman1989modernity"),
        ('Arendt, "Truth" 88', "88", "arendt1967truth"),
        ("Arendt, Human 7", "7", "arendt1958human"),
        ("Castells 112", "112", "castells1996rise"),
        ("Beck and Beck-Gernsheim 23", "23", "beck2002individualization"),
    ]


def test_notes_cite_by_author_and_title_and_their_imprints_are_no_citations():
    assert _cited(NOTES) == [
        (
            "Whyte, The Organization Man (New York: Simon and Schuster, 1956), 64",
            "64",
            "whyte1956organization",
        ),
        ("Ibid., 70", "70", "whyte1956organization"),
        ("Whyte, The Last Landscape (Garden City: Doubleday, 1968), 52", "52", "whyte1968last"),
    ]


def test_a_range_of_brackets_cites_every_number_in_it():
    numbers = [text for text, _, _ in _cited(IEEE)]
    assert numbers == ["1", "2", "3", "4", "5"]
