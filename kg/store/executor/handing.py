"""The pool's part in having its workers answer clients directly (``kg.store.executor.lanes``):
the snapshot published to them, their lanes given, and a worker over the time limit there
killed and replaced. A mixin of ``ProcessExecutor``, which holds the state it reads."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from pathlib import Path
from typing import Any

from kg.errors import StoreError
from kg.store.executor.copies import Copies
from kg.store.executor.lanes import Lanes
from kg.store.executor.processes import Worker
from kg.store.executor.snapshots import Snapshots
from kg.store.executor.turns import Turns
from kg.store.executor.watching import unwatch_from_afar

__all__ = ["DirectServing"]


class DirectServing:
    """``serve_directly`` and what it needs of the pool (see the module docstring)."""

    lanes: Lanes | None
    _snapshots: Snapshots
    _copies: Copies | None
    _turns: Turns

    def _replace(self, worker: Worker) -> None:
        raise NotImplementedError

    def _release(self, worker: Worker, *, back: bool = True, fresh: bool = False) -> None:
        raise NotImplementedError

    def current(self) -> Path:
        """The snapshot with every write made so far (a new one after a write), wanted in
        memory and published to the workers that answer clients directly."""
        snapshot = self._snapshots.current()
        if self._copies is not None:
            self._copies.want(snapshot)
        if self.lanes is not None:
            self.lanes.publish(snapshot)
        return snapshot

    def serve_directly(self, loop: asyncio.AbstractEventLoop, **options: Any) -> Lanes:
        """Have the workers answer clients' connections handed to them (``Lanes``, with
        ``options``); the idle workers get their lanes at once, the others when free."""
        self.lanes = Lanes(
            self._snapshots.folder, loop, kill=self._stop_direct, refresh=self.current, **options
        )
        self.current()
        threading.Thread(target=self._adopt_idle, name="tkg-lanes", daemon=True).start()
        return self.lanes

    def _stop_direct(self, worker: Worker) -> None:
        """Kill a worker whose direct answer is over the time limit: replaced if idle (to
        the pool); else its pool work, waiting behind, sees it die and replaces it."""
        with self._turns.changed:
            idle = worker in self._turns.idle
            if idle:
                self._turns.idle.remove(worker)
        if not idle:
            worker.process.kill()
            return
        with contextlib.suppress(StoreError):
            unwatch_from_afar(worker)
        self._replace(worker)

    def _adopt_idle(self) -> None:
        """Give the idle workers their lanes (each claimed meanwhile)."""
        claimed: list[Worker] = []
        while (worker := self._turns.claim_blocking(time.monotonic())) is not None:
            claimed.append(worker)
        try:
            for worker in claimed:
                if self.lanes is not None:
                    unwatch_from_afar(worker)
                    self.lanes.adopt(worker)
        finally:
            for worker in claimed:
                self._release(worker)
