"""The wire: queries through SPARQLWrapper, updates and the Graph Store through httpx, both
with time limits, retries with back-off on connection errors, basic or bearer auth, and every
failure turned into one ``kg.errors`` class with a one-line message.

Only failures that happened before the server saw the request (a refused connection, an
unknown host) are retried, for every kind of request; a time-out or an error answer is not,
since the server may have done the work.
"""

from __future__ import annotations

import base64
import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from SPARQLWrapper import POST, URLENCODED, SPARQLWrapper

from kg.errors import (
    InputError,
    QuerySyntaxError,
    StoreRefusedError,
    StoreTimeoutError,
    StoreUnavailableError,
)
from kg.store import tidy_parser_message
from kg.store.remote.endpoints import Endpoints

__all__ = ["Answer", "Transport"]

T = TypeVar("T")

#: What a query asks for: results as JSON, graphs as N-Triples (both parsed by pyoxigraph).
ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_SYNTAX = re.compile(r"syntax|parse|expected|error at|SP0\d\d", re.IGNORECASE)
_HTML = re.compile(r"<[^>]+>")


@dataclass
class Answer:
    """A server's answer: its media type (without parameters) and body."""

    media_type: str
    body: bytes


class _Wrapper(SPARQLWrapper):
    """SPARQLWrapper told the query form by our own scanner (``kg.store.sparqltext``) instead of
    its regular expression, which takes a query opening with ``BASE`` or ``DEFINE`` for
    unknown and warns."""

    def __init__(self, endpoint: str, form: str) -> None:
        self._form = form
        super().__init__(endpoint)

    def _parseQueryType(self, query: str) -> str | None:  # SPARQLWrapper's name
        return self._form

    def _query(self) -> tuple[Any, str]:
        """SPARQLWrapper's, less its turning HTTP errors into exceptions that drop the
        server's message: ``urllib.error.HTTPError`` comes through, body and all."""
        response = urllib.request.urlopen(self._createRequest(), timeout=self.timeout)
        return response, self.returnFormat


def _server_message(body: bytes | str, *, limit: int = 300) -> str:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    text = " ".join(_HTML.sub(" ", text).split())
    for marker in ("SPARQL query:", "SPARQL request:"):  # Virtuoso echoes the whole query
        text = text.split(marker, 1)[0].strip()
    return tidy_parser_message(text, limit=limit) or "(no message)"


class Transport:
    """One server's endpoints, a pooled httpx client, and the rules for failing."""

    def __init__(
        self,
        endpoints: Endpoints,
        *,
        timeout: float,
        connect_timeout: float,
        retries: int,
        backoff: float,
    ) -> None:
        self.endpoints = endpoints
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        auth: httpx.Auth | None = None
        headers = {"User-Agent": "technocracy-kg"}
        if endpoints.token:
            headers["Authorization"] = f"Bearer {endpoints.token}"
        elif endpoints.user is not None:
            auth = httpx.BasicAuth(endpoints.user, endpoints.password or "")
        self.client = httpx.Client(
            auth=auth,
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            follow_redirects=True,
        )

    def close(self) -> None:
        self.client.close()

    # -- failing clearly ---------------------------------------------------------------------
    def _where(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}{parts.path}"

    def _with_retries(self, url: str, action: Callable[[], T]) -> T:
        """``action()``, again after a pause (doubled each time) while the connection fails."""
        pause = self.backoff
        for attempt in range(self.retries + 1):
            try:
                return action()
            except (httpx.ConnectError, ConnectionRefusedError, socket.gaierror) as exc:
                last: Exception = exc
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, TimeoutError | socket.timeout):
                    raise self._timed_out(url) from exc
                if not isinstance(exc.reason, OSError):
                    raise
                last = exc
            if attempt < self.retries:
                time.sleep(pause)
                pause *= 2
        raise StoreUnavailableError(
            f"the SPARQL server at {self._where(url)} cannot be reached "
            f"({_reason(last)}; tried {self.retries + 1} times): is it running?"
        ) from last

    def _timed_out(self, url: str) -> StoreTimeoutError:
        return StoreTimeoutError(
            f"the SPARQL server at {self._where(url)} did not answer within {self.timeout:g} s"
        )

    def _refused(self, url: str, status: int, body: bytes | str, *, what: str) -> Exception:
        message = _server_message(body)
        if status in (401, 403):
            how = "check TKG_REMOTE_USER/PASSWORD or TKG_REMOTE_TOKEN"
            return StoreRefusedError(
                f"the SPARQL server at {self._where(url)} refused the {what} ({status}): "
                f"{message}; {how}"
            )
        if status == 400 and what in ("query", "update") and _SYNTAX.search(message):
            return QuerySyntaxError(f"the server says: {message}", where=what)
        if status in (400, 415, 422) or (what == "update" and "Error" in message):
            changed = ", nothing was changed" if what != "query" else ""
            return InputError(f"the server refused it{changed} ({status}): {message}", where=what)
        if status in (502, 503, 504):
            return StoreUnavailableError(
                f"the SPARQL server at {self._where(url)} is unavailable ({status}): {message}"
            )
        return StoreRefusedError(
            f"the SPARQL server at {self._where(url)} failed the {what} ({status}): {message}"
        )

    # -- the protocols -----------------------------------------------------------------------
    def query(
        self,
        text: str,
        *,
        form: str,
        params: Iterable[tuple[str, str]] = (),
        timeout: float | None = None,
    ) -> Answer:
        """A SPARQL query by POST (form-encoded) through SPARQLWrapper."""
        url = self.endpoints.query
        wrapper = _Wrapper(url, form)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setOnlyConneg(True)
        wrapper.setQuery(text)
        wrapper.setTimeout(int(max(1, round(timeout or self.timeout))))
        wrapper.addCustomHttpHeader(
            "Accept", ACCEPT_GRAPH if form in ("CONSTRUCT", "DESCRIBE") else ACCEPT_RESULTS
        )
        if self.endpoints.token:
            wrapper.addCustomHttpHeader("Authorization", f"Bearer {self.endpoints.token}")
        elif self.endpoints.user is not None:
            pair = f"{self.endpoints.user}:{self.endpoints.password or ''}".encode()
            wrapper.addCustomHttpHeader("Authorization", "Basic " + base64.b64encode(pair).decode())
        for name, value in params:
            if name == "default-graph-uri":
                wrapper.addDefaultGraph(value)
            elif name == "named-graph-uri":
                wrapper.addNamedGraph(value)
            else:
                wrapper.addParameter(name, value)

        def run() -> Answer:
            try:
                result = wrapper.query()
            except urllib.error.HTTPError as exc:
                with exc:
                    body = exc.read()
                raise self._refused(url, exc.code, body, what="query") from exc
            except TimeoutError as exc:
                raise self._timed_out(url) from exc
            with result.response as response:
                try:
                    body = response.read()
                except TimeoutError as exc:
                    raise self._timed_out(url) from exc
                media = response.headers.get("Content-Type", "")
            return Answer(media.split(";")[0].strip().lower(), body)

        return self._with_retries(url, run)

    def request(
        self,
        method: str,
        url: str,
        *,
        what: str,
        params: dict[str, str] | None = None,
        data: dict[str, str] | None = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        missing_ok: bool = False,
    ) -> httpx.Response | None:
        """An HTTP request through httpx; an error answer raises (a 404 returns None when
        ``missing_ok``)."""

        def run() -> httpx.Response:
            try:
                return self.client.request(
                    method, url, params=params, data=data, content=content, headers=headers
                )
            except httpx.TimeoutException as exc:
                if isinstance(exc, httpx.ConnectTimeout):
                    raise httpx.ConnectError(str(exc)) from exc
                raise self._timed_out(url) from exc
            except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
                raise StoreRefusedError(
                    f"the SPARQL server at {self._where(url)} dropped the connection during "
                    f"the {what} ({exc})"
                ) from exc

        response = self._with_retries(url, run)
        if response.status_code == 404 and missing_ok:
            return None
        if response.status_code >= 400:
            raise self._refused(url, response.status_code, response.content, what=what)
        return response

    def update(self, text: str) -> None:
        """A SPARQL update, form-encoded (``update=``) as the protocol has it."""
        self.request("POST", self.endpoints.update, what="update", data={"update": text})


def _reason(exc: Exception) -> str:
    reason = getattr(exc, "reason", None) or exc
    return " ".join(str(reason).split()) or type(exc).__name__
