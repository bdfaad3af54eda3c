"""The HTTP API: a thin FastAPI shell over ``kg``."""

from __future__ import annotations

from api.app import create_app

__all__ = ["create_app"]
