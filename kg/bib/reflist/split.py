"""A reference list cut into entries, wrapped lines joined.

The signals real lists give, strongest first:

- a list marker starts an entry: ``[3]``, ``3.``, ``3)`` (when the list is numbered), a
  bullet; ``———`` or ``____`` (the previous entry's authors again) does too;
- a hanging indent, where the text keeps indentation: an entry's first line is at the
  outer indent, its other lines deeper;
- a line that ends with ``,``, ``&``, ``and``, ``-``, ``(`` or ``in:`` goes on in the
  next (an author list or a title wrapped), unless a marker follows; so does one with a
  parenthesis left open, unless names and a year follow; so do names without a year
  when the next line begins with one (``ETAN (European ...)`` / ``(2000) Title``), and
  a list of editors cut after an initial (``in W. Carroll, L.`` / ``Christiansen, R.``);
- a new entry begins with names (``Surname, I.``, ``Surname I``, ``SURNAME``, letter-spaced
  capitals, a particle) or a corporate author with a year soon after it (or names alone
  up to a later year: ``Voss, Kim / Sherman, Rachel / ... (1999):``); a year may stick
  to the initials (``J.H.1994.``) or carry a short second year (``1998/99``), and a
  date's year (``May 23-27,1996``) starts nothing; it does so after an entry that ended
  (a terminal period, a page range, a DOI or URL, the last piece of a broken link) or
  that already holds its year, or after a line clearly shorter than the column;
- otherwise a line continues the entry before it.
"""

from __future__ import annotations

import re

from kg.bib.parse.lexicon import LABEL, MONTH_NAMES, PLACES
from kg.bib.plaintext import YEAR_PATTERN
from kg.bib.reflist.lines import ListLine, list_lines

__all__ = ["BIO", "Entry", "joined", "natural_start", "split_reference_entries", "split_with_lines"]

Entry = tuple[int, int, str]

_MARKER = re.compile(rf"^(?:\[(?:\d{{1,3}}|{LABEL})\]|\d{{1,3}}[.)](?=\s|$|[A-ZÀ-Þ]))\s*")
# a list's number, its entry after it or on the next line ("3." alone, as pdftotext sets
# a number apart from its justified entry)
_NUMBER = re.compile(r"^(?:\[(\d{1,3})\]|(\d{1,3})[.)])(?:\s|$|(?=[A-ZÀ-Þ]))")
_REPEAT = re.compile(r"^(?:[-–—_]{2,}|[-–—_](?:\s[-–—_]){1,})\s*[.,:]?")
#: where a year may stand: not inside a word, a number or a path; after a period only
#: where an initial or a space precedes it ("J.H.1994.", "Schaeper .2001.")
_AFTER = r"(?<![\w/\-])(?<!(?-i:[^A-ZÀ-Þ\s])\.)"
_YEARISH = re.compile(
    rf"{_AFTER}[(\[]?(?:{YEAR_PATTERN}[a-z]?(?:/(?:{YEAR_PATTERN}|\d\d)|\s?\[{YEAR_PATTERN}\])?"
    r"|(?-i:[nN]\.\s?d\.|o\.\s?J\.)|forthcoming|in press)"  # not the initials "N. D."
    rf"[)\]]?(?=[\s.,:;)\]]|$)",
    re.I,
)
_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"
_WORD = rf"[{_UP}][\w'’`-]+"
_PARTICLE = r"(?:(?:de|van|von|der|den|du|da|di|la|le|del|dos|ten|ter|mac|mc)\s+)"
_NAME_START = re.compile(
    rf"""^(?:{_PARTICLE}*{_WORD}(?:[\s-]+{_WORD}){{0,3}},\s*(?:[{_UP}]\.|[{_UP}]{{1,3}}\b(?!\s*:))
    |{_PARTICLE}*{_WORD}(?:-{_WORD})?\s+(?:[{_UP}]\.?\s?){{1,3}}(?:[,.;]|\s|$)
    |{_PARTICLE}*[{_UP}]{{2,}}(?:[\s-][{_UP}]{{2,}})*\s*,
    |(?:[{_UP}]{{1,2}}\s){{3,}}
    )""",
    re.X,
)
#: A line about an author ("JANE DOE is a lecturer at ..."): the list is over
BIO = re.compile(
    rf"^(?:[{_UP}][\w.'’-]*\s+){{1,4}}(?:is|was|has\s+been)\s+(?:a|an|the|professor|lecturer|"
    r"senior|associate|assistant|director|head|currently|based|research|reader|emeritus)\b"
)
_NOT_NAME = re.compile(
    r"(?:In|From|See|Also|Available|Retrieved|Accessed|Reprinted|Edited"
    # the first words of abbreviated journal titles (Vancouver: "Int J Nurs Stud")
    r"|Int|Am|Eur|Br|Ann|Rev|Proc|Trans|Bull|Arch|Adv|Acta|Curr|Clin|Med|Soc|Sci|Res|Econ)\b"
)
# "Surname, Given": a name, or a place and its publisher ("Sage, London"): weaker
_GIVEN_START = re.compile(
    rf"^{_PARTICLE}*{_WORD}(?:[\s-]+{_WORD}){{0,3}},\s*[{_UP}][\w'’-]+(?![\w'’-])(?!\s*:)"
)
# MLA and Chicago notes-bibliography, the year at the end: "Jacobs, Jane. The Death ...",
# "Kitchin, Rob, and Martin Dodge. Code/Space ...", 'Raymond, Allen. "What Is ..."':
# given names in full, then a sentence begins on the same line (no place and publisher)
_GIVEN = rf"[{_UP}][a-zß-ÿ'’-]+"
_NB_START = re.compile(
    rf"^{_PARTICLE}*{_WORD}(?:[\s-]+{_WORD}){{0,2}},\s+{_GIVEN}(?:\s+(?:{_GIVEN}|[{_UP}]\.))*"
    rf"(?:(?:\.|(?<=\.))\s+[\"“‘'{_UP}0-9]|,\s+(?:and|&)\s+{_GIVEN}\s"
    r"|,?\s+\((?:eds?|Hg|Hrsg)\.?\))"  # "Brenner, Neil, (ed.) Implosions ..."
)
# German lists with the year at the end: names parted by semicolons or slashes, then a
# colon and the title: "Lindner, Katrin; Paul van Dijk: Title ...", "Verband der
# Stadtwerke [Hrsg.]: Title ..."
_GIVEN_OR_INITIAL = rf"(?:{_GIVEN}|[{_UP}]\.)"
_INVERTED = (
    rf"{_PARTICLE}*{_WORD}(?:[\s-]+{_WORD}){{0,2}},"
    rf"\s*{_GIVEN_OR_INITIAL}(?:[\s-]+{_GIVEN_OR_INITIAL})*"
)
_NATURAL = rf"(?:{_GIVEN_OR_INITIAL}\s+){{1,2}}{_PARTICLE}*{_WORD}"
_COLON_START = re.compile(
    rf"^(?:(?:{_INVERTED}|{_NATURAL})(?:\s*[;/]\s*(?:{_INVERTED}|{_NATURAL})){{0,6}}"
    rf"(?:,?\s+u\.\s?a\.)?(?:\s*[(\[](?:Hg|Hrsg|Eds?|eds?)\.?[)\]])?"
    rf"|[{_UP}][\w-]*(?:\s+[\w-]+){{0,5}}\s*[(\[](?:Hg|Hrsg)\.?[)\]])\s*:\s+\S"
)
# a place and its publisher alone on a line: "New York: Routledge.", "Woodbridge,
# Suffolk: Boydell Press."
_PUBLISHED = re.compile(rf"(?:{_WORD}[\s,]+){{0,3}}{_WORD}:\s+(?:[\w&'’.-]+\s+){{0,5}}[\w&'’-]+\.")
# names given first, then a comma and the title (German and older humanities lists):
# "Jana Roth u. Paul M. Heck, »Title«, in: ...", "Jana Roth, Title, Place 1990."
_NATURAL_START = re.compile(
    rf"^{_NATURAL}(?:\s*(?:,|u\.|und|and|&)\s*{_NATURAL}){{0,4}},\s+"
    rf"(?!(?:Eds?|Hg|Hrsg|Trans)\b)[»„\"“«‘{_UP}]"  # not an editor: "D. Mason, Ed., Book"
)
# what goes on an entry whatever it looks like: a link with its label ("Fuller version:
# http://..."), access notes ("(Accessed 3 May 2016)", "[cited 2021 Mar 3]", "Available at")
_LINK_LINE = re.compile(
    r"^(?:(?:[\w-]+\s){0,3}[\w-]+:\s*<?(?:https?://|www\.|doi\b)"
    r"|[(\[]?(?:Available|Accessed|Retrieved|Viewed|Last\s+accessed|Cited|Online|URL)\b)",
    re.I,
)
_MONTH = re.compile(rf"\b{MONTH_NAMES}\b\.?,?\s*(?:\d{{1,2}},?\s*)?$")
_TERMINAL = re.compile(
    r"(?:[.)\]\d]|[.?!][’'\"”»]|https?://\S+|doi:\S+|10\.\d{4,9}/\S+|www\.\S+)$", re.I
)
# names with no comma after the surname, then the year in parentheses, as lists mistype
_NAMES_THEN_YEAR = re.compile(
    rf"^(?:{_WORD}|[{_UP}]\.|and|&)(?:[\s,]+(?:{_WORD}|[{_UP}]\.|and|&)){{1,8}}\s*"
    rf"\({YEAR_PATTERN}[a-z]?\)"
)
# a name list up to its year: "Erickson, Christopher / Fisk, Catherine / ... (2001):"
_NAME_LIST = re.compile(
    rf"^(?:(?:{_PARTICLE}?{_WORD}|[{_UP}]\.(?:-?[{_UP}]\.)*|and|&)[\s,;/]*){{2,24}}"
    rf"\(?{YEAR_PATTERN}[a-z]?\)?[.:,]"
)
# the year an entry's names wait for, at the start of the next line: "(2000) Title"
_YEAR_FIRST = re.compile(rf"^[(\[]{YEAR_PATTERN}[a-z]?[)\]]|^{YEAR_PATTERN}[a-z]?[.:]\s")
# names before it, as an entry starts: "Walster, E., ... & Walster, G. W.", "ETAN (Euro..."
_NAMES_FIRST = re.compile(rf"^(?:{_PARTICLE}*{_WORD},\s*[{_UP}]|[{_UP}]{{2,}}\b)")
# a name cut after its initial: "in W. Carroll, L." / "Christiansen-Ruffman, R. Currie ..."
_INITIAL_CUT = re.compile(rf"(?:,|\band|&)\s+(?:[{_UP}]\.\s?){{1,3}}$")
# an author known by one name, then the title (MLA, Chicago notes-bibliography)
_ONE_NAME = re.compile(
    rf"^(?!(?:Translated|Reprinted|Edited|Press|University|Vol|Volume|Series|Accessed|Trans)\b)"
    rf"{_PARTICLE}?{_WORD}(?:\s{_WORD})?\.\s+[\"“‘{_UP}]"
)
# a surname the list writes in lower case, then initials or a given name and the year
# near: "hooks, b. 1994.", "boyd, danah (2014)"
_LOWER_NAME = re.compile(
    rf"^[a-zß-ÿ][\w'’-]{{2,}},\s+(?:(?:[a-zA-Z]\.\s?){{1,3}}|[a-zß-ÿ]+\.?\s)\s*[(\[]?{YEAR_PATTERN}"
)
# an organisation's name of capitalised words as its own sentence, an entry with no year:
# "Human Fertility Database. Max-Planck-Institut ..." (not a publisher or a journal)
_CORPORATE_START = re.compile(
    rf"^(?!.*\b(?:Press|Verlag|Publish\w*|Books|Review|Journal|Quarterly|Studies|Edition)\b)"
    rf"(?:{_WORD}\s+){{1,4}}{_WORD}\.(?:\s+[{_UP}]|$)"
)
_GOES_ON = re.compile(r"(?:[,&(/:;-]|\b(?:and|und|et|in|of|the|for|on|&amp;|to|a|an|In:?))$")


def _yearish(text: str) -> re.Match[str] | None:
    return _YEARISH.search(text)


def split_reference_entries(text: str, span: tuple[int, int]) -> list[Entry]:
    """The entries of the reference list at ``span`` of ``text``: ``(start, end, text)``,
    offsets into ``text``; an entry's text joins its lines, line-break hyphens undone.

    >>> text = '''References
    ... Kitchin, R. (2014) 'The real-time city? Big data and smart urbanism',
    ... GeoJournal, 79(1), pp. 1–14. doi:10.1007/s10708-
    ... 013-9516-8.
    ... Townsend, A.M. (2013) Smart Cities. New York: W.W. Norton.'''
    >>> for start, end, entry in split_reference_entries(text, (0, len(text))):
    ...     print(start, end, entry)
    11 141 Kitchin, R. (2014) 'The real-time city? Big data and smart urbanism', GeoJournal,
    79(1), pp. 1–14. doi:10.1007/s10708-013-9516-8.
    142 200 Townsend, A.M. (2013) Smart Cities. New York: W.W. Norton.
    """
    return [
        (group[0].start, group[-1].end, joined(group)) for group in split_with_lines(text, span)
    ]


def split_with_lines(text: str, span: tuple[int, int]) -> list[list[ListLine]]:
    """The entries of the list as groups of its lines (see :func:`split_reference_entries`)."""
    lines = list_lines(text, span)
    if not lines:
        return []
    indents = [line.indent for line in lines]
    outer = min(indents)
    hanging = any(i >= outer + 2 for i in indents) and indents.count(outer) > 1
    hanging = hanging and indents.count(outer) < 0.8 * len(lines)
    numbers = [_list_number(lines, n) for n in range(len(lines))]
    numbered = sum(bool(number) for number in numbers)
    use_numbers = numbered >= 3
    widths = [len(line.text) for line in lines]
    ends = all(_TERMINAL.search(line.text) for line in lines)
    early = sum(bool(_yearish(line.text[:150])) for line in lines)
    one_a_line = ends and early * 2 >= len(lines) and not use_numbers
    groups: list[list[ListLine]] = []
    expected = 1
    for n, line in enumerate(lines):
        following = lines[n + 1].text if n + 1 < len(lines) else ""
        previous = groups[-1][-1].text if groups else ""
        misread = False
        if not groups:
            new = True
        elif use_numbers:
            number = numbers[n]
            value = int(number.group(1) or number.group(2)) if number else 0
            new = value in (expected, expected + 1)
            rest = line.text[number.end() :] if number else line.text
            name = _NAME_START.match(rest) and not _NOT_NAME.match(rest)  # not "Int J ..."
            bare = len(groups[-1]) == 1 and groups[-1][0] is lines[n - 1]
            bare = bare and _alone(lines[n - 1].text, numbers[n - 1])
            if not new and bare:
                pass  # the entry of a number standing alone on the line before
            elif not new and name and _yearish(rest[:100]):
                # a number misread ("1." for "11.") or lost to another column
                new = bool(number) or bool(_TERMINAL.search(groups[-1][-1].text))
            elif not new and number and value < expected and _TERMINAL.search(previous):
                # a digit lost from the number the list expects ("1.Lino" for "11."):
                # a new entry, and the count goes on from the expected number
                new = misread = str(expected).endswith(str(value))
        elif (
            line.bullet
            or (_MARKER.match(line.text) and not _cut_before(previous))
            or _REPEAT.match(line.text)
            or BIO.match(line.text)
        ):
            new = True
        elif hanging:
            new = line.indent < outer + 2
        elif one_a_line:
            new = not _held(line.text, groups[-1]) and not _goes_on(line.text, groups[-1])
        else:
            new = _starts_entry(line.text, following, groups[-1], _full(widths, n))
        if new:
            number = numbers[n]
            if misread:
                expected += 1
            elif number:
                expected = int(number.group(1) or number.group(2)) + 1
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def _alone(text: str, number: re.Match[str] | None) -> bool:
    """Is ``text`` a list number and nothing else?"""
    return number is not None and not text[number.end() :].strip()


def _list_number(lines: list[ListLine], n: int) -> re.Match[str] | None:
    """The list number line ``n`` opens with; a number alone on its line only where its
    entry follows, not another such number (pdftotext may set a column of numbers apart:
    "1." / "2." / "Atanasov P. ...")."""
    found = _NUMBER.match(lines[n].text)
    if found and not lines[n].text[found.end() :].strip():
        following = lines[n + 1].text if n + 1 < len(lines) else ""
        bare = _NUMBER.match(following)
        if not following or (bare and not following[bare.end() :].strip()):
            return None
    return found


def _full(widths: list[int], n: int) -> int:
    """The width of a full line about line ``n``: the column may change along the list."""
    near = sorted(widths[max(0, n - 10) : n + 10])
    return near[int(0.8 * (len(near) - 1))]


def _year_last(entry: str) -> bool:
    """Whether an entry ends on its year (MLA, notes-bibliography): ``... Dover, 1987.``"""
    years = list(_YEARISH.finditer(entry))
    return bool(years) and years[-1].end() >= len(entry.rstrip(". ")) - 12


def _cut_before(previous: str) -> bool:
    """Whether the line before a number that looks like a list marker, in a list that is
    not numbered, was cut in mid-phrase, so that the number goes on it (``nach dem`` /
    ``2. Weltkrieg``): it ends in a lower-case word or a joiner."""
    return bool(re.search(r"(?:\b[a-zß-ÿ]+|[,&(/-])$", previous))


def _prose(line: str) -> bool:
    """Whether a line begins as a sentence of prose, not as a reference: a word, then two
    in lower case (``I thank my ...``, ``This research was ...``), no year early."""
    return bool(re.match(r"[A-Z][a-z]*\s+[a-z]+\s+[a-z]+\b", line)) and not _yearish(line[:60])


def _held(line: str, group: list[ListLine]) -> bool:
    """Whether ``line`` goes on the entry of ``group`` whatever else it looks like: the
    year its names wait for ("ETAN (European ...)" / "(2000) Promoting ..."), or the rest
    of a list of editors wrapped after an initial ("in W. Carroll, L." / "Christiansen,
    R. Currie and D. Harrison (eds) ...")."""
    entry = " ".join(g.text for g in group)
    if _YEAR_FIRST.match(line):
        return not _yearish(entry) and bool(_NAMES_FIRST.match(entry))
    if _INITIAL_CUT.search(group[-1].text) and _yearish(entry):
        year = _yearish(line[:100])
        return not (year and year.start() < 40)
    return False


def _goes_on(line: str, group: list[ListLine]) -> bool:
    """Whether ``line`` goes on the entry of ``group`` as no entry starts: a link, alone
    or labelled, an access note, the rest of a link in angle brackets (to its ``>``), a
    date's year with no names before it (``Science Forum [online] 12 March 1999.``)."""
    if _LINK_LINE.match(line) or re.match(r"<?(?:https?://|www\.|doi:)", line, re.I):
        return True
    if re.search(r"<(?:https?://|www\.)[^<>\s]*(?:\s[^<>\s]*)?$", group[-1].text):
        return True  # a link in angle brackets broken over lines goes on to its ">"
    year = _yearish(line[:90])
    names = _NAME_START.match(line) or _GIVEN_START.match(line)
    if not year or names or not _MONTH.search(line[: year.start()]):
        return False
    # the date ends the line, a link at most after it
    return bool(re.fullmatch(r"[.,;]?\s*(?:<?(?:https?://|www\.)\S*)?\s*", line[year.end() :]))


def _starts_entry(line: str, following: str, group: list[ListLine], full: int) -> bool:
    previous = group[-1].text
    entry = " ".join(g.text for g in group)
    # the year of this line, or of the next where the names wrap onto it
    year = _yearish(f"{line} {following}"[:120] if _GOES_ON.search(line) else line[:100])
    name = _NAME_START.match(line) and not _NOT_NAME.match(line)
    names = name or _NB_START.match(line)
    if names and not _yearish(entry) and _prose(group[0].text):
        # what stood before was no reference (an acknowledgement, an author's note)
        return bool(year) or bool(_NB_START.match(line))
    # a place without its publisher, or two columns interleaved (not a double surname
    # wrapped in an author list: the entry before has its year)
    wrapped = previous.endswith((":", "/")) or (previous.endswith("-") and _yearish(entry))
    if wrapped and name and year and year.start() < 40:
        return True
    if _GOES_ON.search(previous) and not previous.endswith(("..", "pp.")):
        return False
    if _held(line, group) or _goes_on(line, group):
        return False
    # a link broken over lines ends the entry where its last piece does
    ended = bool(_TERMINAL.search(previous)) or (
        " " not in previous and bool(re.search(r"(?:https?://|www\.)\S+\s\S+$", entry))
    )
    has_year = bool(_yearish(entry))
    short = len(previous) < 0.7 * full
    if (ended or short) and _colon_start(line, group):
        return True
    if has_year and _PUBLISHED.fullmatch(line) and not _COLON_START.match(group[0].text):
        return False  # "Woodbridge, Suffolk: Boydell Press." after a short title line
    if ended and has_year and natural_start(line):
        return True
    if name:
        if (ended or short) and has_year:
            return True
        return bool(year and year.start() < 60)
    if (ended or short) and has_year and _NB_START.match(line):
        return True
    if ended and _year_last(entry) and _ONE_NAME.match(line) and not _NOT_NAME.match(line):
        return True  # "Le Corbusier. The City of To-morrow ...", "Plato. Republic ..."
    # (not a date's year: "Association, Chicago, May 23-27,1996.")
    if _GIVEN_START.match(line) and year and year.start() < 60:
        return (ended or short or has_year) and not re.search(r"\d", line[: year.start()])
    if _GIVEN_START.match(line) and ended and has_year and _NAME_LIST.match(line):
        return True
    if ended and has_year and _LOWER_NAME.match(line):
        return True
    if previous.endswith(".") and has_year and _CORPORATE_START.match(line[:90]):
        return not _yearish(line[:90]) and not _NOT_NAME.match(line)
    if not line[:1].isupper() and not line[:1].isdigit() and line[:1] not in "‘'\"“«([":
        return False
    if previous.count("(") > previous.count(")"):  # "Nature [online] (5" / "Nov. 1998)"
        return False
    link = re.search(r"(?:https?://|www\.)\S+$", previous)  # a link ends where it must
    if short and (ended or has_year) and len(entry) > 40 and not link:
        return True
    early = _yearish(line[:90])
    if not (ended and early and (has_year or early.start() == 0)):
        return False
    if has_year and _NAMES_THEN_YEAR.match(line):  # "Hickman Mary J. and Bronwen Walter (1997)"
        return True
    before = line[: early.start()]
    return ":" not in before and not re.search(r"\.\s+\S", before.rstrip(". "))


def _colon_start(line: str, group: list[ListLine]) -> bool:
    """``Surname, Given: Title`` opens an entry in a list whose entries open so (the one
    before did), not an author-date list's ``Woodbridge, Suffolk: Publisher``."""
    found = _COLON_START.match(line)
    if found is None or _NOT_NAME.match(line) or line.split(None, 1)[0].strip(",:") in PLACES:
        return False
    return bool(_COLON_START.match(group[0].text))


def natural_start(line: str) -> bool:
    """``Jana Roth, »Title«``: a name given first opens an entry (not ``New York, Title``
    nor ``In Jana Roth, ...``)."""
    first = line.split(None, 1)[0].strip(",")
    return bool(_NATURAL_START.match(line)) and first not in PLACES and not _NOT_NAME.match(line)


def joined(group: list[ListLine]) -> str:
    """The text of an entry's lines joined: a hyphen at a line break is kept where the
    next line goes on in capitals or the word is a URL, dropped where a lower-case word
    goes on (``organi-`` ``sation``)."""
    text = group[0].text
    for line in (g.text for g in group[1:]):
        last = text.split()[-1] if text.split() else ""
        url = re.match(r"(?:https?://|doi:|10\.\d{4,9}/|www\.)", last, re.I)
        if url and (text.endswith(("-", "/", ".", "_", "=")) or " " not in line.strip()):
            text += line
        elif text.endswith("-") and len(last) > 1 and last[-2:-1].isalpha():
            text = text[:-1] + line if line[:1].islower() else text + line
        else:
            text += " " + line
    return " ".join(text.split())
