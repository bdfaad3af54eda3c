"""Whatever a reference list holds, reading it never raises: a paper is never refused for
one odd line (issue 18). Generated entries mix the pieces references are made of."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.bib.plaintext import parse_reference
from kg.bib.reflist import read_list

PIECES = [
    "Hale, N.", "Ruiz, A. B.", "Hale N", "J.-P. Lin", "de Certeau, Michel", "McCarthy",
    "NAUDIN, David", "and", "&", "et", "et al.", "...", "———.", "(eds)", "(Hg.)", "eds.",
    "(2019)", "2019.", "(n.d.)", "n.d.", "N. D.", "(December 1998)", "1990 [1972]",
    "2003/2008", "in press", "to appear", "Title of a work", "“Quoted title,”", "``TeX,''",
    "«Titre»", "In:", "In Proceedings of the 1990 Conference,", "Journal of Towns,",
    "12(3):", "45-67", "pp. 1-9", "vol. 2", "no. 4", "Tech. Rep.", "(Oxford: Press, 1970)",
    "London: Verso", "Trans. A. Lin", "Edited by K. Berg", "https://doi.org/10.1/x",
    "doi:10.1000/182", "[3]", "3.", ":", ";", ",", ".", "(", ")", "[", "]", "\"", "'",
    "\u2011", "\u00ad", "\f", "\t", "Ç", "ß", "Ł", "中文",
]  # fmt: skip
entry = st.lists(st.sampled_from(PIECES), min_size=0, max_size=14).map(" ".join)
noise = st.text(max_size=60)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(entry, noise, st.tuples(entry, noise).map("".join)))
def test_one_reference_always_reads(line: str) -> None:
    item = parse_reference(line)
    assert item["raw"] == " ".join(line.split())
    assert isinstance(item.get("author", []), list)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(entry, noise), min_size=1, max_size=12))
def test_a_list_always_reads(lines: list[str]) -> None:
    text = "References\n" + "\n".join(lines) + "\n"
    found = read_list(text, (0, len(text)))
    assert len(found.items) <= len(lines) + 1
