"""Ingestion: a scholar's text and bibliography into citations, contexts and concept
mentions in the graph."""

from __future__ import annotations

__all__: list[str] = []
