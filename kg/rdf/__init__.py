"""RDF basics: the namespaces, the closed vocabulary, graph IRIs, slugs and provenance."""

__all__: list[str] = []
