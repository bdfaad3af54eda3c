"""A PDF's text as the ingester reads an extraction: reading order, furniture and
footnotes apart, ligatures and broken words repaired, pages as character offsets."""

__all__: list[str] = []
