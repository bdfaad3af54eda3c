"""The errors of argument-map input, all ``kg.errors.InputError`` s (bad input, exit 2, HTTP 400).

::

    InputError
    ├── MapSyntaxError       Argdown or AIF JSON that does not parse: line, column, expected
    ├── DanglingReferenceError  an element referred to but never defined
    └── CycleError           a chain of supports that comes back to where it started
"""

from __future__ import annotations

from kg.errors import InputError

__all__ = ["CycleError", "DanglingReferenceError", "MapSyntaxError"]


class MapSyntaxError(InputError):
    """Input that does not parse; ``line`` and ``column`` (1-based) say where."""

    code = "bad-argument-map"

    def __init__(self, message: str, *, line: int, column: int, source: str | None = None) -> None:
        self.line = line
        self.column = column
        where = f"{source or 'input'}:{line}:{column}"
        super().__init__(message, where=where)


class DanglingReferenceError(InputError):
    """References to statements or arguments that the map never defines."""

    code = "dangling-reference"


class CycleError(InputError):
    """A support chain that returns to its start; ``cycle`` lists its titles in order."""

    code = "support-cycle"

    def __init__(self, message: str, *, cycle: list[str], where: str | None = None) -> None:
        self.cycle = cycle
        super().__init__(message, where=where)
