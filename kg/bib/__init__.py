"""Bibliographic records: CSL-JSON at the centre, BibTeX, RIS and plain lists around it."""

__all__: list[str] = []
