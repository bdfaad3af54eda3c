"""People's and organisations' names as reference lists write them, into CSL names.

Inverted (``Kitchin, R., Coletta, C. and Mac Donncha, D.``), Chicago (``Kitchin, Rob, and
Claudio Coletta``), natural (``M. Raco & F. Savini``), compact (``Kitchin R, Dodge M``),
slashes (``Frey, B./Kucher, M.``), capitals, particles and corporate authors.
"""

from __future__ import annotations

import re

from kg.bib.parse.lexicon import (
    CAP,
    CORPORATE,
    LOW,
    PARTICLES,
    PREFIXES,
    SUFFIXES,
    is_initial,
    is_word,
)

__all__ = ["looks_like_names", "parse_names"]

_LOWER_INITIALS = re.compile(r"[a-z](?:\.\s?[a-z])*\.?")
_ET_AL = re.compile(r",?\s*(?:et\s+al\.?|and\s+others|u\.\s*a\.|…|\.\.\.)\s*$")
_FUNCTION_WORDS = re.compile(r"\s(?:of|for|the|on|in|at|für|der|des)\s")
# German lists join two authors with "u." too: "Müller, A. u. Schmidt, B."
_SEPARATORS = re.compile(
    r"\s*;\s*|\s*/\s*|\s*,?\s*&\s*|\s*,?\s+(?:and|und|y|et)\s+|(?<=[^\W\d_]|\.)\s+u\.\s+(?=[A-ZÀ-Þ])"
)
_LETTER_SPACED = re.compile(rf"[{CAP}]{{1,2}}(?:\s+[{CAP}]{{1,2}}){{2,}}")
_NAME_WORDS = re.compile(r"and|und|et|al\.?|u\.|a\.|y|&|others|ed\.?|eds\.?|Hg\.?|Hrsg\.?")


def parse_names(text: str, *, natural: bool = False) -> list[dict]:
    """CSL names from a list as references write it.

    >>> [n.get("family") or n["literal"] for n in parse_names("SMITH, J. & van Dijk, J.")]
    ['Smith', 'van Dijk']
    >>> parse_names("Certeau, Michel de")
    [{'family': 'de Certeau', 'given': 'Michel'}]
    >>> parse_names("Cohen, Daniel Aldana")
    [{'family': 'Cohen', 'given': 'Daniel Aldana'}]
    >>> [n["family"] for n in parse_names("Frey, Bruno S./Kucher, Marcel")]
    ['Frey', 'Kucher']
    >>> parse_names("Department of Communications, Climate Action and Environment")
    [{'literal': 'Department of Communications, Climate Action and Environment'}]
    >>> [n["family"] for n in parse_names("Mike Raco and Federico Savini", natural=True)]
    ['Raco', 'Savini']
    """
    text = " ".join(text.split())
    text = re.sub(r"\s+(?=[.,])", "", text)  # "A . , Z E I T H A M L , V. A ." (spaced out)
    text = _ET_AL.sub("", text).strip(" ,;:")
    if re.fullmatch(r"[-–—_.\s]*", text):  # "———." stands for the previous entry's names
        return []
    if text.endswith(".") and not re.search(rf"(?:^|[\s.\-])[{CAP}][a-z]?\.$", text):
        text = text[:-1]
    if not text:
        return []
    if _is_corporate(text):
        return [{"literal": text}]
    # "Wimsatt Jr., William K.": the suffix after the surname, taken out and given back
    suffixes = {m.group(1): m.group(2) for m in _SUFFIX_AFTER_SURNAME.finditer(text)}
    text = _SUFFIX_AFTER_SURNAME.sub(r"\1,", text)
    names = _names(text, natural=natural)
    for name in names:
        if name.get("family") in suffixes:
            name["suffix"] = suffixes[name["family"]]
    return names


_SUFFIX_AFTER_SURNAME = re.compile(rf"(?<![\w'’-])([{CAP}][\w'’-]+)\s+(Jr\.?|Sr\.?|II|III|IV),")


def _names(text: str, *, natural: bool) -> list[dict]:
    """:func:`parse_names` once the text is cleaned."""
    chunks = _SEPARATORS.split(text)
    parts = [
        (n, p.strip()) for n, chunk in enumerate(chunks) for p in chunk.split(",") if p.strip()
    ]
    sizes = [sum(1 for n, _ in parts if n == k) for k in range(len(chunks))]
    names: list[dict] = []
    i = 0
    while i < len(parts):
        chunk, part = parts[i]
        after = parts[i + 1][1] if i + 1 < len(parts) and parts[i + 1][0] == chunk else None
        compact = _COMPACT.match(part)
        full = not names or sizes[chunk] == 2  # "Cohen, Daniel Aldana": one person
        if part in _SUFFIXES_SET and names:
            names[-1]["suffix"] = part
        elif compact and not natural:
            names.append(_person(compact.group("family"), compact.group("given")))
        elif (
            after is not None and not natural and _is_surname(part) and _is_given(after, full=full)
        ):
            names.append(_inverted(part, after))
            i += 1
        elif after and re.fullmatch(r"[a-z][\w'’-]+", part) and _LOWER_INITIALS.fullmatch(after):
            names.append({"family": part, "given": after})  # boyd, d.; hooks, b.
            i += 1
        elif (names or natural or is_initial(part.split()[0])) and _is_natural(part):
            names.append(_natural(part))
        elif (len(part.split()) == 1 and not part.isupper()) or _LETTER_SPACED.fullmatch(part):
            names.append({"family": part})
        else:
            names.append({"literal": part})
        i += 1
    return names


_SUFFIXES_SET = SUFFIXES
_COMPACT = re.compile(
    rf"^(?P<family>(?:(?:{'|'.join(sorted(PARTICLES))})\s+)*[{CAP}][\w'’-]*"
    rf"(?:\s+[{CAP}][\w'’-]*[{LOW}][\w'’-]*)*)\s+(?P<given>[{CAP}]{{1,3}}|[{CAP}][{LOW}]?\.(?:\s?-?[{CAP}]\.){{0,2}})$"
)


# a sentence ending on a word, not an initial or an abbreviation, and another after it
# (not an initial: "Weaver, David. H." is a mistyped name):
# names, then a title (MLA and Chicago notes-bibliography put the year last)
_SENTENCE_AFTER_NAME = re.compile(
    r"(?<![\w.])(?!(?:Jr|Sr|Hrsg|Hg|eds?|Eds?|Ltd|Inc|Co|Corp|Dept|Bros|St)\.)"
    r"[^\W\d_]{3,}\.\s+(?![^\W\d_]\.|[^\W\d_]\b)\S"
)


def looks_like_names(text: str) -> bool:
    """Could ``text`` (what comes before the year) be a list of names, or an
    organisation's? Not when it holds a title's words: quotes, colons, small words."""
    text = " ".join(text.split()).strip(" ,;:.")
    if not text or re.search(r"[\"“”„«»:?!]|[‘’']\s|\s[‘’']|\d", text):
        return False
    text = re.sub(r"\((?:eds?|Eds?|Hg|Hrsg|editors?)\.?\)|\s+u\.\s?a$", "", text)  # "u. a.": et al.
    if _SENTENCE_AFTER_NAME.search(text):  # "Arendt, Hannah. The Human Condition. Press"
        return False
    small = [
        w
        for w in re.findall(r"[\w'’.-]+|&", text)
        if not w[0].isupper()
        and w not in PARTICLES
        and not _NAME_WORDS.fullmatch(w)
        and not re.search(rf"[{CAP}]", w)  # deHart
    ]
    if not small:
        return True
    corporate = bool(CORPORATE.search(text)) and len(text.split()) <= 12
    return corporate and all(
        f" {w} " in " of for the on in at für der des and und de du " for w in small
    )


def _is_corporate(text: str) -> bool:
    """No initials, and an organisation's word ("Bank", "Department") or, without
    commas, a function word ("Mayor of London")."""
    if any(is_initial(t) for t in re.split(r"[\s,]+", text) if t):
        return False
    if _LETTER_SPACED.search(text):
        return False
    return bool(CORPORATE.search(text)) or (
        "," not in text and bool(_FUNCTION_WORDS.search(f" {text} "))
    )


def _is_surname(part: str) -> bool:
    tokens = part.split()
    if _LETTER_SPACED.fullmatch(part):
        return True
    return 0 < len(tokens) <= 4 and all(
        t in PARTICLES or t in PREFIXES or is_word(t) for t in tokens
    )


def _is_given(part: str, *, full: bool = False) -> bool:
    tokens = part.split()
    while tokens and tokens[-1] in PARTICLES:
        tokens.pop()
    if not tokens or len(tokens) > 3:
        return False
    if all(is_initial(t) or is_initial(t + ".") for t in tokens):
        return True
    if len(tokens) == 1:
        return bool(re.fullmatch(rf"[{CAP}][{LOW}'’]+(?:-[{CAP}][{LOW}]+)?\.?", tokens[0]))
    if full and all(re.fullmatch(rf"[{CAP}][{LOW}'’-]+|[{CAP}]\.?", t) for t in tokens):
        return True
    return is_word(tokens[0]) and all(is_initial(t) for t in tokens[1:])


def _is_natural(part: str) -> bool:
    tokens = [t for t in part.split() if t not in SUFFIXES]
    return len(tokens) >= 2 and is_word(tokens[-1]) and not CORPORATE.search(part)


def _titlecase(name: str) -> str:
    """``SMITH`` → ``Smith``, ``DE CERTEAU`` → ``de Certeau``; mixed case is kept."""
    if not name.isupper() or len(name) < 2 or _LETTER_SPACED.fullmatch(name):
        return name
    out = []
    for word in name.split():
        if word.lower() in PARTICLES:
            out.append(word.lower())
        else:
            out.append(re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), word))
    return " ".join(out)


def _person(family: str, given: str | None) -> dict:
    name = {"family": _titlecase(family.strip())}
    if given:
        name["given"] = given.strip()
    return name


def _inverted(family: str, given: str) -> dict:
    """``Certeau``, ``Michel de`` → family ``de Certeau``: a trailing particle moves."""
    tokens = given.split()
    moved: list[str] = []
    while tokens and tokens[-1] in PARTICLES:
        moved.insert(0, tokens.pop())
    given = " ".join(tokens)
    if given.endswith(".") and not is_initial(tokens[-1]):
        given = given[:-1]
    return _person(" ".join([*moved, family]), given)


def _natural(part: str) -> dict:
    """``Darach Mac Donncha``, ``Jan van Dijk``, ``Tomás Sánchez Criado``, ``M. Raco``."""
    tokens = part.split()
    suffix = tokens.pop() if tokens[-1] in SUFFIXES else None
    initials = next((i for i, t in enumerate(tokens) if not is_initial(t)), len(tokens))
    if 0 < initials < len(tokens):  # "T. Sánchez Criado", "A. von Schnitzler"
        name = _person(" ".join(tokens[initials:]), " ".join(tokens[:initials]))
        return {**name, "suffix": suffix} if suffix else name
    start = len(tokens) - 1
    while start > 1 and (tokens[start - 1] in PARTICLES or tokens[start - 1] in PREFIXES):
        start -= 1
    if (
        start == len(tokens) - 1
        and len(tokens) >= 3
        and not any(is_initial(t) for t in tokens)
        and re.search(r"[aeiou]z$", tokens[-2])
    ):
        start -= 1  # an Iberian double surname: "Sánchez Criado", "García Márquez" is missed
    name = _person(" ".join(tokens[start:]), " ".join(tokens[:start]))
    if suffix:
        name["suffix"] = suffix
    return name
