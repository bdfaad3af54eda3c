"""Preloaded by a query worker in tests (``store_support.preload_gate_hook``): a query whose
text, or a value bound in it, names a gate (``store_support.Gate.marker``) waits at that gate
before it runs. So a route's own query can be held in the worker, over the time limit for as
long as the test wants, whatever the machine's speed.

It changes nothing in the process that runs the tests (which imports it to look for doctests):
only in a child process, a query worker.
"""

from __future__ import annotations

import multiprocessing
import re
from typing import Any

from store_support import pass_gate

from kg.store import OxigraphStore

_MARKER = re.compile(r"tkg-gate<([^<>]+)>")


def _named_gate(sparql: str, bindings: Any) -> str | None:
    """The directory of the gate the query names, if it names one."""
    texts = [sparql, *(getattr(v, "value", "") for v in (bindings or {}).values())]
    for text in texts:
        found = _MARKER.search(str(text))
        if found:
            return found.group(1)
    return None


def _install() -> None:
    query = OxigraphStore.query

    def gated_query(self: OxigraphStore, sparql: str, **kwargs: Any) -> Any:
        directory = _named_gate(sparql, kwargs.get("bindings"))
        if directory is not None:
            pass_gate(directory)
        return query(self, sparql, **kwargs)

    OxigraphStore.query = gated_query  # type: ignore[method-assign]


if multiprocessing.parent_process() is not None:  # a query worker
    _install()
