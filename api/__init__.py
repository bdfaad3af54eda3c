"""The HTTP API: a thin FastAPI shell over ``kg``.

``create_app`` is imported when first asked for: every ``tkg`` command imports this
package (the console script is ``api.cli``), and only ``tkg serve`` needs FastAPI and the
routes (about half of a command's start-up).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from api.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from api.app import create_app

        return create_app
    raise AttributeError(f"module 'api' has no attribute {name!r}")
