"""The names at the head of a reference whose year comes later: Vancouver (``Dealey C.
Title.``), IEEE (``J. Smith, A. Jones, and B. Lee, "Title,"``), Chicago notes-bibliography
and MLA (``Surname, Given. "Title." Venue, 2016.``), and lists such as ``Mehta L., Title,
Publisher, Place, 2009.``. The first name sets the form the others follow."""

from __future__ import annotations

import re

from kg.bib.parse.lexicon import CAP, EDITORS_WORD, LOW, PARTICLES
from kg.bib.parse.people import parse_names

__all__ = ["take_names"]

_PARTICLE = rf"(?:(?:{'|'.join(sorted(PARTICLES))})\s+)"
# Kitchin, O'Neil, Jenkins-Smith, McCarthy, LaPorta, OBrien (its apostrophe lost); NAUDIN
# (capitals, as French lists write surnames)
_WORD = (
    rf"(?:[{CAP}][{LOW}'’]*(?:(?:(?<=[{CAP}][{LOW}])|(?<=\bO))[{CAP}][{LOW}]+)?(?:[-'’][{CAP}]?[{LOW}'’]+)*"
    rf"|[{CAP}]{{2,}}(?:[-'’][{CAP}]{{2,}})*(?![{LOW}]))"
)
_SURNAME = rf"{_PARTICLE}*{_WORD}(?:\s+{_WORD}){{0,2}}"
_INITIALS = rf"(?:[{CAP}][{LOW}]?\.?\s?-?){{1,3}}"
# given names in full, then initials: "José Carlos Assis", "Cathy N." (not "Cathy N.
# Revolution", the title's first word), "Christopher W. V."
_FULL_WORD = rf"(?![{CAP}](?![{CAP}{LOW}])){_WORD}"
_GIVEN_FULL = rf"{_FULL_WORD}(?:\s+{_FULL_WORD}){{0,2}}(?:\s+[{CAP}]\.?){{0,2}}"
# in natural order each initial ends in a period, a space or a hyphen (not "DORNELAS")
_NATURAL_INITIALS = rf"(?:[{CAP}][{LOW}]?(?:\.\s?-?|\s|-))"
_END = r"(?=[,.;:/&]|\s+(?:and\b|und\b|&|et\s+al|u\.\s?a\.|u\.\s)|\s*[(\[]|\s*$)"
# a given name ending in an initial, then the quoted title: "Christopher W. V. \"Title\""
_END_OR_QUOTE = rf"(?:{_END}|(?<=\.)(?=\s+[\"“‘«]))"
# a particle after the given name: "Certeau, Michel de", "Andrade, Mário de"
_TRAILING = r"(?:d[aeo]s?|du|van(?:\s+de[nr]?)?|von(?:\s+der)?|de[lr]?|della|di|le|la)"
_FORMS = {
    "compact": re.compile(
        rf"(?P<family>{_SURNAME})\s+(?P<given>{_INITIALS}|[{CAP}]{{1,5}}\b\.?)"
        rf"(?:\s+(?P<particle>{_TRAILING}))?{_END}"
    ),
    # "Mills, C. Wright.": initials, then a given name in full before the title's sentence
    "inverted": re.compile(
        rf"(?P<family>{_SURNAME}),\s*(?P<given>{_INITIALS}(?:(?<=\.\s){_WORD}(?=\.\s+[\"“‘{CAP}]))?)"
        rf"{_END}"
    ),
    # "Wimsatt Jr., William Kurtz", "Hogue, Christopher W. V. \"Title.\""
    "chicago": re.compile(
        rf"(?P<family>{_SURNAME})(?:\s+(?P<suffix>Jr\.|Sr\.|Jr|Sr|II|III|IV))?,"
        rf"\s*(?P<given>{_GIVEN_FULL})(?:\s+(?P<particle>{_TRAILING}))?{_END_OR_QUOTE}"
    ),
    "natural": re.compile(
        rf"(?!(?:The|An?|On|In|Of|For)\s)(?P<given>(?:{_NATURAL_INITIALS}{{1,3}}\s*|{_WORD}\s+){{1,3}})"
        rf"(?P<family>{_PARTICLE}*{_WORD}){_END}"
    ),
}
# the form of the names after the first, given the first's
_NEXT = {
    "compact": ("compact",),
    "inverted": ("inverted", "natural"),
    "chicago": ("natural",),
    "natural": ("natural",),
}
# "and" in English, "et" in French, "und" in German lists ("et al." is read before)
_SEPARATOR = re.compile(
    r"\s*(?:,\s*(?:(?:and|et|und)\s+|&\s*)?|;\s*|\s*/\s*|\s+(?:and|et|und|u\.)\s+|\s*&\s*)"
)
# "et al.", German "u. a." ("und andere")
_ET_AL = re.compile(r",?\s*(?:et\s+al\.?|u\.\s?a\.)")
# what follows a name given first: another name (capitalised), or the title's sentence of
# three words or more ("Lisa F. Rau. Extracting company names from text."; not Vancouver's
# "Dealey C. Caring. Nurs Times." nor "Hale N. Towns and maps.")
_AFTER_NATURAL = re.compile(
    rf",\s*[{CAP}\"“‘«»„]|\s*(?:\s(?:and|et|und)|&)\s+[{CAP}]|\.\s+(?:[^\s.]+\s+){{2,}}[^\s.]"
)
_LAST_JOIN = re.compile(r"\b(?:and|et|und|u\.)(?!\w)|&")
_EDITORS = re.compile(rf",?\s*[(\[]?\s*{EDITORS_WORD}\.?\s*[)\]]?\.?(?=[\s,.:;]|$)")


def take_names(text: str) -> tuple[list[dict], bool, str]:
    """The names at the start of ``text``, whether they are editors, and the rest.

    >>> names, editors, rest = take_names("Dealey C, Smith AB. Caring for wounds. 2008.")
    >>> [n["family"] for n in names], editors, rest
    (['Dealey', 'Smith'], False, 'Caring for wounds. 2008.')
    >>> names, editors, rest = take_names('Harvey, David. "A Title." Venue, 2016.')
    >>> [n["family"] for n in names], rest
    (['Harvey'], '"A Title." Venue, 2016.')
    """
    names_end, form, pos, last, strong = 0, None, 0, False, False
    found_names: list[dict] = []
    while True:
        forms = _NEXT[form] if form else ("compact", "inverted", "chicago", "natural")
        if strong and form is not None and form not in forms:  # "Noyelle, A.; Tinker, B.:"
            forms = (form, *forms)
        found = None
        for name in forms:
            found = _FORMS[name].match(text, pos)
            if found and _title_word(text, found, name, first=not found_names or strong):
                found = None  # "James Gleick, Chaos: ...", "..., B., Attribute Grammars: ..."
            if found:
                if form is None and name == "compact":
                    found, name = _given_first(text, found)
                form = form or name
                break
        if not found:
            break
        found_names.append(_name(found))
        names_end = pos = found.end()
        if text[pos : pos + 1] == ".":
            pos += 1
            names_end = pos if form != "chicago" else names_end
            if re.search(rf"(?:^|\s)[{CAP}]$", found_names[-1]["given"]):
                found_names[-1]["given"] += "."  # "Hale, Nora M. Title": the initial's period
                names_end = pos
        et_al = _ET_AL.match(text, pos)
        if et_al:
            names_end = pos = et_al.end()
            break
        if last:  # "..., and Lorho, B., Attribute Grammars": the list ended at its "and"
            break
        separator = _SEPARATOR.match(text, pos)
        if not separator or text[pos : pos + 2] in {". ", ".,"}:
            break
        last = bool(_LAST_JOIN.search(separator.group(0)))
        # a semicolon or a slash parts names only ("Behrens, Michael; Robert von Rimscha:")
        strong = bool(re.search("[;/]", separator.group(0)))
        pos = separator.end()
    if not names_end:
        return [], False, text
    head, rest = text[:names_end], text[names_end:]
    editors = _EDITORS.match(rest)
    if editors and editors.group(0).strip(" ,."):
        rest = rest[editors.end() :]
    # given names first ("Elinor C. Ostrom"), where an initial or a second name shows it
    # (not "Aalto Pami.", a surname and a given name as some lists write them)
    natural = form == "natural" and (len(found_names) > 1 or "." in found_names[0]["given"])
    names = parse_names(head, natural=natural)
    if len(names) != len(found_names) or (len(names) > 1 and any("literal" in n for n in names)):
        names = found_names  # the forms read them better than the list reader
    return names, bool(editors and editors.group(0).strip(" ,.")), rest.lstrip(" .,:;")


def _title_word(text: str, found: re.Match, form: str, *, first: bool) -> bool:
    """Is what a form matched, followed by a colon, a title's words rather than a name:
    a name given first after the first name (``Attribute Grammars:``), or a two-word
    "surname" with a "given name" (``James Gleick, Chaos:``)?"""
    if text[found.end() : found.end() + 1] != ":":
        return False
    if form == "natural":
        return not first
    return form == "chicago" and " " in found.group("family").strip()


def _given_first(text: str, compact: re.Match) -> tuple[re.Match, str]:
    """``Stephen H. Kellert, Title``: the first name given first, not ``Stephen H.``
    compact, where a surname follows the initials and then another name or a comma."""
    natural = _FORMS["natural"].match(text)
    if (
        natural
        and text[compact.end() : compact.end() + 1] == "."
        and natural.end() > compact.end() + 1
        and _AFTER_NATURAL.match(text, natural.end())
    ):
        return natural, "natural"
    return compact, "compact"


def _name(found: re.Match) -> dict:
    groups = found.groupdict()
    name = {"family": groups["family"].strip(), "given": groups["given"].strip()}
    if groups.get("particle"):
        name["dropping-particle"] = groups["particle"]
    if groups.get("suffix"):
        name["suffix"] = groups["suffix"]
    return name
