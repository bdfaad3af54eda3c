"""Where a remote store's endpoints are, and how to talk to them.

One URL names the server (``TKG_STORE=http://host:7878``); the query, update and Graph Store
URLs are derived from it for the server kinds we know, or given one by one
(``TKG_REMOTE_UPDATE_URL``, ``TKG_REMOTE_GRAPH_STORE_URL``). The kind is told by a prefix
(``virtuoso+http://...``) or guessed from the URL's path:

==========  =====================================  ==========================================
kind        TKG_STORE                              query / update / graph store
==========  =====================================  ==========================================
oxigraph    ``http://host:7878``                   ``/query``, ``/update``, ``/store``
virtuoso    ``http://host:8890/sparql``            ``/sparql``, ``/sparql``,
                                                   ``/sparql-graph-crud``
fuseki      ``http://host:3030/DATASET``           ``/DATASET/query``, ``/update``, ``/data``
graphdb     ``http://host:7200/repositories/REPO`` the repository, ``/statements``,
                                                   ``/rdf-graphs/service``
sparql      ``sparql+http://host/any/endpoint``    the URL for everything (no Graph Store)
==========  =====================================  ==========================================

>>> e = endpoints_for("http://127.0.0.1:7878")
>>> e.kind, e.query, e.update, e.graph_store
('oxigraph', 'http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store')
>>> endpoints_for("http://h:8890/sparql").graph_store
'http://h:8890/sparql-graph-crud'
>>> e = endpoints_for("https://alice:s3cret@h/repositories/kg")
>>> e.kind, e.update, e.user, e.password
('graphdb', 'https://h/repositories/kg/statements', 'alice', 's3cret')
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal
from urllib.parse import unquote, urlsplit, urlunsplit

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from kg.errors import StoreError

__all__ = ["KINDS", "Endpoints", "RemoteSettings", "endpoints_for"]

Kind = Literal["oxigraph", "virtuoso", "fuseki", "graphdb", "sparql"]
KINDS: tuple[str, ...] = ("oxigraph", "virtuoso", "fuseki", "graphdb", "sparql")


class RemoteSettings(BaseSettings):
    """How to reach a remote store, from ``TKG_REMOTE_*`` variables or passed in.

    >>> RemoteSettings(timeout=5).retries
    3
    """

    model_config = SettingsConfigDict(env_prefix="TKG_REMOTE_", extra="ignore")

    kind: str | None = Field(default=None, description=f"server kind, one of {', '.join(KINDS)}")
    query_url: str | None = Field(default=None, description="SPARQL query endpoint")
    update_url: str | None = Field(default=None, description="SPARQL update endpoint")
    graph_store_url: str | None = Field(default=None, description="Graph Store Protocol endpoint")
    user: str | None = Field(default=None, description="user name for HTTP basic auth")
    password: str | None = Field(default=None, description="password for HTTP basic auth")
    token: str | None = Field(default=None, description="bearer token (instead of basic auth)")
    timeout: float = Field(default=60.0, gt=0, description="seconds one request may take")
    connect_timeout: float = Field(default=5.0, gt=0, description="seconds to connect")
    retries: int = Field(default=3, ge=0, description="retries after a connection error")
    backoff: float = Field(default=0.25, ge=0, description="first pause between retries, doubled")
    chunk_triples: int = Field(
        default=50_000, gt=0, description="triples per Graph Store request in a bulk load"
    )
    graphs_ttl: float = Field(
        default=2.0,
        ge=0,
        description="seconds the list of graphs is trusted for (others' writes; 0: ask each time)",
    )


@dataclass(frozen=True)
class Endpoints:
    """The URLs of one server, its kind, and the credentials to send."""

    kind: Kind
    query: str
    update: str
    graph_store: str | None
    user: str | None = None
    password: str | None = None
    token: str | None = None

    def __repr__(self) -> str:  # never print the secrets
        return f"Endpoints({self.kind!r}, {self.query!r})"


def _split_kind(url: str) -> tuple[Kind | None, str]:
    scheme, sep, rest = url.partition("://")
    if "+" in scheme:
        kind, _, real = scheme.partition("+")
        if kind not in KINDS:
            raise StoreError(f"unknown server kind {kind!r} in {url!r}; known: {', '.join(KINDS)}")
        return kind, f"{real}{sep}{rest}"  # type: ignore[return-value]
    return None, url


def _guess(path: str) -> Kind:
    parts = [p for p in path.split("/") if p]
    if not parts or parts[-1] in ("query", "update", "store"):
        return "oxigraph"
    if parts[-1] == "sparql":
        return "virtuoso"
    if len(parts) >= 2 and parts[-2] == "repositories":
        return "graphdb"
    return "fuseki"


def endpoints_for(url: str, settings: RemoteSettings | None = None) -> Endpoints:
    """The endpoints of the server at ``url``; explicit settings win over derived URLs.
    User and password may come in the URL (``http://user:pass@host/...``)."""
    settings = settings or RemoteSettings()
    kind, url = _split_kind(url.strip())
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not an http(s) URL of a SPARQL server: {url!r}")
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    if ":" in parts.hostname:  # an IPv6 address
        netloc = f"[{parts.hostname}]" + (f":{parts.port}" if parts.port else "")
    base = urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))
    chosen = kind or (settings.kind if settings.kind else None) or _guess(parts.path)
    if chosen not in KINDS:
        raise StoreError(f"unknown server kind {chosen!r}; known: {', '.join(KINDS)}")
    root = base.rsplit("/", 1)[0] if chosen in ("oxigraph", "virtuoso") else base
    if chosen == "oxigraph":
        if base.endswith(("/query", "/update", "/store")):
            base = root
        found = Endpoints("oxigraph", f"{base}/query", f"{base}/update", f"{base}/store")
    elif chosen == "virtuoso":
        if not base.endswith("/sparql"):
            root, base = base, f"{base}/sparql"
        found = Endpoints("virtuoso", base, base, f"{root}/sparql-graph-crud")
    elif chosen == "fuseki":
        found = Endpoints("fuseki", f"{base}/query", f"{base}/update", f"{base}/data")
    elif chosen == "graphdb":
        found = Endpoints("graphdb", base, f"{base}/statements", f"{base}/rdf-graphs/service")
    else:
        found = Endpoints("sparql", base, base, None)
    return replace(
        found,
        query=settings.query_url or found.query,
        update=settings.update_url or found.update,
        graph_store=settings.graph_store_url or found.graph_store,
        user=unquote(parts.username) if parts.username else settings.user,
        password=unquote(parts.password) if parts.password else settings.password,
        token=settings.token,
    )
