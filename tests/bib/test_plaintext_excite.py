"""Field parsing measured on references written by others: EXCITE's hand-checked gold
strings of 60 real social-science papers, read where they are (``../shared``), scored as
``bench/excite.py`` scores them (fields folded; organisations have no surname)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.excite import fields

EXCITE = Path(__file__).resolve().parents[3] / "shared" / "peer-tests" / "excite" / "papers"

# F1 reached when this test was written, less a small margin. Issue 18's targets: 0.92 for
# the first surname, all surnames, year and title, 0.85 for source.
REACHED = {
    "first_surname": 0.965,
    "surnames": 0.93,
    "year": 0.975,
    "title": 0.91,
    "source": 0.85,
}


@pytest.mark.skipif(not EXCITE.is_dir(), reason="../shared/peer-tests/excite is not here")
def test_fields_of_excite_gold_strings():
    result = fields(sorted(p for p in EXCITE.iterdir() if p.is_dir()))
    assert result["parser_raised"] == 0
    assert result["references_scored"] > 1300
    got = {name: f["f1"] for name, f in result["fields"].items()}
    assert all(got[name] >= floor for name, floor in REACHED.items()), got
