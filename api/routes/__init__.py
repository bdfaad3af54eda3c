"""One router per resource, each with its prefix and tags."""

__all__: list[str] = []
