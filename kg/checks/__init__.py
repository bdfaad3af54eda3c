"""Checks of a built graph: SHACL shapes, quality-control queries and anchors."""

__all__: list[str] = []
