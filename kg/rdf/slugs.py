"""Readable, stable slugs for IRIs.

>>> slugify("Mac Donncha, Darach")
'mac-donncha-darach'
>>> slugify("Krivý")
'krivy'
>>> person_slug({"family": "Townsend", "given": "Anthony M."})
'townsend-anthony-m'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["person_slug", "slugify"]


def slugify(text: str) -> str:
    """ASCII lower case, words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def person_slug(name: dict) -> str:
    """``family-given`` for a CSL-JSON name (or its literal form)."""
    if name.get("literal"):
        return slugify(name["literal"])
    return slugify(f"{name.get('family', '')} {name.get('given', '')}")
