"""The HTML pages a browser is answered with."""

__all__: list[str] = []
