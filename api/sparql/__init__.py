"""``/sparql``: the SPARQL 1.1 Protocol, its fast path, the service description and encoding."""

__all__: list[str] = []
