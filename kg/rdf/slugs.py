"""Readable, stable slugs for IRIs.

>>> slugify("Mac Donncha, Darach")
'mac-donncha-darach'
>>> slugify("Krivý")
'krivy'
>>> slugify("Иванов, Пётр")
'ivanov-petr'
>>> person_slug({"family": "Townsend", "given": "Anthony M."})
'townsend-anthony-m'
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

__all__ = ["person_slug", "slugify"]


def slugify(text: str) -> str:
    """ASCII lower case, words joined by hyphens.

    Latin letters lose their accents (``ý`` is ``y``), as the slugs minted so far
    have them; a letter with no ASCII form of its own (Cyrillic, Greek, CJK) is
    transliterated by anyascii, so that two people named in another script do not
    share one empty slug.
    """
    ascii_text = text if text.isascii() else "".join(_ascii(char) for char in text)
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _ascii(char: str) -> str:
    plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    if plain or not char.isalnum():
        return plain
    return anyascii(char)


def person_slug(name: dict) -> str:
    """``family-given`` for a CSL-JSON name (or its literal form)."""
    if name.get("literal"):
        return slugify(name["literal"])
    return slugify(f"{name.get('family', '')} {name.get('given', '')}")
