"""Whose turn it is: which request gets a worker that is free, fairly between clients.

A client (for the API, the remote address) may hold at most ``share`` workers at once, so
that a few clients sending runaway queries cannot take every worker for the whole time
limit: a request of a client at its share waits, even while a worker is idle, and others are
served meanwhile. A worker that is freed goes to the waiting request whose client holds the
fewest workers, first come first served among equals. Work with no client (the CLI's,
threads') counts for nobody and is never held back.

A client whose work was stopped at its time limit in the last ``SUSPECT_FOR`` seconds comes
after every other (``stopped``): it is served only when no other waits and another worker
stays idle, and such clients together hold at most ``share`` workers. So runaway queries
from several addresses, each within its share, still leave workers for the rest once the
first of them have been stopped.

Taking a free worker costs a dict lookup and an increment; the waiting queue is looked
through only when requests wait.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from kg.store.executor.processes import Worker

__all__ = ["SUSPECT_FOR", "Turns", "Waiter", "default_share"]

#: how long a client whose work ran to its time limit comes after the others
SUSPECT_FOR = 60.0


def default_share(workers: int) -> int:
    """How many workers one client may hold by default: half of them, at least one.

    >>> default_share(4), default_share(3), default_share(1)
    (2, 1, 1)
    """
    return max(1, workers // 2)


@dataclass(eq=False, slots=True)
class Waiter:
    """A request on an event loop waiting for a worker, handed one through ``handed``."""

    client: Hashable | None
    loop: asyncio.AbstractEventLoop
    handed: asyncio.Future[Worker]


class Turns:
    """The idle workers, the requests waiting on event loops and the workers each client
    holds, under one lock; threads waiting for a worker wait on ``changed``."""

    def __init__(self, share: int) -> None:
        self.share = share
        self.changed = threading.Condition(threading.Lock())
        # a stack, last in, first out: under light load the same worker, warm in cache,
        # takes each piece of work; the others wait for a burst
        self.idle: list[Worker] = []
        self.waiting: list[Waiter] = []
        self.held: dict[Hashable, int] = {}
        #: the clients whose work was last stopped at its time limit, and when
        self.suspects: dict[Hashable, float] = {}

    def claim(self, client: Hashable | None, loop: asyncio.AbstractEventLoop) -> Worker | Waiter:
        """An idle worker for ``client``, if one is free and the client is within its share;
        else a place in the queue, handed a worker later (see ``free``)."""
        with self.changed:
            if self.idle and (
                client is None
                or (self.held.get(client, 0) < self.share and not self._suspect_held(client))
            ):
                worker = self.idle.pop()
                self._take(worker, client)
                return worker
            waiter = Waiter(client, loop, loop.create_future())
            self.waiting.append(waiter)
            return waiter

    def claim_blocking(self, give_up: float) -> Worker | None:
        """An idle worker for work with no client, waited for until ``give_up``
        (``time.monotonic``); None if none came free by then."""
        with self.changed:
            while not self.idle:
                if not self.changed.wait(max(give_up - time.monotonic(), 0)):
                    return None
            return self.idle.pop()

    def wait_idle(self, count: int, give_up: float) -> None:
        """Wait until ``count`` workers are idle, or the clock reaches ``give_up``."""
        with self.changed:
            while len(self.idle) < count and time.monotonic() < give_up:
                self.changed.wait(0.05)

    def withdraw(self, waiter: Waiter) -> None:
        """Take a request that gives up (its time is out, or its client went away) out of
        the queue, if it is still in it."""
        with self.changed:
            if waiter in self.waiting:
                self.waiting.remove(waiter)

    def free(
        self, worker: Worker, *, back: bool, fresh: bool = False
    ) -> list[tuple[Waiter, Worker]]:
        """``worker`` is done with its client's work: it goes back among the idle (``back``;
        a ``fresh`` one, new, at the bottom of the stack: a warm worker's caches and memory
        serve better) or is gone (killed). Returns the waiting requests that now get a
        worker, each with it, for the caller to hand over on their loops."""
        with self.changed:
            client = worker.client
            if client is not None:
                worker.client = None
                left = self.held[client] - 1
                if left:
                    self.held[client] = left
                else:
                    del self.held[client]
            if back and fresh:
                self.idle.insert(0, worker)
            elif back:
                self.idle.append(worker)
            handed = []
            while self.idle and self.waiting:
                waiter = self._next()
                if waiter is None:
                    break
                given = self.idle.pop()
                self._take(given, waiter.client)
                handed.append((waiter, given))
            if self.idle:
                self.changed.notify()
            return handed

    def stopped(self, client: Hashable | None) -> None:
        """``client``'s work ran to its time limit and was stopped: it comes after the others
        for ``SUSPECT_FOR`` seconds."""
        if client is None:
            return
        now = time.monotonic()
        with self.changed:
            if len(self.suspects) > 1000:  # forget those whose time is up
                self.suspects = {c: t for c, t in self.suspects.items() if now - t < SUSPECT_FOR}
            self.suspects[client] = now

    def _suspect_held(self, client: Hashable) -> bool:
        """Whether ``client`` is a suspect (see ``stopped``) to be held back: the suspects
        hold their share of workers already, or only one worker is idle (while killed
        workers are replaced, the others keep one); a dict lookup for any other client."""
        if not self._suspect(client, time.monotonic()):
            return False
        if len(self.idle) < 2:
            return True
        now = time.monotonic()
        held = sum(n for c, n in self.held.items() if self._suspect(c, now))
        return held >= self.share

    def _suspect(self, client: Hashable, now: float) -> bool:
        since = self.suspects.get(client)
        return since is not None and now - since < SUSPECT_FOR

    def retry_after(self, client: Hashable | None, busy: Iterable[Worker]) -> int:
        """In how many seconds (at least one) a worker should be free for ``client``: when
        the first of the workers it waits for reaches its limit (its own, at its share)."""
        now = time.monotonic()
        with self.changed:
            over = client is not None and self.held.get(client, 0) >= self.share
        ends = [w.deadline for w in busy if w.deadline and (not over or w.client == client)]
        return max(1, math.ceil(min(ends, default=now + 1) - now))

    def _take(self, worker: Worker, client: Hashable | None) -> None:
        if client is not None:
            worker.client = client
            self.held[client] = self.held.get(client, 0) + 1

    def _next(self) -> Waiter | None:
        """The waiting request to serve next: of those within their client's share, the one
        whose client holds the fewest workers, the first to come among equals; a suspect's
        (see ``stopped``) only when no other's waits, and while suspects hold fewer than
        ``share`` workers."""
        best, fewest, suspect = None, self.share, None
        now = time.monotonic()
        for waiter in self.waiting:
            if waiter.handed.done():  # gave up; withdrawn soon
                continue
            client = waiter.client
            held = 0 if client is None else self.held.get(client, 0)
            if held >= fewest:
                continue
            if client is not None and self._suspect(client, now):
                if suspect is None and held < self.share and not self._suspect_held(client):
                    suspect = waiter
                continue
            best, fewest = waiter, held
            if not held:
                break
        best = best or suspect
        if best is not None:
            self.waiting.remove(best)
        return best
