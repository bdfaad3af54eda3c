"""Every error the library raises on purpose, in one tree.

::

    TkgError                          anything this library raises on purpose
    ├── InputError                    bad input; says what and where
    │   ├── QuerySyntaxError          a SPARQL query or update that does not parse
    │   ├── QueryRefusedError         one nested too deep, or calling a host not allowed
    │   ├── RdfSyntaxError            RDF that does not parse
    │   ├── UnsupportedFormatError    a format name or media type we do not offer
    │   ├── ParameterError            a named-query parameter of the wrong type
    │   ├── MapSyntaxError            an argument map (Argdown, AIF JSON) that does not parse
    │   ├── DanglingReferenceError    an argument map naming what it never defines
    │   └── CycleError                an argument map whose supports come back to their start
    ├── NotFoundError                 an unknown graph, query or resource
    │   └── EmptyMapError             a literature map with nothing in it
    ├── StoreError                    the store cannot do what was asked
    │   ├── StoreLockedError          another process holds the on-disk store
    │   ├── StoreUnavailableError     a remote SPARQL server is down or unreachable
    │   ├── StoreRefusedError         a remote SPARQL server refused (auth, permissions, errors)
    │   ├── StoreTimeoutError         work on the store over its time limit
    │   │   └── StoreBusyError        no query worker free in time (the work never ran)
    │   └── StoreCancelledError       work stopped because its caller went away
    ├── ReasonerError                 HermiT could not run
    │   ├── JavaMissingError          no ``java`` on the PATH
    │   └── InconsistentError         the facts contradict the ontology
    ├── GraphvizMissingError          no Graphviz ``dot`` to draw an argument map
    └── ValidationError               the graph breaks a SHACL shape or a QC query

Every error has a one-line ``str()`` meant for a person; the CLI prints it and exits
non-zero. The HTTP API adds the few errors only HTTP knows (``api.errors``, subclasses of
these) and answers each class with one status and one stable error code.
"""

from __future__ import annotations

__all__ = [
    "CycleError",
    "DanglingReferenceError",
    "EmptyMapError",
    "GraphvizMissingError",
    "InconsistentError",
    "InputError",
    "JavaMissingError",
    "MapSyntaxError",
    "NotFoundError",
    "ParameterError",
    "QueryRefusedError",
    "QuerySyntaxError",
    "RdfSyntaxError",
    "ReasonerError",
    "StoreBusyError",
    "StoreCancelledError",
    "StoreError",
    "StoreLockedError",
    "StoreRefusedError",
    "StoreTimeoutError",
    "StoreUnavailableError",
    "TkgError",
    "UnsupportedFormatError",
    "ValidationError",
]


class TkgError(Exception):
    """Base class of every error this library raises on purpose."""


# -- bad input --------------------------------------------------------------------------------


class InputError(TkgError):
    """Input that cannot be used; ``where`` says where the problem is."""

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class QuerySyntaxError(InputError):
    """A SPARQL query or update that the parser rejects."""


class QueryRefusedError(InputError):
    """A query or update refused unparsed: it nests deeper than the parser's stack allows,
    or it would make the store call a host (``SERVICE``, ``LOAD``) that is not allowed."""


class RdfSyntaxError(InputError):
    """RDF text that the parser rejects."""


class UnsupportedFormatError(InputError):
    """A format that is not offered; ``offered`` lists those that are."""

    def __init__(self, message: str, *, offered: list[str] | None = None) -> None:
        self.offered = offered or []
        if self.offered:
            message = f"{message} (offered: {', '.join(self.offered)})"
        super().__init__(message)


class ParameterError(InputError):
    """A named-query parameter that is missing or has the wrong type."""


class MapSyntaxError(InputError):
    """An argument map that does not parse; ``line`` and ``column`` (1-based) say where.

    >>> str(MapSyntaxError("expected ']'", line=3, column=7, source="map.argdown"))
    "map.argdown:3:7: expected ']'"
    """

    def __init__(self, message: str, *, line: int, column: int, source: str | None = None) -> None:
        self.line = line
        self.column = column
        super().__init__(message, where=f"{source or 'input'}:{line}:{column}")


class DanglingReferenceError(InputError):
    """An argument map that refers to statements or arguments it never defines."""


class CycleError(InputError):
    """An argument map whose support chain returns to its start; ``cycle`` lists the
    titles along it, in order."""

    def __init__(self, message: str, *, cycle: list[str], where: str | None = None) -> None:
        self.cycle = cycle
        super().__init__(message, where=where)


# -- nothing there ----------------------------------------------------------------------------


class NotFoundError(TkgError):
    """An unknown graph, named query or resource."""


class EmptyMapError(NotFoundError):
    """A literature map with nothing in it: the filters match nothing, or the graph holds
    no citations."""


# -- the store --------------------------------------------------------------------------------


class StoreError(TkgError):
    """The store failed or cannot honour an option."""


class StoreLockedError(StoreError):
    """The on-disk store is open in another process."""


class StoreUnavailableError(StoreError):
    """A remote store that cannot be reached (refused connection, unknown host), after the
    retries."""


class StoreRefusedError(StoreError):
    """A remote store that answered, but refused the request (authentication, permissions,
    its own failure)."""


class StoreTimeoutError(StoreError):
    """Work on a store that did not finish within its time limit: a query stopped in its
    worker process (``kg.store.executor``) or given up on in its thread, a query that found
    no free worker in time, or a remote store that did not answer in time."""


class StoreBusyError(StoreTimeoutError):
    """No query worker became free in time: the work never ran. ``retry_after`` is how many
    seconds from now a worker may be free."""

    def __init__(self, message: str, *, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class StoreCancelledError(StoreError):
    """Work stopped (its worker killed) because whoever asked for it went away, such as an
    HTTP client that hung up: nobody is waiting for the answer."""


# -- tools we run -----------------------------------------------------------------------------


class ReasonerError(TkgError):
    """The reasoner could not run."""


class JavaMissingError(ReasonerError):
    """HermiT needs a Java runtime and none was found."""


class InconsistentError(ReasonerError):
    """The asserted facts contradict the ontology.

    ``offenders`` names the individuals involved, ``reasons`` says why, one line each.
    """

    def __init__(self, message: str, *, offenders: list[str], reasons: list[str]) -> None:
        self.offenders = offenders
        self.reasons = reasons
        super().__init__(message)


class GraphvizMissingError(TkgError):
    """Graphviz's ``dot``, which draws argument maps as SVG or PNG, is not installed."""


# -- the graph as a whole ---------------------------------------------------------------------


class ValidationError(TkgError):
    """The graph does not conform; ``report`` holds the findings."""

    def __init__(self, message: str, *, report: object = None) -> None:
        self.report = report
        super().__init__(message)
