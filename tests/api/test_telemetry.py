"""FastAPI's OpenTelemetry is on only with ``TKG_TELEMETRY``: off, no request asks the
OpenTelemetry API for a configured provider; on, every request does (so a provider set up
by ``opentelemetry-instrument`` gets its spans)."""

from __future__ import annotations

import httpx
import pytest
from opentelemetry import trace

from api import create_app
from kg.settings import Settings
from kg.store import OxigraphStore


@pytest.mark.parametrize(("enabled", "asked"), [(False, False), (True, True)])
def test_fastapi_looks_for_a_tracer_provider_only_with_telemetry_on(
    monkeypatch, serve_app, enabled, asked
):
    calls: list[str] = []
    real = trace.get_tracer_provider

    def counted() -> trace.TracerProvider:
        calls.append("asked")
        return real()

    monkeypatch.setattr(trace, "get_tracer_provider", counted)
    store = OxigraphStore()
    app = create_app(Settings(store="memory", telemetry=enabled), store)
    with serve_app(app) as url, httpx.Client(base_url=url) as client:
        calls.clear()
        query = client.get("/sparql", params={"query": "ASK {}"})
        page = client.get("/concepts")
    store.close()
    assert query.status_code == 200 and query.json()["boolean"] is True
    assert page.status_code == 200 and page.json()["total"] == 0
    assert bool(calls) is asked
