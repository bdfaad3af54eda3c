"""Asking ``/search`` until its index is current: a search never waits for the index (it is
built in the app's keeper thread), so a test that needs every hit asks again until the
answer says no build is under way or due. The deadline is only there so that a keeper that
never finishes fails the test instead of hanging it: on a busy machine it is far off."""

from __future__ import annotations

import time

import httpx

#: generous: the chapter's index is a few seconds' work on a quiet machine
DEADLINE = 900.0


def current(url: str, **params) -> dict:
    """The JSON answer of ``/search`` once the index is current (no ``building``)."""
    give_up = time.monotonic() + DEADLINE
    while True:
        response = httpx.get(f"{url}/search", params=params, timeout=120)
        assert response.status_code == 200, response.text
        found = response.json()
        if found["building"] is None and found["source"] == "index":
            return found
        assert time.monotonic() < give_up, f"the index was never current: {found}"
        time.sleep(0.2)
