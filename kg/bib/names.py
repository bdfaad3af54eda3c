"""CSL name objects: a person's or an organisation's name, read from and written as text.

CSL-JSON writes a person as ``{"family": ..., "given": ...}`` (a particle such as
``de`` may stand apart, as ``non-dropping-particle``) and an organisation as
``{"literal": ...}``. BibTeX and RIS write both as ``Family, Given``, a name
without a comma being an organisation's.

>>> person = {"family": "Certeau", "given": "Michel", "non-dropping-particle": "de"}
>>> surname(person), inverted(person)
('de Certeau', 'de Certeau, Michel')
>>> parse_inverted("de Certeau, Michel"), parse_inverted("World Bank")
({'family': 'de Certeau', 'given': 'Michel'}, {'literal': 'World Bank'})
"""

from __future__ import annotations

__all__ = ["inverted", "parse_inverted", "surname"]


def surname(name: dict) -> str:
    """The name a citation cites: the family name with its particle, or the literal."""
    if name.get("literal"):
        return str(name["literal"]).strip()
    return " ".join(p for p in (name.get("non-dropping-particle"), name.get("family")) if p)


def inverted(name: dict, *, braced: bool = False) -> str:
    """``Family, Given``; a literal name in braces when ``braced`` (BibTeX keeps it whole)."""
    if name.get("literal"):
        return f"{{{name['literal']}}}" if braced else name["literal"]
    family = name.get("family", "")
    if name.get("non-dropping-particle"):
        family = f"{name['non-dropping-particle']} {family}"
    given = name.get("given", "")
    return f"{family}, {given}" if given else family


def parse_inverted(text: str) -> dict:
    """``Family, Given[, Suffix]``; a name without a comma is an organisation's."""
    family, comma, rest = text.partition(",")
    if not comma:
        return {"literal": text.strip()}
    name = {"family": family.strip()}
    given, _, suffix = rest.partition(",")
    if given.strip():
        name["given"] = given.strip()
    if suffix.strip():
        name["suffix"] = suffix.strip()
    return name
