"""Settings, read from the environment (``TKG_*``) or passed in; no global state."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "default_corpus_dir"]


def default_corpus_dir() -> Path | None:
    """The shared corpus folder beside the checkout, when it is there."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "shared" / "corpus", Path.cwd().parent / "shared" / "corpus"):
        if candidate.is_dir():
            return candidate
    return None


class Settings(BaseSettings):
    """Everything that can be configured, with its environment variable.

    >>> Settings(store="memory").store
    'memory'
    """

    model_config = SettingsConfigDict(env_prefix="TKG_", extra="ignore")

    store: str = Field(
        default="oxigraph:.tkg/store",
        description="`oxigraph:PATH` (persistent), `memory`, or the http(s) URL of a SPARQL "
        "server (see kg.store.remote; TKG_REMOTE_* settings say more)",
    )
    corpus_dir: Path | None = Field(
        default_factory=default_corpus_dir,
        description="folder holding the source texts that anchors point into",
    )
    update_token: str | None = Field(
        default=None, description="bearer token that enables SPARQL Update and the Graph Store"
    )
    outbound: list[str] = Field(
        default_factory=list,
        description="the hosts a query's SERVICE or an update's LOAD may call, as IRI "
        'prefixes, JSON-encoded (`["https://query.wikidata.org/sparql"]`; `["*"]` for any '
        "http(s) host); none by default, so that the endpoint is no proxy; file: never",
    )
    default_graph: Literal["union", "default"] = Field(
        default="union",
        description="the default graph of a query that names no dataset (no FROM, no "
        "default-graph-uri): `union`, every graph merged, or `default`, the store's own "
        "default graph alone, as in a plain quad store (kg.store.dataset)",
    )
    query_timeout: float = Field(default=30.0, gt=0, description="seconds one query may run")
    max_body_bytes: int = Field(default=1_000_000, gt=0, description="largest request body")
    header_timeout: float = Field(
        default=10.0,
        gt=0,
        description="seconds a client may take to send a request's line and headers, from "
        "its connection (or the first byte of its next request); then 408 and the "
        "connection is closed",
    )
    body_timeout: float = Field(
        default=30.0,
        gt=0,
        description="seconds a client may take to send a request's body, once its headers "
        "are in; then 408 and the connection is closed",
    )
    max_text_bytes: int = Field(
        default=64_000_000,
        gt=0,
        description="largest text `tkg ingest` reads; a larger one is refused in one line, the "
        "store untouched. Ingest's memory grows by about 25-100 MB per MB of citation-dense "
        "text above start-up (a 50 MB text: about 1.3 GB at its peak; "
        "bench/results/ingest-memory.md)",
    )
    query_workers: int | None = Field(
        default=None,
        ge=2,
        description="query worker processes over an on-disk store (each a read-only "
        "snapshot, about 100 MB); by default as many as CPUs and at least four; at least "
        "two, so that one runaway query does not hold up the rest",
    )
    workers_per_client: int | None = Field(
        default=None,
        ge=1,
        description="query workers one client (remote address) may hold at once; its other "
        "queries wait their turn; by default half the workers, so that others are served",
    )
    query_wait: float | None = Field(
        default=None,
        gt=0,
        description="seconds a query may wait for a free worker before a 503 (busy, with "
        "Retry-After); not counted in TKG_QUERY_TIMEOUT; by default TKG_QUERY_TIMEOUT",
    )
    page_wait: float = Field(
        default=0.5,
        ge=0,
        description="seconds a page waits for work that may take long (a literature map of "
        "the whole store); then it says the work is under way (202) and looks again, while "
        "the work goes on in the background and is kept until the store changes",
    )
    query_allocator: str = Field(
        default="jemalloc",
        description="memory allocator of the query worker processes: `jemalloc` (when the "
        "library is installed; SP2Bench's large queries ran 8-35% faster) or `system`",
    )
    memory_budget: int | None = Field(
        default=None,
        ge=0,
        description="bytes an in-memory copy of an on-disk store may take: when the store "
        "fits (its size on disk times two), queries are answered from a copy in memory, "
        "in workers forked from one process that share it, still killed at the time "
        "limit (when a copy per worker fits too, each worker copies the shared pages "
        "before it takes work); writes go to disk and reach the copy (a new one loads in "
        "the background meanwhile, so two may be held at once); by default half the memory "
        "available at start; 0 for never (every query reads the on-disk snapshot)",
    )
    telemetry: bool = Field(
        default=False,
        description="FastAPI's OpenTelemetry spans, metrics and logs, once a provider is "
        "configured; off, FastAPI does not look for one on every request",
    )
    host: str = "127.0.0.1"
    port: int = 8000
    base_url: str | None = Field(
        default=None, description="public URL of the server; /id/ IRIs are served under it"
    )
