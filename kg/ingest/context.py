"""Which sentence an offset is in; for a citation in a footnote, the sentence that
carries the footnote's marker, so a footnote's citations count as that sentence's."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from kg.ingest.model import Document, Sentence

__all__ = ["citing_sentence", "sentence_of"]


def sentence_of(
    sentences: Sequence[Sentence], starts: Sequence[int], offset: int
) -> Sentence | None:
    """The sentence whose span holds ``offset``."""
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and sentences[i].start <= offset < sentences[i].end:
        return sentences[i]
    return None


def citing_sentence(document: Document, starts: Sequence[int], offset: int) -> Sentence | None:
    """The sentence holding ``offset`` or, when a footnote with a marker holds it, the
    sentence holding that marker; not the sentence a note interrupts at a page's foot,
    whose span may run around it.

    >>> from kg.ingest.model import Footnote
    >>> doc = Document("A claim.1 More.\\n1 See Smith 2001.", footnotes=[
    ...     Footnote("1", 16, 33, "See Smith 2001.", 1, marker_start=8, marker_end=9)],
    ...     sentences=[Sentence(0, 0, 9, "A claim.1", 0, None, 1)])
    >>> citing_sentence(doc, [0], 22).text
    'A claim.1'
    """
    for note in document.footnotes:
        if note.start <= offset < note.end and note.marker_start is not None:
            at = note.marker_start  # "partners.1": the marker may follow the sentence's end
            return sentence_of(document.sentences, starts, at) or sentence_of(
                document.sentences, starts, at - 1
            )
    return sentence_of(document.sentences, starts, offset)
