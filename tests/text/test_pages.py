"""Pages and anchors of a PDF-to-text extraction."""

from __future__ import annotations

import pytest

from kg.checks.anchors import collapse
from kg.settings import default_corpus_dir
from kg.text.pages import page_of, page_starts

CHAPTER = "kitchin2019-smart-cities-algorithmic-technocracy.txt"


def test_form_feeds_mark_pages():
    text = "one\ftwo\fthree"
    starts = page_starts(text)
    assert [page_of(starts, text.index(w)) for w in ("one", "two", "three")] == [1, 2, 3]


@pytest.mark.skipif(default_corpus_dir() is None, reason="../shared/corpus is not here")
def test_the_chapter_has_twelve_pages_after_its_cover_sheet():
    text = (default_corpus_dir() / CHAPTER).read_text(encoding="utf-8")
    starts = page_starts(text)
    assert len(starts) == 12
    assert page_of(starts, text.index("Cronfa")) == 0
    assert page_of(starts, text.index("Over the past decade, many cities")) == 1
    assert page_of(starts, text.index("Domain Example technologies")) == 2
    assert page_of(starts, text.index("what Vanolo (2015) terms")) == 4
    assert page_of(starts, text.index("is a coalition of partners strongly")) == 7
    assert page_of(starts, text.index("as ever more technical and scientific")) == 12
    # a paragraph that merely starts indented is no page break
    assert page_of(starts, text.index("City administrations are to a large degree")) == 8


def test_collapse_whitespace():
    assert collapse(" a\n\n b \t c ") == "a b c"
