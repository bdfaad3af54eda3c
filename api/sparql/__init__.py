"""SPARQL over HTTP: the 1.1 Protocol operations, the service description, and encoding.

The route is ``api.routes.sparql``; ``api.fastpath`` sends ``/sparql`` to it ahead of routing.
"""

__all__: list[str] = []
