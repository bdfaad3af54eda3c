"""Reading one plain-text reference, a part at a time: the words of the trade (``lexicon``),
names (``people``), years (``dates``), DOIs, URLs and access dates (``identifiers``), the
title and where it ends (``titles``), and what follows it (``containers``).
:func:`kg.bib.plaintext.parse_reference` puts them together."""

__all__: list[str] = []
