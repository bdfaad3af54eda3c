"""Read views of the graph: concepts, works and search, and what the graph says of one IRI."""

__all__: list[str] = []
