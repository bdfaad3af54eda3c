"""The W3C update-evaluation and syntax tests, run in pyoxigraph itself (the baseline) and
through our ``OxigraphStore``.

An update test starts from its ``ut:data`` (the default graph) and ``ut:graphData`` (named
graphs, named by their ``rdfs:label``), runs the update, and compares every graph after with
the expected ones (quads, blank nodes up to renaming; empty graphs are not compared). A
syntax test passes when the query or update parses (positive) or is refused as a syntax
error (negative); an update that parses is run on an empty store, which is harmless.

Our store is opened with ``outbound=["*"]`` here: by default it refuses every ``LOAD`` and
``SERVICE`` before parsing (``kg.store.guard``), a policy, not the syntax the tests check;
with no network here, the calls those tests make fail at once, and ``LOAD SILENT`` is silent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

import pyoxigraph as ox
from w3c.answers import Answer, difference, error_answer, same
from w3c.engines import Outcome, raw_store
from w3c.manifests import W3CTest

from kg.errors import QueryRefusedError, QuerySyntaxError, TkgError
from kg.store import OxigraphStore

__all__ = ["syntax_baseline", "syntax_through_store", "update_baseline", "update_through_store"]

#: Our store as the conformance run opens it (see the module's docstring).
OUTBOUND = ("*",)


def quads_answer(quads: Iterable[ox.Quad]) -> Answer:
    """A dataset as an ``Answer``: each quad a row whose predicate carries its graph."""
    rows = {
        (("s", str(q.subject)), ("p", f"{q.graph_name} {q.predicate}"), ("o", str(q.object)))
        for q in quads
    }
    return Answer("graph", tuple(sorted(rows)))


def _judge_update(test: W3CTest, run: Callable[[], Answer]) -> Outcome:
    expected = quads_answer(raw_store(list(test.after)).quads_for_pattern(None, None, None))
    try:
        got = run()
    except QueryRefusedError as exc:
        return Outcome(False, error_answer("refused"), str(exc), policy=True)
    except (SyntaxError, QuerySyntaxError) as exc:
        return Outcome(False, error_answer("syntax error"), f"does not parse: {exc}")
    except (OSError, RuntimeError, TkgError) as exc:
        return Outcome(False, error_answer("error"), f"{type(exc).__name__}: {exc}")
    if same(got, expected):
        return Outcome(True, got)
    return Outcome(False, got, difference(expected, got))


def _raw_update(test: W3CTest) -> Answer:
    store = raw_store(list(test.data))
    store.update(test.text, base_iri=test.url)
    return quads_answer(store.quads_for_pattern(None, None, None))


@cache
def update_baseline(test: W3CTest) -> Outcome:
    """The update test run in pyoxigraph directly (once per session)."""
    return _judge_update(test, lambda: _raw_update(test))


def _store_update(test: W3CTest) -> Answer:
    store = OxigraphStore(default_graph="default", outbound=OUTBOUND)
    try:
        for f in test.data:
            data, fmt = f.path.read_bytes(), f.path.suffix.lstrip(".")
            store.write_graph(f.graph, data, format=fmt, merge=True, base_iri=f.path.as_uri())
        store.update(test.text, base_iri=test.url)
        return quads_answer(ox.parse(store.dump(format="nq"), format=ox.RdfFormat.N_QUADS))
    finally:
        store.close()


def update_through_store(test: W3CTest) -> Outcome:
    """The update test run through ``OxigraphStore.update``, the dataset read by ``dump``."""
    return _judge_update(test, lambda: _store_update(test))


# -- syntax -------------------------------------------------------------------------------------


def _syntax(test: W3CTest, parses: Callable[[], str | None]) -> Outcome:
    """``parses`` returns None when the text parsed, else the parser's message."""
    try:
        refused = parses()
    except QueryRefusedError as exc:
        return Outcome(False, error_answer("refused"), str(exc), policy=True)
    answer = error_answer("parses" if refused is None else "syntax error")
    if (refused is None) == (test.kind == "positive"):
        return Outcome(True, answer)
    return Outcome(False, answer, refused or "parsed, though it should not")


def _raw_parses(test: W3CTest) -> str | None:
    try:
        if test.action.suffix == ".ru":
            ox.Store().update(test.text, base_iri=test.url)
        else:
            ox.Store().query(test.text, base_iri=test.url)
    except SyntaxError as exc:
        return str(exc)
    except (OSError, RuntimeError):
        return None  # it parsed, then failed as it ran on an empty store
    return None


@cache
def syntax_baseline(test: W3CTest) -> Outcome:
    """The syntax test run in pyoxigraph directly (once per session)."""
    return _syntax(test, lambda: _raw_parses(test))


def _store_parses(test: W3CTest) -> str | None:
    store = OxigraphStore(outbound=OUTBOUND)
    try:
        if test.action.suffix == ".ru":
            store.update(test.text, base_iri=test.url)
        else:
            store.query(test.text, base_iri=test.url)
    except QuerySyntaxError as exc:
        return str(exc)
    except QueryRefusedError:
        raise
    except TkgError:
        return None  # it parsed, then failed as it ran on an empty store
    finally:
        store.close()
    return None


def syntax_through_store(test: W3CTest) -> Outcome:
    """The syntax test run through ``OxigraphStore.query`` or ``update``."""
    return _syntax(test, lambda: _store_parses(test))
