"""Technocracy KG: a bibliographic knowledge graph and argument mapper."""

from __future__ import annotations

from kg.errors import (
    InconsistentError,
    InputError,
    JavaMissingError,
    NotFoundError,
    ParameterError,
    QuerySyntaxError,
    RdfSyntaxError,
    ReasonerError,
    StoreError,
    StoreLockedError,
    TkgError,
    UnsupportedFormatError,
    ValidationError,
)
from kg.settings import Settings
from kg.store import OxigraphStore, QueryResult, Store, open_store, parse_rdf
from kg.version import __version__

__all__ = [
    "InconsistentError",
    "InputError",
    "JavaMissingError",
    "NotFoundError",
    "OxigraphStore",
    "ParameterError",
    "QueryResult",
    "QuerySyntaxError",
    "RdfSyntaxError",
    "ReasonerError",
    "Settings",
    "Store",
    "StoreError",
    "StoreLockedError",
    "TkgError",
    "UnsupportedFormatError",
    "ValidationError",
    "__version__",
    "open_store",
    "parse_rdf",
]
