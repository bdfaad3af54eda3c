"""A store on a SPARQL 1.1 server (Oxigraph server, Virtuoso, Fuseki, GraphDB, ...).

``open_store("http://host:7878")`` returns a ``RemoteStore``; ``TKG_REMOTE_*`` settings
(``RemoteSettings``) say more: explicit endpoint URLs, credentials, time limits, retries.
"""

from kg.store.remote.endpoints import Endpoints, RemoteSettings, endpoints_for
from kg.store.remote.store import RemoteStore, open_remote

__all__ = ["Endpoints", "RemoteSettings", "RemoteStore", "endpoints_for", "open_remote"]
