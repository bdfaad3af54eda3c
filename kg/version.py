"""The version of this distribution, in the lowest layer so that provenance can name it."""

__all__ = ["__version__"]

__version__ = "0.1.0"
