"""Bibliographies in any format loaded as CSL-JSON items: the format detected by
content, text in other encodings read, bad input refused with what and where."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from kg.bib.load import detect_format, load_bibliography
from kg.errors import InputError, UnsupportedFormatError

DATA = Path(__file__).parents[1] / "data" / "bibliographies"
FORMS = {
    "smart-cities.csl.json": ("csl-json", "csl"),
    "smart-cities.bib": ("bibtex", "bibtex"),
    "smart-cities.ris": ("ris", "ris"),
    "smart-cities.apa.txt": ("text", "text"),
    "smart-cities.harvard.txt": ("text", "text"),
    "smart-cities.chicago.txt": ("text", "text"),
}


@pytest.mark.parametrize("name", FORMS)
def test_format_is_detected_by_content(name, tmp_path):
    text = (DATA / name).read_text(encoding="utf-8")
    assert detect_format(text) == FORMS[name][0]
    misnamed = tmp_path / "bibliography.json"  # the extension says nothing
    misnamed.write_bytes(text.encode("utf-8"))
    assert len(load_bibliography(misnamed)[1]) == 12


# --- bad input -------------------------------------------------------------------------


def _refused(data, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        load_bibliography(data, **kwargs)
    assert "\n" not in str(info.value)  # one line, for the CLI
    return info.value


def test_bibtex_unclosed_brace_names_entry_and_line():
    text = (
        "@article{good, title={Fine}, year={2001}}\n"
        "\n"
        "@article{broken,\n"
        "  title = {Unclosed {brace},\n"
        "  year = {2000}\n"
        "}\n"
        "@book{after, title={After}, year={2002}}\n"
    )
    error = _refused(text, name="refs.bib")
    assert error.where == "refs.bib:3"
    assert "entry 'broken' does not parse" in error.message
    assert "unclosed brace" in error.message
    assert logging.getLogger("bibtexparser").handlers == []


def test_bibtex_unclosed_at_the_end_and_duplicates():
    error = _refused("@book{a, title={X}, year={2000}}\n@book{b,\n title = {X\n", name="r.bib")
    assert (error.where, "entry 'b'" in error.message) == ("r.bib:2", True)
    error = _refused(
        "@book{same, title={X}, year={2000}}\n\n@article{same, title={Y}, year={2001}}\n",
        name="r.bib",
    )
    assert error.where == "r.bib:3"
    assert error.message == "duplicate BibTeX key 'same' (first used on line 1)"
    error = _refused("@book{k,\n title={X},\n title={Y}}", name="r.bib")
    assert error.message == "entry 'k' sets title twice"
    error = _refused("@book{k, title={X}, year={the nineties}}", name="r.bib")
    assert "year that is not a year" in error.message


def test_ris_record_without_er():
    text = "TY  - BOOK\nTI  - First\nPY  - 2001\n\nTY  - BOOK\nTI  - Second\nER  - \n"
    error = _refused(text, name="refs.ris")
    assert error.where == "refs.ris:1"
    assert "no ER line before the next TY on line 5" in error.message
    error = _refused("TY  - BOOK\nTI  - One\nER  - \nTY  - JOUR\nTI  - Two\n", name="refs.ris")
    assert (error.where, error.message) == (
        "refs.ris:4",
        "the record that starts on line 4 is not closed by an ER line",
    )
    error = _refused("TY  - BOOK\nID  - x\nER  - \nTY  - BOOK\nID  - x\nER  - \n", name="r.ris")
    assert (error.where, "duplicate RIS ID 'x'" in error.message) == ("r.ris:4", True)


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        ('{"id": "a"}', "refs.json", "CSL-JSON must be a list of items, not an object"),
        ('[{"id": "a"},\n {"title": "X"}]', "refs.json: item 2", "item 2 has no id"),
        ('[{"id": "a"},\n "text"]', "refs.json: item 2", "item 2 is not an object"),
        (
            '[\n{"id": "a"},\n{"id": "b"},\n{"id": "a"}\n]',
            "refs.json:4",
            "duplicate CSL-JSON id 'a' (items 1 and 3)",
        ),
        ('[{"id": "a",\n "title": }]', "refs.json:2", "not valid JSON: Expecting value"),
        (
            '[{"id": "a", "author": {"family": "X"}}]',
            "refs.json:1",
            "author of 'a' must be a list of name objects",
        ),
    ],
)
def test_bad_csl_json(data, where, message):
    error = _refused(data, name="refs.json")
    assert (error.where, error.message) == (where, message)


def test_binary_non_utf8_and_empty_input(tmp_path):
    error = _refused(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", name="figure.png")
    assert error.message.startswith("binary data, not a bibliography")
    error = _refused("Kitchin, R. (2014)\nCaf\xe9 society. Paris.".encode("latin-1"), name="r.txt")
    assert error.where == "r.txt:2"
    assert error.message.startswith("not UTF-8 text: byte 0xe9")
    empty = tmp_path / "empty.bib"
    empty.write_bytes(b"")
    assert _refused(empty).where == str(empty)
    assert _refused(" \n\n").message == "the bibliography is empty"
    assert _refused("% only a comment\n@comment{nothing}\n").message == (
        "the bibliography holds no entries"
    )
    missing = _refused(tmp_path / "missing.ris")
    assert missing.message.startswith("cannot read the bibliography")


def test_plain_text_line_that_is_not_a_reference_is_skipped_not_refused():
    # a plain-text list is noisy input: a line that is no reference is left out
    kind, items = load_bibliography(
        "Kitchin, R. (2014) The real-time city. GeoJournal 79: 1–14.\nSee also the appendix.\n",
        name="refs.txt",
    )
    assert kind == "text"
    assert [i["raw"] for i in items] == [
        "Kitchin, R. (2014) The real-time city. GeoJournal 79: 1–14."
    ]


def test_utf8_with_bom_and_utf16_and_crlf_are_read():
    text = (DATA / "smart-cities.ris").read_text(encoding="utf-8").replace("\n", "\r\n")
    assert len(load_bibliography(b"\xef\xbb\xbf" + text.encode("utf-8"))[1]) == 12
    assert len(load_bibliography(text.encode("utf-16"))[1]) == 12


def test_unknown_format_is_refused():
    with pytest.raises(UnsupportedFormatError) as info:
        load_bibliography("[]", format="endnote-xml")
    assert info.value.offered == ["csl-json", "bibtex", "ris", "text"]


def test_explicit_format_overrides_detection():
    fmt, items = load_bibliography(json.dumps([{"id": "x", "title": "X"}]), format="json")
    assert (fmt, [i["id"] for i in items]) == ("csl-json", ["x"])
