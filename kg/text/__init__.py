"""Plain text as PDF extraction leaves it: pages as character offsets."""

__all__: list[str] = []
