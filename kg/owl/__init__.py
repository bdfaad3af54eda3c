"""The ontology as OWL: reasoning with HermiT, and its documentation."""

__all__: list[str] = []
