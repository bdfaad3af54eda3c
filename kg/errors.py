"""The errors of the library, in one small hierarchy.

::

    TkgError                      anything this library raises on purpose
    ├── InputError                bad input; says what and where
    │   ├── QuerySyntaxError      a SPARQL query or update that does not parse
    │   ├── QueryRefusedError     one nested too deep, or calling a host not allowed
    │   ├── RdfSyntaxError        RDF that does not parse
    │   ├── UnsupportedFormatError a format name or media type we do not offer
    │   └── ParameterError        a named-query parameter of the wrong type
    ├── NotFoundError             an unknown graph, query or resource
    ├── StoreError                the store cannot do what was asked
    │   ├── StoreLockedError      another process holds the on-disk store
    │   ├── StoreUnavailableError a remote SPARQL server is down or unreachable
    │   ├── StoreRefusedError     a remote SPARQL server refused (auth, permissions, errors)
    │   └── StoreTimeoutError     a remote SPARQL server did not answer in time
    ├── ReasonerError             HermiT could not run
    │   ├── JavaMissingError      no ``java`` on the PATH
    │   └── InconsistentError     the facts contradict the ontology
    └── ValidationError           the graph breaks a SHACL shape or a QC query

Every error has a one-line ``str()`` meant for a person; the CLI prints it and
exits non-zero, the HTTP API maps each class to one status and one error code.
"""

from __future__ import annotations

__all__ = [
    "InconsistentError",
    "InputError",
    "JavaMissingError",
    "NotFoundError",
    "ParameterError",
    "QueryRefusedError",
    "QuerySyntaxError",
    "RdfSyntaxError",
    "ReasonerError",
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

    code = "tkg-error"


class InputError(TkgError):
    """Input that cannot be used; ``where`` says where the problem is."""

    code = "bad-input"

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class QuerySyntaxError(InputError):
    """A SPARQL query or update that the parser rejects."""

    code = "bad-sparql"


class QueryRefusedError(InputError):
    """A query or update refused unparsed: it nests deeper than the parser's stack allows,
    or it would make the store call a host (``SERVICE``, ``LOAD``) that is not allowed."""

    code = "query-refused"


class RdfSyntaxError(InputError):
    """RDF text that the parser rejects."""

    code = "bad-rdf"


class UnsupportedFormatError(InputError):
    """A format that is not offered; ``offered`` lists those that are."""

    code = "unsupported-format"

    def __init__(self, message: str, *, offered: list[str] | None = None) -> None:
        self.offered = offered or []
        if self.offered:
            message = f"{message} (offered: {', '.join(self.offered)})"
        super().__init__(message)


class ParameterError(InputError):
    """A named-query parameter that is missing or has the wrong type."""

    code = "bad-parameter"


class NotFoundError(TkgError):
    """An unknown graph, named query or resource."""

    code = "not-found"


class StoreError(TkgError):
    """The store failed or cannot honour an option."""

    code = "store-error"


class StoreLockedError(StoreError):
    """The on-disk store is open in another process."""

    code = "store-locked"


class StoreUnavailableError(StoreError):
    """A remote store that cannot be reached (refused connection, unknown host), after the
    retries."""

    code = "store-unavailable"


class StoreRefusedError(StoreError):
    """A remote store that answered, but refused the request (authentication, permissions,
    its own failure)."""

    code = "store-refused"


class StoreTimeoutError(StoreError):
    """A remote store that did not answer within the time limit."""

    code = "store-timeout"


class ReasonerError(TkgError):
    """The reasoner could not run."""

    code = "reasoner-error"


class JavaMissingError(ReasonerError):
    """HermiT needs a Java runtime and none was found."""

    code = "java-missing"


class InconsistentError(ReasonerError):
    """The asserted facts contradict the ontology.

    ``offenders`` names the individuals involved, ``reasons`` says why, one line each.
    """

    code = "inconsistent"

    def __init__(self, message: str, *, offenders: list[str], reasons: list[str]) -> None:
        self.offenders = offenders
        self.reasons = reasons
        super().__init__(message)


class ValidationError(TkgError):
    """The graph does not conform; ``report`` holds the findings."""

    code = "invalid-graph"

    def __init__(self, message: str, *, report: object = None) -> None:
        self.report = report
        super().__init__(message)
