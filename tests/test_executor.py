"""The query workers' pool seen from an event loop: requests beyond the number of workers
wait on the loop and are handed the next worker freed; one that waits past its limit gives
up without taking a worker with it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest
from store_support import numbered_disk_store

from api.protocol import QueryRequest, answer, answer_query
from kg.executor import ProcessExecutor, TimedOut, graph_names

G = "http://example.org/g"
T = TypeVar("T")


def _run(main: Callable[[], Awaitable[T]]) -> T:
    """``asyncio.run(main())`` on a thread of its own: the browser tests' sync Playwright may
    have left an event loop running on this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(main())).result()


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture
def store(tmp_path: Path):
    with numbered_disk_store(tmp_path / "db", G, 200) as store:
        yield store


def test_more_requests_than_workers_are_all_answered(store):
    async def main() -> list[list[str]]:
        with ProcessExecutor(store, workers=1) as pool:
            return await asyncio.gather(
                *(pool.run_async(graph_names, timeout=30) for _ in range(40))
            )

    assert _run(main) == [[G]] * 40


def test_a_request_that_waits_past_its_limit_gives_up_and_loses_no_worker(store):
    async def main() -> tuple[BaseException | None, list[str], list[str]]:
        with ProcessExecutor(store, workers=1) as pool:
            busy = asyncio.ensure_future(
                pool.run_async(answer, QueryRequest(query=RUNAWAY), None, timeout=1.0)
            )
            await asyncio.sleep(0.1)  # the only worker is taken
            try:
                await pool.run_async(graph_names, timeout=0.2)
                waited = None
            except TimedOut as exc:
                waited = exc
            with pytest.raises(TimedOut):
                await busy  # the runaway is stopped at its own limit; a fresh worker follows
            # the pool is whole again: the next requests find a worker
            after = await pool.run_async(graph_names, timeout=30)
            again = await pool.run_async(graph_names, timeout=30)
            return waited, after, again

    waited, after, again = _run(main)
    assert isinstance(waited, TimedOut) and "became free" in str(waited)
    assert after == again == [G]


def test_a_cancelled_waiter_passes_the_worker_on(store):
    async def main() -> list[str]:
        with ProcessExecutor(store, workers=1) as pool:
            first = asyncio.ensure_future(pool.run_async(graph_names, timeout=30))
            second = asyncio.ensure_future(pool.run_async(graph_names, timeout=30))
            third = asyncio.ensure_future(pool.run_async(graph_names, timeout=30))
            await asyncio.sleep(0)
            second.cancel()  # its client went away while it waited
            results = await asyncio.gather(first, third)
            return [g for names in results for g in names]

    assert _run(main) == [G, G]


def test_threads_beyond_the_workers_wait_their_turn(store):
    """``run`` from threads (the CLI's and the thread-pool callers'): more threads than
    workers are all answered; one that waits past its limit gives up and takes no worker."""
    with ProcessExecutor(store, workers=1) as pool, ThreadPoolExecutor(8) as threads:
        answers = list(threads.map(lambda _: pool.run(graph_names, timeout=30), range(40)))
        assert answers == [[G]] * 40
        busy = threads.submit(pool.run, answer, QueryRequest(query=RUNAWAY), None, timeout=1.0)
        while not busy.running():
            pass
        time.sleep(0.1)  # the only worker is taken
        with pytest.raises(TimedOut, match="became free"):
            pool.run(graph_names, timeout=0.2)
        with pytest.raises(TimedOut, match="ran longer"):
            busy.result()
        assert pool.run(graph_names, timeout=30) == [G]


def test_threads_and_event_loop_requests_share_the_workers(store):
    with ProcessExecutor(store, workers=1) as pool, ThreadPoolExecutor(4) as threads:

        async def main() -> list[list[str]]:
            on_threads = [threads.submit(pool.run, graph_names, timeout=30) for _ in range(10)]
            on_loop = await asyncio.gather(
                *(pool.run_async(graph_names, timeout=30) for _ in range(10))
            )
            return [*on_loop, *(f.result() for f in on_threads)]

        assert _run(main) == [[G]] * 20


def test_a_query_sent_to_a_worker_as_plain_values(store):
    """``answer_query``, the work the SPARQL routes send: the media type and the body, as
    ``answer`` gives them."""
    text = f"SELECT ?o WHERE {{ GRAPH <{G}> {{ <http://example.org/7> ?p ?o }} }}"
    with ProcessExecutor(store, workers=1) as pool:
        sent = pool.run(answer_query, text, [], [], ("csv",), None, "http://x/sparql", timeout=30)
    offer, body = answer(store, QueryRequest(text, formats=("csv",)), None)
    assert sent == (offer.media_type, body, None) == ("text/csv", b"o\r\n7\r\n", None)
